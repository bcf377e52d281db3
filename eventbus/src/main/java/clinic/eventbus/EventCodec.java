package clinic.eventbus;

import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;

/**
 * Builds, writes and reads CloudEvents 1.0 in structured JSON mode (the CloudEvents NATS binding). The
 * envelope carries {@code correlationid} and {@code causationid} extensions; {@code type} is the NATS subject
 * and {@code subject} the aggregate id.
 */
@ApplicationScoped
public class EventCodec {

    public static final String CORRELATION_ID = "correlationid";
    public static final String CAUSATION_ID = "causationid";
    /**
     * Who acted: the subject of the token of the request that caused the event, or {@code service:<name>} for an
     * event a service made on its own (an answer to another event, a deadline, a reminder).
     */
    public static final String ACTOR = "actor";
    private static final String JSON = "application/json";

    /** Built directly rather than through the ServiceLoader-based provider, which native images do not need. */
    private final JsonFormat format = new JsonFormat();
    private final ObjectMapper mapper;
    private final URI source;
    private final String serviceActor;

    @Inject
    public EventCodec(ObjectMapper mapper, EventBusConfig config) {
        this(mapper, config.service());
    }

    EventCodec(ObjectMapper mapper, String service) {
        this.mapper = mapper;
        this.source = URI.create("/clinic/" + service);
        this.serviceActor = "service:" + service;
    }

    /**
     * A new event of this service, following {@code origin}: its correlation id ties together everything one
     * request caused (the event's own id when the origin has none), its causation id names the event it answers,
     * its actor who acted (this service when nobody did), and its trace context continues the origin's trace.
     */
    public CloudEvent create(String type, String aggregateId, Object data, Origin origin) {
        if (!type.startsWith(EventStream.DEADLETTER.subjectPrefix())) {
            // Only catalogued types: the AsyncAPI document and every consumer rely on the catalogue.
            EventType.of(type);
        }
        String id = UUID.randomUUID().toString();
        String correlationId = origin.correlationId();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(id)
                .withSource(source)
                .withType(type)
                .withSubject(aggregateId)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS))
                .withDataContentType(JSON)
                .withData(JSON, toJson(data))
                .withExtension(CORRELATION_ID, correlationId == null || correlationId.isBlank() ? id : correlationId)
                .withExtension(ACTOR, origin.actor() != null ? origin.actor() : serviceActor);
        if (origin.causationId() != null) {
            builder.withExtension(CAUSATION_ID, origin.causationId());
        }
        EventTracing.propagate(builder, origin.traceparent());
        return builder.build();
    }

    public static String actor(CloudEvent event) {
        Object actor = event.getExtension(ACTOR);
        return actor == null ? null : actor.toString();
    }

    public byte[] serialize(CloudEvent event) {
        return format.serialize(event);
    }

    /** Reads a structured-mode event; throws {@link IllegalArgumentException} when it is not one. */
    public CloudEvent parse(byte[] bytes) {
        try {
            return format.deserialize(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a CloudEvents JSON message: " + e.getMessage(), e);
        }
    }

    public <T> T data(CloudEvent event, Class<T> type) {
        CloudEventData data = event.getData();
        if (data == null) {
            throw new IllegalArgumentException("event " + event.getId() + " carries no data");
        }
        try {
            if (data instanceof JsonCloudEventData json) {
                return mapper.treeToValue(json.getNode(), type);
            }
            return mapper.readValue(data.toBytes(), type);
        } catch (IOException e) {
            throw new IllegalArgumentException("event " + event.getId() + " data is not a " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    public static String correlationId(CloudEvent event) {
        Object value = event.getExtension(CORRELATION_ID);
        return value == null ? event.getId() : value.toString();
    }

    private byte[] toJson(Object data) {
        if (data instanceof byte[] bytes) {
            return bytes;
        }
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write event data " + data.getClass().getSimpleName(), e);
        }
    }
}
