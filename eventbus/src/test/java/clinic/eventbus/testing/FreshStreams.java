package clinic.eventbus.testing;

import java.util.Map;

import clinic.eventbus.EventStream;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Deletes the catalogue's streams (and so their consumers) before a module's application starts, so its tests
 * begin on empty streams instead of working through what earlier modules published on the run's NATS. The
 * application creates the streams again as it starts, as it would on a fresh server.
 */
public class FreshStreams implements QuarkusTestResourceLifecycleManager {

    private static final int STREAM_NOT_FOUND = 10059;

    @Override
    public Map<String, String> start() {
        deleteAll();
        return Map.of();
    }

    @Override
    public void stop() {
    }

    public static void deleteAll() {
        try (Connection connection = Nats.connect(TestNats.url())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            for (EventStream stream : EventStream.values()) {
                try {
                    jsm.deleteStream(stream.name());
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not reset the test streams on " + TestNats.url(), e);
        }
    }
}
