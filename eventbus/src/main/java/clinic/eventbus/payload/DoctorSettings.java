package clinic.eventbus.payload;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A doctor's booking settings as {@code availability.updated} carries them: what the appointment service needs
 * to apply the notices itself (only it knows who asks), and the buffers doctor-availability enforces.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DoctorSettings(
        boolean active,
        int bufferBeforeMinutes,
        int bufferAfterMinutes,
        int minBookingNoticeMinutes,
        int minCancelNoticeMinutes) {
}
