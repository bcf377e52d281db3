package clinic.eventbus;

import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.quarkus.logging.Log;

/**
 * The one definition of the stream catalogue. Every service applies it at start, so start order never
 * matters: a missing stream is added, a changed one updated, an equal one left alone, and a race with
 * another service adding the same stream is settled by reading what won.
 */
@ApplicationScoped
public class StreamCatalogue {

    /** JetStream's error code for "stream not found". */
    static final int STREAM_NOT_FOUND = 10059;
    /** JetStream's error code for "stream name already in use" (another service added it first). */
    static final int STREAM_NAME_IN_USE = 10058;

    private final EventBusConfig.Streams config;

    public StreamCatalogue(EventBusConfig config) {
        this.config = config.streams();
    }

    public StreamConfiguration definition(EventStream stream) {
        StreamConfiguration.Builder builder = StreamConfiguration.builder()
                .name(stream.name())
                .subjects(List.of(stream.wildcard()))
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.Old)
                .storageType("memory".equalsIgnoreCase(config.storage()) ? StorageType.Memory : StorageType.File)
                .replicas(config.replicas())
                .maxAge(config.maxAge())
                .duplicateWindow(config.duplicateWindow());
        config.maxBytes().ifPresent(builder::maxBytes);
        return builder.build();
    }

    /**
     * Makes every stream of the catalogue exist as defined, and answers when each was created: a stream created
     * after events were published to it has lost them (NATS lost its store), see {@link OutboxRelay}.
     */
    public Map<EventStream, Instant> ensureStreams(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        Map<EventStream, Instant> created = new EnumMap<>(EventStream.class);
        for (EventStream stream : EventStream.values()) {
            created.put(stream, ensure(jsm, definition(stream)).getCreateTime().toInstant());
        }
        return created;
    }

    private StreamInfo ensure(JetStreamManagement jsm, StreamConfiguration wanted)
            throws IOException, JetStreamApiException {
        StreamInfo existing = find(jsm, wanted.getName());
        if (existing == null) {
            try {
                StreamInfo added = jsm.addStream(wanted);
                Log.infof("Created stream %s (%s)", wanted.getName(), wanted.getSubjects());
                return added;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                    throw e;
                }
                existing = find(jsm, wanted.getName());
                if (existing == null) {
                    throw e;
                }
            }
        }
        if (!sameSettings(existing.getConfiguration(), wanted)) {
            existing = jsm.updateStream(wanted);
            Log.infof("Updated stream %s to the catalogue's definition", wanted.getName());
        }
        return existing;
    }

    private static StreamInfo find(JetStreamManagement jsm, String name) throws IOException, JetStreamApiException {
        try {
            return jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** Compares what the catalogue sets; the server fills in other fields on its own. */
    static boolean sameSettings(StreamConfiguration existing, StreamConfiguration wanted) {
        return existing.getSubjects().equals(wanted.getSubjects())
                && existing.getStorageType() == wanted.getStorageType()
                && existing.getRetentionPolicy() == wanted.getRetentionPolicy()
                && existing.getMaxAge().equals(wanted.getMaxAge())
                && existing.getDuplicateWindow().equals(wanted.getDuplicateWindow())
                && existing.getMaxBytes() == wanted.getMaxBytes()
                && existing.getReplicas() == wanted.getReplicas();
    }
}
