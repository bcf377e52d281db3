package clinic.notifications.service;

import java.util.Optional;
import java.util.regex.Pattern;

/** Phone numbers as an SMS provider takes them: E.164, a plus and up to 15 digits. */
public final class Phones {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-/]");
    /** Seven digits or more, up to two separators between two: a phone number as written, not "550 5.1.1". */
    private static final Pattern DIGIT_RUNS = Pattern.compile("\\+?\\d(?:[\\s().\\-/]{0,2}\\d){6,}");

    private Phones() {
    }

    /**
     * The number in E.164 ({@code +4930123456}), read from what a patient wrote: spaces, dots, dashes, slashes
     * and brackets are dropped, a leading {@code 00} is the international prefix. Empty when no international
     * number is left (a local number cannot be texted without knowing its country).
     */
    public static Optional<String> e164(String written) {
        if (written == null) {
            return Optional.empty();
        }
        String number = SEPARATORS.matcher(written).replaceAll("");
        if (number.startsWith("00")) {
            number = "+" + number.substring(2);
        }
        return E164.matcher(number).matches() ? Optional.of(number) : Optional.empty();
    }

    /** A provider's error names the number it refused; the log keeps the error without it. */
    public static String withoutNumbers(String text) {
        return text == null ? null : DIGIT_RUNS.matcher(text).replaceAll("<number>");
    }
}
