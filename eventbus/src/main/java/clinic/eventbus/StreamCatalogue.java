package clinic.eventbus;

import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * The one definition of the stream catalogue. Each stream is made by those who publish to it (the service that owns
 * its events; DEADLETTER by every consuming service), at start and after every reconnect: a missing stream is
 * added, a changed one updated, an equal one left alone, and a race with another service adding the same stream is
 * settled by reading what won. A consumer whose stream does not exist yet waits for it (InboundConsumers), so start
 * order never matters. A service is allowed by NATS to manage only its streams (NatsAccess); an application that is
 * not a service of the catalogue (a tool, a test application) manages them all.
 */
@ApplicationScoped
class StreamCatalogue {

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
     * Makes the streams {@code service} publishes to exist as defined, and answers when each was created: a stream
     * created after events were published to it has lost them (NATS lost its store), see {@link OutboxRelay}.
     */
    public Map<EventStream, Instant> ensureStreams(JetStreamManagement jsm, String service)
            throws IOException, JetStreamApiException {
        Map<EventStream, Instant> created = new EnumMap<>(EventStream.class);
        for (EventStream stream : managedBy(service)) {
            created.put(stream, ensure(jsm, definition(stream)).getCreateTime().toInstant());
        }
        return created;
    }

    /** The streams a service makes: those it publishes to; every stream for an application outside the catalogue. */
    static Set<EventStream> managedBy(String service) {
        return EventType.Services.ALL.contains(service) ? NatsAccess.publishedStreams(service)
                : EnumSet.allOf(EventStream.class);
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
