package clinic.doctoravailability.service;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** A weekly working range, in the doctor's local time. */
public record WorkingRange(DayOfWeek day, LocalTime start, LocalTime end) {

    /**
     * The instants this range covers on {@code date} in {@code zone}. A local time that a DST change skips is
     * moved forward by the gap, and a repeated one takes its earlier offset, so the range holds the real time
     * that passes between the two local times.
     */
    public TimeRange on(LocalDate date, ZoneId zone) {
        return new TimeRange(date.atTime(start).atZone(zone).toInstant(), date.atTime(end).atZone(zone).toInstant());
    }

    public boolean overlaps(WorkingRange other) {
        return day == other.day && start.isBefore(other.end) && other.start.isBefore(end);
    }
}
