package clinic.appointment.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.appointment.AppointmentHistory;
import clinic.eventbus.payload.Reason;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One change of an appointment, as {@code GET /appointments/{id}/history} lists it. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "HistoryEntry")
public record HistoryEntryView(
        @Schema(example = "appointment.confirmed") String eventType,
        String eventId,
        @Schema(nullable = true, example = "scheduled") String statusBefore,
        @Schema(example = "confirmed") String statusAfter,
        @Schema(description = "The appointment's time after the change, or the requested time of a reschedule")
        Instant appointmentTime,
        @Schema(nullable = true) Instant previousAppointmentTime,
        @Schema(nullable = true) Reason reason,
        long version,
        Instant changedAt,
        @Schema(nullable = true, description = "Who made the change: the subject of the caller's token, or"
                + " service:<name> for a step the services took themselves", example = "service:appointment")
        String actor) {

    public static HistoryEntryView of(AppointmentHistory h) {
        return new HistoryEntryView(h.eventType, h.eventId.toString(), h.statusBefore, h.statusAfter,
                h.appointmentTime, h.previousAppointmentTime,
                h.reasonCode == null ? null : new Reason(h.reasonCode, h.reasonMessage), h.version, h.changedAt,
                h.actor);
    }
}
