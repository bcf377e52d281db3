package clinic.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clinic.eventbus.DeadLetters.Result;
import clinic.eventbus.DeadLetters.Selection;
import clinic.eventbus.payload.DeadLetterData;
import clinic.eventbus.testing.EventCapture;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Dead letters as an operator meets them: counted in a gauge, a warning in readiness, replayed once the cause
 * is fixed, and gone from the pending list afterwards.
 */
@QuarkusTest
class DeadLetterReplayTests {

    private static final String SERVICE = "eventbus-test";
    private static final String CONSUMER = "eventbus-test-APPOINTMENTS";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Connection connection;
    private static DeadLetters deadLetters;

    @Inject
    EventCodec codec;
    @Inject
    Pool pool;
    @Inject
    RecordingHandler handler;
    @Inject
    MeterRegistry registry;
    @Inject
    NatsConnection nats;
    @Inject
    ObjectMapper mapper;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @BeforeAll
    static void connect() throws Exception {
        connection = Fixtures.connect();
        deadLetters = new DeadLetters(connection);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        connection.close();
    }

    @Test
    void aDeadLetterIsCountedInTheGaugeAndWarnedAboutWhileReadinessStaysUp() throws Exception {
        deadLettered();

        await().atMost(Duration.ofSeconds(10)).until(() -> gauge() >= 1);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(readiness).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode health = mapper.readTree(response.body());
        assertEquals("UP", health.get("status").asText());
        JsonNode check = check(health, "dead-letters");
        assertEquals("UP", check.get("status").asText());
        assertTrue(check.at("/data/dead_letters").asLong() >= 1, check.toString());
        assertTrue(check.at("/data/warning").asText().contains("pending on deadletter.eventbus-test"), check.toString());
        assertTrue(check.at("/data/warning").asText().contains("./clinic deadletters"), check.toString());
    }

    @Test
    void aReplayedDeadLetterReachesTheRepairedHandlerInsideTheDuplicateWindowAndIsNoLongerPending() throws Exception {
        CloudEvent event = deadLettered();
        assertEquals(3, handler.attempts(event.getId()), "given up after max-deliver");
        handler.repair(event.getSubject());

        // Seconds after the original publish: JetStream would drop a re-publish under the event id itself.
        List<DeadLetters.Outcome> outcomes = deadLetters.replay(Selection.parse(event.getId()), SERVICE);

        assertEquals(List.of(Result.REPLAYED), outcomes.stream().map(DeadLetters.Outcome::result).toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, event.getSubject()).size() == 1);
        assertEquals(event.getId(), Fixtures.effects(pool, event.getSubject()).get(0).getString("event_id"),
                "the CloudEvent is the original, id and all");
        assertEquals(4, handler.attempts(event.getId()));
        assertNull(pendingOf(event));
        await().atMost(Duration.ofSeconds(10)).until(
                () -> gauge() == DeadLetters.count(connection.jetStreamManagement(), SERVICE));
    }

    @Test
    void aSecondReplayFindsNothingPendingAndPublishesNothing() throws Exception {
        CloudEvent event = deadLettered();
        handler.repair(event.getSubject());
        DeadLetter letter = pendingOf(event);
        try (EventCapture published = EventCapture.subscribe(Subjects.APPOINTMENT_SCHEDULED)) {
            deadLetters.replay(Selection.parse(event.getId()), SERVICE);
            await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, event.getSubject()).size() == 1);

            assertTrue(deadLetters.replay(Selection.parse(event.getId()), SERVICE).isEmpty());
            assertTrue(deadLetters.replay(Selection.parse(Long.toString(letter.sequence())), SERVICE).isEmpty());

            Thread.sleep(500);
            // A core subscription sees every publish, also one JetStream would drop as a duplicate.
            List<Message> replays = published.matching(m -> EventCapture.body(m).contains(event.getId()));
            assertEquals(1, replays.size());
            assertEquals(event.getId() + "-replay-" + letter.sequence(), replays.get(0).getHeaders().getFirst("Nats-Msg-Id"));
            assertEquals("DEADLETTER/" + letter.sequence(),
                    replays.get(0).getHeaders().getFirst(DeadLetters.REPLAY_OF_HEADER));
            assertEquals(4, handler.attempts(event.getId()));
            assertEquals(1, Fixtures.effects(pool, event.getSubject()).size());
        }
    }

    @Test
    void aReplayThatStoppedBeforeRemovingTheDeadLetterIsNotPublishedTwice() throws Exception {
        CloudEvent event = deadLettered();
        handler.repair(event.getSubject());
        DeadLetter letter = pendingOf(event);

        // The first replay published and then died: the dead letter is still pending.
        PublishAck first = deadLetters.publish(letter);
        assertFalse(first.isDuplicate());
        await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, event.getSubject()).size() == 1);
        List<DeadLetters.Outcome> outcomes = deadLetters.replay(Selection.parse(Long.toString(letter.sequence())),
                SERVICE);

        assertEquals(List.of(Result.REPLAYED_BEFORE), outcomes.stream().map(DeadLetters.Outcome::result).toList());
        assertNull(pendingOf(event));
        Thread.sleep(500);
        assertEquals(4, handler.attempts(event.getId()), "three failures and one replay");
    }

    @Test
    void aReplayedEventThatThisServiceHadHandledIsOnlyAcknowledged() throws Exception {
        // Handled here; another service's consumer gave up on the same event, and its dead letter is replayed.
        CloudEvent event = Fixtures.scheduled(codec, "patient-123", 1);
        Fixtures.publish(connection, codec, event, event.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, event.getSubject()).size() == 1);
        String otherService = "other-" + UUID.randomUUID().toString().substring(0, 8);
        publishDeadLetter(otherService, event);
        double duplicatesBefore = consumed("duplicate");

        List<DeadLetters.Outcome> outcomes = deadLetters.replay(Selection.parse(event.getId()), otherService);

        assertEquals(List.of(Result.REPLAYED), outcomes.stream().map(DeadLetters.Outcome::result).toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> consumed("duplicate") >= duplicatesBefore + 1);
        assertEquals(1, Fixtures.effects(pool, event.getSubject()).size());
        assertEquals(1, handler.attempts(event.getId()), "the inbox caught the replay before the handler");
    }

    @Test
    void replayAllPublishesEachEventOnceAndLeavesAnUnreadableMessageUntilItIsDiscarded() throws Exception {
        String service = "all-" + UUID.randomUUID().toString().substring(0, 8);
        CloudEvent first = Fixtures.scheduled(codec, "patient-123", 1);
        CloudEvent second = Fixtures.scheduled(codec, "patient-123", 1);
        publishDeadLetter(service, first);
        publishDeadLetter(service, first); // as from a second consumer that gave up on it too
        publishDeadLetter(service, second);
        String garbage = "not an event " + UUID.randomUUID();
        publishDeadLetter(service, new DeadLetterData(CONSUMER, Subjects.APPOINTMENT_SCHEDULED, null, 7, 1,
                "java.lang.IllegalArgumentException: not a CloudEvents JSON message", garbage));

        List<DeadLetters.Outcome> outcomes = deadLetters.replay(Selection.ALL, service);

        assertEquals(List.of(Result.REPLAYED, Result.SAME_EVENT_REPLAYED, Result.REPLAYED, Result.SKIPPED_UNREADABLE),
                outcomes.stream().map(DeadLetters.Outcome::result).toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, first.getSubject()).size() == 1
                && Fixtures.effects(pool, second.getSubject()).size() == 1);
        Thread.sleep(300);
        assertEquals(1, handler.attempts(first.getId()), "published once for its two dead letters");
        List<DeadLetter> left = deadLetters.pending(service);
        assertEquals(1, left.size());
        assertFalse(left.get(0).readable());

        List<DeadLetters.Outcome> discarded = deadLetters.discard(Selection.parse(Long.toString(left.get(0).sequence())),
                service);

        assertEquals(List.of(Result.DISCARDED), discarded.stream().map(DeadLetters.Outcome::result).toList());
        assertTrue(deadLetters.pending(service).isEmpty());
        assertEquals(0, DeadLetters.count(connection.jetStreamManagement(), service));
    }

    @Test
    void theWarningGoesOnceNoDeadLetterIsPending() throws Exception {
        deadLettered();
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge() >= 1);

        // Again on each round: a test before this one may still have a message on its way to the dead letters.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            deadLetters.discard(Selection.ALL, SERVICE);
            JsonNode check = check(mapper.readTree(HTTP.send(HttpRequest.newBuilder(readiness).build(),
                    HttpResponse.BodyHandlers.ofString()).body()), "dead-letters");
            return gauge() == 0 && check.at("/data/dead_letters").asLong(-1) == 0 && check.at("/data/warning").isMissingNode();
        });
    }

    /** An event that the handler fails on until repaired, once it is a pending dead letter. */
    private CloudEvent deadLettered() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(nats::isReady);
        CloudEvent event = Fixtures.scheduled(codec, "patient-123", 1);
        handler.breakUntilRepaired(event.getSubject());
        Fixtures.publish(connection, codec, event, event.getId());
        await().atMost(Duration.ofSeconds(20)).until(() -> pendingOf(event) != null);
        return event;
    }

    private DeadLetter pendingOf(CloudEvent event) throws Exception {
        return deadLetters.pending(SERVICE).stream().filter(letter -> event.getId().equals(letter.originalEventId()))
                .findFirst().orElse(null);
    }

    /** A dead letter as a consumer of {@code service} writes it after giving up on {@code event}. */
    private void publishDeadLetter(String service, CloudEvent event) throws Exception {
        publishDeadLetter(service, new DeadLetterData(service + "-APPOINTMENTS", event.getType(), event.getId(), 1, 5,
                "java.lang.IllegalStateException: failed elsewhere",
                new String(codec.serialize(event), StandardCharsets.UTF_8)));
    }

    private void publishDeadLetter(String service, DeadLetterData data) throws Exception {
        String subject = Subjects.deadLetter(service);
        CloudEvent letter = codec.create(subject, "test", data, Origin.service());
        connection.jetStream().publish(subject, null, codec.serialize(letter),
                PublishOptions.builder().messageId(letter.getId()).build());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    private double gauge() {
        Gauge gauge = registry.find("clinic.eventbus.dead_letters").tag("service", SERVICE).gauge();
        assertNotNull(gauge, "the gauge is registered");
        return gauge.value();
    }

    private double consumed(String outcome) {
        var counter = registry.find("clinic.eventbus.consumed").tag("consumer", CONSUMER).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
