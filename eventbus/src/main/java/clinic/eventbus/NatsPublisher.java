package clinic.eventbus;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.smallrye.mutiny.Uni;

/**
 * The only place that publishes to JetStream. The message id becomes {@code Nats-Msg-Id}, so a repeated
 * publish inside the stream's duplicate window is dropped by the server and still counts as success.
 * Timeout, retry and circuit breaker values can be changed in configuration, e.g.
 * {@code quarkus.fault-tolerance."clinic.eventbus.NatsPublisher/publish".timeout.value=2000}.
 */
@ApplicationScoped
class NatsPublisher {

    private final NatsConnection nats;

    public NatsPublisher(NatsConnection nats) {
        this.nats = nats;
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = NatsUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2, delayUnit = ChronoUnit.SECONDS,
            skipOn = NatsUnavailableException.class)
    public Uni<PublishAck> publish(String subject, String messageId, Headers headers, byte[] body) {
        return Uni.createFrom().deferred(() -> {
            Connection connection = nats.current();
            JetStream jetStream = nats.jetStream();
            if (jetStream == null || connection.getStatus() != Connection.Status.CONNECTED) {
                return Uni.createFrom().failure(new NatsUnavailableException());
            }
            PublishOptions options = PublishOptions.builder().messageId(messageId).build();
            return Uni.createFrom().completionStage(
                    () -> jetStream.publishAsync(subject, headers, body, options));
        });
    }
}
