package clinic.http;

/**
 * What text the API stores: no control characters but tab and line breaks, and no half of a surrogate pair.
 * PostgreSQL refuses U+0000 in text (a 500 where a 400 is due), the others are invisible in every view and log,
 * and a lone surrogate cannot be written as UTF-8 at all.
 */
public final class Text {

    /** An e-mail address as the API takes one: a local part, an @, a domain with a dot; no spaces. */
    /** How a request record's {@code @Size(max = ...)} on text says it is too long. */
    public static final String TOO_LONG = "must be at most {max} characters";

    public static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

    private Text() {
    }

    /** Why {@code value} cannot be stored, e.g. "contains the control character U+0000", or null when it can. */
    public static String problem(String value) {
        return problem(value, true);
    }

    /**
     * The same for a name or id (a path segment, a query parameter, a day of the week): no line breaks or tabs
     * either, since none of them holds more than one line.
     */
    public static String nameProblem(String value) {
        return problem(value, false);
    }

    private static String problem(String value, boolean lines) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean lineBreakOrTab = c == '\t' || c == '\n' || c == '\r';
            if ((c < 0x20 && !(lines && lineBreakOrTab)) || (c >= 0x7f && c <= 0x9f)) {
                return String.format("contains the control character U+%04X", (int) c);
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("contains an unpaired surrogate U+%04X, which is not a character", (int) c);
            }
        }
        return null;
    }
}
