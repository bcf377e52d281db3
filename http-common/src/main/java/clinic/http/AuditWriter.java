package clinic.http;

import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Writes what a request noted in its {@link Audit} to the audit log, with the answer's status, before the answer
 * leaves: an answer whose access could not be recorded is not given (503 instead), so no patient data is shown
 * unrecorded. Changes are recorded by their own transactions ({@link AuditInTransaction}); what is left here are
 * reads, searches, and attempts that changed nothing. A verified caller refused by their role (403) is recorded
 * even though the resource never ran: who, their role, what they tried. A request without a valid token (401) has
 * no caller to record: it is counted ({@code clinic.http.unauthenticated}) and logged, not written per request.
 */
public class AuditWriter {

    @Inject
    Audit audit;
    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    AuditLog log;
    @Inject
    MeterRegistry registry;

    @ServerResponseFilter
    public Uni<Void> write(ContainerRequestContext request, ContainerResponseContext response,
            SimpleResourceInfo resource) {
        int status = response.getStatus();
        if (status == 401) {
            registry.counter("clinic.http.unauthenticated", "resource", resourceName(resource)).increment();
            Log.infof("401 for %s on %s: no valid token", request.getMethod(), resourceName(resource));
            return Uni.createFrom().voidItem();
        }
        List<Audit.Entry> entries = audit.unrecorded();
        if (entries.isEmpty() && status != 403) {
            return Uni.createFrom().voidItem();
        }
        String requestId = RequestIds.current();
        // The identity was resolved before the resource ran; on an endpoint open to anyone it is anonymous.
        return identities.getDeferredIdentity().chain(identity -> {
            List<Audit.Entry> rows = entries;
            if (rows.isEmpty()) {
                if (identity.isAnonymous()) {
                    return Uni.createFrom().voidItem();
                }
                // The record tried, by the path's {id} (never another parameter: a search's is an e-mail).
                rows = List.of(audit.access(actionOf(request.getMethod()), resourceName(resource),
                        request.getUriInfo().getPathParameters().getFirst("id"), null));
            }
            return insert(rows, identity, requestId, response);
        });
    }

    private Uni<Void> insert(List<Audit.Entry> entries, SecurityIdentity identity, String requestId,
            ContainerResponseContext response) {
        return log.append(entries, Caller.subjectOf(identity), Caller.strongest(identity.getRoles()), requestId,
                response.getStatus())
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

    /** What a refused request tried, by its method. */
    private static String actionOf(String method) {
        return switch (method) {
            case "POST" -> Audit.CREATE;
            case "PUT", "PATCH" -> Audit.UPDATE;
            case "DELETE" -> Audit.DELETE;
            default -> Audit.READ;
        };
    }

    /** The resource class, e.g. {@code patient} for PatientResource: never the path, which may hold an e-mail. */
    private static String resourceName(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return "unknown";
        }
        String name = resource.getResourceClass().getSimpleName().replace("Resource", "");
        return name.isEmpty() ? "unknown" : name.toLowerCase(Locale.ROOT);
    }
}
