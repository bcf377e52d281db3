package clinic.http;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import clinic.eventbus.Origin;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, from their verified token: the subject, the strongest role, and for a patient or a doctor the
 * record their account is linked to (the {@code patient_id} and {@code doctor_id} claims). Read only on endpoints
 * that require a role, so the token has been verified by then.
 */
@RequestScoped
public class Caller {

    public static final String PATIENT_CLAIM = "patient_id";
    public static final String DOCTOR_CLAIM = "doctor_id";

    @Inject
    JsonWebToken token;

    /** The strongest role the token carries; null for none. */
    public String role() {
        return strongest(token.getGroups());
    }

    /** The strongest clinic role among these; null for none. */
    static String strongest(Set<String> roles) {
        for (String role : new String[] { Roles.ADMIN, Roles.STAFF, Roles.DOCTOR, Roles.PATIENT }) {
            if (roles.contains(role)) {
                return role;
            }
        }
        return null;
    }

    /** Who an identity is: its token's subject; null for an anonymous caller. */
    static String subjectOf(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            return null;
        }
        return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null ? jwt.getSubject()
                : identity.getPrincipal().getName();
    }

    /**
     * Whose records an identity may see, for a route open to anonymous callers (where the identity is resolved by
     * the route, not before it): as {@link #scope()}; empty for an identity with no clinic role.
     */
    public static Optional<Scope> scopeOf(SecurityIdentity identity) {
        String role = strongest(identity.getRoles());
        if (role == null) {
            return Optional.empty();
        }
        JsonWebToken jwt = identity.getPrincipal() instanceof JsonWebToken token ? token : null;
        if (Roles.PATIENT.equals(role)) {
            return Optional.of(new Scope(jwt == null ? "" : claim(jwt, PATIENT_CLAIM).orElse(""), null));
        }
        if (Roles.DOCTOR.equals(role)) {
            return Optional.of(new Scope(null, jwt == null ? "" : claim(jwt, DOCTOR_CLAIM).orElse("")));
        }
        return Optional.of(Scope.EVERYONE);
    }

    /** The token's subject: who the caller is, whatever their role; empty for a token without one. */
    public String subject() {
        return token.getSubject() == null ? "" : token.getSubject();
    }

    /**
     * Where the events this request causes come from: its {@code X-Request-Id}, this caller (nobody when
     * anonymous: the service acts then) and its span.
     */
    public Origin origin() {
        String subject = token.getSubject() != null ? token.getSubject() : token.getName();
        return Origin.request(RequestIds.current(), subject == null || subject.isEmpty() ? null : subject);
    }

    public boolean is(String role) {
        return role.equals(role());
    }

    public Optional<String> patientId() {
        return claim(PATIENT_CLAIM);
    }

    public Optional<String> doctorId() {
        return claim(DOCTOR_CLAIM);
    }

    /**
     * Whose records this caller may see. A patient or doctor account not (yet) linked to a record sees nothing:
     * the empty id matches no record.
     */
    public Scope scope() {
        String role = role();
        if (Roles.PATIENT.equals(role)) {
            return new Scope(patientId().orElse(""), null);
        }
        if (Roles.DOCTOR.equals(role)) {
            return new Scope(null, doctorId().orElse(""));
        }
        return Scope.EVERYONE;
    }

    private Optional<String> claim(String name) {
        return claim(token, name);
    }

    private static Optional<String> claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return Optional.empty();
        }
        String text = value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
