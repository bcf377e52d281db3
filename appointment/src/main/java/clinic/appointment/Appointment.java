package clinic.appointment;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import clinic.eventbus.payload.Reason;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * An appointment and its rules. Every change goes through a method here that checks the transition, bumps
 * {@link #version} (the version events carry, so consumers can ignore stale ones) and stamps the time.
 */
@Entity
@Table(name = "appointment")
public class Appointment extends PanacheEntityBase {

    @Id
    public UUID id;

    public String patientId;

    public String doctorId;

    public Instant startAt;

    public Instant endAt;

    public int durationMinutes;

    public String notes;

    @Column(name = "status")
    public String statusCode;

    public String statusReasonCode;

    public String statusReasonMessage;

    public String timeZone;

    public Instant pendingStartAt;

    public Instant pendingEndAt;

    public Integer pendingDurationMinutes;

    public long version;

    /** The series this appointment is an occurrence of, or null. */
    public UUID seriesId;

    public Instant createdAt;

    public Instant updatedAt;

    public static Appointment book(String patientId, String doctorId, Instant start, int durationMinutes, String notes,
            Instant now) {
        Appointment appointment = new Appointment();
        appointment.id = UUID.randomUUID();
        appointment.patientId = patientId;
        appointment.doctorId = doctorId;
        appointment.startAt = start;
        appointment.durationMinutes = durationMinutes;
        appointment.endAt = end(start, durationMinutes);
        appointment.notes = notes;
        appointment.statusCode = AppointmentStatus.SCHEDULED.code();
        appointment.timeZone = "UTC";
        appointment.version = 1;
        appointment.createdAt = now.truncatedTo(ChronoUnit.SECONDS);
        appointment.updatedAt = appointment.createdAt;
        return appointment;
    }

    public static Instant end(Instant start, int durationMinutes) {
        return start.plus(Duration.ofMinutes(durationMinutes));
    }

    public AppointmentStatus status() {
        return AppointmentStatus.fromCode(statusCode);
    }

    public Reason statusReason() {
        return statusReasonCode == null ? null : new Reason(statusReasonCode, statusReasonMessage);
    }

    public boolean hasPendingReschedule() {
        return pendingStartAt != null;
    }

    /** Settled: the saga answered the booking and no reschedule is waiting. */
    public boolean settled() {
        return status() != AppointmentStatus.SCHEDULED && !hasPendingReschedule();
    }

    /** Moves to {@code next}; a repeat of the current status is not a change and answers false. */
    public boolean moveTo(AppointmentStatus next, Reason reason, Instant now) {
        AppointmentStatus current = status();
        if (current == next) {
            return false;
        }
        if (!current.canBecome(next)) {
            throw new TransitionRefusedException("A " + current.code() + " appointment cannot become " + next.code()
                    + (current.isActive() ? "." : "; it is final."));
        }
        if (hasPendingReschedule() && next != AppointmentStatus.CANCELLED) {
            throw new TransitionRefusedException("The appointment has a reschedule waiting for the doctor's"
                    + " availability; it can become " + next.code() + " once that is settled.");
        }
        statusCode = next.code();
        if (reason != null) {
            statusReasonCode = reason.code();
            statusReasonMessage = reason.message();
        }
        if (next == AppointmentStatus.CANCELLED) {
            clearPending();
        }
        touch(now);
        return true;
    }

    /** Asks for a new time; the current time stays held until doctor-availability answers. */
    public void requestReschedule(Instant newStart, int newDuration, Instant now) {
        if (status() != AppointmentStatus.CONFIRMED) {
            throw new TransitionRefusedException(status() == AppointmentStatus.SCHEDULED
                    ? "The booking is still waiting for the doctor's availability; reschedule once it is confirmed."
                    : "A " + status().code() + " appointment cannot be rescheduled.");
        }
        if (hasPendingReschedule()) {
            throw new TransitionRefusedException("A reschedule to " + pendingStartAt
                    + " is still waiting for the doctor's availability.");
        }
        pendingStartAt = newStart;
        pendingDurationMinutes = newDuration;
        pendingEndAt = end(newStart, newDuration);
        touch(now);
    }

    /** The doctor's availability accepted the new time: it becomes the appointment's time. */
    public Instant settleReschedule(Instant now) {
        Instant previous = startAt;
        startAt = pendingStartAt;
        endAt = pendingEndAt;
        durationMinutes = pendingDurationMinutes;
        statusReasonCode = null;
        statusReasonMessage = null;
        clearPending();
        touch(now);
        return previous;
    }

    /** The new time was refused: the old time stays, and the refusal shows in the status reason. */
    public Instant refuseReschedule(Reason reason, Instant now) {
        Instant refused = pendingStartAt;
        statusReasonCode = reason.code();
        statusReasonMessage = reason.message();
        clearPending();
        touch(now);
        return refused;
    }

    public void changeNotes(String newNotes, Instant now) {
        notes = newNotes;
        touch(now);
    }

    private void clearPending() {
        pendingStartAt = null;
        pendingEndAt = null;
        pendingDurationMinutes = null;
    }

    private void touch(Instant now) {
        version++;
        updatedAt = now.truncatedTo(ChronoUnit.SECONDS);
    }
}
