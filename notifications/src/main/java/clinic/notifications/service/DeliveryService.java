package clinic.notifications.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.Backoff;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Outbox;
import clinic.eventbus.Transactions;
import clinic.eventbus.SerialRounds;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.NotificationEventData;
import clinic.notifications.Contact;
import clinic.notifications.Notification;
import clinic.notifications.config.NotificationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends pending notifications. Woken when a transaction of this process made one (after its commit) and by a
 * timer (retries, and notifications another replica made); claims due rows
 * with {@code FOR UPDATE SKIP LOCKED}, so replicas never send the same one twice. A failed attempt is tried
 * again after a doubling delay; after the last one the notification is failed. Each outcome publishes
 * {@code notification.sent} or {@code notification.failed} in the transaction that records it.
 */
@ApplicationScoped
public class DeliveryService {

    private static final String CLAIM = "select * from notification where status = 'pending'"
            + " and next_attempt_at <= now() order by next_attempt_at limit :batch for update skip locked";

    private final NotificationConfig config;
    private final NotificationService notificationService;
    private final EmailSender email;
    private final EventCodec codec;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();
    private final SerialRounds rounds;

    public DeliveryService(NotificationConfig config, NotificationService notificationService, EmailSender email,
            EventCodec codec, Outbox outbox, io.vertx.core.Vertx vertx) {
        this.notificationService = notificationService;
        this.rounds = new SerialRounds("Notification delivery", vertx, this::deliverUntilDone);
        this.config = config;
        this.email = email;
        this.codec = codec;
        this.outbox = outbox;
    }

    /** Asks for a delivery round; returns at once. */
    public void kick() {
        rounds.kick();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryDue() {
        rounds.kick();
    }

    Uni<Integer> deliverUntilDone() {
        return deliverBatch().chain(count -> count == config.deliveryBatch()
                ? deliverUntilDone().map(more -> count + more)
                : Uni.createFrom().item(count));
    }

    private Uni<Integer> deliverBatch() {
        return Transactions.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM, Notification.class)
                        .setParameter("batch", config.deliveryBatch())
                        .getResultList())
                // Counted from the claimed rows: the attempts complete empty (Uni<Void>), and a Multi drops empty
                // items, so counting results would always say 0 and end the round after one batch.
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(this::attempt)
                        .collect().last()
                        .replaceWith(due.size())));
    }

    private Uni<Void> attempt(Notification notification) {
        notification.attempts++;
        return Contact.<Contact>findById(notification.patientId)
                .invoke(contact -> notificationService.chooseChannel(notification, contact))
                .chain(() -> send(notification))
                .chain(() -> succeeded(notification))
                .onFailure().recoverWithUni(failure -> failedAttempt(notification, failure));
    }

    private Uni<Void> send(Notification notification) {
        if ("email".equals(notification.channel) && notification.recipient != null) {
            return email.send(notification.recipient, notification.subject, notification.message);
        }
        Log.infof("Notification %s (%s) for patient %s: %s", notification.id, notification.notificationType,
                notification.patientId, notification.message);
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> succeeded(Notification notification) {
        notification.status = Notification.SENT;
        notification.sentAt = now();
        notification.error = null;
        notification.nextAttemptAt = null;
        return announce(Subjects.NOTIFICATION_SENT, notification);
    }

    private Uni<Void> failedAttempt(Notification notification, Throwable failure) {
        notification.error = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (notification.attempts >= config.maxAttempts()) {
            Log.warnf("Notification %s failed after %d attempts: %s", notification.id, notification.attempts,
                    notification.error);
            notification.status = Notification.FAILED;
            notification.nextAttemptAt = null;
            return announce(Subjects.NOTIFICATION_FAILED, notification);
        }
        var delay = Backoff.after(notification.attempts, config.retryInitial(), config.retryMax());
        Log.infof("Notification %s attempt %d failed (%s); retrying in %s", notification.id, notification.attempts,
                notification.error, delay);
        notification.nextAttemptAt = clock.instant().plus(delay);
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> announce(String type, Notification notification) {
        NotificationEventData data = new NotificationEventData(notification.id.toString(),
                notification.appointmentId == null ? null : notification.appointmentId.toString(),
                notification.patientId, notification.notificationType, notification.channel, notification.message,
                Notification.FAILED.equals(notification.status) ? notification.error : null);
        return outbox.enqueue(codec.create(type, notification.id.toString(), data, notification.correlationId, null))
                .replaceWithVoid();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
