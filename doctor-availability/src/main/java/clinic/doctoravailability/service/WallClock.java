package clinic.doctoravailability.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * How this module turns a doctor's wall-clock times into instants, so every caller agrees on days a DST change
 * skips or repeats local times. A range of local times covers the real time that passes between them:
 * <ul>
 * <li>a local time in a gap (it never shows on the clock) stands for the instant the gap ends, the first real
 * time at or after it; a range wholly inside a gap therefore covers nothing that day;</li>
 * <li>in a repeated hour a start takes the first occurrence and an end the second, so the repeated hour is
 * covered in full and the range may be longer than its wall-clock length.</li>
 * </ul>
 * java.time's own resolution ({@code atZone}) moves a time in a gap forward by the gap's length instead, which
 * can make an end land after local times outside the range, or a start equal its end.
 */
public final class WallClock {

    private WallClock() {
    }

    /** The instant a range starting at {@code local} starts: the first moment the clock shows it or later. */
    public static Instant startOf(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return local.atZone(zone).toInstant(); // the earlier offset when the time is repeated
    }

    /**
     * The instant a range ending (exclusively) at {@code local} ends. In a repeated hour it is the second
     * occurrence, so the times just before it are covered both times they occur; the first moment of the
     * repeated hour is the exception: nothing before it repeats, so its first occurrence ends the range.
     */
    public static Instant endOf(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition == null) {
            return local.atZone(zone).toInstant();
        }
        if (transition.isGap()) {
            return transition.getInstant();
        }
        boolean afterTheRepeatBegins = local.isAfter(transition.getDateTimeAfter());
        return local.atOffset(afterTheRepeatBegins ? transition.getOffsetAfter() : transition.getOffsetBefore())
                .toInstant();
    }

    /**
     * The real time of a local date, from its first moment to the next date's; empty for a date the zone
     * skipped entirely (Pacific/Apia went from 2011-12-29 to 2011-12-31).
     */
    public static Optional<TimeRange> day(LocalDate date, ZoneId zone) {
        return TimeRange.between(startOf(date.atStartOfDay(), zone), endOf(date.plusDays(1).atStartOfDay(), zone));
    }
}
