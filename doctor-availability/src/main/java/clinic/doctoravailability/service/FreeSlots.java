package clinic.doctoravailability.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The free slots of one local day. Slots step through real time, not wall-clock time: on a day that skips an
 * hour the skipped local times never appear, and on a day that repeats one its local times appear twice, as
 * two different instants with two different offsets.
 */
public final class FreeSlots {

    private FreeSlots() {
    }

    public record Slot(Instant start, Instant end, OffsetDateTime localStart) {
    }

    public static List<Slot> of(BookingRules.Calendar calendar, LocalDate date, Duration length, List<TimeRange> busy,
            Instant notBefore) {
        ZoneId zone = calendar.zone();
        Optional<TimeRange> realDay = WallClock.day(date, zone);
        if (realDay.isEmpty()) {
            return List.of(); // the zone skipped this date: none of its times exist
        }
        TimeRange day = realDay.get();
        List<TimeRange> open = new ArrayList<>();
        if (calendar.unrestricted()) {
            open.add(day);
        } else {
            for (WorkingRange hours : calendar.hours()) {
                if (hours.day() == date.getDayOfWeek()) {
                    hours.on(date, zone).ifPresent(open::add); // absent when wholly inside a DST gap
                }
            }
            for (TimeRange window : calendar.windows()) {
                if (window.overlaps(day)) {
                    open.add(new TimeRange(max(window.start(), day.start()), min(window.end(), day.end())));
                }
            }
        }
        List<TimeRange> unavailable = new ArrayList<>();
        busy.forEach(block -> unavailable.add(block.widened(calendar.clearance())));
        unavailable.addAll(calendar.timeOff());
        List<Slot> slots = new ArrayList<>();
        for (TimeRange range : merge(open)) {
            for (Instant start = range.start(); !start.plus(length).isAfter(range.end()); start = start.plus(length)) {
                TimeRange candidate = new TimeRange(start, start.plus(length));
                if (start.isBefore(notBefore) || unavailable.stream().anyMatch(candidate::overlaps)) {
                    continue;
                }
                slots.add(new Slot(candidate.start(), candidate.end(), start.atZone(zone).toOffsetDateTime()));
            }
        }
        return slots;
    }

    /** Overlapping or touching ranges become one, so a slot is never offered twice. */
    static List<TimeRange> merge(List<TimeRange> ranges) {
        List<TimeRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(TimeRange::start));
        List<TimeRange> merged = new ArrayList<>();
        for (TimeRange range : sorted) {
            TimeRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !range.start().isAfter(last.end())) {
                merged.set(merged.size() - 1, new TimeRange(last.start(), max(last.end(), range.end())));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
