package clinic.notifications;

import java.time.Instant;
import java.util.UUID;

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
    public UUID appointmentId;

    public String patientId;

    public String doctorId;

    public Instant appointmentTime;

    public String timeZone;

    public Instant fireAt;

    public String status;

    public long version;

    public Instant updatedAt;
}
