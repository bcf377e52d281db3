package clinic.eventbus;

import io.nats.client.Connection;

/**
 * Fired (synchronously, off the event loop) once the streams exist after a connect or reconnect, so consumers
 * can start and the outbox relay can publish what waited.
 */
public record NatsConnected(Connection connection, boolean reconnect) {
}
