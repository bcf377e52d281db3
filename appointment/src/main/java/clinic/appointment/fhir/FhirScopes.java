package clinic.appointment.fhir;

import java.util.List;

/**
 * The SMART on FHIR scopes the clinic's identity provider offers FHIR apps, as the SMART configuration lists them;
 * http-common's {@code SmartScopes} holds a token to them.
 */
public final class FhirScopes {

    public static final List<String> OFFERED = List.of("patient/Appointment.crus", "patient/Appointment.rs",
            "patient/Patient.rs", "patient/Practitioner.rs", "patient/Schedule.rs", "patient/Slot.rs",
            "user/Appointment.crus", "user/Appointment.rs", "user/Patient.rs", "user/Practitioner.rs",
            "user/Schedule.rs", "user/Slot.rs");

    private FhirScopes() {
    }
}
