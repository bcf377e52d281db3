package clinic.appointment;

/** An Idempotency-Key sent again with a different booking than the one it was first used for. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException() {
        super("This Idempotency-Key was already used for a different booking; use a new key for a new request.");
    }
}
