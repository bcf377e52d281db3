package clinic.eventbus;

/**
 * Thrown by a handler whose event depends on another that has not been applied yet (e.g. a booking of a time
 * whose cancellation is still on its way): the event is redelivered after the usual backoff and never
 * dead-lettered for it. The handler bounds the wait itself (e.g. by the time since it first had to wait).
 */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message) {
        super(message, null, false, false);
    }
}
