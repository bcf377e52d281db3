package clinic.eventbus.payload;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The data of the waitlist's events: a freed time offered to a waiting patient (held until {@code expires_at}),
 * and an offer accepted, which the appointment service books as the appointment {@code appointment_id} (the id the
 * offer's hold in the doctor's calendar already carries).
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaitlistEventData(
        String entryId,
        String appointmentId,
        String patientId,
        String doctorId,
        Instant startTime,
        Instant endTime,
        int durationMinutes,
        String timeZone,
        Instant expiresAt) {
}
