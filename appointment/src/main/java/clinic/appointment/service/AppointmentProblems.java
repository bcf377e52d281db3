package clinic.appointment.service;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import clinic.http.ProblemException;

/** The problems the appointment rules answer with, worded in one place. */
final class AppointmentProblems {

    private AppointmentProblems() {
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No appointment " + id + ".");
    }

    /** The doctor's time is taken, by {@code blocking} when it is known. */
    static ProblemException overlap(String doctorId, Instant start, UUID blocking) {
        String detail = blocking == null
                ? "Doctor " + doctorId + " already has an appointment overlapping " + start + "."
                : "Doctor " + doctorId + " already has appointment " + blocking + " overlapping " + start
                        + "; choose another time.";
        return ProblemException.conflict(detail,
                blocking == null ? Map.of() : Map.of("conflicting_appointment_id", blocking.toString()));
    }
}
