package clinic.appointment;

import java.time.Instant;
import java.util.UUID;

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

    public UUID appointmentId;

    public UUID eventId;

    public String eventType;

    public String statusBefore;

    public String statusAfter;

    public Instant appointmentTime;

    public Instant previousAppointmentTime;

    public String reasonCode;

    public String reasonMessage;

    public long version;

    public Instant changedAt;

    /** Who made the change (the event's actor); null for changes recorded before actors were. */
    public String actor;
}
