package clinic.appointment.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentHistory;
import clinic.appointment.repository.AppointmentRepository;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Outbox;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.AtomicSeries;
import clinic.eventbus.payload.Reason;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * The events of an appointment, one method per change: each writes the event into the outbox and the same change
 * into the appointment's history, in one statement of the caller's transaction. Events carry ids and scheduling
 * facts, never the notes.
 */
@ApplicationScoped
public class AppointmentEvents {

    private final EventCodec codec;
    private final Outbox outbox;
    private final AppointmentRepository appointments;

    public AppointmentEvents(EventCodec codec, Outbox outbox, AppointmentRepository appointments) {
        this.codec = codec;
        this.outbox = outbox;
        this.appointments = appointments;
    }

    /** An appointment change's event and its history entry, made together so that both tell the same. */
    public record Announcement(CloudEvent event, AppointmentHistory entry) {
    }

    /** A booking's event and first history entry, for the booking's own statement ({@link #stage}). */
    public Announcement scheduled(Appointment appointment, Origin origin) {
        return scheduled(appointment, null, origin);
    }

    /** The same for an occurrence of a series booked all or none: its event carries every occurrence. */
    public Announcement scheduled(Appointment appointment, AtomicSeries series, Origin origin) {
        return prepare(Subjects.APPOINTMENT_SCHEDULED, appointment, null, null, null, series, origin);
    }

    /** doctor-availability blocked the booked time. */
    public Uni<CloudEvent> confirmed(Appointment appointment, String statusBefore, CloudEvent answer) {
        return announce(Subjects.APPOINTMENT_CONFIRMED, appointment, statusBefore, null, null, Origin.causedBy(answer));
    }

    /** The booking was refused: by {@code answer}, or by the deadline when it is null. */
    public Uni<CloudEvent> rejected(Appointment appointment, String statusBefore, Reason reason, CloudEvent answer) {
        return announce(Subjects.APPOINTMENT_REJECTED, appointment, statusBefore, null, reason, answering(answer));
    }

    /** A reschedule was requested: the event carries the requested time, {@code previousTime} the booked one. */
    public Uni<CloudEvent> rescheduleRequested(Appointment appointment, Instant previousTime, Origin origin) {
        return announce(Subjects.APPOINTMENT_UPDATED, appointment, appointment.statusCode, previousTime, null, origin);
    }

    /** doctor-availability blocked the requested time: the appointment moved from {@code previousTime}. */
    public Uni<CloudEvent> rescheduled(Appointment appointment, String statusBefore, Instant previousTime,
            CloudEvent answer) {
        return announce(Subjects.APPOINTMENT_RESCHEDULED, appointment, statusBefore, previousTime, null,
                Origin.causedBy(answer));
    }

    /** The requested time was refused (by {@code answer}, or by the deadline when it is null): the time is kept. */
    public Uni<CloudEvent> rescheduleRefused(Appointment appointment, String statusBefore, Reason reason,
            CloudEvent answer) {
        return announce(Subjects.APPOINTMENT_RESCHEDULE_REFUSED, appointment, statusBefore, appointment.startAt,
                reason, answering(answer));
    }

    public Uni<CloudEvent> notesChanged(Appointment appointment, Origin origin) {
        return announce(Subjects.APPOINTMENT_UPDATED, appointment, appointment.statusCode, null, null, origin);
    }

    /** The appointment ended on request: cancelled (with its reason), completed or a no-show. */
    public Uni<CloudEvent> ended(Appointment appointment, String statusBefore, Reason reason, Origin origin) {
        String type = switch (appointment.status()) {
            case CANCELLED -> Subjects.APPOINTMENT_CANCELLED;
            case COMPLETED -> Subjects.APPOINTMENT_COMPLETED;
            case NO_SHOW -> Subjects.APPOINTMENT_NO_SHOW;
            default -> throw new IllegalStateException("not an end of an appointment: " + appointment.statusCode);
        };
        return announce(type, appointment, statusBefore, null, reason, origin);
    }

    /** An answer's consequence, or the service's own when no answer came (the deadline passed). */
    private static Origin answering(CloudEvent answer) {
        return answer == null ? Origin.service() : Origin.causedBy(answer);
    }

    /**
     * @param statusBefore the status before the change, null for a new appointment
     * @param origin the request or answer that caused this change
     */
    private Uni<CloudEvent> announce(String type, Appointment appointment, String statusBefore,
            Instant previousTime, Reason reason, Origin origin) {
        Announcement announcement = prepare(type, appointment, statusBefore, previousTime, reason, null, origin);
        return appointments.record(announcement.entry(), stage(announcement)).replaceWith(announcement.event());
    }

    /** The event and history entry of a change: the entry's columns, and the event's outbox row from {@link #stage}. */
    private Announcement prepare(String type, Appointment appointment, String statusBefore, Instant previousTime,
            Reason reason, AtomicSeries series, Origin origin) {
        AppointmentEventData data = data(appointment, previousTime, reason, series);
        CloudEvent event = codec.create(type, appointment.id.toString(), data, origin);
        AppointmentHistory entry = new AppointmentHistory();
        entry.appointmentId = appointment.id;
        entry.eventId = UUID.fromString(event.getId());
        entry.eventType = type;
        entry.statusBefore = statusBefore;
        entry.statusAfter = appointment.statusCode;
        entry.appointmentTime = appointment.pendingStartAt != null ? appointment.pendingStartAt : appointment.startAt;
        entry.previousAppointmentTime = previousTime;
        entry.reasonCode = reason == null ? null : reason.code();
        entry.reasonMessage = reason == null ? null : reason.message();
        entry.version = appointment.version;
        entry.changedAt = appointment.updatedAt;
        entry.actor = EventCodec.actor(event);
        return new Announcement(event, entry);
    }

    /** The announcement's outbox row, to be inserted by the caller's statement in the current transaction. */
    public Outbox.Row stage(Announcement announcement) {
        return outbox.stage(announcement.event());
    }

    /** For a pending reschedule the event carries the requested time; the previous time rides along. */
    static AppointmentEventData data(Appointment a, Instant previousTime, Reason reason, AtomicSeries series) {
        boolean pending = a.pendingStartAt != null;
        return new AppointmentEventData(a.id.toString(), a.patientId, a.doctorId,
                pending ? a.pendingStartAt : a.startAt,
                pending ? a.pendingEndAt : a.endAt,
                pending ? a.pendingDurationMinutes : a.durationMinutes,
                a.statusCode, a.version, a.timeZone, previousTime, reason, series);
    }
}
