package clinic.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

/**
 * The test run's Keycloak (started for the run by scripts/test-environment.sh with the clinic realm, see
 * scripts/keycloak.sh): the issuer the services trust, and access tokens of its demo users by the password grant,
 * renewed before they expire.
 */
final class Identity {

    private static final Logger LOG = Logger.getLogger(Identity.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private record Token(String value, Instant renewAfter) {
    }

    private Identity() {
    }

    static String url() {
        String url = System.getenv("CLINIC_TEST_KEYCLOAK_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("No test Keycloak: run the system tests with mvn verify or ./clinic test,"
                    + " whose test environment starts one (CLINIC_TEST_KEYCLOAK_URL)");
        }
        return url;
    }

    static String issuer() {
        return url() + "/realms/clinic";
    }

    /** The environment that makes a service trust the test Keycloak. */
    static Map<String, String> serviceEnvironment(String service) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("CLINIC_OIDC_ISSUER", issuer(),
                "CLINIC_OIDC_JWKS_URL", issuer() + "/protocol/openid-connect/certs",
                "CLINIC_OIDC_URL", url()));
        if (service.equals("patient-contact")) {
            // Registration is patient-contact's: no other service holds the registration client's secret.
            env.put("CLINIC_OIDC_REGISTRATION_SECRET", System.getenv().getOrDefault(
                    "CLINIC_TEST_KEYCLOAK_REGISTRATION_SECRET", ""));
        }
        return env;
    }

    /** Whether the test environment has set the realm's admin permissions up (it marks that with a file). */
    private static boolean configured() {
        String marker = System.getenv("CLINIC_TEST_KEYCLOAK_READY_FILE");
        return marker == null || java.nio.file.Files.exists(java.nio.file.Path.of(marker));
    }

    /** Waits until the realm answers: Keycloak starts while the modules' tests run. */
    static void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Instant started = Instant.now();
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        while (true) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200 && configured()) {
                    LOG.infof("Keycloak ready (waited %d ms)", Duration.between(started, Instant.now()).toMillis());
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The test Keycloak at " + url() + " did not answer within " + timeout);
            }
            Thread.sleep(500);
        }
    }

    /** "Bearer <token>" of a demo user: admin, staff, doctor (doctor-456) or patient (patient-123). */
    static String bearer(String user) {
        return "Bearer " + token(user);
    }

    /** The subject of a demo user's tokens: who the audit log and the events' actor name. */
    static String subject(String user) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token(user).split("\\.")[1]),
                StandardCharsets.UTF_8);
        Matcher subject = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"").matcher(payload);
        if (!subject.find()) {
            throw new IllegalStateException("A token of " + user + " without a subject");
        }
        return subject.group(1);
    }

    /** A new token of a demo user, asked for now (not a kept one): fails when Keycloak does not give one. */
    static String freshToken(String user) {
        Token token = login(user, System.getenv("CLINIC_TEST_KEYCLOAK_DEMO_PASSWORD"));
        TOKENS.put(user, token);
        return token.value();
    }

    static String token(String user) {
        Token token = TOKENS.get(user);
        if (token == null || Instant.now().isAfter(token.renewAfter())) {
            token = login(user, System.getenv("CLINIC_TEST_KEYCLOAK_DEMO_PASSWORD"));
            TOKENS.put(user, token);
        }
        return token.value();
    }

    /** A new token of a demo user narrowed to SMART on FHIR scopes, as a FHIR app's would be. */
    static String smartToken(String user, String scopes) {
        return login(user, System.getenv("CLINIC_TEST_KEYCLOAK_DEMO_PASSWORD"), scopes).value();
    }

    private static Token login(String user, String password) {
        return login(user, password, null);
    }

    private static Token login(String user, String password, String scopes) {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("grant_type", "password", "client_id",
                "clinic-web", "username", user, "password", password == null ? "" : password));
        if (scopes != null) {
            fields.put("scope", "openid " + scopes);
        }
        String form = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(issuer() + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            Matcher expires = EXPIRES_IN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find() || !expires.find()) {
                throw new IllegalStateException("Keycloak refused to log in " + user + ": " + response.statusCode());
            }
            // Renewed at half its life: a request that carries it never meets an expired token.
            long seconds = Long.parseLong(expires.group(1));
            return new Token(token.group(1), Instant.now().plusSeconds(seconds / 2));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak cannot be reached at " + url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
