package clinic.eventbus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

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

    /**
     * The insert of one outbox row with named parameters ({@link Row#bind}), for a caller that writes its change and
     * its event in one statement (a data-modifying {@code with}): one round trip instead of one per row.
     */
    public static final String INSERT_ROW = "insert into eventbus_outbox (id, subject, payload, about)"
            + " values (:outboxId, :outboxSubject, :outboxPayload, cast(:outboxAbout as text))";

    /**
     * Publishes again, soon, the events of {@code eventIds} that were published longer than {@code notWithin}
     * ago (a question nobody answered, say): their rows are marked unpublished for the relay. The number marked.
     */
    public Uni<Integer> publishAgain(List<UUID> eventIds, Duration notWithin) {
        return relay.publishAgain(eventIds, notWithin);
    }

    /** Adds the event to the current transaction; fails when called outside one. */
    public Uni<CloudEvent> enqueue(CloudEvent event) {
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.enqueue must run inside a transaction, so the event commits with its change"))
                .chain(tx -> Panache.getSession())
                .chain(session -> {
                    byte[] body = codec.serialize(event);
                    return row(event, body).bind(session.createNativeQuery(INSERT_ROW)).executeUpdate()
                            .invoke(() -> publishOnCommit(event, body));
                })
                .replaceWith(event);
    }

    /**
     * The event's outbox row, for the caller to insert with {@link #INSERT_ROW} in its own statement of a transaction
     * run through {@link Transactions} (refused outside one); once the transaction commits the event is published as
     * {@link #enqueue}'s are. Stage right before the statement runs: should it fail, the transaction rolls back and
     * the publication is dropped with it.
     */
    public Row stage(CloudEvent event) {
        if (!AfterCommit.isOpen()) {
            throw new IllegalStateException("Outbox.stage must run inside Transactions.withTransaction, so the event"
                    + " commits with its change and leaves once it did");
        }
        byte[] body = codec.serialize(event);
        publishOnCommit(event, body);
        return row(event, body);
    }

    private static Row row(CloudEvent event, byte[] body) {
        return new Row(UUID.fromString(event.getId()), event.getType(),
                new String(body, java.nio.charset.StandardCharsets.UTF_8), EventTimeline.about(event));
    }

    private void publishOnCommit(CloudEvent event, byte[] body) {
        AfterCommit.noteEvent(event);
        AfterCommit.registerOnce(Outbox.class, () -> new CommittedEvents(relay))
                .add(new OutboxRelay.Pending(UUID.fromString(event.getId()), event.getType(), body,
                        EventTracing.parent(event)));
    }

    /** One outbox row's values, bound to {@link #INSERT_ROW}'s parameters. */
    public record Row(UUID id, String subject, String payload, String about) {

        public <Q extends Mutiny.AbstractQuery> Q bind(Q query) {
            query.setParameter("outboxId", id);
            query.setParameter("outboxSubject", subject);
            query.setParameter("outboxPayload", payload);
            query.setParameter("outboxAbout", about);
            return query;
        }
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
