package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import clinic.eventbus.payload.ContactDetails;

/** Sealed contact details open with their patient's key only, and tell nothing without it. */
class ContactDetailsTests {

    private final ContactDetails jane = new ContactDetails("Jane Doe", "jane@example.org", "+493012345678");

    @Test
    void sealedDetailsOpenWithTheKeyAndHoldNoneOfTheDetailsInTheClear() {
        byte[] key = ContactDetails.newKey();
        String sealed = jane.seal("patient-1", key);
        assertEquals(jane, ContactDetails.open(sealed, "patient-1", key));
        for (String detail : new String[] { "Jane", "jane@", "example.org", "12345678" }) {
            assertFalse(sealed.contains(detail), sealed);
        }
        // A fresh nonce each time: the same details sealed twice look unrelated.
        assertNotEquals(sealed, jane.seal("patient-1", key));
    }

    @Test
    void anotherKeyAnotherPatientOrAlteredTextDoNotOpen() {
        byte[] key = ContactDetails.newKey();
        String sealed = jane.seal("patient-1", key);
        assertThrows(IllegalArgumentException.class, () -> ContactDetails.open(sealed, "patient-1",
                ContactDetails.newKey()));
        assertThrows(IllegalArgumentException.class, () -> ContactDetails.open(sealed, "patient-2", key));
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);
        assertThrows(IllegalArgumentException.class, () -> ContactDetails.open(altered, "patient-1", key));
        assertThrows(IllegalArgumentException.class, () -> ContactDetails.open("Jane Doe", "patient-1", key));
        assertThrows(IllegalArgumentException.class, () -> ContactDetails.open("v1.", "patient-1", key));
    }
}
