package clinic.patientcontact.rest;

import java.time.LocalDate;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.http.ProblemException;
import clinic.http.StrictJson;
import clinic.http.Text;
import clinic.patientcontact.identity.Accounts;
import clinic.patientcontact.rest.PatientRequests.NotificationPreferences;
import clinic.patientcontact.rest.PatientRequests.PatientFields;
import clinic.patientcontact.service.PatientService.PatientChange;

/** Registration and login bodies, their constraints and the rules beside them. */
final class AuthRequests {

    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 128;
    private static final String PASSWORD_LENGTH = "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
            + " characters long";

    private AuthRequests() {
    }

    @Schema(name = "Login", additionalProperties = Schema.False.class)
    record Login(
            @NotBlank(message = "is required") @Size(max = 254, message = Text.TOO_LONG)
            @Schema(example = "jane@example.org") String username,
            @NotBlank(message = "is required") @Size(max = MAX_PASSWORD, message = Text.TOO_LONG)
            @JsonDeserialize(using = StrictJson.Verbatim.class)
            @Schema(format = "password", example = "a long passphrase") String password) {
    }

    /**
     * The patient's details as for POST /patients (no id: the server makes it), an e-mail address (required: it
     * is the account's), an optional username (the e-mail address by default) and the password.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Registration", additionalProperties = Schema.False.class)
    record Registration(
            @Size(max = 254, message = Text.TOO_LONG)
            @Pattern(regexp = "^[A-Za-z0-9._@+-]+$", message = "may hold only letters, digits and . _ @ + -")
            @Schema(nullable = true, description = "The e-mail address when not given", example = "jane.doe")
            String username,
            @NotNull(message = "is required") @Size(min = MIN_PASSWORD, max = MAX_PASSWORD, message = PASSWORD_LENGTH)
            @JsonDeserialize(using = StrictJson.Verbatim.class)
            @Schema(format = "password", example = "a long passphrase") String password,
            @NotBlank(message = "is required") @Size(max = 200, message = Text.TOO_LONG)
            @Schema(example = "Jane Doe") String name,
            @NotBlank(message = "is required: it is the account's address")
            @Size(max = 254, message = Text.TOO_LONG)
            @Pattern(regexp = Text.EMAIL, message = "is not an e-mail address")
            @Schema(example = "jane@example.org") String email,
            @Size(max = 40, message = Text.TOO_LONG)
            @Schema(nullable = true, example = "+49 30 123456") String phone,
            @Valid @Schema(nullable = true) NotificationPreferences notificationPreferences,
            @PastOrPresent(message = "is in the future")
            @Schema(nullable = true, example = "1980-04-01") LocalDate dateOfBirth) {

        Accounts.Registration registration(Optional<String> phoneRegion) {
            PatientChange patient = new PatientFields(null, sent(name), sent(email), sent(phone),
                    sent(notificationPreferences), sent(dateOfBirth)).change(true, phoneRegion);
            String account = username == null ? patient.email() : username.toLowerCase();
            if (password.equalsIgnoreCase(account) || password.equalsIgnoreCase(patient.email())) {
                throw ProblemException.badField("password", "must not be the username or the e-mail address");
            }
            return new Accounts.Registration(account, password, patient);
        }

        private static <T> Optional<T> sent(T value) {
            return value == null ? null : Optional.of(value);
        }
    }
}
