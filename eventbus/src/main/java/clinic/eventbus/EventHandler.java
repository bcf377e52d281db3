package clinic.eventbus;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * What a service implements to consume a stream. The eventbus runs one durable consumer per handler, named
 * {@code <service>-<STREAM>}, and calls {@link #handle} inside the transaction that records the event as
 * processed: a handler sees each event once, may use Panache and the {@link Outbox} freely, and fails (with
 * any exception) to have the event redelivered with backoff.
 */
public interface EventHandler {

    /** The stream this handler consumes; a service has at most one handler per stream. */
    EventStream stream();

    /** One filter subject (NATS 2.9 honours only one); a wildcard when several subjects are wanted. */
    default String filterSubject() {
        return stream().wildcard();
    }

    /**
     * Whether events of this type concern the handler. The others are acknowledged as they arrive, unread and
     * with no transaction, inbox row or version recorded: a filter subject can name only one subject on NATS
     * 2.9, and most handlers want a few of a stream's types. Events are published on their type, so this is
     * asked with the message's subject.
     */
    default boolean handles(String type) {
        return true;
    }

    /** Applies the event; runs on a Vert.x context inside a transaction. */
    Uni<Void> handle(CloudEvent event);
}
