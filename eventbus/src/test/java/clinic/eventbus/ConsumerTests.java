package clinic.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import clinic.eventbus.payload.DeadLetterData;
import clinic.eventbus.testing.EventCapture;
import clinic.eventbus.testing.FreshStreams;
import clinic.eventbus.testing.HandledEvents;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
// Every test class of this module starts on empty streams (see FreshStreams).
@QuarkusTestResource(value = FreshStreams.class, restrictToAnnotatedClass = false)
class ConsumerTests {

    private static final String CONSUMER = "eventbus-test-APPOINTMENTS";
    private static Connection connection;

    @Inject
    EventTracing tracing;
    @Inject
    EventCodec codec;
    @Inject
    Pool pool;
    @Inject
    RecordingHandler handler;
    @Inject
    MeterRegistry registry;
    @Inject
    EventBusConfig config;
    @Inject
    NatsPublisher publisher;
    @Inject
    NatsConnection nats;
    @Inject
    io.vertx.core.Vertx vertx;

    @BeforeAll
    static void connect() throws Exception {
        connection = Fixtures.connect();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        connection.close();
    }

    @Test
    void theSameEventTwiceCausesOneEffect() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(nats::isReady);
        CloudEvent event = Fixtures.scheduled(codec, "patient-123", 1);
        double duplicatesBefore = counter("duplicate");

        // Two publishes under different message ids get past JetStream's de-duplication: the inbox must catch it.
        Fixtures.publish(connection, codec, event, "first-" + event.getId());
        Fixtures.publish(connection, codec, event, "second-" + event.getId());

        await().atMost(Duration.ofSeconds(10)).until(() -> counter("duplicate") >= duplicatesBefore + 1);
        List<Row> effects = Fixtures.effects(pool, event.getSubject());
        assertEquals(1, effects.size());
        assertEquals(event.getId(), effects.get(0).getString("event_id"));
    }

    @Test
    void anOlderVersionAfterANewerOneIsIgnored() throws Exception {
        String appointment = UUID.randomUUID().toString();
        CloudEvent newer = Fixtures.versionOf(codec, appointment, 2);
        CloudEvent older = Fixtures.versionOf(codec, appointment, 1);

        Fixtures.publish(connection, codec, newer, newer.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, appointment).size() == 1);
        Fixtures.publish(connection, codec, older, older.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.attempts(older.getId()) > 0);
        Thread.sleep(300);

        List<Row> effects = Fixtures.effects(pool, appointment);
        assertEquals(1, effects.size());
        assertEquals(2L, effects.get(0).getLong("version"));
    }

    @Test
    void aTypeTheHandlerDoesNotHandleIsAcknowledgedUnrecordedAndLeavesTheVersionOrderAlone() throws Exception {
        String appointment = UUID.randomUUID().toString();
        CloudEvent skipped = codec.create(Subjects.APPOINTMENT_NO_SHOW, appointment,
                Fixtures.appointment(appointment, "patient-123", 3), Origin.service());
        CloudEvent handled = Fixtures.versionOf(codec, appointment, 2);
        double skippedBefore = counter("skipped");

        Fixtures.publish(connection, codec, skipped, skipped.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> counter("skipped") >= skippedBefore + 1);
        Fixtures.publish(connection, codec, handled, handled.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, appointment).size() == 1);

        assertEquals(0, handler.attempts(skipped.getId()), "never handed to the handler");
        assertFalse(HandledEvents.handled(pool, skipped.getId()), "no inbox row");
        // Acknowledged (the handled event's ack follows its commit, so wait for that one).
        await().atMost(Duration.ofSeconds(10)).until(() -> connection.jetStream()
                .getConsumerContext(EventStream.APPOINTMENTS.name(), CONSUMER).getConsumerInfo()
                .getNumAckPending() == 0);
    }

    @Test
    void aFailingHandlerIsRedeliveredWithBackoffAndSucceeds() throws Exception {
        CloudEvent event = Fixtures.scheduled(codec, RecordingHandler.FLAKY, 1);
        long start = System.nanoTime();

        Fixtures.publish(connection, codec, event, event.getId());

        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.effects(pool, event.getSubject()).size() == 1);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(3, handler.attempts(event.getId()));
        // Two failures wait 200 ms and then 400 ms before the next delivery.
        assertTrue(took.compareTo(Duration.ofMillis(600)) >= 0, "redelivered after a backoff, not at once: " + took);
    }

    @Test
    void aPoisonMessageIsDeadLetteredAfterMaxDeliverWhileLaterEventsFlow() throws Exception {
        try (EventCapture deadLetters = EventCapture.subscribe("deadletter.eventbus-test")) {
            CloudEvent poison = Fixtures.scheduled(codec, RecordingHandler.POISON, 1);
            CloudEvent healthy = Fixtures.scheduled(codec, "patient-123", 1);

            Fixtures.publish(connection, codec, poison, poison.getId());
            Fixtures.publish(connection, codec, healthy, healthy.getId());

            await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, healthy.getSubject()).size() == 1);
            List<Message> letters = deadLetters.await(m -> codec.parse(m.getData()).getSubject()
                    .equals(poison.getSubject()), 1, Duration.ofSeconds(20));
            CloudEvent letter = codec.parse(letters.get(0).getData());
            DeadLetterData data = codec.data(letter, DeadLetterData.class);
            assertEquals("deadletter.eventbus-test", letter.getType());
            assertEquals(poison.getId(), letter.getExtension("causationid"));
            assertEquals(CONSUMER, data.consumer());
            assertEquals("appointment.scheduled", data.originalSubject());
            assertEquals(poison.getId(), data.originalEventId());
            assertEquals(3, data.deliveredCount());
            assertTrue(data.error().contains("poison pill"), data.error());
            assertEquals(poison.getId(), codec.parse(data.original().getBytes(StandardCharsets.UTF_8)).getId());
            // At least the three deliveries the dead letter counts; on a loaded machine the third one's ack may
            // come after its ack wait, and a fourth delivery (handled, then dead-lettered again as a duplicate
            // the stream drops) is at-least-once doing its job.
            assertTrue(handler.attempts(poison.getId()) >= 3, "attempts: " + handler.attempts(poison.getId()));
            assertTrue(Fixtures.effects(pool, poison.getSubject()).isEmpty());
        }
    }

    @Test
    void anUnreadableMessageIsDeadLetteredAtOnce() throws Exception {
        try (EventCapture deadLetters = EventCapture.subscribe("deadletter.eventbus-test")) {
            String garbage = "not an event " + UUID.randomUUID();

            connection.jetStream().publish("appointment.scheduled", garbage.getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().messageId(UUID.randomUUID().toString()).build());

            List<Message> letters = deadLetters.await(m -> EventCapture.body(m).contains(garbage), 1,
                    Duration.ofSeconds(10));
            DeadLetterData data = codec.data(codec.parse(letters.get(0).getData()), DeadLetterData.class);
            assertEquals(garbage, data.original());
            assertEquals(1, data.deliveredCount());
            assertNull(data.originalEventId());
        }
    }

    @Test
    void aBurstIsHandledInBatchesInStreamOrderAndAPoisonEventInABatchHoldsNoOtherBack() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(nats::isReady);
        var sizes = registry.find("clinic.eventbus.batch.size").tag("consumer", CONSUMER).summary();
        long batchesBefore = sizes.count();
        double messagesBefore = sizes.totalAmount();
        var splits = registry.find("clinic.eventbus.batch.split").tag("consumer", CONSUMER).counter();
        double splitBefore = splits.count();
        double retriedBefore = counter("retried");
        try (EventCapture deadLetters = EventCapture.subscribe("deadletter.eventbus-test")) {
            String patient = "patient-burst-" + UUID.randomUUID();
            String ordered = UUID.randomUUID().toString();
            Set<String> singles = new HashSet<>();
            CloudEvent poison = Fixtures.scheduled(codec, RecordingHandler.POISON, 1);
            List<CloudEvent> burst = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                CloudEvent event = Fixtures.scheduled(codec, patient, 1);
                singles.add(event.getSubject());
                burst.add(event);
                if (i % 60 == 0) {
                    // Versions 1..5 of one appointment, spread through the burst: each is newer than the one
                    // before only if they are applied in stream order.
                    burst.add(Fixtures.versionOf(codec, ordered, i / 60 + 1));
                }
                if (i == 150) {
                    burst.add(poison);
                }
            }
            for (int i = 0; i < burst.size(); i++) {
                CloudEvent event = burst.get(i);
                connection.jetStream().publishAsync(event.getType(), null, codec.serialize(event),
                        PublishOptions.builder().messageId(event.getId()).build());
                if (i % 100 == 50) {
                    // Not a CloudEvent: dead-lettered at once, in the middle of a batch of healthy events.
                    connection.jetStream().publishAsync("appointment.scheduled",
                            ("unreadable " + i).getBytes(StandardCharsets.UTF_8),
                            PublishOptions.builder().messageId(UUID.randomUUID().toString()).build());
                }
            }
            // The same event again under another message id, within the burst: the inbox drops it.
            CloudEvent repeated = burst.get(10);
            Fixtures.publish(connection, codec, repeated, "again-" + repeated.getId());
            connection.flush(Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(30)).until(() -> handledBy(singles).size() == 300);
            assertEquals(300, handledBy(singles).size(), "each event handled once");
            // As long as the burst may take: a loaded machine (a CI run) once took more than 10 s here.
            await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.effects(pool, ordered).size() == 5);
            deadLetters.await(m -> codec.parse(m.getData()).getSubject().equals(poison.getSubject()), 1,
                    Duration.ofSeconds(30));
            assertTrue(Fixtures.effects(pool, poison.getSubject()).isEmpty());
            assertEquals(1, Fixtures.effects(pool, repeated.getSubject()).size());
            // Only the poison event was ever retried (twice: its third delivery is dead-lettered): the healthy
            // events of its batches, and of the batches with an unreadable message, went through at once.
            assertEquals(2, counter("retried") - retriedBefore);
        }
        long batches = sizes.count() - batchesBefore;
        double messages = sizes.totalAmount() - messagesBefore;
        assertTrue(messages > batches, "events were handled in batches: " + messages + " in " + batches);
        // The poison event's batches fail and are split; the others commit whole.
        double splitBatches = splits.count() - splitBefore;
        assertTrue(splitBatches >= 1 && splitBatches < batches, splitBatches + " of " + batches + " batches split");
    }

    @Test
    void twoConsumersOfOneDurableSplitTheEventsAndHandleEachOnce() throws Exception {
        EventHandler second = new EventHandler() {
            @Override
            public EventStream stream() {
                return EventStream.APPOINTMENTS;
            }

            // A stopped consumer still takes what its last pull brings, for a while: the replica must treat
            // the events of later tests as the first consumer would.
            @Override
            public boolean handles(String type) {
                return handler.handles(type);
            }

            @Override
            public io.smallrye.mutiny.Uni<Void> handle(CloudEvent event) {
                return handler.handleAs(event, "second");
            }
        };
        DurableConsumer replica = new DurableConsumer(config.service(), second, config.consumer(), codec, publisher,
                vertx, registry, tracing);
        replica.start(nats.current());
        try {
            String patient = "patient-split-" + UUID.randomUUID();
            Set<String> appointments = new HashSet<>();
            for (int i = 0; i < 400; i++) {
                CloudEvent event = Fixtures.scheduled(codec, patient, 1);
                appointments.add(event.getSubject());
                connection.jetStream().publishAsync(event.getType(), null, codec.serialize(event),
                        PublishOptions.builder().messageId(event.getId()).build());
            }
            connection.flush(Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(30)).until(() -> handledBy(appointments).size() == 400);
            List<Row> rows = handledBy(appointments);
            Set<String> distinct = new HashSet<>();
            rows.forEach(row -> distinct.add(row.getString("aggregate_id")));
            assertEquals(400, distinct.size(), "each event handled once");
            long bySecond = rows.stream().filter(row -> "second".equals(row.getString("handled_by"))).count();
            assertTrue(bySecond > 0 && bySecond < 400, "both consumers took a share, the second took " + bySecond);
        } finally {
            replica.stop();
        }
    }

    private List<Row> handledBy(Set<String> appointments) {
        return Fixtures.rows(pool.preparedQuery("select aggregate_id, handled_by from test_effect where aggregate_id = any($1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(appointments.toArray(String[]::new)))
                .await().atMost(Duration.ofSeconds(10)));
    }

    private double counter(String outcome) {
        var counter = registry.find("clinic.eventbus.consumed").tag("consumer", CONSUMER).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
