package clinic.eventbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

import org.jboss.logging.MDC;

import clinic.eventbus.payload.DeadLetterData;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * One durable JetStream consumer feeding one {@link EventHandler}: the idempotent consumer.
 * <p>
 * jnats delivers on its own threads, where Hibernate Reactive cannot run: each message is read there and queued
 * in the {@linkplain Lane lane} of its aggregate, and the jnats thread is free again at once. Each lane handles
 * its messages in batches, one at a time, on Vert.x duplicated contexts marked safe of its own event loop, each
 * batch in one transaction ({@link #process(List)}); the lanes run in parallel. A semaphore caps the messages in flight
 * (matching the consumer's MaxAckPending); the jnats thread waits only when the cap is reached, which is the
 * backpressure. The event ids are recorded in the same transaction as the handler's effects, the acks follow
 * the commit, and a failure is redelivered after a growing delay. A failure that is the
 * event's own (not the database's) is, at MaxDeliver, copied to {@code deadletter.<service>} and the message
 * terminated so later events keep flowing. Events of types the handler does not {@linkplain EventHandler#handles handle} are acknowledged on the jnats thread.
 */
final class DurableConsumer {

    static final String CORRELATION_MDC_KEY = "correlationId";

    private final String service;
    private final EventHandler handler;
    private final String name;
    private final EventBusConfig.Consumer config;
    private final EventCodec codec;
    private final NatsPublisher publisher;
    private final Vertx vertx;
    private final EventTracing tracing;
    private final Semaphore inFlight;
    private final Lane[] lanes;
    private final Counter handled;
    private final Counter duplicates;
    private final Counter skipped;
    private final Counter retried;
    private final Counter waited;
    private final Counter postponed;
    private final Counter deadLettered;
    private final DistributionSummary batches;
    private final Counter split;
    private volatile MessageConsumer consumer;

    DurableConsumer(String service, EventHandler handler, EventBusConfig.Consumer config, EventCodec codec,
            NatsPublisher publisher, Vertx vertx, MeterRegistry registry, EventTracing tracing) {
        this.service = service;
        this.tracing = tracing;
        this.handler = handler;
        this.name = handler.stream().durableName(service);
        this.config = config;
        this.codec = codec;
        this.publisher = publisher;
        this.vertx = vertx;
        this.inFlight = new Semaphore(config.maxInFlight());
        this.lanes = new Lane[Math.max(1, config.lanes())];
        this.handled = counter(registry, "handled");
        this.duplicates = counter(registry, "duplicate");
        this.skipped = counter(registry, "skipped");
        this.retried = counter(registry, "retried");
        this.waited = counter(registry, "retried_transient");
        this.postponed = counter(registry, "postponed");
        this.deadLettered = counter(registry, "dead_lettered");
        this.batches = DistributionSummary.builder("clinic.eventbus.batch.size")
                .description("Messages handled together in one transaction").tag("consumer", name).register(registry);
        this.split = Counter.builder("clinic.eventbus.batch.split")
                .description("Batches that failed and were handled again message by message").tag("consumer", name)
                .register(registry);
    }

    private Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("clinic.eventbus.consumed").description("Messages taken from a durable consumer")
                .tag("consumer", name).tag("outcome", outcome).register(registry);
    }

    String name() {
        return name;
    }

    ConsumerConfiguration configuration() {
        return ConsumerConfiguration.builder()
                .durable(name)
                .filterSubject(handler.filterSubject())
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(config.ackWait())
                // Redelivery is bounded by this class (dead letter at maxDeliver), not by the server, so a
                // message whose last attempt timed out is never dropped silently.
                .maxDeliver(-1)
                .maxAckPending(config.maxInFlight())
                .build();
    }

    synchronized void start(Connection connection) throws IOException, JetStreamApiException {
        if (consumer != null) {
            return;
        }
        for (int i = 0; i < lanes.length; i++) {
            if (lanes[i] == null) {
                // A context of its own, on the next event loop: the lanes' batches run in parallel.
                lanes[i] = new Lane(((VertxInternal) vertx).createEventLoopContext());
            }
        }
        ConsumerContext context = connection.getStreamContext(handler.stream().name())
                .createOrUpdateConsumer(configuration());
        // A short pull expiry keeps the heartbeat check quick, so a lost pull is noticed in seconds.
        ConsumeOptions options = ConsumeOptions.builder().batchSize(config.maxInFlight()).expiresIn(10_000).build();
        consumer = context.consume(options, this::onMessage);
        Log.infof("Consuming %s as %s (filter %s)", handler.stream(), name, handler.filterSubject());
    }

    /** After a reconnect the server may have lost the pull request (or the consumer, with its store): start over. */
    synchronized void restart(Connection connection) throws IOException, JetStreamApiException {
        stop();
        start(connection);
    }

    synchronized void stop() {
        if (consumer != null) {
            consumer.stop();
            consumer = null;
        }
    }

    /** Called on a jnats thread. */
    private void onMessage(Message message) throws InterruptedException {
        if (!handler.handles(message.getSubject())) {
            // Nothing to record: acknowledged here, without a trip to a Vert.x context.
            skipped.increment();
            message.ack();
            return;
        }
        Received received;
        try {
            received = new Received(message, codec.parse(message.getData()), null);
        } catch (IllegalArgumentException e) {
            received = new Received(message, null, e);
        }
        inFlight.acquire();
        lanes[received.lane(lanes.length)].add(received);
    }

    /**
     * A queue of received messages handled in batches on one event loop, one batch at a time: every message that
     * has arrived is one batch and, once it is handled, the next, until none waits. Nothing waits for a batch to
     * fill: an idle lane handles each message as it comes, a busy one what piled up while the last batch ran, so
     * the batches grow with the load.
     */
    private final class Lane {

        private final Queue<Received> arrived = new ConcurrentLinkedQueue<>();
        private final SerialRounds rounds;

        Lane(Context root) {
            this.rounds = new SerialRounds(name + " lane", root, this::drain);
        }

        void add(Received received) {
            arrived.add(received);
            rounds.kick();
        }

        private Uni<Void> drain() {
            List<Received> batch = new ArrayList<>();
            Received next;
            while (batch.size() < config.maxInFlight() && (next = arrived.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            batches.record(batch.size());
            return process(batch)
                    .onFailure().invoke(failure -> Log.errorf(failure, "%s: unexpected failure handling a batch of %d"
                            + " messages", name, batch.size()))
                    .onFailure().recoverWithNull()
                    .eventually(() -> inFlight.release(batch.size()))
                    .chain(this::drain);
        }
    }

    /**
     * A batch in one transaction: one inbox statement for all of its events, the handler applied to each in
     * stream order, every message acknowledged after the commit. When anything in it fails, nothing of it
     * stays, and each message is handled again alone, so the failure is the failing event's own and follows
     * the rules for one message (retry, wait, dead letter) while the others go through.
     */
    private Uni<Void> process(List<Received> batch) {
        List<Received> events = new ArrayList<>(batch.size());
        Uni<Void> unreadable = Uni.createFrom().voidItem();
        for (Received received : batch) {
            if (received.event() == null) {
                // No redelivery can make an unreadable message readable.
                unreadable = unreadable.chain(() -> deadLetter(received.message(), null, received.unreadable()));
            } else {
                events.add(received);
            }
        }
        if (events.size() <= 1) {
            return unreadable.chain(() -> events.isEmpty() ? Uni.createFrom().voidItem()
                    : process(events.get(0).message(), events.get(0).event()));
        }
        List<CloudEvent> read = events.stream().map(Received::event).toList();
        return unreadable.chain(() -> Transactions.withTransaction(() -> Inbox.recordFirstDeliveries(name, read)
                .chain(first -> applyInOrder(events, first)))
                .invoke(() -> events.forEach(received -> received.message().ack()))
                .onFailure().recoverWithUni(failure -> {
                    if (DatabaseErrors.isTransient(failure)) {
                        // The database, not an event: one by one, each would only fail the same way.
                        Uni<Void> waiting = Uni.createFrom().voidItem();
                        for (Received received : events) {
                            waiting = waiting.chain(() -> onFailure(received.message(), received.event(), failure));
                        }
                        return waiting;
                    }
                    Log.debugf("%s: a batch of %d events failed (%s); handling each alone", name, events.size(),
                            failure.toString());
                    split.increment();
                    Uni<Void> alone = Uni.createFrom().voidItem();
                    for (Received received : events) {
                        alone = alone.chain(() -> process(received.message(), received.event()));
                    }
                    return alone;
                }));
    }

    private Uni<Void> applyInOrder(List<Received> events, Set<String> firstDeliveries) {
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (Received received : events) {
            CloudEvent event = received.event();
            applied = applied.chain(() -> {
                // remove: an event delivered twice within the batch is applied once.
                if (!firstDeliveries.remove(event.getId())) {
                    duplicates.increment();
                    return Uni.createFrom().voidItem();
                }
                MDC.put(CORRELATION_MDC_KEY, EventCodec.correlationId(event));
                return handleTraced(event);
            });
        }
        return applied;
    }

    /** The handler applied to one event, in a span continuing the event's trace. */
    private Uni<Void> handleTraced(CloudEvent event) {
        return tracing.consume(event, name, () -> handler.handle(event)
                .invoke(() -> Log.debugf("%s: handled %s %s", name, event.getType(), event.getId())))
                .invoke(() -> handled.increment());
    }

    private Uni<Void> process(Message message, CloudEvent event) {
        MDC.put(CORRELATION_MDC_KEY, EventCodec.correlationId(event));
        return Transactions.withTransaction(() -> Inbox.recordFirstDelivery(name, event)
                .chain(first -> {
                    if (!first) {
                        duplicates.increment();
                        Log.debugf("%s: event %s was processed before; acknowledging", name, event.getId());
                        return Uni.createFrom().voidItem();
                    }
                    return handleTraced(event);
                }))
                .invoke(message::ack)
                .onFailure().recoverWithUni(failure -> onFailure(message, event, failure));
    }

    /** A message as taken from the server: its event, or why it could not be read. */
    private record Received(Message message, CloudEvent event, IllegalArgumentException unreadable) {

        /** The events of one aggregate (the CloudEvents subject) share a lane; unreadable ones go to the first. */
        int lane(int lanes) {
            return event == null || event.getSubject() == null ? 0 : Math.floorMod(event.getSubject().hashCode(), lanes);
        }
    }

    /**
     * A failure of the database (down, refusing, restarting, a lost race) says nothing about the event: it is
     * retried, with the delay capped, for as long as the outage lasts, and never dead-lettered. Any other
     * failure is the event's own (a rule it can never pass): after MaxDeliver it goes to the dead letter. A
     * handler that waits for another event ({@link RetryLaterException}) bounds its wait itself.
     */
    private Uni<Void> onFailure(Message message, CloudEvent event, Throwable failure) {
        long delivered = message.metaData().deliveredCount();
        if (failure instanceof RetryLaterException) {
            Log.debugf("%s: %s %s waits (delivery %d): %s", name, event.getType(), event.getId(), delivered,
                    failure.getMessage());
            postponed.increment();
            message.nakWithDelay(Backoff.after(delivered, config.backoffInitial(), config.backoffMax()));
            return Uni.createFrom().voidItem();
        }
        boolean passes = DatabaseErrors.isTransient(failure);
        if (!passes && delivered >= config.maxDeliver()) {
            return deadLetter(message, event, failure);
        }
        var delay = Backoff.after(delivered, config.backoffInitial(), config.backoffMax());
        if (passes) {
            Log.warnf("%s: %s %s failed on delivery %d, the database being unavailable (%s); retrying in %s",
                    name, event.getType(), event.getId(), delivered, failure.toString(), delay);
            waited.increment();
        } else {
            Log.warnf("%s: %s %s failed on delivery %d of %d (%s); retrying in %s", name, event.getType(),
                    event.getId(), delivered, config.maxDeliver(), failure.toString(), delay);
            retried.increment();
        }
        message.nakWithDelay(delay);
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> deadLetter(Message message, CloudEvent event, Throwable failure) {
        var meta = message.metaData();
        String original = new String(message.getData(), StandardCharsets.UTF_8);
        DeadLetterData data = new DeadLetterData(name, message.getSubject(), event == null ? null : event.getId(),
                meta.streamSequence(), meta.deliveredCount(), failure.toString(), original);
        String subject = Subjects.deadLetter(service);
        String aggregate = event == null ? name + ":" + meta.streamSequence() : event.getSubject();
        CloudEvent letter = codec.create(subject, aggregate, data,
                event == null ? Origin.service() : Origin.causedBy(event));
        // The id is derived from the stream position, so a repeated dead-lettering is dropped as a duplicate.
        String messageId = name + "-" + meta.streamSequence();
        // JetStream answers on a jnats thread: what follows (the rest of a batch) goes on on this context.
        return publisher.publish(subject, messageId, null, codec.serialize(letter))
                .emitOn(SafeContexts.on(Vertx.currentContext()))
                .invoke(ack -> {
                    Log.errorf("%s: gave up on %s (stream sequence %d) after %d deliveries: %s; copied to %s", name,
                            message.getSubject(), meta.streamSequence(), meta.deliveredCount(), failure.toString(),
                            subject);
                    deadLettered.increment();
                    message.term();
                })
                .onFailure().recoverWithItem(publishFailure -> {
                    Log.warnf("%s: could not dead-letter stream sequence %d (%s); it will be redelivered", name,
                            meta.streamSequence(), publishFailure.toString());
                    message.nakWithDelay(config.backoffMax());
                    return null;
                })
                .replaceWithVoid();
    }
}
