package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class StreamCatalogueTests {

    @Inject
    StreamCatalogue catalogue;

    @Test
    void twoServicesStartingTogetherBothCreateTheCatalogue() throws Exception {
        try (Connection a = Fixtures.connect(); Connection b = Fixtures.connect()) {
            JetStreamManagement jsm = a.jetStreamManagement();
            // NOTIFICATIONS has no consumer in this test application, so it can be removed safely.
            jsm.deleteStream("NOTIFICATIONS");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Callable<Void> startA = () -> {
                    catalogue.ensureStreams(a.jetStreamManagement(), "eventbus-test");
                    return null;
                };
                Callable<Void> startB = () -> {
                    catalogue.ensureStreams(b.jetStreamManagement(), "eventbus-test");
                    return null;
                };
                for (Future<Void> started : pool.invokeAll(List.of(startA, startB))) {
                    started.get();
                }
            } finally {
                pool.shutdown();
            }

            assertTrue(jsm.getStreamNames().containsAll(
                    List.of("APPOINTMENTS", "AVAILABILITY", "PATIENTS", "NOTIFICATIONS", "DEADLETTER")));
            StreamConfiguration notifications = jsm.getStreamInfo("NOTIFICATIONS").getConfiguration();
            assertEquals(List.of("notification.>"), notifications.getSubjects());
            assertTrue(StreamCatalogue.sameSettings(notifications, catalogue.definition(EventStream.NOTIFICATIONS)));
        }
    }

    @Test
    void aStreamThatDriftedFromTheCatalogueIsUpdated() throws Exception {
        try (Connection connection = Fixtures.connect()) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            StreamConfiguration drifted = StreamConfiguration.builder(catalogue.definition(EventStream.PATIENTS))
                    .maxAge(Duration.ofHours(1)).build();
            jsm.updateStream(drifted);

            catalogue.ensureStreams(jsm, "eventbus-test");

            assertTrue(StreamCatalogue.sameSettings(jsm.getStreamInfo("PATIENTS").getConfiguration(),
                    catalogue.definition(EventStream.PATIENTS)));
        }
    }

    @Test
    void everySubjectBelongsToOneStreamWithOneWildcard() {
        assertEquals(EventStream.APPOINTMENTS, EventStream.of(Subjects.APPOINTMENT_RESCHEDULE_REFUSED));
        assertEquals(EventStream.DEADLETTER, EventStream.of(Subjects.deadLetter("notifications")));
        assertEquals("notifications-PATIENTS", EventStream.PATIENTS.durableName("notifications"));
        assertEquals("availability.>", EventStream.AVAILABILITY.wildcard());
    }
}
