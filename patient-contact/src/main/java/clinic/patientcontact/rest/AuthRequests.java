package clinic.patientcontact.rest;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clinic.http.JsonBody;
import clinic.http.ProblemException;
import clinic.patientcontact.identity.Accounts;
import clinic.patientcontact.service.PatientService.PatientChange;

/** Registration and login bodies, validated, or a 400 naming the field. */
final class AuthRequests {

    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 128;

    record Login(String username, String password) {
    }

    private AuthRequests() {
    }

    static Login login(JsonNode body) {
        JsonBody json = JsonBody.of(body).allowOnly(java.util.Set.of("username", "password"));
        String username = json.text("username", true, 254);
        String password = json.text("password", true, MAX_PASSWORD);
        json.validate();
        return new Login(username, password);
    }

    /**
     * The patient's details as for POST /patients (no id: the server makes it), an e-mail address (required: it
     * is the account's), an optional username (the e-mail address by default) and the password.
     */
    static Accounts.Registration registration(JsonNode body, Optional<String> phoneRegion) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badField("body", "must be a JSON object");
        }
        ObjectNode details = ((ObjectNode) body).deepCopy();
        JsonNode username = details.remove("username");
        JsonNode password = details.remove("password");
        if (details.has("id")) {
            throw ProblemException.badField("id", "is set by the server at registration");
        }
        if (password == null || !password.isTextual()) {
            throw ProblemException.badField("password", "is required");
        }
        String secret = password.asText();
        if (secret.length() < MIN_PASSWORD || secret.length() > MAX_PASSWORD) {
            throw ProblemException.badField("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters long");
        }
        if (username != null && !username.isNull() && (!username.isTextual() || username.asText().isBlank()
                || username.asText().length() > 254 || !username.asText().matches("[A-Za-z0-9._@+-]+"))) {
            throw ProblemException.badField("username", "may hold only letters, digits and . _ @ + -");
        }
        PatientChange patient = PatientRequests.patient(details, true, phoneRegion);
        if (patient.email() == null) {
            throw ProblemException.badField("email", "is required: it is the account's address");
        }
        String name = username == null || username.isNull() ? patient.email() : username.asText().toLowerCase();
        if (secret.equalsIgnoreCase(name) || secret.equalsIgnoreCase(patient.email())) {
            throw ProblemException.badField("password", "must not be the username or the e-mail address");
        }
        return new Accounts.Registration(name, secret, patient);
    }
}
