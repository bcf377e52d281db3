package clinic.eventbus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStreamApiException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;

/** Starts one durable consumer per {@link EventHandler} bean once NATS is connected; stops them first at shutdown. */
@ApplicationScoped
public class InboundConsumers {

    private final List<DurableConsumer> consumers = new ArrayList<>();

    public InboundConsumers(@Any Instance<EventHandler> handlers, EventBusConfig config, EventCodec codec,
            NatsPublisher publisher, Vertx vertx, MeterRegistry registry, EventTracing tracing) {
        Set<EventStream> seen = new HashSet<>();
        for (EventHandler handler : handlers) {
            if (!seen.add(handler.stream())) {
                throw new IllegalStateException("Two event handlers consume " + handler.stream()
                        + "; a service has one durable consumer per stream, so merge them");
            }
            consumers.add(new DurableConsumer(config.service(), handler, config.consumer(), codec, publisher, vertx,
                    registry, tracing));
        }
        if (!config.consumer().enabled()) {
            consumers.clear();
        }
    }

    void onNatsConnected(@Observes NatsConnected event) {
        for (DurableConsumer consumer : consumers) {
            try {
                if (event.reconnect()) {
                    consumer.restart(event.connection());
                } else {
                    consumer.start(event.connection());
                }
            } catch (IOException | JetStreamApiException e) {
                Log.errorf(e, "Could not start consumer %s; it starts on the next reconnect", consumer.name());
            }
        }
    }

    /** Runs before the NATS connection drains, so no message is taken that could not be acknowledged. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        consumers.forEach(DurableConsumer::stop);
    }

    /** The durable names this service consumes through, e.g. for readiness and logs. */
    public List<String> names() {
        return consumers.stream().map(DurableConsumer::name).toList();
    }
}
