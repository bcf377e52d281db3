package clinic.http.testing;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Bearer tokens shaped as the clinic's Keycloak realm issues them (roles under {@code realm_access.roles}, the
 * {@code patient_id} / {@code doctor_id} claims, audience {@code clinic-api}), signed with a key only the tests
 * have; the services' test profile trusts its public half. Also the forgeries a service must refuse.
 */
public final class Tokens {

    public static final String ISSUER = "https://identity.clinic.test/realms/clinic";
    public static final String AUDIENCE = "clinic-api";
    private static final PrivateKey KEY = key("clinic/http/testing/test-signing-key.pem");
    private static final PrivateKey STRANGER_KEY = key("clinic/http/testing/stranger-signing-key.pem");

    private Tokens() {
    }

    public static String admin() {
        return sign(claims("admin-1", "admin"));
    }

    public static String staff() {
        return sign(claims("staff-1", "staff"));
    }

    /** A patient whose account is linked to this patient record. */
    public static String patient(String patientId) {
        return sign(claims("account-" + patientId, "patient").claim("patient_id", patientId));
    }

    /** A doctor whose account is linked to this doctor record. */
    public static String doctor(String doctorId) {
        return sign(claims("account-" + doctorId, "doctor").claim("doctor_id", doctorId));
    }

    /**
     * A SMART app's token: the role's (a patient's linked to {@code patientId} when given) with {@code scopes} in
     * its scope claim, as the identity provider writes them.
     */
    public static String smartApp(String role, String patientId, String scopes) {
        var claims = claims(patientId == null ? role + "-app" : "account-" + patientId, role).claim("scope",
                "openid " + scopes);
        return sign(patientId == null ? claims : claims.claim("patient_id", patientId));
    }

    /** A valid token with no clinic role at all (e.g. a fresh account nobody has given a role yet). */
    public static String noRole() {
        return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("nobody").expiresIn(300));
    }

    public static String header(String token) {
        return "Bearer " + token;
    }

    /** The forged and unusable tokens every protected endpoint must answer 401. */
    public static Map<String, String> forgeries() {
        return Map.of(
                "expired", sign(claims("staff-1", "staff").issuedAt(now() - 900).expiresAt(now() - 600)),
                "signed by another key", claims("staff-1", "staff").jws().keyId("test").sign(STRANGER_KEY),
                "alg none", unsigned(claims("staff-1", "staff").jws().keyId("test").sign(KEY)),
                "another issuer", sign(Jwt.issuer("https://evil.example/realms/clinic").audience(AUDIENCE)
                        .subject("staff-1").claim("realm_access", Map.of("roles", List.of("staff")))
                        .expiresIn(300)),
                "another audience", sign(Jwt.issuer(ISSUER).audience("another-api").subject("staff-1")
                        .claim("realm_access", Map.of("roles", List.of("staff"))).expiresIn(300)),
                "payload altered after signing", tampered(sign(claims("patient-1", "patient")
                        .claim("patient_id", "patient-1"))),
                "not a JWT", "not-a-token");
    }

    private static JwtClaimsBuilder claims(String subject, String role) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).claim("preferred_username", subject)
                .claim("realm_access", Map.of("roles", List.of(role))).expiresIn(300);
    }

    private static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("test").sign(KEY);
    }

    /** The same claims with the header changed to {@code "alg": "none"} and no signature. */
    private static String unsigned(String token) {
        String[] parts = token.split("\\.");
        return base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    }

    /** A validly signed staff-less token whose payload now claims the staff role. */
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"patient\"", "\"staff\"");
        return parts[0] + "." + base64(payload) + "." + parts[2];
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static PrivateKey key(String resource) {
        try {
            return KeyUtils.readPrivateKey(resource);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the test signing key " + resource, e);
        }
    }
}
