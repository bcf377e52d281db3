package clinic.eventbus.payload;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The data of {@code availability.*} events. {@code version} is the appointment version this answers,
 * so the appointment service can tell an answer to an old request from one to the current request.
 * {@code settings} comes with {@code availability.updated} only: the doctor's settings after the change.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AvailabilityEventData(
        String appointmentId,
        String doctorId,
        Instant startTime,
        Instant endTime,
        String timeZone,
        Long version,
        Reason reason,
        DoctorSettings settings) {

    /** An answer to a booking or reschedule (no settings). */
    public AvailabilityEventData(String appointmentId, String doctorId, Instant startTime, Instant endTime,
            String timeZone, Long version, Reason reason) {
        this(appointmentId, doctorId, startTime, endTime, timeZone, version, reason, null);
    }
}
