package clinic.appointment.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The request bodies as the OpenAPI document describes them. {@link AppointmentRequests} applies the rules; the
 * tests hold every request they send to both, so the two cannot drift apart unnoticed.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "NewAppointment", additionalProperties = Schema.False.class,
            requiredProperties = { "patient_id", "doctor_id", "appointment_time" })
    record NewAppointment(
            @Schema(minLength = 1, maxLength = AppointmentRequests.MAX_ID_LENGTH, example = "patient-123")
            String patientId,
            @Schema(minLength = 1, maxLength = AppointmentRequests.MAX_ID_LENGTH, example = "doctor-456")
            String doctorId,
            @Schema(description = "A future time with a UTC offset", example = "2027-09-15T10:00:00Z")
            Instant appointmentTime,
            @Schema(minimum = "" + AppointmentRequests.MIN_DURATION, maximum = "" + AppointmentRequests.MAX_DURATION,
                    defaultValue = "" + AppointmentRequests.DEFAULT_DURATION, example = "30")
            Integer durationMinutes,
            @Schema(nullable = true, maxLength = AppointmentRequests.MAX_NOTES_LENGTH, example = "Regular checkup")
            String notes) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "AppointmentChange", additionalProperties = Schema.False.class, minProperties = 1,
            description = "A new time and/or length (a reschedule), notes, or a status on its own")
    record AppointmentChange(
            @Schema(description = "A future time with a UTC offset", example = "2027-09-16T14:00:00Z")
            Instant appointmentTime,
            @Schema(minimum = "" + AppointmentRequests.MIN_DURATION, maximum = "" + AppointmentRequests.MAX_DURATION,
                    example = "45")
            Integer durationMinutes,
            @Schema(nullable = true, maxLength = AppointmentRequests.MAX_NOTES_LENGTH) String notes,
            @Schema(enumeration = { "confirmed", "cancelled", "completed", "no_show" }, example = "confirmed")
            String status) {
    }
}
