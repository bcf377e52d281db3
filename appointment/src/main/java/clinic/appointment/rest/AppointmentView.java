package clinic.appointment.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.appointment.Appointment;
import clinic.eventbus.payload.Reason;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An appointment as the API shows it. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Appointment")
public record AppointmentView(
        @Schema(example = "3f2a9c1e-7b5d-4c1a-9e8f-2b6d4a1c0e55") String id,
        @Schema(example = "patient-123") String patientId,
        @Schema(example = "doctor-456") String doctorId,
        @Schema(example = "2027-09-15T10:00:00Z") Instant appointmentTime,
        @Schema(example = "2027-09-15T10:30:00Z") Instant endTime,
        @Schema(example = "30") int durationMinutes,
        @Schema(nullable = true, example = "Regular checkup") String notes,
        @Schema(enumeration = { "scheduled", "confirmed", "rejected", "cancelled", "completed", "no_show" },
                example = "confirmed") String status,
        @Schema(nullable = true, description = "Why it was rejected or cancelled, or why a reschedule was refused")
        Reason statusReason,
        @Schema(nullable = true, example = "Europe/Berlin",
                description = "The doctor's time zone once availability answered")
        String timeZone,
        @Schema(nullable = true, description = "A requested new time waiting for the doctor's availability")
        PendingReschedule pendingReschedule,
        @Schema(example = "2") long version,
        @Schema(nullable = true, example = "9d5e1c3a-2b4f-4e6a-8c7d-1f0e2d3c4b5a",
                description = "The recurring series this appointment belongs to")
        String seriesId,
        Instant createdAt,
        Instant updatedAt) {

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "PendingReschedule")
    public record PendingReschedule(Instant appointmentTime, Instant endTime, int durationMinutes) {
    }

    public static AppointmentView of(Appointment a) {
        PendingReschedule pending = a.hasPendingReschedule()
                ? new PendingReschedule(a.pendingStartAt, a.pendingEndAt, a.pendingDurationMinutes)
                : null;
        return new AppointmentView(a.id.toString(), a.patientId, a.doctorId, a.startAt, a.endAt, a.durationMinutes,
                a.notes, a.statusCode, a.statusReason(), a.timeZone, pending, a.version,
                a.seriesId == null ? null : a.seriesId.toString(), a.createdAt, a.updatedAt);
    }
}
