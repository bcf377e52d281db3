package clinic.eventbus;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;

/**
 * One booking is one trace across the services: an event carries the W3C trace context of the span that made it
 * (the CloudEvents distributed-tracing extension, {@code traceparent}/{@code tracestate}), and a consumer
 * handles it in a span that continues that trace, current while the handler runs, so its SQL and the events it
 * publishes belong to the trace as well.
 */
@ApplicationScoped
public class EventTracing {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    private static final String INSTRUMENTATION = "clinic.eventbus";

    private final Tracer tracer;

    @Inject
    public EventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
    }

    /**
     * Adds a trace context to an event being built: {@code traceparent} when it is given and readable, else the
     * current span's, when there is one; the current span's trace state goes with it when it is that span.
     */
    static void propagate(CloudEventBuilder builder, String traceparent) {
        SpanContext kept = traceparent == null ? SpanContext.getInvalid() : parse(traceparent, "");
        SpanContext current = Span.current().getSpanContext();
        // The current span itself (an origin taken on this request or handling): written with its trace state.
        boolean same = current.isValid() && kept.isValid() && current.getSpanId().equals(kept.getSpanId())
                && current.getTraceId().equals(kept.getTraceId());
        SpanContext context = kept.isValid() && !same ? kept : current;
        if (context.isValid()) {
            builder.withExtension(TRACEPARENT, traceparent(context));
            String state = tracestate(context.getTraceState());
            if (!state.isEmpty()) {
                builder.withExtension(TRACESTATE, state);
            }
        }
    }

    /** The current span's W3C traceparent, to keep with work done later (null when there is no span). */
    public static String currentTraceparent() {
        SpanContext current = Span.current().getSpanContext();
        return current.isValid() ? traceparent(current) : null;
    }

    /**
     * Runs a consumer's handling of one event in a span that continues the event's trace (a new trace when the
     * event carries none or an unreadable one). The span is current on the calling Vert.x context until the work
     * ends.
     */
    Uni<Void> consume(CloudEvent event, String consumer, Supplier<Uni<Void>> work) {
        return Uni.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder(event.getType() + " process")
                    .setSpanKind(SpanKind.CONSUMER)
                    .setParent(Context.root().with(Span.wrap(parent(event))))
                    .setAttribute("messaging.system", "nats")
                    .setAttribute("messaging.operation.type", "process")
                    .setAttribute("messaging.destination.name", event.getType())
                    .setAttribute("messaging.message.id", event.getId())
                    .setAttribute("messaging.consumer.group.name", consumer)
                    .startSpan();
            // Current on the caller's (duplicated) Vert.x context from subscription until the work ends, however
            // it ends: the next event of the batch runs in its own span.
            Scope scope = span.makeCurrent();
            Uni<Void> running;
            try {
                running = work.get();
            } catch (RuntimeException e) {
                running = Uni.createFrom().failure(e);
            }
            return running.onTermination().invoke((item, failure, cancelled) -> {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                }
                scope.close();
                span.end();
            });
        });
    }

    /**
     * A span for publishing an event, child of the span that made it: the NATS hop in the trace. Ended by the
     * caller when JetStream acknowledges (or refuses) the message.
     */
    Span publishing(String subject, String id, SpanContext parent) {
        return tracer.spanBuilder(subject + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(Context.root().with(Span.wrap(parent)))
                .setAttribute("messaging.system", "nats")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", subject)
                .setAttribute("messaging.message.id", id)
                .startSpan();
    }

    /** The trace context an event carries, or an invalid one (then a span starts a new trace). */
    static SpanContext parent(CloudEvent event) {
        Object header = event.getExtension(TRACEPARENT);
        Object state = event.getExtension(TRACESTATE);
        return header == null ? SpanContext.getInvalid()
                : parse(header.toString(), state == null ? "" : state.toString());
    }

    /** W3C {@code traceparent}: version 00, 32 hex trace id, 16 hex span id, 2 hex flags. */
    static String traceparent(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    static SpanContext parse(String traceparent, String tracestate) {
        String[] parts = traceparent.trim().split("-");
        // Version 00 has exactly four fields; a later version may add some after them.
        if (parts.length < 4 || ("00".equals(parts[0]) && parts.length != 4) || parts[0].length() != 2 || parts[3].length() != 2 || "ff".equals(parts[0])
                || !parts[3].matches("[0-9a-f]{2}")) {
            return SpanContext.getInvalid();
        }
        SpanContext context = SpanContext.createFromRemoteParent(parts[1], parts[2],
                TraceFlags.fromHex(parts[3], 0), state(tracestate));
        return context.isValid() ? context : SpanContext.getInvalid();
    }

    private static TraceState state(String header) {
        var builder = TraceState.builder();
        for (String member : header.split(",")) {
            int equals = member.indexOf('=');
            if (equals > 0) {
                builder.put(member.substring(0, equals).trim(), member.substring(equals + 1).trim());
            }
        }
        return builder.build();
    }

    private static String tracestate(TraceState state) {
        StringBuilder header = new StringBuilder();
        state.forEach((key, value) -> {
            if (header.length() > 0) {
                header.append(',');
            }
            header.append(key).append('=').append(value);
        });
        return header.toString();
    }
}
