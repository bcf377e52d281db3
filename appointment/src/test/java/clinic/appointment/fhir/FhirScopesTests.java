package clinic.appointment.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import clinic.http.SmartScopes;
import clinic.http.SmartScopes.Need;

/** Which SMART scopes grant what, and what each FHIR request needs: plain logic, no server. */
class FhirScopesTests {

    private static final Need READ_APPOINTMENT = new Need("Appointment", 'r');
    private static final Need BOOK = new Need("Appointment", 'c');

    @Test
    void aTokenWithoutResourceScopesIsBoundedByItsRoleAlone() {
        assertTrue(SmartScopes.grants("openid profile email", BOOK, false));
        assertTrue(SmartScopes.grants("", BOOK, false));
    }

    @Test
    void resourceScopesGrantTheirTypeAndPermissionsOnly() {
        assertTrue(SmartScopes.grants("openid user/Appointment.rs", READ_APPOINTMENT, false));
        assertFalse(SmartScopes.grants("openid user/Appointment.rs", BOOK, false));
        assertFalse(SmartScopes.grants("user/Patient.cruds", BOOK, false));
        assertTrue(SmartScopes.grants("user/Patient.rs user/Appointment.crus", BOOK, false));
        assertTrue(SmartScopes.grants("user/*.cruds", BOOK, false));
        // SMART v1's names.
        assertTrue(SmartScopes.grants("user/Appointment.read", new Need("Appointment", 's'), false));
        assertFalse(SmartScopes.grants("user/Appointment.read", BOOK, false));
        assertTrue(SmartScopes.grants("user/Appointment.write", BOOK, false));
        assertTrue(SmartScopes.grants("user/Appointment.*", BOOK, false));
        // Permissions out of order or unknown are no scope of ours: not granting, but still narrowing.
        assertFalse(SmartScopes.grants("user/Appointment.sr", READ_APPOINTMENT, false));
    }

    @Test
    void patientScopesGrantOnlyToAnAccountLinkedToAPatientAndSystemScopesNothing() {
        assertTrue(SmartScopes.grants("patient/Appointment.rs", READ_APPOINTMENT, true));
        assertFalse(SmartScopes.grants("patient/Appointment.rs", READ_APPOINTMENT, false));
        assertFalse(SmartScopes.grants("system/Appointment.rs", READ_APPOINTMENT, false));
    }

    @Test
    void eachRequestNeedsItsTypeAndInteraction() {
        assertEquals(new Need("Appointment", 's'), SmartScopes.need("GET", "/fhir/r4/Appointment"));
        assertEquals(new Need("Appointment", 'c'), SmartScopes.need("POST", "/fhir/r4/Appointment"));
        assertEquals(new Need("Appointment", 'r'), SmartScopes.need("GET", "/fhir/r4/Appointment/1"));
        assertEquals(new Need("Appointment", 'u'), SmartScopes.need("PUT", "/fhir/r4/Appointment/1"));
        assertEquals(new Need("Appointment", 's'), SmartScopes.need("POST",
                "/fhir/r4/Appointment/$find"));
        assertEquals(new Need("Appointment", 'c'), SmartScopes.need("POST",
                "/fhir/r4/Appointment/$book"));
        assertEquals(new Need("Slot", 'r'), SmartScopes.need("GET", "/fhir/r4/Slot/123-30-d"));
        assertNull(SmartScopes.need("GET", "/fhir/r4/metadata"));
        assertNull(SmartScopes.need("GET", "/fhir/r4/.well-known/smart-configuration"));
        assertNull(SmartScopes.need("GET", "/appointments"));
    }
}
