package clinic.appointment.config;

import java.time.Duration;

import clinic.http.Paging;
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

    /** How often bookings and reschedules still waiting for the doctor's availability are looked for. */
    @WithDefault("10s")
    Duration sagaCheckInterval();

    /**
     * A booking or reschedule waiting this long has its request to doctor-availability published again (from
     * the outbox, under its own id: JetStream and the consumer's inbox drop it where it was not lost).
     */
    @WithDefault("1m")
    Duration sagaAskAgainAfter();

    /**
     * A booking or reschedule still waiting this long is settled without an answer, with the reason
     * {@code availability_unavailable}: a booking is rejected, a reschedule refused (the old time kept), and
     * its hold released, so nothing stays unsettled, whatever was lost.
     */
    @WithDefault("10m")
    Duration sagaGiveUpAfter();

    /** List page size when none is asked for. */
    @WithDefault(Paging.DEFAULT_SIZE)
    int defaultPageSize();

    /** Largest list page. */
    @WithDefault(Paging.MAX_SIZE)
    int maxPageSize();

    /** How long the FHIR API waits for patient-contact's or doctor-availability's answer to a question. */
    @WithDefault("3s")
    Duration fhirQueryTimeout();

    /** The length of the FHIR API's Slots and of the appointments $find proposes, in minutes. */
    @WithDefault("30")
    int fhirSlotMinutes();
}
