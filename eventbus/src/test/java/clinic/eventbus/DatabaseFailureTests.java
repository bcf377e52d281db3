package clinic.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.DatabaseOutage;
import clinic.eventbus.testing.EventCapture;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Failures of the database are not failures of the event or the request: an outage is waited out however long
 * it lasts, and a transaction that loses a race (deadlock, serialization failure) runs again.
 */
@QuarkusTest
class DatabaseFailureTests {

    private static final String CONSUMER = "eventbus-test-APPOINTMENTS";
    private static Connection connection;

    @Inject
    EventCodec codec;
    @Inject
    Pool pool;
    @Inject
    MeterRegistry registry;
    @io.quarkus.test.common.http.TestHTTPResource("/q/health/ready")
    java.net.URI readiness;
    private static final java.net.http.HttpClient READY = java.net.http.HttpClient.newHttpClient();

    @BeforeAll
    static void connect() throws Exception {
        connection = Fixtures.connect();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        connection.close();
    }

    @Test
    void anEventDuringADatabaseOutageIsRetriedUntilItEndsAndNeverDeadLettered() throws Exception {
        try (EventCapture deadLetters = EventCapture.subscribe("deadletter.eventbus-test")) {
            CloudEvent event = Fixtures.scheduled(codec, "patient-123", 1);
            double waitedBefore = counter("retried_transient");

            try (DatabaseOutage outage = DatabaseOutage.begin()) {
                Fixtures.publish(connection, codec, event, event.getId());
                // More failed deliveries than MaxDeliver (3 in this application) while the outage lasts.
                await().atMost(Duration.ofSeconds(30)).until(() -> counter("retried_transient") >= waitedBefore + 4);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.effects(pool, event.getSubject()).size() == 1);
            // Ready again: the readiness check's JDBC pool meets each connection the outage killed once more.
            await().atMost(Duration.ofSeconds(20)).until(() -> READY.send(java.net.http.HttpRequest.newBuilder(readiness)
                    .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            assertTrue(deadLetters.matching(m -> EventCapture.body(m).contains(event.getId())).isEmpty(),
                    "an outage is not the event's fault");
        }
    }

    @Test
    void aTransactionThatLosesARaceRunsAgainAndCommitsOnce() throws Throwable {
        String aggregate = UUID.randomUUID().toString();
        AtomicInteger attempts = new AtomicInteger();

        VertxContextSupport.subscribeAndAwait(() -> Transactions.withTransaction(() -> {
            int attempt = attempts.incrementAndGet();
            return effect(aggregate).chain(() -> attempt < 3 ? raise("40001") : Uni.createFrom().voidItem());
        }));

        assertEquals(3, attempts.get());
        assertEquals(1, Fixtures.effects(pool, aggregate).size(), "the failed attempts rolled back");
    }

    @Test
    void aTransactionThatAlwaysLosesGivesUpWithTheConflictAfterItsAttempts() {
        String aggregate = UUID.randomUUID().toString();
        AtomicInteger attempts = new AtomicInteger();

        Throwable failure = assertThrows(Throwable.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Transactions.withTransaction(() -> {
                    attempts.incrementAndGet();
                    return effect(aggregate).chain(() -> raise("40P01"));
                })));

        assertTrue(DatabaseErrors.isRetryableConflict(failure), failure.toString());
        assertEquals(Transactions.ATTEMPTS, attempts.get());
        assertTrue(Fixtures.effects(pool, aggregate).isEmpty());
    }

    @Test
    void aRefusalIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();

        Throwable failure = assertThrows(Throwable.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Transactions.withTransaction(() -> {
                    attempts.incrementAndGet();
                    return raise(DatabaseErrors.UNIQUE_VIOLATION);
                })));

        assertTrue(DatabaseErrors.isUniqueViolation(failure), failure.toString());
        assertEquals(1, attempts.get());
    }

    private static Uni<Void> effect(String aggregate) {
        TestEffect effect = new TestEffect();
        effect.eventId = UUID.randomUUID().toString();
        effect.aggregateId = aggregate;
        effect.version = 1;
        effect.handledBy = "transaction";
        effect.eventTime = java.time.Instant.now();
        return effect.persistAndFlush().replaceWithVoid();
    }

    /** The database itself fails the statement with this SQL state, as it would in the real case. */
    private static Uni<Void> raise(String sqlState) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "do $$ begin raise exception 'as in a race' using errcode = '" + sqlState + "'; end $$")
                .executeUpdate()).replaceWithVoid();
    }

    private double counter(String outcome) {
        var counter = registry.find("clinic.eventbus.consumed").tag("consumer", CONSUMER).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
