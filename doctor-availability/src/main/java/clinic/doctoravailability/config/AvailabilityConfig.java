package clinic.doctoravailability.config;

import clinic.http.Paging;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** doctor-availability settings. */
@ConfigMapping(prefix = "clinic.availability")
public interface AvailabilityConfig {

    /** List page size when none is asked for. */
    @WithDefault(Paging.DEFAULT_SIZE)
    int defaultPageSize();

    /** Largest list page. */
    @WithDefault(Paging.MAX_SIZE)
    int maxPageSize();

    /**
     * How long a booking whose time is still blocked by another appointment waits for that block to be freed
     * before the overlap is answered: the other appointment's cancellation may be on its way. Counted from the
     * first time this process found the overlap, so an outage before it does not use the wait up.
     */
    @WithDefault("30s")
    java.time.Duration overlapWait();

    /** How long a time offered to a waiting patient is held for them before it goes to the next. */
    @WithDefault("15m")
    java.time.Duration waitlistHold();

    /** How often offers past their time are looked for (and passed on). */
    @WithDefault("5s")
    java.time.Duration waitlistSweep();

    /** How often doctors whose settings were never announced are looked for (once done, none are found). */
    @WithDefault("60s")
    java.time.Duration announceSweep();
}
