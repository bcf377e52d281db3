package clinic.doctoravailability.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The request bodies as the OpenAPI document describes them. {@link CalendarRequests} applies the rules; the
 * tests hold every request they send to both, so the two cannot drift apart unnoticed.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "DoctorFields", additionalProperties = Schema.False.class, minProperties = 1,
            description = "On registration name is required; on a change only the fields sent change")
    record DoctorFields(
            @Schema(minLength = 1, maxLength = 200, example = "Dr. Ada Lovelace") String name,
            @Schema(nullable = true, maxLength = 100, example = "cardiology") String specialty,
            @Schema(nullable = true, maxLength = 254, example = "ada@clinic.example") String email,
            @Schema(nullable = true, maxLength = 40, example = "+4930123456") String phone,
            @Schema(nullable = true, maxLength = 64, description = "An IANA time zone; UTC when not given",
                    example = "Europe/Berlin") String timeZone,
            @Schema(description = "false retires the doctor") Boolean active) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WorkingHoursRange", additionalProperties = Schema.False.class,
            requiredProperties = { "day_of_week", "start", "end" })
    record WorkingHoursRange(
            @Schema(enumeration = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" },
                    example = "monday") String dayOfWeek,
            @Schema(pattern = "^\\d{2}:\\d{2}$", description = "Local time, HH:mm", example = "09:00") String start,
            @Schema(pattern = "^\\d{2}:\\d{2}$", description = "Local time, HH:mm, after start", example = "12:00")
            String end) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "NewTimeOff", additionalProperties = Schema.False.class,
            requiredProperties = { "start_time", "end_time" })
    record NewTimeOff(
            @Schema(example = "2027-09-20T00:00:00Z") Instant startTime,
            @Schema(description = "After start_time", example = "2027-09-25T00:00:00Z") Instant endTime,
            @Schema(nullable = true, maxLength = 500, example = "Conference") String reason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "NewWindow", additionalProperties = Schema.False.class,
            requiredProperties = { "doctor_id", "start_time" })
    record NewWindow(
            @Schema(minLength = 1, maxLength = 100, example = "doctor-456") String doctorId,
            @Schema(example = "2027-09-15T09:00:00Z") Instant startTime,
            @Schema(minimum = "1", maximum = "24", defaultValue = "1", example = "3") Integer durationHours) {
    }
}
