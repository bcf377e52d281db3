package clinic.patientcontact.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import clinic.eventbus.Origin;
import clinic.patientcontact.Patient;
import clinic.patientcontact.service.PatientService;
import clinic.patientcontact.service.PatientService.PatientChange;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Logins and patient self-registration, both done by the identity provider: a login is its password grant; a
 * registration makes an account there, linked to a new patient record here by the account's {@code patient_id}
 * attribute (which only administrators may change), with the patient role every new account has.
 */
@ApplicationScoped
public class Accounts {

    /** What a login answers: the provider's tokens. */
    public record Tokens(String accessToken, String tokenType, long expiresIn, String refreshToken,
            long refreshExpiresIn) {
    }

    /** What registration needs besides the patient's details. */
    public record Registration(String username, String password, PatientChange patient) {
    }

    public record Registered(Patient patient, String username) {
    }

    public static class InvalidCredentialsException extends RuntimeException {
        public InvalidCredentialsException() {
            super("The username or password is not right, or the account is locked for a while after failed logins.");
        }
    }

    public static class AccountExistsException extends RuntimeException {
        public AccountExistsException() {
            super("An account with this username or e-mail address exists already; log in instead.");
        }
    }

    public static class PasswordRefusedException extends RuntimeException {
        public PasswordRefusedException(String reason) {
            super(reason);
        }
    }

    public static class IdentityUnavailableException extends RuntimeException {
        public IdentityUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The account attribute that links it to its patient record (the token's patient_id claim). */
    static final String PATIENT_ATTRIBUTE = "patient_id";
    /** The group of self-registered accounts. */
    static final String PATIENTS_GROUP = "/patients";

    private final IdentityProvider provider;
    private final PatientService patients;
    private final String realm;
    private final String loginClient;
    private final String registrationClient;
    private final String registrationSecret;
    private final Duration timeout;

    public Accounts(@RestClient IdentityProvider provider, PatientService patients,
            @ConfigProperty(name = "clinic.identity.realm") String realm,
            @ConfigProperty(name = "clinic.identity.login-client") String loginClient,
            @ConfigProperty(name = "clinic.identity.registration-client") String registrationClient,
            @ConfigProperty(name = "clinic.identity.registration-secret") Optional<String> registrationSecret,
            @ConfigProperty(name = "clinic.identity.timeout", defaultValue = "10s") Duration timeout) {
        this.provider = provider;
        this.patients = patients;
        this.realm = realm;
        this.loginClient = loginClient;
        this.registrationClient = registrationClient;
        // Unset (e.g. in the migration step, or where self-registration is not offered): no account is ever touched.
        this.registrationSecret = registrationSecret.orElse("");
        this.timeout = timeout;
    }

    public Uni<Tokens> login(String username, String password) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("grant_type", "password");
        form.putSingle("client_id", loginClient);
        form.putSingle("username", username);
        form.putSingle("password", password);
        form.putSingle("scope", "openid");
        return call(provider.token(realm, form)).map(response -> {
            if (response.getStatus() == 400 || response.getStatus() == 401) {
                throw new InvalidCredentialsException();
            }
            JsonNode body = ok(response, "log in");
            return new Tokens(body.path("access_token").asText(), "Bearer", body.path("expires_in").asLong(),
                    body.path("refresh_token").asText(null), body.path("refresh_expires_in").asLong());
        });
    }

    /**
     * Makes the account, then the patient record under the id the account names; an account whose record could
     * not be made is removed again, so no account points at nothing.
     */
    public Uni<Registered> register(Registration registration, Origin origin) {
        if (registrationSecret.isBlank()) {
            return Uni.createFrom().failure(new IdentityUnavailableException(
                    "Self-registration is not configured here (CLINIC_OIDC_REGISTRATION_SECRET).", null));
        }
        String patientId = UUID.randomUUID().toString();
        PatientChange given = registration.patient();
        PatientChange change = new PatientChange(patientId, given.name(), given.email(), given.phone(),
                given.notifyEmail(), given.notifySms(), given.dateOfBirth(), given.given());
        return serviceToken().chain(token -> call(provider.createUser(realm, "Bearer " + token,
                account(registration, patientId))).map(response -> accountId(response))
                .chain(accountId -> patients.create(change, accountId, origin)
                        .onFailure().call(failure -> removeAccount(token, accountId))))
                .map(patient -> new Registered(patient, registration.username()));
    }

    private Map<String, Object> account(Registration registration, String patientId) {
        String name = registration.patient().name();
        int space = name.lastIndexOf(' ');
        // In /patients: the only accounts the registration client may make, find and remove (keycloak/permissions.sh).
        return Map.of("username", registration.username(), "email", registration.patient().email(),
                "enabled", true, "emailVerified", false, "groups", List.of(PATIENTS_GROUP),
                "firstName", space < 0 ? name : name.substring(0, space),
                "lastName", space < 0 ? "" : name.substring(space + 1),
                "attributes", Map.of(PATIENT_ATTRIBUTE, List.of(patientId)),
                "credentials", List.of(Map.of("type", "password", "value", registration.password(),
                        "temporary", false)));
    }

    private String accountId(Response response) {
        int status = response.getStatus();
        if (status == 409) {
            throw new AccountExistsException();
        }
        if (status == 400) {
            JsonNode body = response.hasEntity() ? response.readEntity(JsonNode.class) : null;
            String error = body == null ? "" : body.path("errorMessage").asText(body.path("error").asText(""));
            if (error.toLowerCase().contains("password")) {
                throw new PasswordRefusedException(passwordRule(error));
            }
            throw new IdentityUnavailableException("The identity provider refused the account: " + error, null);
        }
        if (status != 201 || response.getLocation() == null) {
            throw new IdentityUnavailableException("The identity provider answered " + status
                    + " to a new account", null);
        }
        String location = response.getLocation().getPath();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String passwordRule(String error) {
        if (error.contains("MinLength") || error.contains("length")) {
            return "must be at least 10 characters long";
        }
        if (error.contains("NotUsername")) {
            return "must not be the username";
        }
        if (error.contains("NotEmail")) {
            return "must not be the e-mail address";
        }
        return "does not meet the password policy";
    }

    /**
     * Removes the account a patient registered with: part of their erasure. The registration client may remove the
     * accounts of self-registered patients only (the /patients group, keycloak/permissions.sh); an account an
     * administrator linked to a record by hand is theirs to remove. Without registration configured here there is
     * no account this service made.
     */
    public Uni<Void> removeAccount(String accountId) {
        if (registrationSecret.isBlank() || accountId == null) {
            return Uni.createFrom().voidItem();
        }
        return serviceToken().chain(token -> call(provider.deleteUser(realm, accountId, "Bearer " + token)))
                .invoke(response -> {
                    if (response.getStatus() >= 300 && response.getStatus() != 404) {
                        throw new IdentityUnavailableException("The identity provider answered "
                                + response.getStatus() + " when asked to remove an account", null);
                    }
                }).replaceWithVoid();
    }

    /** The login events (successes and failures) of an account, newest first. */
    public Uni<List<LoginEvent>> loginsOf(String accountId, int max) {
        if (registrationSecret.isBlank() || accountId == null) {
            return Uni.createFrom().item(List.of());
        }
        return serviceToken().chain(token -> call(provider.events(realm, accountId, List.of("LOGIN", "LOGIN_ERROR"),
                max, "Bearer " + token))).map(response -> {
                    List<LoginEvent> events = new java.util.ArrayList<>();
                    for (JsonNode event : ok(response, "read login events")) {
                        events.add(new LoginEvent(java.time.Instant.ofEpochMilli(event.path("time").asLong()),
                                accountId, "LOGIN".equals(event.path("type").asText()),
                                event.path("error").asText(null)));
                    }
                    return events;
                });
    }

    /** A login at the identity provider: when, which account, whether it succeeded (else why not). */
    public record LoginEvent(java.time.Instant at, String accountId, boolean succeeded, String error) {
    }

    private Uni<Void> removeAccount(String token, String accountId) {
        return call(provider.deleteUser(realm, accountId, "Bearer " + token)).invoke(response -> {
            if (response.getStatus() >= 300) {
                Log.errorf("An account made for a registration that failed could not be removed (%d): remove"
                        + " account %s in the identity provider", response.getStatus(), accountId);
            }
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<String> serviceToken() {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("grant_type", "client_credentials");
        form.putSingle("client_id", registrationClient);
        form.putSingle("client_secret", registrationSecret);
        return call(provider.token(realm, form)).map(response -> ok(response, "register")
                .path("access_token").asText());
    }

    private static JsonNode ok(Response response, String what) {
        if (response.getStatus() != 200) {
            throw new IdentityUnavailableException("The identity provider answered " + response.getStatus()
                    + " when asked to " + what, null);
        }
        return response.readEntity(JsonNode.class);
    }

    private Uni<Response> call(Uni<Response> request) {
        return request.ifNoItem().after(timeout).failWith(() -> new IdentityUnavailableException(
                "The identity provider did not answer in time", null))
                .onFailure(failure -> !(failure instanceof IdentityUnavailableException))
                .transform(failure -> new IdentityUnavailableException("The identity provider cannot be reached",
                        failure));
    }
}
