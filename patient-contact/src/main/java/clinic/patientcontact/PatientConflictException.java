package clinic.patientcontact;

/** A registration or change that another patient's record stands in the way of (an id or e-mail taken). */
public class PatientConflictException extends RuntimeException {

    public PatientConflictException(String detail) {
        super(detail);
    }
}
