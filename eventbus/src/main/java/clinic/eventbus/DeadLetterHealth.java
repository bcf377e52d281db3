package clinic.eventbus;

import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Pending dead letters as a warning in readiness, never a DOWN: they are events this service gave up on, and
 * taking the service out of the load balancer would not bring them back, only stop the events that still
 * flow. A readiness check so that the gateway's {@code /health}, which aggregates readiness, shows it too.
 */
@Readiness
@ApplicationScoped
class DeadLetterHealth implements HealthCheck {

    private final DeadLetterCount deadLetters;

    public DeadLetterHealth(DeadLetterCount deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("dead-letters").up()
                .withData("subject", deadLetters.subject());
        OptionalLong count = deadLetters.current();
        if (count.isPresent()) {
            response.withData("dead_letters", count.getAsLong());
            warning(count.getAsLong(), deadLetters.subject()).ifPresent(text -> response.withData("warning", text));
        }
        return response.build();
    }

    static Optional<String> warning(long count, String subject) {
        if (count <= 0) {
            return Optional.empty();
        }
        return Optional.of(count + (count == 1 ? " dead letter" : " dead letters") + " pending on " + subject
                + ": events this service gave up on; list them with ./clinic deadletters, replay with"
                + " ./clinic deadletters replay <event-id|seq>");
    }
}
