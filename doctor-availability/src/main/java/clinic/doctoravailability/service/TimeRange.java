package clinic.doctoravailability.service;

import java.time.Instant;
import java.util.Optional;

/** A half-open range of instants, [start, end): back-to-back ranges do not overlap. */
public record TimeRange(Instant start, Instant end) {

    public TimeRange {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a range ends after it starts: " + start + " .. " + end);
        }
    }

    /**
     * The range from {@code start} to {@code end}, or empty when it would cover no time, as a working range
     * wholly inside a DST gap does.
     */
    public static Optional<TimeRange> between(Instant start, Instant end) {
        return end.isAfter(start) ? Optional.of(new TimeRange(start, end)) : Optional.empty();
    }

    public boolean overlaps(TimeRange other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    /** The range with {@code margin} more on each side. */
    public TimeRange widened(java.time.Duration margin) {
        return new TimeRange(start.minus(margin), end.plus(margin));
    }

    public boolean contains(TimeRange other) {
        return !other.start.isBefore(start) && !other.end.isAfter(end);
    }
}
