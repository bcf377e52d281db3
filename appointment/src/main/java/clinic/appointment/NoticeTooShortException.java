package clinic.appointment;

/** A patient asked to book, move or cancel sooner before the appointment than the doctor's notice allows. */
public class NoticeTooShortException extends TransitionRefusedException {

    public NoticeTooShortException(String message) {
        super(message);
    }
}
