package clinic.http;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * SMART on FHIR scopes ({@code patient/Appointment.rs}, {@code user/Slot.read}, ...), which the identity provider
 * writes into a FHIR app's token. Such a token is for the FHIR API alone, where it may do only what one of its
 * scopes grants: for any other request its identity keeps no role, so every route that needs one answers 403 (an
 * app given a patient's appointments to read cannot book through the REST API with the same token). A token
 * without resource scopes (the clinic's own applications) is bounded by its role alone. Checked as the identity
 * is made, so no request does anything before. SMART v2 permissions ({@code cruds}) and v1 ({@code read},
 * {@code write}, {@code *}) are both read; {@code patient/} scopes grant only to an account linked to a patient,
 * {@code system/} scopes grant nothing here.
 */
@ApplicationScoped
public class SmartScopes implements SecurityIdentityAugmentor {

    /** Where SMART scopes are answered. */
    public static final String FHIR_BASE = "/fhir/r4";
    /** The identity's attribute that says why a SMART app's token was refused, for the 403's detail. */
    public static final String REFUSAL = "clinic.smart.refusal";
    private static final Pattern SCOPE = Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\."
            + "(\\*|read|write|c?r?u?d?s?)");
    /** Any scope of a SMART context, well formed or not: a token with one is an app's, narrowed to them. */
    private static final Pattern SMART_CONTEXT = Pattern.compile("(patient|user|system)/.*");

    /** What a FHIR request asks to do: a resource type and one of SMART's interactions (c, r, u, d, s). */
    public record Need(String type, char interaction) {
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
            Map<String, Object> attributes) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Object claim = token.getClaim("scope");
        String scopes = claim == null ? "" : claim instanceof jakarta.json.JsonString json ? json.getString()
                : claim.toString();
        RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        if (!carriesResourceScopes(scopes) || request == null) {
            return Uni.createFrom().item(identity);
        }
        String refusal = refusal(scopes, request.request().method().name(), request.normalizedPath(),
                token.getClaim(Caller.PATIENT_CLAIM) != null);
        if (refusal == null) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes())
                .addAttribute(REFUSAL, refusal).build());
    }

    /** Why a SMART app's token may not make this request; null when it may. */
    static String refusal(String scopes, String method, String path, boolean linkedToPatient) {
        if (!path.equals(FHIR_BASE) && !path.startsWith(FHIR_BASE + "/")) {
            return "This token is a SMART app's: it is for the FHIR API under " + FHIR_BASE + "/ only.";
        }
        Need need = need(method, path);
        if (need == null || grants(scopes, need, linkedToPatient)) {
            return null;
        }
        return "This token's SMART scopes do not allow " + verb(need.interaction()) + " " + need.type() + " (ask"
                + " for user/" + need.type() + "." + need.interaction() + ", or patient/" + need.type() + "."
                + need.interaction() + " for a patient's own).";
    }

    /** What a request to the FHIR API needs; null for what needs no scope (metadata, the SMART configuration). */
    public static Need need(String method, String path) {
        if (!path.startsWith(FHIR_BASE + "/")) {
            return null;
        }
        String[] parts = path.substring(FHIR_BASE.length() + 1).split("/");
        if (parts.length == 0 || parts[0].isEmpty() || !Character.isUpperCase(parts[0].charAt(0))) {
            return null;
        }
        String type = parts[0];
        if (parts.length == 1) {
            return new Need(type, "POST".equals(method) ? 'c' : 's');
        }
        if (parts[1].equals("$find") || parts[1].equals("%24find")) {
            return new Need(type, 's');
        }
        if (parts[1].equals("$book") || parts[1].equals("%24book")) {
            return new Need(type, 'c');
        }
        return new Need(type, switch (method) {
            case "PUT", "PATCH" -> 'u';
            case "DELETE" -> 'd';
            default -> 'r';
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

    private static String verb(char interaction) {
        return switch (interaction) {
            case 'c' -> "creating";
            case 'u' -> "updating";
            case 'd' -> "deleting";
            case 's' -> "searching";
            default -> "reading";
        };
    }
}
