package clinic.notifications;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The reminder of a confirmed appointment; stored, so a restart keeps it. */
@Entity
@Table(name = "reminder")
public class Reminder extends PanacheEntityBase {

    public static final String SCHEDULED = "scheduled";
    public static final String SENT = "sent";
    public static final String REVOKED = "revoked";

    @Id
    @Column(name = "appointment_id")
    public UUID appointmentId;

    @Column(name = "patient_id")
    public String patientId;

    @Column(name = "doctor_id")
    public String doctorId;

    @Column(name = "appointment_time")
    public Instant appointmentTime;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "fire_at")
    public Instant fireAt;

    public String status;

    public long version;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
