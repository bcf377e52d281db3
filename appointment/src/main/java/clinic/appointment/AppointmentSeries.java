package clinic.appointment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A recurring series of appointments: the rule and the time zone it was expanded in; its occurrences name it. */
@Entity
@Table(name = "appointment_series")
public class AppointmentSeries extends PanacheEntityBase {

    @Id
    public UUID id;

    public String patientId;

    public String doctorId;

    /** The RFC 5545 RRULE, in its normal form. */
    public String rrule;

    public String timeZone;

    public Instant firstStartAt;

    public int durationMinutes;

    /** Booked all or none: every occurrence held together, or every one refused. */
    public boolean atomic;

    public Instant createdAt;

    /** The caller whose Idempotency-Key this series answers, with the key and the request's digest; or none. */
    public String keyOwner;

    public String idempotencyKey;

    public String requestHash;
}
