package clinic.http;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One row of a service's audit log, as {@code GET /audit} answers it. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "AuditEntry")
public record AuditRecord(
        Instant at,
        @Schema(example = "appointment") String service,
        @Schema(description = "The token's subject", nullable = true) String subject,
        @Schema(example = "staff", nullable = true) String role,
        @Schema(example = "read", enumeration = { "read", "create", "update", "delete", "search", "login" })
        String action,
        @Schema(example = "appointment") String resource,
        @Schema(nullable = true) String resourceId,
        @Schema(nullable = true) String patientId,
        @Schema(nullable = true) String requestId,
        @Schema(description = "The HTTP status of the answer (a login: 200, or 401 when it failed)", example = "200")
        int outcome) {
}
