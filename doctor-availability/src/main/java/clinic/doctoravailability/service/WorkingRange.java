package clinic.doctoravailability.service;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/** A weekly working range, in the doctor's local time. */
public record WorkingRange(DayOfWeek day, LocalTime start, LocalTime end) {

    /**
     * The real time this range covers on {@code date} in {@code zone}, as {@link WallClock} reads local times
     * across DST changes; empty on a date when the range lies wholly inside a gap (e.g. 02:00-03:00 in
     * Europe/Berlin on the Sunday the clocks go forward), since none of its times exist that day.
     */
    public Optional<TimeRange> on(LocalDate date, ZoneId zone) {
        return TimeRange.between(WallClock.startOf(date.atTime(start), zone),
                WallClock.endOf(date.atTime(end), zone));
    }

    public boolean overlaps(WorkingRange other) {
        return day == other.day && start.isBefore(other.end) && other.start.isBefore(end);
    }
}
