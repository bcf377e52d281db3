package clinic.appointment.fhir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /fhir/r4/.well-known/smart-configuration}: how a SMART on FHIR app finds the clinic's identity
 * provider (OpenID Connect, authorization code with PKCE) and the scopes it may ask for ({@link FhirScopes}).
 * Open without a token, as discovery comes before login.
 */
@Path(FhirConventions.BASE + "/.well-known/smart-configuration")
public class SmartConfigurationResource {

    private final String issuer;

    public SmartConfigurationResource(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.issuer = issuer;
    }

    @GET
    @PermitAll
    @Operation(hidden = true)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> configuration() {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("issuer", issuer);
        configuration.put("jwks_uri", issuer + "/protocol/openid-connect/certs");
        configuration.put("authorization_endpoint", issuer + "/protocol/openid-connect/auth");
        configuration.put("token_endpoint", issuer + "/protocol/openid-connect/token");
        configuration.put("grant_types_supported", List.of("authorization_code"));
        configuration.put("token_endpoint_auth_methods_supported", List.of("none"));
        configuration.put("response_types_supported", List.of("code"));
        configuration.put("code_challenge_methods_supported", List.of("S256"));
        configuration.put("scopes_supported", scopes());
        configuration.put("capabilities", List.of("launch-standalone", "client-public", "permission-v2",
                "permission-patient", "permission-user"));
        return configuration;
    }

    private static List<String> scopes() {
        List<String> scopes = new java.util.ArrayList<>(List.of("openid"));
        scopes.addAll(FhirScopes.OFFERED);
        return scopes;
    }
}
