package clinic.appointment;

/** A change made against a version of the appointment that is no longer its current one. */
public class StaleVersionException extends RuntimeException {

    public StaleVersionException(long current) {
        super("The appointment changed since you read it: it is at version " + current + ". Read it again and retry.");
    }
}
