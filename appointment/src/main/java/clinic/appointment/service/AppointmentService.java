package clinic.appointment.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentHistory;
import clinic.appointment.AppointmentStatus;
import clinic.appointment.config.AppointmentConfig;
import clinic.appointment.repository.AppointmentRepository;
import clinic.appointment.repository.HoldRepository;
import clinic.eventbus.SafeContexts;
import clinic.eventbus.Subjects;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.Reason;
import clinic.eventbus.DatabaseErrors;
import clinic.http.Paging;
import clinic.http.ProblemException;
import clinic.http.Scope;
import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The appointment rules and their transactions. Each change commits the new state, its hold on the doctor's
 * time, its audit entry and its outbox event together; double booking is refused by the database's
 * exclusion constraint, not by a check that could race.
 */
@ApplicationScoped
public class AppointmentService {

    private static final Duration RECHECK = Duration.ofSeconds(1);

    static final Reason CANCELLED_ON_REQUEST = new Reason("cancelled_on_request",
            "The appointment was cancelled on request.");
    static final Reason NO_ANSWER = new Reason("availability_unavailable",
            "The doctor's availability did not answer in time; please choose the time again.");

    private final AppointmentRepository appointments;
    private final HoldRepository holds;
    private final AppointmentEvents events;
    private final ChangeSignals signals;
    private final AppointmentConfig config;
    private final Clock clock;

    public AppointmentService(AppointmentRepository appointments, HoldRepository holds, AppointmentEvents events,
            ChangeSignals signals, AppointmentConfig config) {
        this.config = config;
        this.appointments = appointments;
        this.holds = holds;
        this.events = events;
        this.signals = signals;
        this.clock = Clock.systemUTC();
    }

    /** What a booking asks for, already validated. */
    public record Booking(String patientId, String doctorId, Instant start, int durationMinutes, String notes) {

        /** A digest of what was asked, to tell a replay of an Idempotency-Key from a different request. */
        public String digest() {
            String canonical = String.join("\u0000", patientId, doctorId, start.toString(),
                    Integer.toString(durationMinutes), notes == null ? "" : notes);
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(canonical.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is always available", e);
            }
        }
    }

    public record Booked(Appointment appointment, boolean replayed) {
    }

    /**
     * An Idempotency-Key as its caller (the token's subject) sent it: keys are the caller's own, so another caller
     * sending the same key books anew rather than learning that it was taken, or taking it first.
     */
    public record IdempotencyKey(String caller, String value) {
    }

    /** A partial update, already validated: null members are left as they are. */
    public record Update(Instant start, Integer durationMinutes, boolean notesGiven, String notes,
            AppointmentStatus status) {

        public boolean reschedules() {
            return start != null || durationMinutes != null;
        }
    }

    public Uni<Booked> book(Booking booking, IdempotencyKey idempotencyKey, String correlationId) {
        Instant end = Appointment.end(booking.start(), booking.durationMinutes());
        return Transactions.withTransaction(() -> findKey(idempotencyKey)
                .chain(existing -> existing != null
                        ? replay(existing, booking)
                        : create(booking, idempotencyKey, correlationId)))
                // A concurrent request with the same key may have won: this one then ran into its hold (23P01) or
                // its key (23505), and answers what the winner booked.
                .onFailure(failure -> idempotencyKey != null
                        && (DatabaseErrors.isExclusionViolation(failure) || DatabaseErrors.isUniqueViolation(failure)))
                .recoverWithUni(failure -> Transactions.withTransaction(() -> findKey(idempotencyKey))
                        .chain(existing -> existing == null ? Uni.createFrom().<Booked>failure(failure)
                                : Transactions.withTransaction(() -> replay(existing, booking))))
                .onFailure(DatabaseErrors::isExclusionViolation).recoverWithUni(
                        failure -> overlapProblem(booking.doctorId(), booking.start(), end, null));
    }

    private Uni<Booked> create(Booking booking, IdempotencyKey idempotencyKey, String correlationId) {
        Appointment appointment = Appointment.book(booking.patientId(), booking.doctorId(), booking.start(),
                booking.durationMinutes(), booking.notes(), clock.instant());
        AppointmentEvents.Announcement scheduled = events.prepare(Subjects.APPOINTMENT_SCHEDULED, appointment, null,
                null, null, null, correlationId);
        // The appointment, its hold, its history entry, its event and its key in one statement: one round trip.
        return appointments.insertBooked(appointment, scheduled.entry(), events.stage(scheduled),
                idempotencyKey == null ? null : new AppointmentRepository.StoredKey(idempotencyKey.caller(),
                        idempotencyKey.value(), booking.digest()))
                .replaceWith(new Booked(appointment, false));
    }

    private Uni<Object[]> findKey(IdempotencyKey key) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        // One-element lists ("in (:key)"): Hibernate caches no plan for them. Hibernate Reactive makes a new plan
        // cache entry for every execution of a native select, and lookups then walk through all of them.
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select request_hash, appointment_id from idempotency_key where owner in (:owner) and key in (:key)",
                Object[].class)
                .setParameter("owner", List.of(key.caller()))
                .setParameter("key", List.of(key.value()))
                .getSingleResultOrNull());
    }

    /** Forgets Idempotency-Keys past their retention (24 h by default): a key is a promise for that long only. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> pruneIdempotencyKeys() {
        Instant before = clock.instant().minus(config.idempotencyRetention());
        return Transactions.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from idempotency_key where created_at < :before").setParameter("before", before)
                .executeUpdate()))
                .invoke(pruned -> Log.debugf("Pruned %d Idempotency-Keys", pruned))
                .replaceWithVoid();
    }

    private Uni<Booked> replay(Object[] stored, Booking booking) {
        if (!booking.digest().equals(stored[0])) {
            return Uni.createFrom().failure(ProblemException.unprocessable(
                    "This Idempotency-Key was already used for a different booking; use a new key for a new request."));
        }
        UUID id = (UUID) stored[1];
        return appointments.findById(id).onItem().ifNull().failWith(() -> notFound(id))
                .map(appointment -> new Booked(asBooked(appointment, booking), true));
    }

    /**
     * The appointment as its booking answered it, whatever happened to it since: every request with one key
     * gets the same body. Prefer: wait still answers the state the saga reached.
     */
    private static Appointment asBooked(Appointment current, Booking booking) {
        Appointment booked = Appointment.book(booking.patientId(), booking.doctorId(), booking.start(),
                booking.durationMinutes(), booking.notes(), current.createdAt);
        booked.id = current.id;
        return booked;
    }

    /** The appointment, if it exists and is within the caller's scope; otherwise not found, whichever it was. */
    public Uni<Appointment> find(UUID id, Scope scope) {
        return appointments.read(id).onItem().ifNull().failWith(() -> notFound(id))
                .invoke(appointment -> requireWithin(scope, appointment));
    }

    public Uni<Paging.PageOf<Appointment>> list(AppointmentRepository.Filter filter, Paging paging) {
        return Panache.withSession(() -> appointments.list(filter, paging));
    }

    /** An appointment and every change of it, oldest first. */
    public record History(Appointment appointment, List<AppointmentHistory> changes) {
    }

    public Uni<History> history(UUID id, Scope scope) {
        return find(id, scope).chain(appointment -> Panache.withSession(() -> appointments.history(id))
                .map(changes -> new History(appointment, changes)));
    }

    /**
     * Applies a partial update. A status of {@code confirmed} on a {@code scheduled} appointment changes
     * nothing here: the booking saga confirms; the caller waits for it.
     */
    public Uni<Appointment> update(UUID id, Scope scope, Update update, String ifMatch, String correlationId) {
        return Transactions.withTransaction(() -> lockedForChange(id, scope, ifMatch).chain(appointment -> {
            if (update.status() != null) {
                return changeStatus(appointment, update.status(), CANCELLED_ON_REQUEST, correlationId);
            }
            if (update.reschedules()) {
                return reschedule(appointment, update, correlationId);
            }
            return update.notesGiven() ? changeNotes(appointment, update.notes(), correlationId)
                    : Uni.createFrom().item(appointment);
        })).onFailure(DatabaseErrors::isExclusionViolation).recoverWithUni(failure -> rescheduleOverlapProblem(id, update));
    }

    public Uni<Appointment> cancel(UUID id, Scope scope, String ifMatch, String correlationId) {
        return Transactions.withTransaction(() -> lockedForChange(id, scope, ifMatch)
                .chain(appointment -> changeStatus(appointment, AppointmentStatus.CANCELLED, CANCELLED_ON_REQUEST,
                        correlationId)));
    }

    private Uni<Appointment> lockedForChange(UUID id, Scope scope, String ifMatch) {
        return appointments.findForUpdate(id)
                .onItem().ifNull().failWith(() -> notFound(id))
                .invoke(appointment -> {
                    requireWithin(scope, appointment);
                    if (!ETags.matches(ifMatch, appointment.version)) {
                        throw ProblemException.preconditionFailed("The appointment changed since you read it: it is"
                                + " at version " + appointment.version + ". Read it again and retry.");
                    }
                });
    }

    private Uni<Appointment> changeStatus(Appointment appointment, AppointmentStatus next, Reason reason,
            String correlationId) {
        if (next == AppointmentStatus.CONFIRMED && appointment.status() == AppointmentStatus.SCHEDULED) {
            return Uni.createFrom().item(appointment);
        }
        String before = appointment.statusCode;
        Reason applied = next == AppointmentStatus.CANCELLED ? reason : null;
        if (!appointment.moveTo(next, applied, clock.instant())) {
            return Uni.createFrom().item(appointment);
        }
        String type = switch (next) {
            case CANCELLED -> Subjects.APPOINTMENT_CANCELLED;
            case COMPLETED -> Subjects.APPOINTMENT_COMPLETED;
            case NO_SHOW -> Subjects.APPOINTMENT_NO_SHOW;
            default -> throw new IllegalStateException("not a requestable status change: " + next);
        };
        return holds.releaseAll(appointment.id)
                .chain(() -> events.announce(type, appointment, before, null, applied, null, correlationId))
                .replaceWith(appointment);
    }

    private Uni<Appointment> reschedule(Appointment appointment, Update update, String correlationId) {
        Instant start = update.start() != null ? update.start() : appointment.startAt;
        int duration = update.durationMinutes() != null ? update.durationMinutes() : appointment.durationMinutes;
        if (start.equals(appointment.startAt) && duration == appointment.durationMinutes) {
            return update.notesGiven() ? changeNotes(appointment, update.notes(), correlationId)
                    : Uni.createFrom().item(appointment);
        }
        if (update.notesGiven()) {
            appointment.notes = update.notes();
        }
        Instant previous = appointment.startAt;
        appointment.requestReschedule(start, duration, clock.instant());
        return Panache.flush()
                .call(() -> holds.hold(appointment.id, HoldRepository.PENDING, appointment.doctorId,
                        appointment.pendingStartAt, appointment.pendingEndAt))
                .call(() -> events.announce(Subjects.APPOINTMENT_UPDATED, appointment, appointment.statusCode,
                        previous, null, null, correlationId))
                .replaceWith(appointment);
    }

    private Uni<Appointment> changeNotes(Appointment appointment, String notes, String correlationId) {
        appointment.changeNotes(notes, clock.instant());
        return events.announce(Subjects.APPOINTMENT_UPDATED, appointment, appointment.statusCode, null, null, null,
                correlationId).replaceWith(appointment);
    }

    /**
     * Applies doctor-availability's answer ({@code availability.blocked} or {@code .conflict}) inside the
     * consumer's transaction. An answer is matched by the range it is about: the booked time of a scheduled
     * appointment, or the requested time of a pending reschedule; anything else is stale and ignored.
     */
    public Uni<Void> settle(CloudEvent answer, AvailabilityEventData data) {
        boolean blocked = Subjects.AVAILABILITY_BLOCKED.equals(answer.getType());
        UUID id = UUID.fromString(data.appointmentId());
        return appointments.findForUpdate(id).chain(appointment -> {
            if (appointment == null) {
                Log.debugf("Availability answer for unknown appointment %s ignored", id);
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.instant();
            String before = appointment.statusCode;
            if (data.timeZone() != null && !data.timeZone().isBlank()) {
                appointment.timeZone = data.timeZone();
            }
            boolean aboutBooking = appointment.status() == AppointmentStatus.SCHEDULED
                    && !appointment.hasPendingReschedule()
                    && data.startTime().equals(appointment.startAt) && data.endTime().equals(appointment.endAt);
            boolean aboutReschedule = appointment.hasPendingReschedule()
                    && data.startTime().equals(appointment.pendingStartAt)
                    && data.endTime().equals(appointment.pendingEndAt);
            if (aboutBooking && blocked) {
                appointment.moveTo(AppointmentStatus.CONFIRMED, null, now);
                return events.announce(Subjects.APPOINTMENT_CONFIRMED, appointment, before, null, null, answer, null)
                        .replaceWithVoid();
            }
            if (aboutBooking) {
                Reason reason = reasonOf(data);
                appointment.moveTo(AppointmentStatus.REJECTED, reason, now);
                return holds.releaseAll(id)
                        .chain(() -> events.announce(Subjects.APPOINTMENT_REJECTED, appointment, before, null, reason,
                                answer, null))
                        .replaceWithVoid();
            }
            if (aboutReschedule && blocked) {
                Instant previous = appointment.settleReschedule(now);
                return holds.promotePending(id)
                        .chain(() -> events.announce(Subjects.APPOINTMENT_RESCHEDULED, appointment, before, previous,
                                null, answer, null))
                        .replaceWithVoid();
            }
            if (aboutReschedule) {
                Instant refused = appointment.pendingStartAt;
                Reason given = reasonOf(data);
                Reason reason = new Reason(given.code(), "The new time " + refused + " was refused: "
                        + given.message() + " The appointment keeps its time " + appointment.startAt + ".");
                appointment.refuseReschedule(reason, now);
                return holds.release(id, HoldRepository.PENDING)
                        .chain(() -> events.announce(Subjects.APPOINTMENT_RESCHEDULE_REFUSED, appointment, before,
                                appointment.startAt, reason, answer, null))
                        .replaceWithVoid();
            }
            Log.debugf("Stale %s for appointment %s (%s, %s) ignored", answer.getType(), id, data.startTime(),
                    appointment.statusCode);
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Settles a booking or reschedule that doctor-availability has not answered since {@code waitingSince}
     * (its event lost, dead-lettered, or the service away too long): a booking is rejected and its time freed,
     * a reschedule refused with the old time kept; the event tells doctor-availability to let go as well.
     * Answers false when there was nothing (left) to settle.
     */
    public Uni<Boolean> giveUpWaiting(UUID id, Instant waitingSince) {
        return Transactions.withTransaction(() -> appointments.findForUpdate(id).chain(appointment -> {
            if (appointment == null || isSettled(appointment) || !appointment.updatedAt.isBefore(waitingSince)) {
                return Uni.createFrom().item(false);
            }
            Instant now = clock.instant();
            String before = appointment.statusCode;
            if (appointment.hasPendingReschedule()) {
                Reason reason = new Reason(NO_ANSWER.code(), "The new time " + appointment.pendingStartAt
                        + " could not be confirmed: " + NO_ANSWER.message() + " The appointment keeps its time "
                        + appointment.startAt + ".");
                appointment.refuseReschedule(reason, now);
                return holds.release(id, HoldRepository.PENDING)
                        .chain(() -> events.announce(Subjects.APPOINTMENT_RESCHEDULE_REFUSED, appointment, before,
                                appointment.startAt, reason, null, null))
                        .replaceWith(true);
            }
            appointment.moveTo(AppointmentStatus.REJECTED, NO_ANSWER, now);
            return holds.releaseAll(id)
                    .chain(() -> events.announce(Subjects.APPOINTMENT_REJECTED, appointment, before, null, NO_ANSWER,
                            null, null))
                    .replaceWith(true);
        }));
    }

    private static Reason reasonOf(AvailabilityEventData data) {
        return data.reason() != null ? data.reason()
                : new Reason("unavailable", "The doctor is not available at that time.");
    }

    /**
     * Waits until {@code done} holds for the appointment or the time is up, and answers its state then. Woken by
     * {@link ChangeSignals}; the state is read again after every signal, so a missed signal costs only time.
     */
    public Uni<Appointment> awaitState(UUID id, Predicate<Appointment> done, Duration timeout) {
        Context context = Vertx.currentContext();
        return awaitState(id, done, clock.instant().plus(timeout), SafeContexts.on(context));
    }

    private Uni<Appointment> awaitState(UUID id, Predicate<Appointment> done, Instant deadline, Executor executor) {
        CompletableFuture<Void> signal = signals.next(id);
        return find(id, Scope.EVERYONE).chain(appointment -> {
            Duration left = Duration.between(clock.instant(), deadline);
            if (done.test(appointment) || left.isNegative() || left.isZero()) {
                return Uni.createFrom().item(appointment);
            }
            // The state is read again at least every second: a signal lost with a NATS hiccup costs only that.
            Duration wait = left.compareTo(RECHECK) < 0 ? left : RECHECK;
            return Uni.createFrom().completionStage(signal)
                    .ifNoItem().after(wait).recoverWithItem((Void) null)
                    .emitOn(executor)
                    .chain(() -> awaitState(id, done, deadline, executor));
        })
                // Every round's signal is forgotten when the wait ends, however it ends (answered, failed, the
                // client gone): a waiter keeps the subscription through its rounds instead of making it again.
                .onTermination().invoke(() -> signals.forget(id, signal));
    }

    /** Settled: the saga answered the booking and no reschedule is waiting. */
    public static boolean isSettled(Appointment appointment) {
        return appointment.status() != AppointmentStatus.SCHEDULED && !appointment.hasPendingReschedule();
    }

    private Uni<Booked> overlapProblem(String doctorId, Instant start, Instant end, UUID except) {
        UUID none = except == null ? new UUID(0, 0) : except;
        return Panache.withSession(() -> holds.findBlocking(doctorId, start, end, none)).map(blocking -> {
            throw overlap(doctorId, start, blocking);
        });
    }

    private Uni<Appointment> rescheduleOverlapProblem(UUID id, Update update) {
        return find(id, Scope.EVERYONE).chain(appointment -> {
            Instant start = update.start() != null ? update.start() : appointment.startAt;
            int duration = update.durationMinutes() != null ? update.durationMinutes() : appointment.durationMinutes;
            return Panache.withSession(() -> holds.findBlocking(appointment.doctorId, start,
                    Appointment.end(start, duration), id)).map(blocking -> {
                        throw overlap(appointment.doctorId, start, blocking);
                    });
        });
    }

    private static ProblemException overlap(String doctorId, Instant start, UUID blocking) {
        String detail = blocking == null
                ? "Doctor " + doctorId + " already has an appointment overlapping " + start + "."
                : "Doctor " + doctorId + " already has appointment " + blocking + " overlapping " + start
                        + "; choose another time.";
        return ProblemException.conflict(detail,
                blocking == null ? Map.of() : Map.of("conflicting_appointment_id", blocking.toString()));
    }

    private static void requireWithin(Scope scope, Appointment appointment) {
        if (!scope.covers(appointment.patientId, appointment.doctorId)) {
            throw notFound(appointment.id);
        }
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No appointment " + id + ".");
    }
}
