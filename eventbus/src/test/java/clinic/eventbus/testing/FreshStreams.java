package clinic.eventbus.testing;

import java.time.Duration;
import java.util.Map;

import clinic.eventbus.EventStream;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Deletes the catalogue's streams (and so their consumers) before a module's application starts, so its tests
 * begin on empty streams instead of working through what earlier modules published on the run's NATS; then makes
 * them anew, empty, as the services that publish to them would (a service makes only the streams it publishes to,
 * and a module's tests run one service alone).
 */
public class FreshStreams implements QuarkusTestResourceLifecycleManager {

    private static final int STREAM_NOT_FOUND = 10059;
    /** There already, as its publisher made it. */
    private static final int STREAM_NAME_IN_USE = 10058;

    @Override
    public Map<String, String> start() {
        deleteAll();
        createAll();
        return Map.of();
    }

    /** Every stream of the catalogue, empty, with the services' default settings. */
    public static void createAll() {
        int replicas = Integer.parseInt(System.getenv().getOrDefault("CLINIC_EVENTBUS_STREAMS_REPLICAS", "1"));
        try (Connection connection = TestNats.connect()) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            for (EventStream stream : EventStream.values()) {
                try {
                    jsm.addStream(StreamConfiguration.builder().name(stream.name()).subjects(stream.wildcard())
                            .storageType(StorageType.File).replicas(replicas).maxAge(Duration.ofDays(30))
                            .duplicateWindow(Duration.ofMinutes(2)).build());
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not make the test streams on " + TestNats.url(), e);
        }
    }

    @Override
    public void stop() {
    }

    public static void deleteAll() {
        try (Connection connection = TestNats.connect()) {
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
