package clinic.eventbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.TestNats;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class NatsOutageTests {

    @Inject
    EventCodec codec;
    @Inject
    Outbox outbox;
    @Inject
    NatsConnection nats;
    @Inject
    Pool pool;

    @Test
    void rowsCommittedWhileNatsIsDownArePublishedWhenItIsBack() throws Throwable {
        assumeTrue(TestNats.controllable(), "needs the NATS server the test run starts (scripts/test-environment.sh)");
        await().atMost(Duration.ofSeconds(20)).until(nats::isReady);
        CloudEvent event = Fixtures.scheduled(codec, "patient-outage", 1);

        TestNats.stop();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !nats.isReady());
            Fixtures.enqueueCommitted(outbox, List.of(event));
            Thread.sleep(1500);
            assertNull(Fixtures.outboxRow(pool, event.getId()).getValue("published_at"), "the row waits for NATS");
        } finally {
            TestNats.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(nats::isReady);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Fixtures.outboxRow(pool, event.getId()).getValue("published_at") != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.effects(pool, event.getSubject()).size() == 1);
        assertEquals(event.getId(), Fixtures.effects(pool, event.getSubject()).get(0).getString("event_id"));
    }
}
