package clinic.appointment.rest;

import clinic.appointment.AppointmentStatus;
import clinic.appointment.service.AppointmentService;
import clinic.appointment.service.Notice;
import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.ProblemException;
import clinic.http.Roles;

/**
 * What each role may do to an appointment beyond reading it, for the REST and the FHIR API alike: a refusal is
 * a 403 in either's words.
 */
public final class AppointmentRoles {

    /** The rules {@link #notice} names in the audit log when staff set them aside. */
    public static final String BOOKING_NOTICE = "booking_notice";
    public static final String CANCEL_NOTICE = "cancel_notice";

    private AppointmentRoles() {
    }

    /** A patient books for themselves; staff and admin for anyone. */
    public static void requireMayBookFor(Caller caller, String patientId) {
        if (!caller.scope().covers(patientId, null)) {
            throw ProblemException.forbidden("A patient books for themselves only: the patient must be you.");
        }
    }

    /**
     * What a role may change: a patient the time, length and notes of their appointment, or cancel it; a doctor
     * only records how it went (completed, no_show); staff and admin anything.
     */
    public static void requireMayChange(Caller caller, AppointmentService.Update update) {
        if (caller.is(Roles.PATIENT) && update.status() != null && update.status() != AppointmentStatus.CANCELLED) {
            throw ProblemException.forbidden("A patient may reschedule or cancel an appointment; its status is set"
                    + " by the clinic.");
        }
        if (caller.is(Roles.DOCTOR) && (update.reschedules() || update.notesGiven() || update.status() == null
                || (update.status() != AppointmentStatus.COMPLETED && update.status() != AppointmentStatus.NO_SHOW))) {
            throw ProblemException.forbidden("A doctor records how an appointment went: status completed or"
                    + " no_show, nothing else.");
        }
    }

    /**
     * A patient gives the doctor's notice to book, cancel or move; staff (and admin) may act sooner, and each time
     * they do the audit log says so: action {@code override}, resource {@code rule} (booking_notice or
     * cancel_notice), the appointment and its patient.
     */
    public static Notice notice(Caller caller, Audit audit, String rule) {
        return caller.is(Roles.PATIENT) ? Notice.ENFORCED : Notice.overridable(appointment -> audit.access(
                Audit.OVERRIDE, rule, appointment.id.toString(), appointment.patientId));
    }
}
