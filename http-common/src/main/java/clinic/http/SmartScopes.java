package clinic.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * SMART on FHIR scopes ({@code patient/Appointment.rs}, {@code user/Slot.read}, ...), which the identity provider
 * writes into a FHIR app's token. Such a token is for the FHIR API alone, where it may do only what one of its
 * scopes grants; every other route of every service refuses it (403), so an app given a patient's appointments
 * to read cannot book through the REST API with the same token. A token without resource scopes (the clinic's own
 * applications) is bounded by its role alone. SMART v2 permissions ({@code cruds}) and v1 ({@code read},
 * {@code write}, {@code *}) are both read; {@code patient/} scopes grant only to an account linked to a patient,
 * {@code system/} scopes grant nothing here.
 */
public class SmartScopes {

    /** Where SMART scopes are answered. */
    public static final String FHIR_BASE = "/fhir/r4";
    private static final Pattern SCOPE = Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\."
            + "(\\*|read|write|c?r?u?d?s?)");
    /** Any scope of a SMART context, well formed or not: a token with one is an app's, narrowed to them. */
    private static final Pattern SMART_CONTEXT = Pattern.compile("(patient|user|system)/.*");

    /** What a FHIR request asks to do: a resource type and one of SMART's interactions (c, r, u, d, s). */
    public record Need(String type, char interaction) {
    }

    private final CurrentIdentityAssociation identities;

    public SmartScopes(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> onlyTheFhirApi(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals(FHIR_BASE) || path.startsWith(FHIR_BASE + "/")) {
            return Uni.createFrom().nullItem();
        }
        return scopes().map(scopes -> {
            if (scopes != null && carriesResourceScopes(scopes)) {
                throw ProblemException.forbidden("This token is a SMART app's: it is for the FHIR API under "
                        + FHIR_BASE + "/ only.");
            }
            return null;
        });
    }

    /**
     * The token's scope claim; null for a request without a valid token (which the endpoint's own security then
     * answers: 401 where a role is needed, nothing where none is).
     */
    public Uni<String> scopes() {
        return identities.getDeferredIdentity().onFailure().recoverWithNull().map(identity -> {
            if (identity == null || identity.isAnonymous()
                    || !(identity.getPrincipal() instanceof JsonWebToken token)) {
                return null;
            }
            Object scope = token.getClaim("scope");
            return scope == null ? "" : scope instanceof jakarta.json.JsonString json ? json.getString()
                    : scope.toString();
        });
    }

    public static boolean carriesResourceScopes(String scopes) {
        for (String scope : scopes.trim().split("\\s+")) {
            if (SMART_CONTEXT.matcher(scope).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the token's scopes allow what is needed: yes when it carries no resource scope at all, else when
     * one of them grants it.
     */
    public static boolean grants(String scopes, Need need, boolean linkedToPatient) {
        for (String scope : scopes.trim().split("\\s+")) {
            Matcher matcher = SCOPE.matcher(scope);
            if (!matcher.matches()) {
                continue;
            }
            boolean context = matcher.group(1).equals("user")
                    || (matcher.group(1).equals("patient") && linkedToPatient);
            boolean type = matcher.group(2).equals("*") || matcher.group(2).equals(need.type());
            if (context && type && allows(matcher.group(3), need.interaction())) {
                return true;
            }
        }
        return !carriesResourceScopes(scopes);
    }

    private static boolean allows(String permissions, char interaction) {
        return switch (permissions) {
            case "*" -> true;
            case "read" -> interaction == 'r' || interaction == 's';
            case "write" -> interaction == 'c' || interaction == 'u' || interaction == 'd';
            default -> permissions.indexOf(interaction) >= 0;
        };
    }
}
