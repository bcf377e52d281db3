package clinic.notifications.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A delivery failure is logged without the recipient's address that SMTP servers put in their errors. */
class LogRedactionTests {

    @Test
    void addressesInSmtpErrorsAreLeftOut() {
        assertEquals("550 5.1.1 <<address>>: Recipient address rejected",
                DeliveryService.withoutAddresses("550 5.1.1 <jane.doe+clinic@example.org>: Recipient address rejected"));
        assertEquals("Invalid Addresses: <address>, <address>",
                DeliveryService.withoutAddresses("Invalid Addresses: a@b.example, c.d@e.example"));
        assertEquals("Connection refused", DeliveryService.withoutAddresses("Connection refused"));
        assertNull(DeliveryService.withoutAddresses(null));
        assertEquals("the SMS provider answered 400: The 'To' number <number> is not valid",
                DeliveryService.withoutAddresses("the SMS provider answered 400: The 'To' number +49 (30) 555-0101 is"
                        + " not valid"));
        assertEquals("21211: <number>", DeliveryService.withoutAddresses("21211: 004930555010"));
    }
}
