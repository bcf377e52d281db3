package clinic.appointment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One entry of an appointment's audit trail, written with the change and the event that announced it. */
@Entity
@Table(name = "appointment_history")
public class AppointmentHistory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "appointment_id")
    public UUID appointmentId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "status_before")
    public String statusBefore;

    @Column(name = "status_after")
    public String statusAfter;

    @Column(name = "appointment_time")
    public Instant appointmentTime;

    @Column(name = "previous_appointment_time")
    public Instant previousAppointmentTime;

    @Column(name = "reason_code")
    public String reasonCode;

    @Column(name = "reason_message")
    public String reasonMessage;

    public long version;

    @Column(name = "changed_at")
    public Instant changedAt;

    /** Who made the change (the event's actor); null for changes recorded before actors were. */
    public String actor;
}
