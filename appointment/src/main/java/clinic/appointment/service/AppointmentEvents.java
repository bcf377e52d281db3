package clinic.appointment.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentHistory;
import clinic.appointment.repository.AppointmentRepository;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Outbox;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.Reason;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * Announces an appointment change: the event goes into the outbox and the same change into the audit trail,
 * both in the caller's transaction. Events carry ids and scheduling facts, never the notes.
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

    /**
     * @param statusBefore the status before the change, null for a new appointment
     * @param cause the event that caused this change, or null when a request did (then {@code correlationId})
     */
    public Uni<CloudEvent> announce(String type, Appointment appointment, String statusBefore,
            Instant previousTime, Reason reason, CloudEvent cause, String correlationId) {
        Announcement announcement = prepare(type, appointment, statusBefore, previousTime, reason, cause,
                correlationId);
        return appointments.record(announcement.entry(), stage(announcement)).replaceWith(announcement.event());
    }

    /**
     * The event and history entry of a change, for a caller that writes them in its own statement: the entry's
     * columns, and the event's outbox row from {@link #stage}.
     */
    public Announcement prepare(String type, Appointment appointment, String statusBefore, Instant previousTime,
            Reason reason, CloudEvent cause, String correlationId) {
        AppointmentEventData data = data(appointment, previousTime, reason);
        String aggregate = appointment.id.toString();
        CloudEvent event = cause == null
                ? codec.create(type, aggregate, data, correlationId, null)
                : codec.createCausedBy(cause, type, aggregate, data);
        AppointmentHistory entry = new AppointmentHistory();
        entry.appointmentId = appointment.id;
        entry.eventId = java.util.UUID.fromString(event.getId());
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
    static AppointmentEventData data(Appointment a, Instant previousTime, Reason reason) {
        boolean pending = a.pendingStartAt != null;
        return new AppointmentEventData(a.id.toString(), a.patientId, a.doctorId,
                pending ? a.pendingStartAt : a.startAt,
                pending ? a.pendingEndAt : a.endAt,
                pending ? a.pendingDurationMinutes : a.durationMinutes,
                a.statusCode, a.version, a.timeZone, previousTime, reason);
    }
}
