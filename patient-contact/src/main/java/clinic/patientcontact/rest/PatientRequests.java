package clinic.patientcontact.rest;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import clinic.http.JsonBody;
import clinic.http.ProblemException;
import clinic.patientcontact.service.PatientService.PatientChange;
import clinic.patientcontact.service.PhoneNumbers;

/** Patient request bodies, validated, or a 400 naming the field. */
final class PatientRequests {

    private static final Set<String> SERVER_OWNED = Set.of("created_at", "updated_at", "version");
    private static final Set<String> FIELDS = Set.of("id", "name", "email", "phone", "notification_preferences",
            "date_of_birth");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private PatientRequests() {
    }

    static PatientChange patient(JsonNode body, boolean create, Optional<String> phoneRegion) {
        JsonBody json = JsonBody.of(body);
        if (!create && json.has("id")) {
            throw ProblemException.badField("id", "is set by the server; a patient's id never changes");
        }
        json.refuseServerOwned(SERVER_OWNED).allowOnly(FIELDS);
        String id = json.text("id", false, 100);
        if (id != null && !ID.matcher(id).matches()) {
            json.reject("id", "may hold only letters, digits and . _ : -");
        }
        String name = json.text("name", create, 200);
        String email = json.text("email", false, 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            json.reject("email", "is not an e-mail address");
        }
        String phone = json.text("phone", false, 40);
        String e164 = null;
        if (phone != null) {
            e164 = PhoneNumbers.toE164(phone, phoneRegion).orElse(null);
            if (e164 == null) {
                json.reject("phone", "is not a phone number we can read; write it with its country code, e.g."
                        + " +4930123456");
            }
        }
        Boolean notifyEmail = null;
        Boolean notifySms = null;
        JsonNode preferences = json.raw("notification_preferences");
        if (preferences != null && !preferences.isNull()) {
            if (!preferences.isObject()) {
                json.reject("notification_preferences", "must be an object like {\"email\": true, \"sms\": false}");
            } else {
                preferences.fieldNames().forEachRemaining(channel -> {
                    if (!Set.of("email", "sms").contains(channel) || !preferences.get(channel).isBoolean()) {
                        json.reject("notification_preferences." + channel, "must be email or sms, true or false");
                    }
                });
                notifyEmail = preferences.has("email") && preferences.get("email").isBoolean()
                        ? preferences.get("email").booleanValue() : null;
                notifySms = preferences.has("sms") && preferences.get("sms").isBoolean()
                        ? preferences.get("sms").booleanValue() : null;
            }
        }
        LocalDate dateOfBirth = json.date("date_of_birth");
        if (dateOfBirth != null && dateOfBirth.isAfter(LocalDate.now())) {
            json.reject("date_of_birth", "is in the future");
        }
        if (!create && json.isEmpty()) {
            json.reject("name", "or another field must be sent");
        }
        json.validate();
        Set<String> given = new HashSet<>();
        body.fieldNames().forEachRemaining(given::add);
        return new PatientChange(id, name, email == null ? null : email.toLowerCase(), e164, notifyEmail, notifySms,
                dateOfBirth, given);
    }
}
