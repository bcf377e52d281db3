package clinic.notifications.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.notifications.Notification;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A notification as the API shows it. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Notification")
public record NotificationView(String id, @Schema(example = "patient-123") String patientId,
        @Schema(nullable = true) String appointmentId,
        @Schema(example = "appointment_confirmed") String notificationType,
        @Schema(enumeration = { "email", "sms", "log" }) String channel,
        @Schema(example = "Your appointment on Wednesday 15 September 2027 at 12:00 (Europe/Berlin) is confirmed.")
        String message,
        @Schema(enumeration = { "pending", "sent", "failed" }) String status, int attempts,
        @Schema(nullable = true) String error, @Schema(nullable = true) Instant sentAt, Instant createdAt) {

    static NotificationView of(Notification n) {
        return new NotificationView(n.id.toString(), n.patientId,
                n.appointmentId == null ? null : n.appointmentId.toString(), n.notificationType, n.channel, n.message,
                n.status, n.attempts, n.error, n.sentAt, n.createdAt);
    }
}
