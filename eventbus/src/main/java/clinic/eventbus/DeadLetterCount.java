package clinic.eventbus;

import java.io.IOException;
import java.util.OptionalLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * The number of this service's pending dead letters, as the DEADLETTER stream counts them on
 * {@code deadletter.<service>}: the gauge {@code clinic.eventbus.dead_letters} and the health warning read it.
 * The stream's own count survives restarts and drops when a dead letter is replayed, which a counter in this
 * process would not; it is fetched on a timer (one stream-info request), so a scrape or a health probe costs
 * no NATS round trip.
 */
@ApplicationScoped
class DeadLetterCount {

    private static final long UNKNOWN = -1;

    private final NatsConnection nats;
    private final String service;
    private volatile long count = UNKNOWN;

    public DeadLetterCount(NatsConnection nats, EventBusConfig config, MeterRegistry registry) {
        this.nats = nats;
        this.service = config.service();
        Gauge.builder("clinic.eventbus.dead_letters", this, DeadLetterCount::gaugeValue)
                .description("Dead letters of this service pending in the DEADLETTER stream (replay: ./clinic deadletters)")
                .tag("service", service)
                .strongReference(true)
                .register(registry);
    }

    /** The last count, empty until NATS answered once. */
    public OptionalLong current() {
        long known = count;
        return known == UNKNOWN ? OptionalLong.empty() : OptionalLong.of(known);
    }

    /** {@code deadletter.<service>}, where this service's consumers put what they gave up on. */
    public String subject() {
        return Subjects.deadLetter(service);
    }

    /**
     * At once when the streams exist, rather than a refresh interval after start; after the other observers
     * (a late priority), so starting the consumers never waits for this request.
     */
    void onNatsConnected(@Observes @Priority(5000) NatsConnected event) {
        refresh(event.connection());
    }

    @Scheduled(every = "${clinic.eventbus.dead-letters.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (nats.isReady()) {
            refresh(nats.current());
        }
    }

    private void refresh(Connection connection) {
        try {
            long now = DeadLetters.count(connection.jetStreamManagement(), service);
            boolean first = count == UNKNOWN;
            count = now;
            if (first && now > 0) {
                // Each new one is logged as an error where it happens; this is for those from before a restart.
                Log.warnf("%d dead letter(s) pending on %s: ./clinic deadletters lists them", now, subject());
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            // The last count stays: NATS being away is what readiness reports, not this.
            Log.debugf("Could not count the dead letters on %s: %s", subject(), e.toString());
        }
    }

    private double gaugeValue() {
        long known = count;
        return known == UNKNOWN ? Double.NaN : known;
    }
}
