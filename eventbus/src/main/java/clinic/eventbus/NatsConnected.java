package clinic.eventbus;

import java.time.Instant;
import java.util.Map;

import io.nats.client.Connection;

/**
 * Fired (synchronously, off the event loop) once the streams exist after a connect or reconnect, so consumers
 * can start and the outbox relay can publish what waited; with the time each stream was created.
 */
record NatsConnected(Connection connection, boolean reconnect, Map<EventStream, Instant> streamsCreated) {
}
