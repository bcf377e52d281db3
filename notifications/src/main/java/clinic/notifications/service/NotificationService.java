package clinic.notifications.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.AfterCommit;
import clinic.eventbus.EventTracing;
import clinic.http.ICalendar;
import clinic.http.Paging;
import clinic.notifications.Contact;
import clinic.notifications.Notification;
import clinic.notifications.config.NotificationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Creates notifications in the caller's transaction and answers the list queries. Messages go by e-mail, by SMS or,
 * as the prototype did, to the service log: an e-mail is pending until the delivery worker sends it after the
 * commit; a message for the log is written and recorded sent in the caller's transaction.
 */
@ApplicationScoped
public class NotificationService {

    private final NotificationConfig config;
    private final SmsSender sms;
    private final jakarta.enterprise.inject.Instance<DeliveryService> delivery;
    private final Clock clock = Clock.systemUTC();

    public NotificationService(NotificationConfig config, jakarta.enterprise.inject.Instance<DeliveryService> delivery,
            SmsSender sms) {
        this.config = config;
        this.sms = sms;
        this.delivery = delivery;
    }

    /**
     * One notification for each channel the patient wants and the clinic can deliver (e-mail, SMS), or one for the
     * log when there is none.
     */
    public Uni<List<Notification>> create(Messages.Text text, String patientId, UUID appointmentId,
            String correlationId) {
        return Contact.<Contact>findById(patientId).chain(contact -> {
            List<String> channels = new ArrayList<>();
            if (emailPossible(contact)) {
                channels.add(Notification.EMAIL);
            }
            if (smsPossible(contact)) {
                channels.add(Notification.SMS);
            }
            if (channels.isEmpty()) {
                channels.add(Notification.LOG);
            }
            return Multi.createFrom().iterable(channels).onItem().transformToUniAndConcatenate(channel -> create(
                    text, patientId, appointmentId, correlationId, contact, channel)).collect().asList();
        });
    }

    private Uni<Notification> create(Messages.Text text, String patientId, UUID appointmentId, String correlationId,
            Contact contact, String channel) {
        Notification notification = new Notification();
        notification.id = UUID.randomUUID();
        notification.patientId = patientId;
        notification.appointmentId = appointmentId;
        notification.notificationType = text.type();
        notification.subject = text.subject();
        notification.message = text.body();
        notification.channel = channel;
        chooseChannel(notification, contact);
        if (text.event() != null && Notification.EMAIL.equals(notification.channel)) {
            notification.invitation = ICalendar.invitation(text.event(), config.calendarOrganizer(),
                    notification.recipient, clock.instant());
        }
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
    }

    /**
     * The notification's channel if it can still be used (e-mail: SMTP configured, the patient has an address and
     * wants e-mail; SMS: a provider configured, the patient has a number in E.164 and wants SMS), otherwise the log.
     * Chosen when the notification is made and again before each attempt, so contact details that arrive (or are
     * erased) in between count.
     */
    void chooseChannel(Notification notification, Contact contact) {
        if (Notification.EMAIL.equals(notification.channel) && emailPossible(contact)) {
            notification.recipient = contact.email;
        } else if (Notification.SMS.equals(notification.channel) && smsPossible(contact)) {
            notification.recipient = Phones.e164(contact.phone).orElseThrow();
        } else {
            notification.channel = Notification.LOG;
            notification.recipient = null;
        }
    }

    private boolean emailPossible(Contact contact) {
        return config.emailEnabled() && contact != null && !contact.erased && contact.email != null
                && contact.notifyEmail;
    }

    private boolean smsPossible(Contact contact) {
        return sms.configured() && contact != null && !contact.erased && contact.notifySms
                && Phones.e164(contact.phone).isPresent();
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
