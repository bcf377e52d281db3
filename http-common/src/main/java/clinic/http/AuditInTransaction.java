package clinic.http;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clinic.eventbus.EventBusConfig;
import clinic.eventbus.TransactionParticipant;
import io.cloudevents.CloudEvent;
import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * Writes a request's changes to the audit log inside the transaction that makes them, so a change never commits
 * without its row (a process dying between the two could leave one unrecorded). A change is what put an event in
 * the outbox: the event names the record (its CloudEvents subject) and the patient ({@code patient_id} of its data)
 * where the request did not know them yet, e.g. the id of a booking just made. The row's outcome is the change's
 * own (201 for a record made, 200 for one changed, or what the resource said it answers); the answer is not written
 * again. A transaction outside a request (a consumer, a timer) writes nothing.
 */
@ApplicationScoped
// Found by lookup (Transactions, AuditTrail), not injected: Quarkus must keep it.
@Unremovable
public class AuditInTransaction implements TransactionParticipant {

    private final CurrentIdentityAssociation identities;
    private final ObjectMapper mapper;
    private final String service;

    public AuditInTransaction(CurrentIdentityAssociation identities, ObjectMapper mapper, EventBusConfig config) {
        this.identities = identities;
        this.mapper = mapper;
        this.service = config.service();
    }

    @Override
    public Uni<Void> beforeCommit(List<CloudEvent> events) {
        if (events.isEmpty() || !Arc.container().requestContext().isActive()) {
            return Uni.createFrom().voidItem();
        }
        Audit audit = Arc.container().instance(Audit.class).get();
        List<Audit.Entry> changes = audit.unrecordedChanges();
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        CloudEvent first = events.get(0);
        for (Audit.Entry change : changes) {
            if (change.resourceId == null) {
                change.id(first.getSubject());
            }
            if (change.patientId == null) {
                change.patient(patientOf(first));
            }
        }
        String requestId = RequestIds.current();
        return identities.getDeferredIdentity().chain(identity -> {
            String subject = Caller.subjectOf(identity);
            String role = Caller.strongest(identity.getRoles());
            return Panache.getSession().chain(session -> {
                Uni<Integer> chain = Uni.createFrom().item(0);
                for (Audit.Entry change : changes) {
                    chain = chain.chain(() -> session.createNativeQuery(AuditLog.INSERT_NAMED)
                            .setParameter("service", service).setParameter("subject", subject)
                            .setParameter("role", role).setParameter("action", change.action)
                            .setParameter("resource", change.resource).setParameter("resourceId", change.resourceId)
                            .setParameter("patientId", change.patientId).setParameter("requestId", requestId)
                            .setParameter("outcome", change.successStatus())
                            .executeUpdate());
                }
                return chain;
            });
        }).onFailure(failure -> !clinic.eventbus.DatabaseErrors.isTransient(failure))
                .transform(failure -> new UnrecordedChangeException(failure))
                .invoke(() -> clinic.eventbus.AfterCommit.register(changes, () -> changes.forEach(change ->
                        change.recorded = true))).replaceWithVoid();
    }

    /** The change's row could not be written: the change is rolled back with it, and answered 503. */
    public static class UnrecordedChangeException extends RuntimeException {
        UnrecordedChangeException(Throwable cause) {
            super("The change could not be recorded in the audit log, so it was not made; nothing changed. Try"
                    + " again in a few seconds.", cause);
        }
    }

    /** The patient an event is about: {@code patient_id} of its data, if it has one. */
    private String patientOf(CloudEvent event) {
        if (event.getData() == null) {
            return null;
        }
        try {
            JsonNode data = mapper.readTree(event.getData().toBytes());
            JsonNode patient = data.get("patient_id");
            return patient == null || !patient.isTextual() ? null : patient.asText();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
