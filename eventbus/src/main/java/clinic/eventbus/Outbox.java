package clinic.eventbus;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes events into the transactional outbox. The row joins the caller's Hibernate Reactive transaction, so
 * the event exists exactly when the state change it describes was committed; once it is, the
 * {@link OutboxRelay} of this process is woken (see {@link AfterCommit}) to publish it. Run the transaction
 * through {@link Transactions}; otherwise the relay's sweep publishes the row a little later.
 */
@ApplicationScoped
public class Outbox {

    private final EventCodec codec;
    private final OutboxRelay relay;

    public Outbox(EventCodec codec, OutboxRelay relay) {
        this.codec = codec;
        this.relay = relay;
    }

    /** Adds the event to the current transaction; fails when called outside one. */
    public Uni<CloudEvent> enqueue(CloudEvent event) {
        String payload = new String(codec.serialize(event), java.nio.charset.StandardCharsets.UTF_8);
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.enqueue must run inside a transaction, so the event commits with its change"))
                .chain(tx -> Panache.getSession())
                .chain(session -> session.createNativeQuery(
                        "insert into eventbus_outbox (id, subject, payload) values (:id, :subject, :payload)")
                        .setParameter("id", UUID.fromString(event.getId()))
                        .setParameter("subject", event.getType())
                        .setParameter("payload", payload)
                        .executeUpdate())
                .invoke(() -> AfterCommit.register(OutboxRelay.class, relay::kick))
                .replaceWith(event);
    }
}
