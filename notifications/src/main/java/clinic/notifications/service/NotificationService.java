package clinic.notifications.service;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.AfterCommit;
import clinic.eventbus.EventTracing;
import clinic.http.Paging;
import clinic.notifications.Contact;
import clinic.notifications.Notification;
import clinic.notifications.config.NotificationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Creates notifications in the caller's transaction and answers the list queries. Messages go by e-mail or, as
 * the prototype did, to the service log: an e-mail is pending until the delivery worker sends it after the
 * commit; a message for the log is written and recorded sent in the caller's transaction.
 */
@ApplicationScoped
public class NotificationService {

    private final NotificationConfig config;
    private final jakarta.enterprise.inject.Instance<DeliveryService> delivery;
    private final Clock clock = Clock.systemUTC();

    public NotificationService(NotificationConfig config, jakarta.enterprise.inject.Instance<DeliveryService> delivery) {
        this.config = config;
        this.delivery = delivery;
    }

    public Uni<Notification> create(Messages.Text text, String patientId, UUID appointmentId, String correlationId) {
        return Contact.<Contact>findById(patientId).chain(contact -> {
            Notification notification = new Notification();
            notification.id = UUID.randomUUID();
            notification.patientId = patientId;
            notification.appointmentId = appointmentId;
            notification.notificationType = text.type();
            notification.subject = text.subject();
            notification.message = text.body();
            chooseChannel(notification, contact);
            notification.status = Notification.PENDING;
            notification.createdAt = clock.instant();
            notification.nextAttemptAt = clock.instant();
            notification.correlationId = correlationId;
            notification.traceparent = EventTracing.currentTraceparent();
            if (Notification.LOG.equals(notification.channel)) {
                // Nothing to wait for: written to the log and recorded sent in this transaction.
                return delivery.get().deliverToLog(notification).replaceWith(notification);
            }
            AfterCommit.register(DeliveryService.class, () -> delivery.get().kick());
            return notification.persist().replaceWith(notification);
        });
    }

    /**
     * E-mail when SMTP is configured and the patient has an address and wants e-mail, otherwise the log. Chosen
     * when the notification is made and again before each attempt, so contact details that arrive (or are
     * erased) in between count.
     */
    void chooseChannel(Notification notification, Contact contact) {
        boolean email = config.emailEnabled() && contact != null && !contact.erased && contact.email != null
                && contact.notifyEmail;
        notification.channel = email ? Notification.EMAIL : Notification.LOG;
        notification.recipient = email ? contact.email : null;
    }

    /** Newest last, like the other lists; optionally one appointment's or one patient's. */
    /** Notifications, oldest first, to one patient and/or about one appointment (null: any). */
    public Uni<Paging.PageOf<Notification>> list(String patientId, UUID appointmentId, Paging paging) {
        Sort order = Sort.by("createdAt").and("id");
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (patientId != null) {
            query.append(" and patientId = :patient");
            parameters.and("patient", patientId);
        }
        if (appointmentId != null) {
            query.append(" and appointmentId = :appointment");
            parameters.and("appointment", appointmentId);
        }
        return Panache.withSession(() -> paging.fetch(Notification.<Notification>find(query.toString(), order,
                parameters)));
    }
}
