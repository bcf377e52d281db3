package clinic.eventbus;

/** NATS is not connected right now: the caller keeps its message (outbox row, unacked delivery) for later. */
class NatsUnavailableException extends RuntimeException {

    public NatsUnavailableException() {
        super("NATS is not connected");
    }
}
