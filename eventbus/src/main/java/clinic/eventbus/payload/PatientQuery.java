package clinic.eventbus.payload;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A search of patients asked of their keeper ({@code QuestionType.PATIENTS}) for the FHIR API: the asking caller's
 * scope travels with it (a patient's own id, a doctor's id, or neither for staff), so the keeper applies its own
 * rule of who sees whom. Patients are named by their ids ({@code ids}) or their FHIR ids ({@code fhir_ids}, mapped
 * ones included), both narrowing; null criteria do not narrow, an empty list matches nobody.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatientQuery(String scopePatientId, String scopeDoctorId, List<String> ids, List<String> fhirIds,
        String name,
        String email, String phone, LocalDate birthDate, int page, int size) {

    /** One page of the patients matched, and how many match in all. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Found(long total, List<PatientRecord> patients) {
    }

    /** A registered patient as the keeper holds them (erased patients are never answered). */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PatientRecord(String id, String name, String email, String phone, LocalDate dateOfBirth,
            Instant createdAt, Instant updatedAt) {
    }
}
