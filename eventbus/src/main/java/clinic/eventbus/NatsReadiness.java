package clinic.eventbus;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.nats.client.Connection;

/** Ready when NATS is connected and the stream catalogue exists. */
@Readiness
@ApplicationScoped
class NatsReadiness implements HealthCheck {

    private final NatsConnection nats;
    private final InboundConsumers consumers;

    public NatsReadiness(NatsConnection nats, InboundConsumers consumers) {
        this.nats = nats;
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        Connection connection = nats.current();
        return HealthCheckResponse.named("nats")
                .status(nats.isReady())
                .withData("status", connection == null ? "CONNECTING" : connection.getStatus().name())
                .withData("consumers", String.join(",", consumers.names()))
                .build();
    }
}
