package clinic.doctoravailability.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** doctor-availability settings. */
@ConfigMapping(prefix = "clinic.availability")
public interface AvailabilityConfig {

    /** List page size when none is asked for. */
    @WithDefault("50")
    int defaultPageSize();

    /** Largest list page. */
    @WithDefault("500")
    int maxPageSize();
}
