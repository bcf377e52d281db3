package clinic.eventbus;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes events into the transactional outbox. The row joins the caller's Hibernate Reactive transaction, so
 * the event exists exactly when the state change it describes was committed; once it is, the events of the
 * transaction are published at once from memory (see {@link AfterCommit}, {@link OutboxRelay#publishCommitted})
 * and their rows marked. Run the transaction through {@link Transactions}; otherwise, or if that publication
 * fails (NATS down, the process dies), the relay's sweep publishes the row a little later.
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
        byte[] body = codec.serialize(event);
        String payload = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.enqueue must run inside a transaction, so the event commits with its change"))
                .chain(tx -> Panache.getSession())
                .chain(session -> session.createNativeQuery(
                        "insert into eventbus_outbox (id, subject, payload, about)"
                                + " values (:id, :subject, :payload, cast(:about as text))")
                        .setParameter("id", UUID.fromString(event.getId()))
                        .setParameter("subject", event.getType())
                        .setParameter("payload", payload)
                        .setParameter("about", EventTimeline.about(event))
                        .executeUpdate())
                .invoke(() -> {
                    AfterCommit.noteEvent(event);
                    AfterCommit.registerOnce(Outbox.class, () -> new CommittedEvents(relay))
                            .add(new OutboxRelay.Pending(UUID.fromString(event.getId()), event.getType(), body,
                                    EventTracing.parent(event)));
                })
                .replaceWith(event);
    }

    /** The events one transaction wrote, handed to the relay once it committed. */
    private static final class CommittedEvents implements Runnable {

        private final OutboxRelay relay;
        private final List<OutboxRelay.Pending> events = new ArrayList<>();

        CommittedEvents(OutboxRelay relay) {
            this.relay = relay;
        }

        void add(OutboxRelay.Pending event) {
            events.add(event);
        }

        @Override
        public void run() {
            relay.publishCommitted(events);
        }
    }
}
