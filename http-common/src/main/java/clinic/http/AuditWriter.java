package clinic.http;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * Writes what a request noted in its {@link Audit} to the audit log, with the answer's status, before the answer
 * leaves: an answer whose access could not be recorded is not given (503 instead), so no patient data is shown
 * or changed unrecorded. (A change is committed by then: the client's retry finds it done, or it is replayed.)
 */
public class AuditWriter {

    @Inject
    Audit audit;
    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    AuditLog log;

    @ServerResponseFilter
    public Uni<Void> write(ContainerResponseContext response) {
        List<Audit.Entry> entries = audit.entries();
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String requestId = RequestIds.current();
        // The identity was resolved before the resource ran; on an endpoint open to anyone it is anonymous.
        return identities.getDeferredIdentity().chain(identity -> insert(entries, Caller.subjectOf(identity),
                Caller.strongest(identity.getRoles()), requestId, response));
    }

    private Uni<Void> insert(List<Audit.Entry> entries, String subject, String role, String requestId,
            ContainerResponseContext response) {
        return log.append(entries, subject, role, requestId, response.getStatus())
                .onFailure().recoverWithItem(failure -> {
                    int status = response.getStatus();
                    if (status >= 500) {
                        // The request failed on its own (often for the same reason) and showed nothing.
                        Log.errorf("The audit log could not be written for a failed request (%d): %s", status,
                                failure.toString());
                        return null;
                    }
                    Log.errorf("The audit log could not be written; the answer (%d) is withheld: %s", status,
                            failure.toString());
                    response.setStatus(503);
                    response.setEntity(new Problem("about:blank", "Service unavailable", 503, "The access could not"
                            + " be recorded in the audit log, so it is not answered; nothing was shown. Try again"
                            + " in a few seconds.", null, null));
                    response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
                    response.getHeaders().putSingle("Retry-After", "5");
                    return null;
                });
    }
}
