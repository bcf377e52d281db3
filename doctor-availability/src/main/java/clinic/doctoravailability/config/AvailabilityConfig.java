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

    /**
     * Deliveries of a booking whose time is still blocked by another appointment before the overlap is
     * answered: that appointment's cancellation may be on its way (with the consumer's backoff, 6 deliveries
     * wait about 30 s).
     */
    @WithDefault("6")
    int overlapDeliveries();
}
