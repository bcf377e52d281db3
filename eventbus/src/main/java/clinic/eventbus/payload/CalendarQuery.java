package clinic.eventbus.payload;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A question for the keeper of doctors' calendars ({@code QuestionType.CALENDAR}) from the FHIR API: doctors by id,
 * name or activity, and with {@code freeFrom}, {@code freeTo} and {@code durationMinutes} the free times of each
 * doctor found, as the free-slot search computes them. Doctors are named by id or FHIR id as in {@code
 * PatientQuery}; null criteria do not narrow, an empty list matches nobody.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CalendarQuery(List<String> ids, List<String> fhirIds, String name, Boolean active, String specialty,
        int page, int size,
        Instant freeFrom, Instant freeTo, Integer durationMinutes) {

    /** One page of the doctors matched, how many match in all, and their free times when asked. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Found(long total, List<DoctorRecord> doctors) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DoctorRecord(String id, String name, String specialty, String email, String phone,
            String timeZone, boolean active, Instant createdAt, Instant updatedAt, List<FreeTime> free) {
    }

    /** A free time of the asked length, in the doctor's working hours and windows, clear of blocks and time off. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FreeTime(Instant start, Instant end) {
    }
}
