package clinic.notifications.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.Subjects;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.notifications.Reminder;
import clinic.notifications.config.NotificationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * One reminder per confirmed appointment, {@code reminder-lead} before it: scheduled on confirmation, moved
 * on reschedule, revoked when the appointment will not take place. Reminders live in PostgreSQL, so a
 * restart keeps them, and are claimed with {@code FOR UPDATE SKIP LOCKED}, so two replicas never send one
 * twice.
 */
@ApplicationScoped
public class ReminderService {

    private static final Set<String> SCHEDULING = Set.of(Subjects.APPOINTMENT_CONFIRMED,
            Subjects.APPOINTMENT_RESCHEDULED);
    private static final Set<String> REVOKING = Set.of(Subjects.APPOINTMENT_CANCELLED, Subjects.APPOINTMENT_REJECTED,
            Subjects.APPOINTMENT_COMPLETED, Subjects.APPOINTMENT_NO_SHOW);
    private static final String CLAIM = "select * from reminder where status = 'scheduled' and fire_at <= now()"
            + " order by fire_at limit 100 for update skip locked";

    private final NotificationConfig config;
    private final NotificationService notifications;
    private final Clock clock = Clock.systemUTC();

    public ReminderService(NotificationConfig config, NotificationService notifications) {
        this.config = config;
        this.notifications = notifications;
    }

    /**
     * Applies an appointment event to its reminder, in the consumer's transaction; the caller passes only the
     * newest version of each appointment.
     */
    public Uni<Void> apply(String eventType, AppointmentEventData data) {
        if (!concerns(eventType)) {
            return Uni.createFrom().voidItem();
        }
        UUID id = UUID.fromString(data.appointmentId());
        return Reminder.<Reminder>findById(id).chain(reminder -> SCHEDULING.contains(eventType)
                ? schedule(reminder, data)
                : revoke(reminder, data));
    }

    /** Whether events of this type move a reminder. */
    public static boolean concerns(String eventType) {
        return SCHEDULING.contains(eventType) || REVOKING.contains(eventType);
    }

    private Uni<Void> schedule(Reminder existing, AppointmentEventData data) {
        Instant now = clock.instant();
        if (!data.appointmentTime().isAfter(now)) {
            return revoke(existing, data);
        }
        Reminder reminder = existing != null ? existing : new Reminder();
        reminder.appointmentId = UUID.fromString(data.appointmentId());
        reminder.patientId = data.patientId();
        reminder.doctorId = data.doctorId();
        reminder.appointmentTime = data.appointmentTime();
        reminder.timeZone = data.timeZone() == null ? "UTC" : data.timeZone();
        Instant fireAt = data.appointmentTime().minus(config.reminderLead());
        // Booked inside the lead time: remind at once rather than never.
        reminder.fireAt = fireAt.isBefore(now) ? now : fireAt;
        reminder.status = Reminder.SCHEDULED;
        reminder.version = data.version();
        reminder.updatedAt = now;
        return existing != null ? Uni.createFrom().voidItem() : reminder.persist().replaceWithVoid();
    }

    /** The appointment will not take place (or has): its reminder, if any, is not sent. */
    private Uni<Void> revoke(Reminder existing, AppointmentEventData data) {
        if (existing != null) {
            existing.status = Reminder.REVOKED;
            existing.version = data.version();
            existing.updatedAt = clock.instant();
        }
        return Uni.createFrom().voidItem();
    }

    @Scheduled(every = "${clinic.notifications.reminder-poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sendDue() {
        return Transactions.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM, Reminder.class).getResultList())
                .chain(due -> fire(due)));
    }

    private Uni<Void> fire(List<Reminder> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Log.debugf("Sending %d due reminders", due.size());
        return Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(reminder -> {
            reminder.status = Reminder.SENT;
            reminder.updatedAt = clock.instant();
            return notifications.create(Messages.reminder(reminder.appointmentTime, reminder.timeZone),
                    reminder.patientId, reminder.appointmentId, null);
        }).collect().last().replaceWithVoid();
    }
}
