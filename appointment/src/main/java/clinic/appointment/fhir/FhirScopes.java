package clinic.appointment.fhir;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import clinic.http.Caller;
import clinic.http.ProblemException;
import clinic.http.SmartScopes;
import clinic.http.SmartScopes.Need;
import io.smallrye.mutiny.Uni;

/**
 * The FHIR API's side of {@link SmartScopes}: what each request needs (a type and an interaction), refused with
 * 403 when the token's SMART scopes do not grant it. The roles and the caller's scope are checked as well, as for
 * any token: a scope never reaches beyond the role.
 */
public class FhirScopes {

    /** The scopes the clinic's identity provider offers FHIR apps, as the SMART configuration lists them. */
    public static final List<String> OFFERED = List.of("patient/Appointment.crus", "patient/Appointment.rs",
            "patient/Patient.rs", "patient/Practitioner.rs", "patient/Schedule.rs", "patient/Slot.rs",
            "user/Appointment.crus", "user/Appointment.rs", "user/Patient.rs", "user/Practitioner.rs",
            "user/Schedule.rs", "user/Slot.rs");

    private final SmartScopes smart;
    private final Caller caller;

    public FhirScopes(SmartScopes smart, Caller caller) {
        this.smart = smart;
        this.caller = caller;
    }

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        Need need = need(request.getMethod(), request.getUriInfo().getPath());
        if (need == null) {
            return Uni.createFrom().nullItem();
        }
        return smart.scopes().map(scopes -> {
            // Without a token the roles answer 401.
            if (scopes != null && !SmartScopes.grants(scopes, need, caller.patientId().isPresent())) {
                throw ProblemException.forbidden("This token's SMART scopes do not allow " + verb(need.interaction())
                        + " " + need.type() + " (ask for user/" + need.type() + "." + need.interaction() + ", or"
                        + " patient/" + need.type() + "." + need.interaction() + " for a patient's own).");
            }
            return null;
        });
    }

    /** What a request to the FHIR API needs; null for what needs no scope (metadata, the SMART configuration). */
    static Need need(String method, String path) {
        if (!path.startsWith(FhirConventions.BASE + "/")) {
            return null;
        }
        String[] parts = path.substring(FhirConventions.BASE.length() + 1).split("/");
        if (parts.length == 0 || parts[0].isEmpty() || !Character.isUpperCase(parts[0].charAt(0))) {
            return null;
        }
        String type = parts[0];
        if (parts.length == 1) {
            return new Need(type, "POST".equals(method) ? 'c' : 's');
        }
        if (parts[1].equals("$find")) {
            return new Need(type, 's');
        }
        if (parts[1].equals("$book")) {
            return new Need(type, 'c');
        }
        return new Need(type, switch (method) {
            case "PUT", "PATCH" -> 'u';
            case "DELETE" -> 'd';
            default -> 'r';
        });
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
