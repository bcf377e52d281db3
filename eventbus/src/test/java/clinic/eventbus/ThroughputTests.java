package clinic.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Drives events through the bus (outbox relay, JetStream, durable consumer, inbox, handler) and prints the rate
 * of a burst (committed to the outbox in one go, so what is measured is the bus, not the test's own writing) and
 * the commit-to-handled latency of events committed one by one. The figures are printed for the record, never asserted: speed targets
 * belong to {@code ./clinic bench}.
 */
@QuarkusTest
class ThroughputTests {

    private static final int EVENTS = 5_000;

    @Inject
    EventCodec codec;
    @Inject
    Outbox outbox;
    @Inject
    Pool pool;

    @Test
    void aBurstOfCommittedEventsIsHandledOnceEach() {
        String patient = "patient-load-" + UUID.randomUUID();
        List<Tuple> rows = new ArrayList<>(EVENTS);
        List<String> ids = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            CloudEvent event = Fixtures.scheduled(codec, patient, 1);
            ids.add(event.getId());
            rows.add(Tuple.of(UUID.fromString(event.getId()), event.getType(),
                    new String(codec.serialize(event), StandardCharsets.UTF_8)));
        }

        pool.withTransaction(connection -> connection
                .preparedQuery("insert into eventbus_outbox (id, subject, payload) values ($1, $2, $3)")
                .executeBatch(rows)).await().atMost(Duration.ofSeconds(60));
        Instant committed = Instant.now();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> handled(ids).getLong("handled") >= EVENTS);
        Row figures = handled(ids);
        double seconds = Duration.between(committed, figures.getOffsetDateTime("last").toInstant()).toMillis() / 1000.0;
        assertEquals(EVENTS, figures.getLong("distinct_events"));
        Log.infof("eventbus: a burst of %d events committed at once was handled in %.2f s: %.0f events/s", EVENTS,
                seconds, EVENTS / seconds);
    }

    @Test
    void eventsCommittedOneByOneAreHandledSoonAfter() throws Throwable {
        Map<String, Instant> committedAt = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            CloudEvent event = Fixtures.scheduled(codec, "patient-latency", 1);
            Fixtures.enqueueCommitted(outbox, List.of(event));
            committedAt.put(event.getId(), Instant.now());
            Thread.sleep(10);
        }
        List<String> ids = new ArrayList<>(committedAt.keySet());

        await().atMost(Duration.ofSeconds(60)).until(() -> handled(ids).getLong("handled") >= ids.size());
        List<Long> latencies = new ArrayList<>();
        for (Row row : pool.preparedQuery("select event_id, handled_at from test_effect where event_id = any($1)")
                .execute(Tuple.of(ids.toArray(String[]::new))).await().atMost(Duration.ofSeconds(30))) {
            Instant handledAt = row.getOffsetDateTime("handled_at").toInstant();
            latencies.add(Duration.between(committedAt.get(row.getString("event_id")), handledAt).toNanos() / 1000);
        }
        latencies.sort(Long::compare);
        assertEquals(ids.size(), latencies.size());
        Log.infof("eventbus: commit-to-handled latency of %d events committed one by one: p50 %.1f ms, p99 %.1f ms",
                latencies.size(), latencies.get(latencies.size() / 2) / 1000.0,
                latencies.get(latencies.size() * 99 / 100) / 1000.0);
    }

    private Row handled(List<String> ids) {
        return pool.preparedQuery("""
                select count(*) as handled, count(distinct event_id) as distinct_events, max(handled_at) as last
                from test_effect where event_id = any($1)""").execute(Tuple.of(ids.toArray(String[]::new)))
                .await().atMost(Duration.ofSeconds(30)).iterator().next();
    }
}
