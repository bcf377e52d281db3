package clinic.patientcontact.service;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Phone numbers in E.164 ({@code +4930123456}), the form SMS gateways and searches agree on. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * The number in E.164, or empty when it is not a valid number. Without a leading {@code +} the number is
     * read as one of {@code defaultRegion} (an ISO country code), if one is configured.
     */
    public static Optional<String> toE164(String input, Optional<String> defaultRegion) {
        if (input == null || input.isBlank()) {
            return Optional.empty();
        }
        String trimmed = input.trim();
        if (trimmed.startsWith("00")) {
            // The international call prefix most of the world dials, written instead of "+".
            trimmed = "+" + trimmed.substring(2);
        }
        if (!trimmed.startsWith("+") && defaultRegion.isEmpty()) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = UTIL.parse(trimmed, defaultRegion.orElse("ZZ"));
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
