package clinic.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Drives events through the whole path (outbox, relay, JetStream, durable consumer, inbox, handler) and prints
 * the rate and the publish-to-handled latency. The figures are printed for the record, never asserted: speed
 * targets belong to {@code ./clinic bench}.
 */
@QuarkusTest
class ThroughputTests {

    private static final int EVENTS = 5_000;
    private static final int PER_TRANSACTION = 50;

    @Inject
    EventCodec codec;
    @Inject
    Outbox outbox;
    @Inject
    Pool pool;

    @Test
    void everyEventThroughTheOutboxIsHandledOnce() throws Throwable {
        String patient = "patient-load-" + UUID.randomUUID();
        long start = System.nanoTime();
        for (int batch = 0; batch < EVENTS / PER_TRANSACTION; batch++) {
            List<CloudEvent> events = new ArrayList<>(PER_TRANSACTION);
            for (int i = 0; i < PER_TRANSACTION; i++) {
                events.add(Fixtures.scheduled(codec, patient, 1));
            }
            Fixtures.enqueueCommitted(outbox, events);
        }
        double enqueueSeconds = (System.nanoTime() - start) / 1e9;

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> handledCount(patient) >= EVENTS);
        double totalSeconds = (System.nanoTime() - start) / 1e9;

        Row latency = pool.preparedQuery("""
                select count(*) as handled, count(distinct event_id) as distinct_events,
                       percentile_cont(0.5) within group (order by extract(epoch from handled_at - event_time)) * 1000 as p50,
                       percentile_cont(0.99) within group (order by extract(epoch from handled_at - event_time)) * 1000 as p99,
                       percentile_cont(0.5) within group (order by extract(epoch from o.published_at - o.created_at)) * 1000 as relay_p50
                from test_effect e join eventbus_outbox o on o.id = e.event_id::uuid
                where o.payload like $1""").execute(Tuple.of("%" + patient + "%"))
                .await().atMost(Duration.ofSeconds(30)).iterator().next();
        assertEquals(EVENTS, latency.getLong("handled"));
        assertEquals(EVENTS, latency.getLong("distinct_events"));
        Log.infof("eventbus: %d events enqueued in %.2f s, all handled after %.2f s: %.0f events/s;"
                + " publish-to-handled latency p50 %.1f ms, p99 %.1f ms (commit to JetStream ack p50 %.1f ms)", EVENTS,
                enqueueSeconds, totalSeconds, EVENTS / totalSeconds, latency.getDouble("p50"), latency.getDouble("p99"),
                latency.getDouble("relay_p50"));
    }

    private long handledCount(String patient) {
        return pool.preparedQuery("""
                select count(*) from test_effect e join eventbus_outbox o on o.id = e.event_id::uuid
                where o.payload like $1""").execute(Tuple.of("%" + patient + "%"))
                .await().atMost(Duration.ofSeconds(30)).iterator().next().getLong(0);
    }
}
