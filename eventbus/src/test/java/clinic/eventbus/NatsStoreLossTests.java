package clinic.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.EventCapture;
import clinic.eventbus.testing.TestNats;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** NATS coming back with an empty store: the events it had acknowledged are published again from the outbox. */
@QuarkusTest
class NatsStoreLossTests {

    @Inject
    EventCodec codec;
    @Inject
    Outbox outbox;
    @Inject
    NatsConnection nats;
    @Inject
    Pool pool;

    @Test
    void eventsAStoreLostArePublishedAgainAndAppliedOnce() throws Throwable {
        assumeTrue(TestNats.controllable(), "needs the NATS server the test run starts (scripts/test-environment.sh)");
        await().atMost(Duration.ofSeconds(20)).until(nats::isReady);
        CloudEvent event = Fixtures.scheduled(codec, "patient-store-loss", 1);
        Fixtures.enqueueCommitted(outbox, List.of(event));
        await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.effects(pool, event.getSubject()).size() == 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Fixtures.outboxRow(pool, event.getId()).getValue("published_at") != null);

        TestNats.stop();
        TestNats.wipeStore();
        TestNats.start();

        // The stream holds the event again, published from the outbox once the streams were created anew.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> EventCapture.awaitStored(
                EventStream.APPOINTMENTS.name(), "appointment.scheduled",
                m -> EventCapture.body(m).contains(event.getId()), Duration.ofSeconds(2)) != null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Fixtures.outboxRow(pool, event.getId()).getValue("published_at") != null);
        Thread.sleep(1000);
        assertEquals(1, Fixtures.effects(pool, event.getSubject()).size(), "the consumer applied it once");
    }
}
