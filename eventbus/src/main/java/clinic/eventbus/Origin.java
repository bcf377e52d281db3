package clinic.eventbus;

import io.cloudevents.CloudEvent;

/**
 * Where an event comes from, in one value: the request or event it follows ({@code correlationId}, the same for
 * everything one request caused; {@code causationId}, the id of the event it answers), who acted ({@code actor},
 * a token's subject; null for this service itself) and the trace it continues ({@code traceparent}, W3C; null for
 * the current span at the time the event is made). {@link EventCodec#create} writes all four into the envelope.
 */
public record Origin(String correlationId, String causationId, String actor, String traceparent) {

    /** A request's: its id, its caller (null when anonymous) and its span. */
    public static Origin request(String correlationId, String actor) {
        return new Origin(correlationId, null, actor, EventTracing.currentTraceparent());
    }

    /** An event's consequence: the cause's correlation, the cause as causation, this service acting, this span. */
    public static Origin causedBy(CloudEvent cause) {
        return new Origin(EventCodec.correlationId(cause), cause.getId(), null, EventTracing.currentTraceparent());
    }

    /**
     * Work this service resumes later (a delivery retried in a later round): what was kept of its origin, this
     * service acting.
     */
    public static Origin resumed(String correlationId, String traceparent) {
        return new Origin(correlationId, null, null, traceparent);
    }

    /** This service on its own account (a deadline passed, a poison message set aside): a correlation of its own. */
    public static Origin service() {
        return new Origin(null, null, null, null);
    }
}
