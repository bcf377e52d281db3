package clinic.patientcontact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import clinic.patientcontact.service.PhoneNumbers;

class PhoneNumbersTests {

    @Test
    void internationalNumbersBecomeE164HoweverTheyAreWritten() {
        assertEquals(Optional.of("+493012345678"), PhoneNumbers.toE164("+49 30 1234-5678", Optional.empty()));
        assertEquals(Optional.of("+493012345678"), PhoneNumbers.toE164("0049 (30) 12345678", Optional.empty()));
        assertEquals(Optional.of("+12125550123"), PhoneNumbers.toE164("+1 (212) 555-0123", Optional.empty()));
    }

    @Test
    void aNationalNumberNeedsADefaultRegion() {
        assertTrue(PhoneNumbers.toE164("030 12345678", Optional.empty()).isEmpty());
        assertEquals(Optional.of("+493012345678"), PhoneNumbers.toE164("030 12345678", Optional.of("DE")));
    }

    @Test
    void nonsenseIsRefused() {
        assertTrue(PhoneNumbers.toE164("call me maybe", Optional.of("DE")).isEmpty());
        assertTrue(PhoneNumbers.toE164("+49 1", Optional.empty()).isEmpty());
        assertTrue(PhoneNumbers.toE164("", Optional.empty()).isEmpty());
    }
}
