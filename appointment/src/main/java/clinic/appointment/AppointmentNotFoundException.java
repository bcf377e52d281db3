package clinic.appointment;

import java.util.UUID;

/** No such appointment, or none the caller may see: the two are answered alike. */
public class AppointmentNotFoundException extends RuntimeException {

    public AppointmentNotFoundException(UUID id) {
        super("No appointment " + id + ".");
    }

    /** No such record of another kind of the appointment service, e.g. a series. */
    public AppointmentNotFoundException(UUID id, String kind) {
        super("No " + kind + " " + id + ".");
    }
}
