package clinic.eventbus;

import java.util.List;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * Work that joins every transaction run through {@link Transactions} at its end, inside it, just before the
 * commit: what it writes commits with the change or not at all (the audit log's row of a change, for one). A CDI
 * bean; it learns the events the transaction put in the outbox, and must be quick when it has nothing to do.
 */
public interface TransactionParticipant {

    /** Runs on the transaction's session after its work succeeded; a failure rolls the transaction back. */
    Uni<Void> beforeCommit(List<CloudEvent> events);
}
