package clinic.http;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose records a caller may see: a patient their own ({@code patientId} set), a doctor theirs ({@code doctorId}
 * set), staff and admin everyone's (both null). Records outside the scope do not exist for the caller: lists leave
 * them out and a read by id answers 404, so no answer tells a stranger's id from an unknown one.
 */
public record Scope(String patientId, String doctorId) {

    public static final Scope EVERYONE = new Scope(null, null);

    public boolean isEveryone() {
        return patientId == null && doctorId == null;
    }

    /** Whether a record of this patient with this doctor is within the scope. */
    public boolean covers(String recordPatientId, String recordDoctorId) {
        return (patientId == null || patientId.equals(recordPatientId))
                && (doctorId == null || doctorId.equals(recordDoctorId));
    }

    /**
     * The patient and doctor a list asked for (null: any), narrowed to this scope; empty when the request and the
     * scope exclude each other (a patient asking for another patient's list), which answers an empty page.
     */
    public Optional<Scope> narrow(String requestedPatientId, String requestedDoctorId) {
        String patient = narrowed(patientId, requestedPatientId);
        String doctor = narrowed(doctorId, requestedDoctorId);
        if ((patientId != null && !Objects.equals(patient, patientId))
                || (doctorId != null && !Objects.equals(doctor, doctorId))) {
            return Optional.empty();
        }
        return Optional.of(new Scope(patient, doctor));
    }

    private static String narrowed(String allowed, String requested) {
        if (allowed == null) {
            return requested;
        }
        return requested == null || requested.equals(allowed) ? allowed : null;
    }
}
