package clinic.appointment.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * An appointment series' recurrence rule: an RFC 5545 {@code RRULE} (ical4j reads and expands it), daily, weekly
 * or monthly, bounded by {@code COUNT} or {@code UNTIL}, at most {@value #MAX_OCCURRENCES} occurrences within a
 * year of the first. It is expanded in the doctor's time zone, so a weekly 09:00 stays 09:00 on the wall clock
 * across a DST change (a time a change skips moves on by the gap, as RFC 5545 says).
 */
public final class Recurrence {

    public static final int MAX_OCCURRENCES = 52;
    private static final Set<Frequency> FREQUENCIES = Set.of(Frequency.DAILY, Frequency.WEEKLY,
            Frequency.MONTHLY);

    private final String rule;
    private final Recur<ZonedDateTime> recur;

    private Recurrence(String rule, Recur<ZonedDateTime> recur) {
        this.rule = rule;
        this.recur = recur;
    }

    /** A rule that breaks the limits above, or is no RRULE at all; the message is for a person. */
    public static final class InvalidRuleException extends RuntimeException {
        InvalidRuleException(String message) {
            super(message);
        }
    }

    /** The rule as sent ({@code RRULE:} before it is allowed); its bounds are checked here. */
    public static Recurrence parse(String text) {
        String rule = text.trim();
        if (rule.regionMatches(true, 0, "RRULE:", 0, 6)) {
            rule = rule.substring(6);
        }
        rule = rule.toUpperCase(Locale.ROOT);
        Recur<ZonedDateTime> recur;
        try {
            recur = new Recur<>(rule);
        } catch (RuntimeException e) {
            throw new InvalidRuleException("must be an RFC 5545 recurrence rule such as FREQ=WEEKLY;COUNT=4");
        }
        if (recur.getFrequency() == null || !FREQUENCIES.contains(recur.getFrequency())) {
            throw new InvalidRuleException("FREQ must be DAILY, WEEKLY or MONTHLY");
        }
        boolean counted = recur.getCount() > 0;
        boolean until = (Object) recur.getUntil() != null;
        if (counted == until) {
            throw new InvalidRuleException("needs COUNT or UNTIL (one of them)");
        }
        if (until && !(((Object) recur.getUntil()) instanceof OffsetDateTime)) {
            // RFC 5545: UNTIL has DTSTART's type, and an appointment's start is a time in UTC.
            throw new InvalidRuleException("UNTIL must be a time in UTC such as 20270601T000000Z");
        }
        if (recur.getCount() > MAX_OCCURRENCES) {
            throw new InvalidRuleException("COUNT may be at most " + MAX_OCCURRENCES);
        }
        return new Recurrence(rule, recur);
    }

    /** The rule in its normal form (upper case, no {@code RRULE:}). */
    public String rule() {
        return rule;
    }

    /**
     * The starts of the occurrences, the first at or after {@code first} (which counts when the rule matches it),
     * on the wall clock of {@code zone}.
     */
    public List<Instant> expand(Instant first, ZoneId zone) {
        ZonedDateTime seed = first.atZone(zone);
        ZonedDateTime yearOn = seed.plusYears(1);
        Object until = recur.getUntil();
        if (until != null && ((OffsetDateTime) until).toInstant().isAfter(yearOn.toInstant())) {
            throw new InvalidRuleException("UNTIL may be at most a year after the first appointment");
        }
        List<ZonedDateTime> dates = recur.getDates(seed, seed, yearOn);
        if (dates.isEmpty()) {
            throw new InvalidRuleException("gives no occurrence from the first appointment's time on");
        }
        if (dates.size() > MAX_OCCURRENCES) {
            throw new InvalidRuleException("gives " + dates.size() + " occurrences; at most " + MAX_OCCURRENCES);
        }
        return dates.stream().map(ZonedDateTime::toInstant).filter(start -> !start.isBefore(first)).toList();
    }

}
