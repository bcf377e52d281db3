package clinic.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The API's time rules: ISO-8601 with an explicit offset in, UTC with whole seconds out. */
public final class Times {

    public static final String EXAMPLE = "2027-09-15T10:00:00Z";

    /*
     * The calendar the API accepts: years 1900 to 9999. Far outside it a time is a typo, and java.time (the day
     * after LocalDate.MAX) or the database (timestamptz ends in year 294276) would fail on it with a 500 instead
     * of a 400 naming the field.
     */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(9999, 12, 31);
    static final Instant EARLIEST = EARLIEST_DATE.atStartOfDay(ZoneOffset.UTC).toInstant();
    static final Instant LATEST = LATEST_DATE.atTime(LocalTime.MAX).toInstant(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.SECONDS);

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
        refuseControl(value, field);
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            try {
                java.time.LocalDateTime.parse(value.trim());
                throw ProblemException.badField(field, "must include a UTC offset, e.g. " + EXAMPLE);
            } catch (DateTimeParseException notLocalEither) {
                throw ProblemException.badField(field, "is not an ISO-8601 date-time, e.g. " + EXAMPLE);
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ProblemException.badField(field, "must be between " + format(EARLIEST) + " and " + format(LATEST));
        }
        return instant;
    }

    /** Reads a calendar date such as {@code 2027-03-28}, within the same years as {@link #parse}. */
    public static LocalDate parseDate(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badField(field, "is required, e.g. 2027-03-28");
        }
        refuseControl(value, field);
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badField(field, "must be a date such as 2027-03-28");
        }
        if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
            throw ProblemException.badField(field, "must be between " + EARLIEST_DATE + " and " + LATEST_DATE);
        }
        return date;
    }

    /** trim() below takes every control character off the ends: one there is refused, not dropped. */
    private static void refuseControl(String value, String field) {
        String problem = Text.nameProblem(value);
        if (problem != null) {
            throw ProblemException.badField(field, problem);
        }
    }

    /** How every time is written: UTC, whole seconds, e.g. {@code 2027-09-15T10:00:00Z}. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
