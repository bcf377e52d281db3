package clinic.patientcontact;

/**
 * No such patient, or none the caller may see. The words name no id, e-mail or phone: the same for a record that
 * does not exist and for one outside the caller's scope, so a stranger learns nothing of another patient.
 */
public class PatientNotFoundException extends RuntimeException {

    public PatientNotFoundException(String detail) {
        super(detail);
    }
}
