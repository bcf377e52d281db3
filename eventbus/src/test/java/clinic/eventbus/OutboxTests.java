package clinic.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.EventCapture;
import io.cloudevents.CloudEvent;
import io.nats.client.Message;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class OutboxTests {

    @Inject
    EventCodec codec;
    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    Pool pool;

    @Test
    void aCommittedRowIsPublishedOnceWithItsIdAsNatsMsgId() throws Throwable {
        // Once connected, the relay catches up with what waited, then hands publication back to the commits.
        await().atMost(Duration.ofSeconds(10)).until(() -> !relay.catchingUp());
        try (EventCapture capture = EventCapture.subscribe("appointment.>")) {
            CloudEvent event = Fixtures.scheduled(codec, "patient-123", 1);

            Fixtures.enqueueCommitted(outbox, List.of(event));

            List<Message> published = capture.await(m -> event.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id")),
                    1, Duration.ofSeconds(10));
            assertEquals("appointment.scheduled", published.get(0).getSubject());
            assertEquals(event.getId(), codec.parse(published.get(0).getData()).getId());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Fixtures.outboxRow(pool, event.getId()).getValue("published_at") != null);

            // Relay rounds that find nothing pending publish nothing again.
            relay.relayUntilDrained().await().atMost(Duration.ofSeconds(10));
            relay.relayUntilDrained().await().atMost(Duration.ofSeconds(10));
            relay.kick();
            relay.kick();
            Thread.sleep(500);
            assertEquals(1, capture.matching(m -> event.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id"))).size());
        }
    }

    @Test
    void concurrentRelayRoundsNeverPublishARowTwice() throws Throwable {
        try (EventCapture capture = EventCapture.subscribe("appointment.>")) {
            List<CloudEvent> events = java.util.stream.IntStream.range(0, 200)
                    .mapToObj(i -> Fixtures.scheduled(codec, "patient-relay", 1)).toList();
            java.util.Set<String> ids = new java.util.HashSet<>(events.stream().map(CloudEvent::getId).toList());

            Fixtures.enqueueWithoutPublication(outbox, events);
            Fixtures.age(pool, events);
            Uni.join().all(relay.relayUntilDrained(), relay.relayUntilDrained(), relay.relayUntilDrained())
                    .andFailFast().await().atMost(Duration.ofSeconds(20));

            capture.await(m -> ids.contains(m.getHeaders().getFirst("Nats-Msg-Id")), 200, Duration.ofSeconds(10));
            Thread.sleep(500);
            assertEquals(200, capture.matching(m -> ids.contains(m.getHeaders().getFirst("Nats-Msg-Id"))).size());
        }
    }

    @Test
    void aRowItsCommitDidNotPublishIsSweptOnceOldEnough() throws Throwable {
        try (EventCapture capture = EventCapture.subscribe("appointment.>")) {
            CloudEvent event = Fixtures.scheduled(codec, "patient-swept", 1);

            Fixtures.enqueueWithoutPublication(outbox, List.of(event));

            // A young row is left to the publication that follows its commit...
            await().atMost(Duration.ofSeconds(10)).until(() -> !relay.catchingUp());
            assertEquals(0, relay.relayBatch(false).await().atMost(Duration.ofSeconds(10)).claimed());
            // ...and, that publication missing, taken by a sweep once older than clinic.eventbus.outbox.sweep-after.
            capture.await(m -> event.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id")), 1, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Fixtures.outboxRow(pool, event.getId()).getValue("published_at") != null);
            Thread.sleep(1500);
            assertEquals(1, capture.matching(m -> event.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id"))).size());
        }
    }

    @Test
    void aNestedTransactionsCallPublishesOnlyOnceTheOutermostCommits() throws Throwable {
        try (EventCapture capture = EventCapture.subscribe("appointment.>")) {
            CloudEvent event = Fixtures.scheduled(codec, "patient-nested", 1);
            java.util.concurrent.atomic.AtomicInteger seenBeforeCommit = new java.util.concurrent.atomic.AtomicInteger(-1);

            VertxContextSupport.subscribeAndAwait(() -> Transactions.withTransaction(
                    () -> Transactions.withTransaction(() -> outbox.enqueue(event))
                            // Still inside the outer transaction, long enough for a premature publish to arrive.
                            .chain(() -> Panache.getSession()).chain(session -> session
                                    .createNativeQuery("select pg_sleep(0.5)").getSingleResult())
                            .invoke(() -> seenBeforeCommit.set(capture.matching(
                                    m -> event.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id"))).size()))));

            assertEquals(0, seenBeforeCommit.get(), "published before the outer transaction committed");
            capture.await(m -> event.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id")), 1, Duration.ofSeconds(10));
        }
    }

    @Test
    void workLeftByARolledBackPlainTransactionNeverRunsAfterALaterCommit() throws Throwable {
        try (EventCapture capture = EventCapture.subscribe("appointment.>")) {
            CloudEvent rolledBack = Fixtures.scheduled(codec, "patient-left", 1);
            CloudEvent committed = Fixtures.scheduled(codec, "patient-left", 2);

            // Both on one Vert.x context: a plain Panache transaction that fails, then one through Transactions.
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.enqueue(rolledBack)
                    .chain(e -> Uni.createFrom().failure(new IllegalStateException("business rule failed"))))
                    .onFailure().recoverWithNull()
                    .chain(() -> Transactions.withTransaction(() -> outbox.enqueue(committed))));

            capture.await(m -> committed.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id")), 1,
                    Duration.ofSeconds(10));
            Thread.sleep(500);
            assertTrue(capture.matching(m -> rolledBack.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id")))
                    .isEmpty());
            assertNull(Fixtures.outboxRow(pool, rolledBack.getId()));
        }
    }

    @Test
    void aRolledBackTransactionLeavesNoRowAndPublishesNothing() throws Throwable {
        try (EventCapture capture = EventCapture.subscribe("appointment.>")) {
            CloudEvent event = Fixtures.scheduled(codec, "patient-123", 1);

            assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> outbox.enqueue(event)
                            .chain(e -> Uni.createFrom().failure(new IllegalStateException("business rule failed"))))));

            relay.relayUntilDrained().await().atMost(Duration.ofSeconds(10));
            assertNull(Fixtures.outboxRow(pool, event.getId()));
            assertTrue(capture.matching(m -> event.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id"))).isEmpty());
        }
    }

    @Test
    void enqueueingOutsideATransactionIsRefused() {
        CloudEvent event = Fixtures.scheduled(codec, "patient-123", 1);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> outbox.enqueue(event))));
        assertTrue(refused.getMessage().contains("inside a transaction"));
        assertNull(Fixtures.outboxRow(pool, event.getId()));
    }

    @Test
    void keptRowsCanBeRepublishedAndConsumersApplyThemOnce() throws Throwable {
        try (EventCapture capture = EventCapture.subscribe("appointment.>")) {
            Instant before = Instant.now().minusSeconds(1);
            CloudEvent event = Fixtures.scheduled(codec, "patient-republish", 1);
            Fixtures.enqueueCommitted(outbox, List.of(event));
            capture.await(m -> event.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id")), 1, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Fixtures.outboxRow(pool, event.getId()).getValue("published_at") != null);

            int again = relay.republishSince(before).await().atMost(Duration.ofSeconds(10));

            assertTrue(again >= 1);
            capture.await(m -> event.getId().equals(m.getHeaders().getFirst("Nats-Msg-Id")), 2, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, event.getSubject()).size() == 1);
            Thread.sleep(500);
            assertEquals(1, Fixtures.effects(pool, event.getSubject()).size());
            assertNotNull(Fixtures.outboxRow(pool, event.getId()).getValue("published_at"));
        }
    }
}
