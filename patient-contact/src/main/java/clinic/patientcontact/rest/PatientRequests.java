package clinic.patientcontact.rest;

import static clinic.http.SentFields.value;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import jakarta.validation.valueextraction.Unwrapping;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.http.ProblemException;
import clinic.http.SentFields;
import clinic.http.Text;
import clinic.patientcontact.service.PatientService.PatientChange;
import clinic.patientcontact.service.PhoneNumbers;

/**
 * The patient request body, its constraints (read by Bean Validation and by the OpenAPI document alike) and the
 * rules beside it that constraints cannot say (a phone number that can be read, an id only at registration).
 */
final class PatientRequests {

    static final String ID = "^[A-Za-z0-9._:-]{1,100}$";

    private PatientRequests() {
    }

    /** A patient's fields: on registration name is required; on a change only what is sent changes, null clears. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "PatientFields", additionalProperties = Schema.False.class, minProperties = 1,
            description = "On registration name is required; on a change only the fields sent change")
    record PatientFields(
            @Pattern(regexp = ID, message = "may hold only letters, digits and . _ : -",
                    payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = false, description = "Only on registration, optional:"
                    + " the id the appointments already use", example = "patient-123") Optional<String> id,
            @Size(max = 200, message = Text.TOO_LONG, payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = false, minLength = 1, example = "Jane Doe")
            Optional<@NotBlank(message = "is required") String> name,
            @Size(max = 254, message = Text.TOO_LONG, payload = Unwrapping.Unwrap.class)
            @Pattern(regexp = Text.EMAIL, message = "is not an e-mail address", payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = true, example = "jane@example.org")
            Optional<String> email,
            @Size(max = 40, message = Text.TOO_LONG, payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = true, description = "Any writing with its country"
                    + " code; stored in E.164", example = "+49 30 123456") Optional<String> phone,
            @Schema(implementation = NotificationPreferences.class, nullable = true)
            Optional<@Valid NotificationPreferences> notificationPreferences,
            @PastOrPresent(message = "is in the future", payload = Unwrapping.Unwrap.class)
            @Schema(implementation = LocalDate.class, nullable = true, example = "1980-04-01")
            Optional<LocalDate> dateOfBirth) {

        PatientChange change(boolean create, Optional<String> phoneRegion) {
            if (!create && id != null) {
                throw ProblemException.badField("id", "is set by the server; a patient's id never changes");
            }
            if (create && (name == null || name.isEmpty())) {
                throw ProblemException.badField("name", "is required");
            }
            if (!create && name == null && email == null && phone == null && notificationPreferences == null
                    && dateOfBirth == null) {
                throw ProblemException.badField("name", "or another field must be sent");
            }
            String e164 = null;
            if (phone != null && phone.isPresent()) {
                e164 = PhoneNumbers.toE164(phone.get(), phoneRegion).orElseThrow(() -> ProblemException.badField(
                        "phone", "is not a phone number we can read; write it with its country code, e.g."
                                + " +4930123456"));
            }
            Set<String> given = new SentFields().add("id", id).add("name", name).add("email", email)
                    .add("phone", phone).add("notification_preferences", notificationPreferences)
                    .add("date_of_birth", dateOfBirth).names();
            NotificationPreferences preferences = value(notificationPreferences);
            Boolean notifyEmail = preferences == null ? null : value(preferences.email());
            Boolean notifySms = preferences == null ? null : value(preferences.sms());
            String address = value(email);
            return new PatientChange(value(id), value(name), address == null ? null : address.toLowerCase(), e164,
                    notifyEmail, notifySms, value(dateOfBirth), given);
        }
    }

    /** A channel left out keeps its setting; one sent must be true or false. */
    @Schema(name = "NotificationPreferences", additionalProperties = Schema.False.class)
    record NotificationPreferences(
            @Schema(implementation = Boolean.class, nullable = false, example = "true")
            Optional<@NotNull(message = "must be true or false") Boolean> email,
            @Schema(implementation = Boolean.class, nullable = false, example = "false")
            Optional<@NotNull(message = "must be true or false") Boolean> sms) {
    }

}
