package clinic.eventbus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.impl.Headers;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes committed outbox rows. It wakes when a transaction of this process that wrote to the outbox
 * commits ({@link AfterCommit}), on every (re)connect to NATS, and on a timer that sweeps up anything left
 * behind (rows of a process that died, rows written while NATS was down). Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas of a service share the work without publishing a row twice,
 * and are marked published only after JetStream acknowledged them. Published rows are kept for
 * {@code clinic.eventbus.outbox.retention} so they can be re-published after NATS lost its store.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String CLAIM = "select id, subject, payload from eventbus_outbox where published_at is null"
            + " order by created_at, id limit $1 for update skip locked";
    private static final String MARK_PUBLISHED = "update eventbus_outbox set published_at = now() where id = any($1)";

    private final Pool pool;
    private final NatsPublisher publisher;
    private final EventBusConfig.Outbox config;
    private final Counter published;
    private final SerialRounds rounds;

    public OutboxRelay(Pool pool, NatsPublisher publisher, EventBusConfig config, MeterRegistry registry,
            io.vertx.core.Vertx vertx) {
        this.rounds = new SerialRounds("Outbox relay", vertx, this::relayUntilDrained);
        this.pool = pool;
        this.publisher = publisher;
        this.config = config.outbox();
        this.published = Counter.builder("clinic.eventbus.outbox.published")
                .description("Outbox rows published to JetStream").register(registry);
    }

    void onNatsConnected(@Observes NatsConnected event) {
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

    /** Publishes full batches until one comes back short or a publish fails. */
    Uni<Integer> relayUntilDrained() {
        return relayBatch().chain(outcome -> outcome.claimed() == config.batchSize() && outcome.allPublished()
                ? relayUntilDrained().map(more -> outcome.published() + more)
                : Uni.createFrom().item(outcome.published()));
    }

    /** One transaction: claim a batch, publish it in order, mark what JetStream acknowledged. */
    Uni<BatchOutcome> relayBatch() {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                .execute(Tuple.of(config.batchSize()))
                .chain(rows -> publishAll(rows).chain(ids -> markPublished(connection, ids)
                        .replaceWith(new BatchOutcome(rows.size(), ids.size())))));
    }

    private Uni<List<UUID>> publishAll(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<UUID>> publishes = new ArrayList<>(rows.size());
        for (Row row : rows) {
            UUID id = row.getUUID("id");
            byte[] payload = row.getString("payload").getBytes(StandardCharsets.UTF_8);
            Headers headers = new Headers().put("content-type", "application/cloudevents+json");
            publishes.add(publisher.publish(row.getString("subject"), id.toString(), headers, payload)
                    .replaceWith(id)
                    .onFailure().recoverWithItem(failure -> {
                        Log.debugf("Outbox row %s not published yet: %s", id, failure.toString());
                        return null;
                    }));
        }
        return Uni.join().all(publishes).andFailFast()
                .map(ids -> ids.stream().filter(Objects::nonNull).toList());
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

    record BatchOutcome(int claimed, int published) {
        boolean allPublished() {
            return claimed == published;
        }
    }
}
