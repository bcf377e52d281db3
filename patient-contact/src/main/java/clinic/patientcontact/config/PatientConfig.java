package clinic.patientcontact.config;

import java.util.Optional;

import clinic.http.Paging;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** patient-contact settings. */
@ConfigMapping(prefix = "clinic.patients")
public interface PatientConfig {

    /** ISO country code for phone numbers written without +country; unset: numbers must start with +. */
    Optional<String> defaultPhoneRegion();

    /** List page size when none is asked for. */
    @WithDefault(Paging.DEFAULT_SIZE)
    int defaultPageSize();

    /** Largest list page. */
    @WithDefault(Paging.MAX_SIZE)
    int maxPageSize();
}
