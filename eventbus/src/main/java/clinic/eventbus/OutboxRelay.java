package clinic.eventbus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes committed outbox rows. A transaction that wrote events hands them over once it committed
 * ({@link #publishCommitted}): they are published from memory at once and their rows marked in batches, so an
 * event costs no extra query before it leaves. Rows that publication missed (NATS down, the process died,
 * too many publications in flight) are taken by relay rounds, on a timer and on every (re)connect to NATS;
 * they claim rows with {@code FOR UPDATE SKIP LOCKED}, so replicas of a service share the work without
 * publishing a row twice, and publish them in commit order. A timer round takes only rows older than
 * {@code clinic.eventbus.outbox.sweep-after}, so it does not race publications in flight. After a
 * (re)connect, or once a publication failed or overflowed, the relay catches up: publication from memory
 * pauses, so no later event overtakes one left behind, and rounds take every unpublished row until one
 * drains the outbox. Rows are marked published only after JetStream acknowledged them, and kept for
 * {@code clinic.eventbus.outbox.retention} so they can be re-published after NATS lost its store. Should
 * both paths publish a row, JetStream drops the repeat by its message id.
 */
@ApplicationScoped
class OutboxRelay {

    private static final String CLAIM = "select id, subject, payload from eventbus_outbox where published_at is null"
            + " and created_at <= now() - make_interval(secs => $2) order by created_at, id limit $1"
            + " for update skip locked";
    /** Rows marked published per statement. */
    private static final int MARK_BATCH = 1000;
    /** Publications from memory in flight at most; beyond it the relay takes over (memory stays bounded). */
    private static final int MAX_IN_FLIGHT = 1000;
    private static final String MARK_PUBLISHED = "update eventbus_outbox set published_at = now() where id = any($1)";
    private static final Duration MARK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOCK_SKEW_MARGIN = Duration.ofMinutes(1);

    private final Pool pool;
    private final NatsPublisher publisher;
    private final EventBusConfig.Outbox config;
    private final Counter published;
    private final SerialRounds rounds;
    private final SerialRounds marking;
    private final EventTracing tracing;
    private final Queue<UUID> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Until a relay round drained the outbox after a (re)connect or a missed publication. */
    private volatile boolean catchingUp = true;

    public OutboxRelay(Pool pool, NatsPublisher publisher, EventBusConfig config, MeterRegistry registry,
            io.vertx.core.Vertx vertx, EventTracing tracing) {
        this.tracing = tracing;
        this.rounds = new SerialRounds("Outbox relay", vertx, this::relayUntilDrained);
        this.marking = new SerialRounds("Outbox marking", vertx, this::markAcknowledged);
        this.pool = pool;
        this.publisher = publisher;
        this.config = config.outbox();
        this.published = Counter.builder("clinic.eventbus.outbox.published")
                .description("Outbox rows published to JetStream").register(registry);
    }

    /**
     * On every (re)connect: rows published to a stream before it was created were lost with NATS's store (a
     * server that came back empty: NATS 2.9 acknowledges before its store is on disk), so they are published
     * again, before the relay catches up. Consumers are idempotent; JetStream drops ids it still remembers.
     */
    void onNatsConnected(@Observes NatsConnected event) {
        // Publication from memory pauses at once, so no new event overtakes a row left behind while away.
        catchingUp = true;
        Uni<Integer> lost = Uni.createFrom().item(0);
        for (var created : event.streamsCreated().entrySet()) {
            lost = lost.chain(count -> republishLost(created.getKey(), created.getValue()).map(more -> count + more));
        }
        lost.subscribe().with(count -> catchUp(), failure -> {
            Log.warnf("Could not look for events NATS lost: %s", failure.toString());
            catchUp();
        });
    }

    /**
     * Rows published to {@code stream} before it was created, once per creation of the stream (the creation
     * last handled is kept in {@code eventbus_stream}, so a later reconnect does not publish them again). The
     * stream's creation time is NATS's clock, the rows' the database's: a margin covers a skew between the two,
     * at the price of publishing again (harmlessly) what was published in the first minute of a new stream.
     */
    Uni<Integer> republishLost(EventStream stream, Instant created) {
        OffsetDateTime createdAt = OffsetDateTime.ofInstant(created.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        return pool.withTransaction(connection -> connection
                .preparedQuery("select created_at from eventbus_stream where name = $1 for update")
                .execute(Tuple.of(stream.name()))
                .chain(known -> {
                    if (known.size() > 0 && known.iterator().next().getOffsetDateTime("created_at").toInstant()
                            .equals(createdAt.toInstant())) {
                        return Uni.createFrom().item(0);
                    }
                    return connection.preparedQuery("update eventbus_outbox set published_at = null"
                            + " where published_at < $1 and subject like $2")
                            .execute(Tuple.of(createdAt.plus(CLOCK_SKEW_MARGIN), stream.subjectPrefix() + "%"))
                            .map(RowSet::rowCount)
                            .call(() -> connection.preparedQuery("insert into eventbus_stream (name, created_at)"
                                    + " values ($1, $2) on conflict (name) do update set created_at = excluded.created_at")
                                    .execute(Tuple.of(stream.name(), createdAt)));
                }))
                .invoke(count -> {
                    if (count > 0) {
                        Log.warnf("Stream %s was created at %s, after %d of this service's events were published to"
                                + " it: NATS lost them; publishing them again", stream, created, count);
                    }
                });
    }

    private void catchUp() {
        catchingUp = true;
        kick();
    }

    @Scheduled(every = "${clinic.eventbus.outbox.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        kick();
    }

    /** Asks for a relay round; rounds never overlap within this process. */
    public void kick() {
        rounds.kick();
    }

    /** Publishes the events of a transaction that just committed; their rows are marked once acknowledged. */
    void publishCommitted(List<Pending> events) {
        // Left to the relay while it catches up, or when too many are in flight: it publishes in commit order,
        // after what is already waiting.
        if (catchingUp) {
            catchUp();
            return;
        }
        if (inFlight.addAndGet(events.size()) > MAX_IN_FLIGHT) {
            inFlight.addAndGet(-events.size());
            catchUp();
            return;
        }
        for (Pending event : events) {
            publish(event).subscribe().with(id -> {
                inFlight.decrementAndGet();
                if (id == null) {
                    catchUp();
                    return;
                }
                acknowledged.add(id);
                marking.kick();
            });
        }
    }

    private Uni<Void> markAcknowledged() {
        List<UUID> ids = new ArrayList<>();
        UUID id;
        while (ids.size() < MARK_BATCH && (id = acknowledged.poll()) != null) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // If this fails the rows stay unpublished and a relay round publishes them again (dropped as repeats).
        return pool.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(ids.toArray(UUID[]::new)))
                .ifNoItem().after(MARK_TIMEOUT).fail()
                .invoke(() -> published.increment(ids.size()))
                .chain(() -> markAcknowledged());
    }

    /** Whether publication from memory is paused until a relay round drains the outbox. */
    boolean catchingUp() {
        return catchingUp;
    }

    /**
     * Publishes full batches until one comes back short or a publish fails; catching up, a round that drained
     * the outbox hands publication back to {@link #publishCommitted}.
     */
    Uni<Integer> relayUntilDrained() {
        boolean wasCatchingUp = catchingUp;
        return relayBatch(wasCatchingUp).chain(outcome -> {
            if (outcome.claimed() == config.batchSize() && outcome.allPublished()) {
                return relayUntilDrained().map(more -> outcome.published() + more);
            }
            if (wasCatchingUp && outcome.allPublished()) {
                catchingUp = false;
            }
            return Uni.createFrom().item(outcome.published());
        });
    }

    /** One transaction: claim a batch, publish it in order, mark what JetStream acknowledged. */
    Uni<BatchOutcome> relayBatch(boolean everyRow) {
        double minimumAgeSeconds = everyRow ? 0 : config.sweepAfter().toMillis() / 1000.0;
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                .execute(Tuple.of(config.batchSize(), minimumAgeSeconds))
                .chain(rows -> publishAll(rows).chain(ids -> markPublished(connection, ids)
                        .replaceWith(new BatchOutcome(rows.size(), ids.size())))));
    }

    private Uni<List<UUID>> publishAll(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<UUID>> publishes = new ArrayList<>(rows.size());
        for (Row row : rows) {
            publishes.add(publish(new Pending(row.getUUID("id"), row.getString("subject"),
                    row.getString("payload").getBytes(StandardCharsets.UTF_8), SpanContext.getInvalid())));
        }
        return Uni.join().all(publishes).andFailFast()
                .map(ids -> ids.stream().filter(Objects::nonNull).toList());
    }

    /** The id once JetStream acknowledged the event, null if it could not be published now. */
    private Uni<UUID> publish(Pending event) {
        Headers headers = new Headers().put("content-type", "application/cloudevents+json");
        // The NATS hop in the event's trace, for events published as their transaction commits (rows a relay
        // round reads back are published without one).
        Span span = event.trace().isValid() ? tracing.publishing(event.subject(), event.id().toString(), event.trace())
                : Span.getInvalid();
        return publisher.publish(event.subject(), event.id().toString(), headers, event.body())
                .replaceWith(event.id())
                .onFailure().invoke(failure -> span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName()))
                .eventually(() -> span.end())
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Outbox row %s not published yet: %s", event.id(), failure.toString());
                    return null;
                });
    }

    private Uni<Void> markPublished(SqlConnection connection, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        published.increment(ids.size());
        return connection.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(ids.toArray(UUID[]::new))).replaceWithVoid();
    }

    /**
     * Publishes again every event published since {@code since}, e.g. after NATS lost its store. Consumers are
     * idempotent and JetStream drops ids it still remembers, so a generous {@code since} is safe.
     */
    public Uni<Integer> republishSince(Instant since) {
        return pool.preparedQuery("update eventbus_outbox set published_at = null where published_at >= $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .map(RowSet::rowCount)
                .invoke(count -> {
                    Log.infof("Re-publishing %d outbox events published since %s", count, since);
                    kick();
                });
    }

    /**
     * Publishes these events again (under their own ids) unless one was published less than {@code notWithin}
     * ago: for a service that asks again when an answer is overdue. Where the event was not lost, JetStream
     * (within its duplicate window) or the consumer's inbox drops the repeat. Answers how many were taken.
     */
    public Uni<Integer> publishAgain(List<UUID> eventIds, Duration notWithin) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("update eventbus_outbox set published_at = null where id = any($1)"
                + " and published_at < now() - make_interval(secs => $2)")
                .execute(Tuple.of(eventIds.toArray(UUID[]::new), notWithin.toMillis() / 1000.0))
                .map(RowSet::rowCount)
                .invoke(count -> {
                    if (count > 0) {
                        kick();
                    }
                });
    }

    /** A committed event waiting to be published: its id (also the Nats-Msg-Id), subject and body. */
    /** An outbox row to publish; {@code trace} is the trace context of the span that made the event, if known. */
    record Pending(UUID id, String subject, byte[] body, SpanContext trace) {
    }

    record BatchOutcome(int claimed, int published) {
        boolean allPublished() {
            return claimed == published;
        }
    }
}
