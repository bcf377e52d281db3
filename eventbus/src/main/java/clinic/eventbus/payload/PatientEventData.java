package clinic.eventbus.payload;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The data of {@code patient.*} events; {@code patient.deleted} carries only the id. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientEventData(
        String patientId,
        String name,
        String email,
        String phone,
        Map<String, Boolean> notificationPreferences) {

    public static PatientEventData deleted(String patientId) {
        return new PatientEventData(patientId, null, null, null, null);
    }
}
