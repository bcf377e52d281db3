package clinic.eventbus.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The data of {@code notification.sent} and {@code notification.failed} (the latter with {@code error}). */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationEventData(
        String notificationId,
        String appointmentId,
        String patientId,
        String notificationType,
        String channel,
        String message,
        String error) {
}
