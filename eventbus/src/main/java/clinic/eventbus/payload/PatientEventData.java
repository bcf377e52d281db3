package clinic.eventbus.payload;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The data of {@code patient.*} events; {@code patient.deleted} carries only the id. The name, e-mail and phone
 * travel only sealed under the patient's own key ({@link ContactDetails}), which erasure destroys.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientEventData(
        String patientId,
        @Schema(description = "The patient's name, e-mail and phone, sealed under their key (AES-256-GCM, v1."
                + "<base64url of nonce and ciphertext>); readable with CONTACT_KEY until the patient is erased")
        String sealedContact,
        Map<String, Boolean> notificationPreferences) {

    public static PatientEventData deleted(String patientId) {
        return new PatientEventData(patientId, null, null);
    }
}
