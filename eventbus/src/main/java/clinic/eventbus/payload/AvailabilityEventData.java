package clinic.eventbus.payload;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The data of {@code availability.*} events. {@code version} is the appointment version this answers,
 * so the appointment service can tell an answer to an old request from one to the current request.
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
        Reason reason) {
}
