package clinic.http;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * A part of a patient's audit trail kept outside the services' audit logs, e.g. the identity provider's record of
 * their logins: a CDI bean in the service that serves {@code GET /audit}. Its records name it as their service; one
 * that cannot be read makes the trail incomplete (503), as a service that does not answer does.
 */
public interface AuditSource {

    /** What the trail calls it, e.g. {@code identity}. */
    String name();

    /** The patient's records, at most the newest {@code limit}. */
    Uni<List<AuditRecord>> recordsOf(String patientId, int limit);
}
