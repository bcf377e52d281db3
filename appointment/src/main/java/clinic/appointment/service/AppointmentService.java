package clinic.appointment.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentHistory;
import clinic.appointment.AppointmentNotFoundException;
import clinic.appointment.AppointmentStatus;
import clinic.appointment.StaleVersionException;
import clinic.appointment.TimeTakenException;
import clinic.appointment.repository.AppointmentRepository;
import clinic.appointment.repository.HoldRepository;
import clinic.eventbus.DatabaseErrors;
import clinic.eventbus.Origin;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.Reason;
import clinic.http.Paging;
import clinic.http.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * An appointment read, and changed on request (cancel, reschedule, notes, completed or no-show). Each change
 * commits the new state, its hold on the doctor's time, its history entry, its audit row and its outbox event
 * together; a moved appointment's new time is refused by the database's exclusion constraint, not by a check
 * that could race. Booking is {@link Bookings}, the saga's answers {@link Settlement}, waiting for a state
 * {@link StateWaits}.
 */
@ApplicationScoped
public class AppointmentService {

    static final Reason CANCELLED_ON_REQUEST = new Reason("cancelled_on_request",
            "The appointment was cancelled on request.");

    private final AppointmentRepository appointments;
    private final HoldRepository holds;
    private final AppointmentEvents events;
    private final Notices notices;
    private final Clock clock;

    public AppointmentService(AppointmentRepository appointments, HoldRepository holds, AppointmentEvents events,
            Notices notices) {
        this.appointments = appointments;
        this.notices = notices;
        this.holds = holds;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    /** A partial update, already validated: null members are left as they are. */
    public record Update(Instant start, Integer durationMinutes, boolean notesGiven, String notes,
            AppointmentStatus status) {

        public boolean reschedules() {
            return start != null || durationMinutes != null;
        }
    }

    /** The appointment, if it exists and is within the caller's scope; otherwise not found, whichever it was. */
    public Uni<Appointment> find(UUID id, Scope scope) {
        return appointments.read(id).onItem().ifNull().failWith(() -> new AppointmentNotFoundException(id))
                .invoke(appointment -> requireWithin(scope, appointment));
    }

    public Uni<Paging.PageOf<Appointment>> list(AppointmentRepository.Filter filter, Paging paging) {
        return Panache.withSession(() -> appointments.list(filter, paging));
    }

    /** The patient's (or doctor's) REST id behind a mapped FHIR id; null when no appointment has one. */
    public Uni<String> idMappedTo(boolean patient, String fhirId) {
        return appointments.idMappedTo(patient, fhirId);
    }

    /** The ranges the doctors' appointments hold (booked or asked for) that meet [from, to). */
    public Uni<List<HoldRepository.Held>> held(List<String> doctorIds, Instant from, Instant to) {
        if (doctorIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withSession(() -> holds.heldBetween(doctorIds, from, to));
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
    public Uni<Appointment> update(UUID id, Scope scope, Update update, String ifMatch, Notice notice,
            Origin origin) {
        return Transactions.withTransaction(() -> lockedForChange(id, scope, ifMatch).chain(appointment -> {
            if (update.status() == AppointmentStatus.CANCELLED) {
                return withNotice(appointment, notice, () -> changeStatus(appointment, update.status(),
                        CANCELLED_ON_REQUEST, origin));
            }
            if (update.status() != null) {
                return changeStatus(appointment, update.status(), CANCELLED_ON_REQUEST, origin);
            }
            if (update.reschedules()) {
                return withNotice(appointment, notice, () -> reschedule(appointment, update, origin));
            }
            return update.notesGiven() ? changeNotes(appointment, update.notes(), origin)
                    : Uni.createFrom().item(appointment);
        })).onFailure(DatabaseErrors::isExclusionViolation).recoverWithUni(failure -> rescheduleOverlapProblem(id, update));
    }

    public Uni<Appointment> cancel(UUID id, Scope scope, String ifMatch, Notice notice, Origin origin) {
        return Transactions.withTransaction(() -> lockedForChange(id, scope, ifMatch)
                .chain(appointment -> withNotice(appointment, notice, () -> changeStatus(appointment,
                        AppointmentStatus.CANCELLED, CANCELLED_ON_REQUEST, origin))));
    }

    /**
     * The change, if the appointment is far enough ahead for the doctor's notice to cancel or move or the notice
     * may be set aside (then it is reported). An appointment that has ended its course changes nothing here, so
     * repeating a cancellation is never refused for notice.
     */
    private Uni<Appointment> withNotice(Appointment appointment, Notice notice,
            java.util.function.Supplier<Uni<Appointment>> change) {
        if (!appointment.status().isActive()) {
            return change.get();
        }
        return notices.checkChange(notice, appointment.doctorId, appointment.startAt).chain(overridden -> change.get()
                .invoke(changed -> {
                    if (overridden) {
                        notice.overridden().accept(changed);
                    }
                }));
    }

    private Uni<Appointment> lockedForChange(UUID id, Scope scope, String ifMatch) {
        return appointments.findForUpdate(id)
                .onItem().ifNull().failWith(() -> new AppointmentNotFoundException(id))
                .invoke(appointment -> {
                    requireWithin(scope, appointment);
                    if (!ETags.matches(ifMatch, appointment.version)) {
                        throw new StaleVersionException(appointment.version);
                    }
                });
    }

    private Uni<Appointment> changeStatus(Appointment appointment, AppointmentStatus next, Reason reason,
            Origin origin) {
        if (next == AppointmentStatus.CONFIRMED && appointment.status() == AppointmentStatus.SCHEDULED) {
            return Uni.createFrom().item(appointment);
        }
        String before = appointment.statusCode;
        Reason applied = next == AppointmentStatus.CANCELLED ? reason : null;
        if (!appointment.moveTo(next, applied, clock.instant())) {
            return Uni.createFrom().item(appointment);
        }
        return holds.releaseAll(appointment.id)
                .chain(() -> events.ended(appointment, before, applied, origin))
                .replaceWith(appointment);
    }

    private Uni<Appointment> reschedule(Appointment appointment, Update update, Origin origin) {
        Instant start = update.start() != null ? update.start() : appointment.startAt;
        int duration = update.durationMinutes() != null ? update.durationMinutes() : appointment.durationMinutes;
        if (start.equals(appointment.startAt) && duration == appointment.durationMinutes) {
            return update.notesGiven() ? changeNotes(appointment, update.notes(), origin)
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
                .call(() -> events.rescheduleRequested(appointment, previous, origin))
                .replaceWith(appointment);
    }

    private Uni<Appointment> changeNotes(Appointment appointment, String notes, Origin origin) {
        appointment.changeNotes(notes, clock.instant());
        return events.notesChanged(appointment, origin).replaceWith(appointment);
    }

    private Uni<Appointment> rescheduleOverlapProblem(UUID id, Update update) {
        return find(id, Scope.EVERYONE).chain(appointment -> {
            Instant start = update.start() != null ? update.start() : appointment.startAt;
            int duration = update.durationMinutes() != null ? update.durationMinutes() : appointment.durationMinutes;
            return Panache.withSession(() -> holds.findBlocking(appointment.doctorId, start,
                    Appointment.end(start, duration), id)).map(blocking -> {
                        throw new TimeTakenException(appointment.doctorId, start, blocking);
                    });
        });
    }

    private static void requireWithin(Scope scope, Appointment appointment) {
        if (!scope.covers(appointment.patientId, appointment.doctorId)) {
            throw new AppointmentNotFoundException(appointment.id);
        }
    }

}
