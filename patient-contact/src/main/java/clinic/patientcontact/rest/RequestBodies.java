package clinic.patientcontact.rest;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The request bodies as the OpenAPI document describes them. {@link PatientRequests} and {@link AuthRequests}
 * apply the rules; the tests hold every request they send to both, so the two cannot drift apart unnoticed.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "PatientFields", additionalProperties = Schema.False.class, minProperties = 1,
            description = "On registration name is required; on a change only the fields sent change")
    record PatientFields(
            @Schema(pattern = "^[A-Za-z0-9._:-]{1,100}$", description = "Only on registration, optional: the id the"
                    + " appointments already use", example = "patient-123") String id,
            @Schema(minLength = 1, maxLength = 200, example = "Jane Doe") String name,
            @Schema(nullable = true, maxLength = 254, example = "jane@example.org") String email,
            @Schema(nullable = true, maxLength = 40, description = "Any writing with its country code; stored in"
                    + " E.164", example = "+49 30 123456") String phone,
            @Schema(nullable = true) NotificationPreferences notificationPreferences,
            @Schema(nullable = true, example = "1980-04-01") LocalDate dateOfBirth) {
    }

    @Schema(name = "NotificationPreferences", additionalProperties = Schema.False.class)
    record NotificationPreferences(@Schema(example = "true") Boolean email, @Schema(example = "false") Boolean sms) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Registration", additionalProperties = Schema.False.class,
            requiredProperties = { "email", "password", "name" })
    record Registration(
            @Schema(nullable = true, maxLength = 254, pattern = "^[A-Za-z0-9._@+-]+$",
                    description = "The e-mail address when not given") String username,
            @Schema(minLength = AuthRequests.MIN_PASSWORD, maxLength = AuthRequests.MAX_PASSWORD,
                    format = "password", example = "a long passphrase") String password,
            @Schema(minLength = 1, maxLength = 200, example = "Jane Doe") String name,
            @Schema(maxLength = 254, example = "jane@example.org") String email,
            @Schema(nullable = true, maxLength = 40, example = "+49 30 123456") String phone,
            @Schema(nullable = true) NotificationPreferences notificationPreferences,
            @Schema(nullable = true, example = "1980-04-01") LocalDate dateOfBirth) {
    }

    @Schema(name = "Login", additionalProperties = Schema.False.class, requiredProperties = { "username", "password" })
    record Login(
            @Schema(minLength = 1, maxLength = 254, example = "jane@example.org") String username,
            @Schema(minLength = 1, maxLength = AuthRequests.MAX_PASSWORD, format = "password",
                    example = "a long passphrase") String password) {
    }
}
