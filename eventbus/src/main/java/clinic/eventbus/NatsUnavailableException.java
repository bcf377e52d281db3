package clinic.eventbus;

/** NATS is not connected right now: the caller keeps its message (outbox row, unacked delivery) for later. */
public class NatsUnavailableException extends RuntimeException {

    public NatsUnavailableException() {
        super("NATS is not connected");
    }
}
