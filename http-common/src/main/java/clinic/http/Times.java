package clinic.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The API's time rules: ISO-8601 with an explicit offset in, UTC with whole seconds out. */
public final class Times {

    public static final String EXAMPLE = "2027-09-15T10:00:00Z";

    private Times() {
    }

    /**
     * Reads an instant that carries its offset ({@code Z} or {@code +02:00}). A local time is refused rather
     * than guessed: the same wall-clock time is a different instant in every clinic's zone.
     */
    public static Instant parse(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badField(field, "is required, e.g. " + EXAMPLE);
        }
        try {
            return OffsetDateTime.parse(value.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            try {
                java.time.LocalDateTime.parse(value.trim());
                throw ProblemException.badField(field, "must include a UTC offset, e.g. " + EXAMPLE);
            } catch (DateTimeParseException notLocalEither) {
                throw ProblemException.badField(field, "is not an ISO-8601 date-time, e.g. " + EXAMPLE);
            }
        }
    }

    /** How every time is written: UTC, whole seconds, e.g. {@code 2027-09-15T10:00:00Z}. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
