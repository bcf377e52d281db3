package clinic.notifications.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import clinic.eventbus.Backoff;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Outbox;
import clinic.eventbus.SerialRounds;
import clinic.eventbus.Subjects;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.NotificationEventData;
import clinic.notifications.Contact;
import clinic.notifications.Notification;
import clinic.notifications.config.NotificationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Sends pending notifications (e-mail, SMS). Woken when a transaction of this process made one (after its commit) and by a
 * timer (retries, and notifications another replica made); claims due rows with {@code FOR UPDATE SKIP LOCKED}
 * and marks them taken for a while, so replicas never send the same one twice, and sends outside any
 * transaction. A failed attempt is tried
 * again after a doubling delay; after the last one the notification is failed. Each outcome publishes
 * {@code notification.sent} or {@code notification.failed} in the transaction that records it.
 */
@ApplicationScoped
public class DeliveryService {

    private static final java.util.regex.Pattern EMAIL_ADDRESS = java.util.regex.Pattern.compile(
            "[^\\s<>\"'@,;:()]+@[^\\s<>\"'@,;:()]+");

    /**
     * How long a claimed notification is left to the round that claimed it: longer than an SMTP timeout (10 s),
     * short enough that one whose outcome could not be recorded (the database away) is soon sent again.
     */
    static final Duration SEND_LEASE = Duration.ofSeconds(30);
    private static final String CLAIM = "select * from notification where status = 'pending'"
            + " and next_attempt_at <= now() order by next_attempt_at limit :batch for update skip locked";

    private final NotificationConfig config;
    private final NotificationService notificationService;
    private final EmailSender email;
    private final SmsSender sms;
    private final EventCodec codec;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();
    private final SerialRounds rounds;

    public DeliveryService(NotificationConfig config, NotificationService notificationService, EmailSender email,
            SmsSender sms, EventCodec codec, Outbox outbox, io.vertx.core.Vertx vertx) {
        this.sms = sms;
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

    /**
     * Claims due notifications in one short transaction (each marked taken until {@link #SEND_LEASE} from now),
     * sends them with no transaction open and no row locked (an SMTP server may take its time), then records
     * each outcome in a transaction of its own. A process that dies between sending and recording leaves the
     * claim to expire: the notification is sent again, so a patient may get that e-mail twice, never none.
     */
    private Uni<Integer> deliverBatch() {
        return Transactions.withTransaction(this::claimDue)
                // Counted from the claimed rows: the attempts complete empty (Uni<Void>), and a Multi drops empty
                // items, so counting results would always say 0 and end the round after one batch.
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUniAndConcatenate(this::attempt)
                        .collect().last()
                        .replaceWith(claimed.size()));
    }

    /** What one attempt sends, read while claiming, so sending needs no session. */
    record Claimed(UUID id, int attempt, String channel, String recipient, String subject, String message,
            String notificationType, String patientId, String invitation) {
    }

    private Uni<List<Claimed>> claimDue() {
        Instant claimedAt = clock.instant();
        java.util.concurrent.atomic.AtomicInteger position = new java.util.concurrent.atomic.AtomicInteger();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM, Notification.class)
                        .setParameter("batch", config.deliveryBatch())
                        .getResultList())
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(notification -> Contact.<Contact>findById(
                                notification.patientId).map(contact -> {
                                    notification.attempts++;
                                    // The batch is sent one by one: each claim lasts until its own turn could
                                    // have ended, so another replica never takes one still waiting to be sent.
                                    notification.nextAttemptAt = claimedAt.plus(SEND_LEASE)
                                            .plus(config.smtpTimeout().multipliedBy(position.getAndIncrement()));
                                    notificationService.chooseChannel(notification, contact);
                                    return new Claimed(notification.id, notification.attempts, notification.channel,
                                            notification.recipient, notification.subject, notification.message,
                                            notification.notificationType, notification.patientId,
                                            notification.invitation);
                                }))
                        .collect().asList());
    }

    private Uni<Void> attempt(Claimed claimed) {
        // The mailer and its timeout complete on threads of their own; the outcome is recorded on this round's
        // context, where Hibernate Reactive may run.
        Context context = Vertx.currentContext();
        return send(claimed).replaceWith((Throwable) null)
                .onFailure().recoverWithItem(failure -> failure)
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(failure -> Transactions.withTransaction(() -> Notification.<Notification>findById(claimed.id(),
                        LockModeType.PESSIMISTIC_WRITE).chain(notification -> {
                            if (notification == null || !Notification.PENDING.equals(notification.status)
                                    || notification.attempts != claimed.attempt()) {
                                // The claim expired and another round took the notification over.
                                return Uni.createFrom().voidItem();
                            }
                            return failure == null ? succeeded(notification) : failedAttempt(notification, failure);
                        })));
    }

    private Uni<Void> send(Claimed claimed) {
        if (Notification.EMAIL.equals(claimed.channel()) && claimed.recipient() != null) {
            return email.send(claimed.recipient(), claimed.subject(), claimed.message(), claimed.invitation());
        }
        if (Notification.SMS.equals(claimed.channel()) && claimed.recipient() != null) {
            return sms.send(claimed.recipient(), claimed.message());
        }
        logDelivery(claimed.id(), claimed.notificationType(), claimed.patientId(), claimed.message());
        return Uni.createFrom().voidItem();
    }

    /**
     * Stores a new message for the log as delivered, in the transaction that made it: one transaction instead of
     * three (make, claim, record). The line is written before the commit, so a transaction that then fails writes
     * it again when the event is redelivered: at least once, never none, as for e-mail.
     */
    Uni<Void> deliverToLog(Notification notification) {
        notification.attempts = 1;
        markSent(notification);
        logDelivery(notification.id, notification.notificationType, notification.patientId, notification.message);
        // Complete before it is persisted: one INSERT, no UPDATE after it.
        return notification.persist().chain(() -> announce(Subjects.NOTIFICATION_SENT, notification));
    }

    private static void logDelivery(UUID id, String type, String patientId, String message) {
        // The text names the patient's appointment: it stays in the notification row, never in the log.
        Log.infof("Notification %s (%s) for patient %s delivered to the log channel (%d characters)", id, type,
                patientId, message.length());
    }

    private Uni<Void> succeeded(Notification notification) {
        markSent(notification);
        return announce(Subjects.NOTIFICATION_SENT, notification);
    }

    private void markSent(Notification notification) {
        notification.status = Notification.SENT;
        notification.sentAt = now();
        notification.error = null;
        notification.nextAttemptAt = null;
    }

    private Uni<Void> failedAttempt(Notification notification, Throwable failure) {
        notification.error = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (notification.attempts >= config.maxAttempts()) {
            Log.warnf("Notification %s failed after %d attempts: %s", notification.id, notification.attempts,
                    withoutAddresses(notification.error));
            notification.status = Notification.FAILED;
            notification.nextAttemptAt = null;
            return announce(Subjects.NOTIFICATION_FAILED, notification);
        }
        var delay = Backoff.after(notification.attempts, config.retryInitial(), config.retryMax());
        Log.infof("Notification %s attempt %d failed (%s); retrying in %s", notification.id, notification.attempts,
                withoutAddresses(notification.error), delay);
        notification.nextAttemptAt = clock.instant().plus(delay);
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> announce(String type, Notification notification) {
        NotificationEventData data = new NotificationEventData(notification.id.toString(),
                notification.appointmentId == null ? null : notification.appointmentId.toString(),
                notification.patientId, notification.notificationType, notification.channel, notification.message,
                Notification.FAILED.equals(notification.status) ? notification.error : null);
        // Delivered by a later round: the event continues the trace of the event that asked for the notification.
        return outbox.enqueue(codec.create(type, notification.id.toString(), data,
                Origin.resumed(notification.correlationId, notification.traceparent))).replaceWithVoid();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * An SMTP server's error names the recipient's address, an SMS provider's the number; the log keeps the error
     * without either.
     */
    static String withoutAddresses(String error) {
        return error == null ? null : Phones.withoutNumbers(EMAIL_ADDRESS.matcher(error).replaceAll("<address>"));
    }
}
