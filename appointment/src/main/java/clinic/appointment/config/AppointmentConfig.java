package clinic.appointment.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Appointment service settings. */
@ConfigMapping(prefix = "clinic.appointment")
public interface AppointmentConfig {

    /** How long {@code PUT {"status":"confirmed"}} waits for the booking saga before answering 409. */
    @WithDefault("5s")
    Duration confirmWait();

    /** The longest {@code Prefer: wait=N} honoured. */
    @WithDefault("30s")
    Duration maxPreferWait();

    /** How long an Idempotency-Key is remembered. */
    @WithDefault("24h")
    Duration idempotencyRetention();

    /** List page size when none is asked for. */
    @WithDefault("50")
    int defaultPageSize();

    /** Largest list page. */
    @WithDefault("500")
    int maxPageSize();
}
