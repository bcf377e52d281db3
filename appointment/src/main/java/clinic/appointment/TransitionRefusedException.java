package clinic.appointment;

/** A change the appointment's current state does not allow; answered with 409 and this message. */
public class TransitionRefusedException extends RuntimeException {

    public TransitionRefusedException(String message) {
        super(message);
    }
}
