package clinic.notifications;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One message to a patient and how its delivery went. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String EMAIL = "email";
    public static final String SMS = "sms";
    public static final String LOG = "log";

    @Id
    public UUID id;

    public String patientId;

    public UUID appointmentId;

    public String notificationType;

    public String channel;

    public String recipient;

    public String subject;

    public String message;

    public String status;

    public int attempts;

    public String error;

    public Instant nextAttemptAt;

    public Instant sentAt;

    public String correlationId;

    /** The W3C trace context of the event that asked for it, which the delivery's event continues. */
    public String traceparent;

    public Instant createdAt;

    /** The calendar invitation an e-mail carries (text/calendar), or null. */
    public String invitation;
}
