package clinic.appointment.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentSeries;
import clinic.appointment.AppointmentStatus;
import clinic.appointment.repository.AppointmentRepository;
import clinic.appointment.repository.HoldRepository;
import clinic.eventbus.Subjects;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.Reason;
import io.cloudevents.CloudEvent;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The appointment's side of the booking saga's end: doctor-availability's answer confirms or rejects a booking
 * and settles or refuses a reschedule; an answer that never comes is given up on after a deadline.
 */
@ApplicationScoped
public class Settlement {

    static final Reason NO_ANSWER = new Reason("availability_unavailable",
            "The doctor's availability did not answer in time; please choose the time again.");

    private final AppointmentRepository appointments;
    private final HoldRepository holds;
    private final AppointmentEvents events;
    private final Clock clock = Clock.systemUTC();

    public Settlement(AppointmentRepository appointments, HoldRepository holds, AppointmentEvents events) {
        this.appointments = appointments;
        this.holds = holds;
        this.events = events;
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
                return events.confirmed(appointment, before, answer).replaceWithVoid();
            }
            if (aboutBooking) {
                Reason reason = reasonOf(data);
                appointment.moveTo(AppointmentStatus.REJECTED, reason, now);
                return holds.releaseAll(id)
                        .chain(() -> events.rejected(appointment, before, reason, answer))
                        .replaceWithVoid();
            }
            if (aboutReschedule && blocked) {
                Instant previous = appointment.settleReschedule(now);
                return holds.promotePending(id)
                        .chain(() -> events.rescheduled(appointment, before, previous, answer))
                        .replaceWithVoid();
            }
            if (aboutReschedule) {
                Instant refused = appointment.pendingStartAt;
                Reason given = reasonOf(data);
                Reason reason = new Reason(given.code(), "The new time " + refused + " was refused: "
                        + given.message() + " The appointment keeps its time " + appointment.startAt + ".");
                appointment.refuseReschedule(reason, now);
                return holds.release(id, HoldRepository.PENDING)
                        .chain(() -> events.rescheduleRefused(appointment, before, reason, answer))
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
            if (appointment == null || appointment.settled() || !appointment.updatedAt.isBefore(waitingSince)) {
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
                        .chain(() -> events.rescheduleRefused(appointment, before, reason, null))
                        .replaceWith(true);
            }
            return reject(appointment, NO_ANSWER, now).chain(() -> rejectUnansweredInSeries(appointment, now))
                    .replaceWith(true);
        }));
    }

    private Uni<Void> reject(Appointment appointment, Reason reason, Instant now) {
        String before = appointment.statusCode;
        appointment.moveTo(AppointmentStatus.REJECTED, reason, now);
        return holds.releaseAll(appointment.id)
                .chain(() -> events.rejected(appointment, before, reason, null)).replaceWithVoid();
    }

    /**
     * An occurrence of a series booked all or none given up on: the others still waiting go with it, in the same
     * transaction (reason series), so the deadline does not split a series doctor-availability may yet hold whole.
     * Their rejections tell doctor-availability to let go of whatever it held of them.
     */
    private Uni<Void> rejectUnansweredInSeries(Appointment appointment, Instant now) {
        if (appointment.seriesId == null) {
            return Uni.createFrom().voidItem();
        }
        return AppointmentSeries.<AppointmentSeries>findById(appointment.seriesId).chain(series -> {
            if (series == null || !series.atomic) {
                return Uni.createFrom().voidItem();
            }
            Reason reason = Reason.series(appointment.startAt, NO_ANSWER);
            return Appointment.<Appointment>find("seriesId = ?1 and id <> ?2 and statusCode = ?3",
                    Sort.by("startAt").and("id"), series.id, appointment.id, AppointmentStatus.SCHEDULED.code())
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                    .chain(waiting -> Multi.createFrom().iterable(waiting)
                            .filter(occurrence -> !occurrence.hasPendingReschedule())
                            .onItem().transformToUniAndConcatenate(occurrence -> reject(occurrence, reason, now))
                            .collect().last().replaceWithVoid());
        });
    }

    private static Reason reasonOf(AvailabilityEventData data) {
        return data.reason() != null ? data.reason()
                : new Reason("unavailable", "The doctor is not available at that time.");
    }
}
