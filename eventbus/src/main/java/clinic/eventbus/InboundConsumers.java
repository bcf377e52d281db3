package clinic.eventbus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

/**
 * Starts one durable consumer per {@link EventHandler} bean once NATS is connected (again until its stream exists);
 * stops them first at shutdown.
 */
@ApplicationScoped
class InboundConsumers {

    private final List<DurableConsumer> consumers = new ArrayList<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "eventbus-consumer-start"));
    private final AtomicLong generation = new AtomicLong();
    private final Duration retryEvery;

    public InboundConsumers(@Any Instance<EventHandler> handlers, EventBusConfig config, EventCodec codec,
            NatsPublisher publisher, Vertx vertx, MeterRegistry registry, EventTracing tracing) {
        this.retryEvery = config.nats().reconnectWait();
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
        long current = generation.incrementAndGet();
        for (DurableConsumer consumer : consumers) {
            start(consumer, event, current, true);
        }
    }

    /**
     * Starts (after a reconnect: restarts) a consumer, and tries again until it runs: its stream is made by the
     * service that publishes to it, which may start later or, after NATS lost its store, make it again later.
     * A newer connect takes over from the attempts of an older one.
     */
    private void start(DurableConsumer consumer, NatsConnected event, long attempt, boolean first) {
        if (attempt != generation.get() || retries.isShutdown()) {
            return;
        }
        try {
            if (event.reconnect()) {
                consumer.restart(event.connection());
            } else {
                consumer.start(event.connection());
            }
            if (!first) {
                Log.infof("Consumer %s started", consumer.name());
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            if (first) {
                boolean noStream = e instanceof JetStreamApiException api
                        && api.getApiErrorCode() == StreamCatalogue.STREAM_NOT_FOUND;
                Log.warnf(noStream ? "Consumer %s waits for its stream, which the service publishing to it makes;"
                        + " trying again every %s" : "Could not start consumer %s (%s); trying again every %s",
                        consumer.name(), noStream ? retryEvery : e.toString(), retryEvery);
            }
            try {
                retries.schedule(() -> start(consumer, event, attempt, false), retryEvery.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                Log.debug("Shutting down: consumer start abandoned");
            }
        }
    }

    /** Runs before the NATS connection drains, so no message is taken that could not be acknowledged. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        retries.shutdownNow();
        consumers.forEach(DurableConsumer::stop);
    }

    /** The durable names this service consumes through, e.g. for readiness and logs. */
    public List<String> names() {
        return consumers.stream().map(DurableConsumer::name).toList();
    }
}
