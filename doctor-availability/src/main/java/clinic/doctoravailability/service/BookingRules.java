package clinic.doctoravailability.service;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

import clinic.eventbus.payload.Reason;

/**
 * Whether a doctor can see a patient in a range, before the block itself is tried (overlaps are the database
 * constraint's job). The order decides which reason a person sees first: inactive, time off, outside hours.
 */
public final class BookingRules {

    public static final String OVERLAP = "overlap";
    public static final String TIME_OFF = "time_off";
    public static final String OUTSIDE_WORKING_HOURS = "outside_working_hours";
    public static final String DOCTOR_INACTIVE = "doctor_inactive";
    public static final String BUFFER = "buffer";

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private BookingRules() {
    }

    /**
     * What the calendar says about a doctor; an unregistered doctor is active with nothing declared.
     *
     * @param timeOff the doctor's time off near the range in question
     * @param windows the doctor's availability windows near the range in question
     * @param windowsDeclared whether the doctor has any window at all, near or not
     * @param clearance the least time between two appointments: the longer of the doctor's two buffers. An
     *     appointment's buffer before or after may hold no other appointment, so two appointments one after the
     *     other stay apart by the first one's buffer after and by the second one's buffer before, whichever is
     *     longer (the buffers overlap, they do not add up); with one setting for all of a doctor's appointments
     *     that is the longer buffer, on either side.
     */
    public record Calendar(boolean active, ZoneId zone, List<WorkingRange> hours, List<TimeRange> timeOff,
            List<TimeRange> windows, boolean windowsDeclared, Duration clearance) {

        /** A doctor without buffers. */
        public Calendar(boolean active, ZoneId zone, List<WorkingRange> hours, List<TimeRange> timeOff,
                List<TimeRange> windows, boolean windowsDeclared) {
            this(active, zone, hours, timeOff, windows, windowsDeclared, Duration.ZERO);
        }

        /** The clearance of buffers of these lengths, in minutes. */
        public static Duration clearance(int bufferBeforeMinutes, int bufferAfterMinutes) {
            return Duration.ofMinutes(Math.max(bufferBeforeMinutes, bufferAfterMinutes));
        }

        /** With neither working hours nor windows declared, a doctor is bookable at any time. */
        public boolean unrestricted() {
            return hours.isEmpty() && !windowsDeclared;
        }
    }

    /** The reason the range cannot be booked, or null when only an overlap could still refuse it. */
    public static Reason refusal(Calendar calendar, TimeRange range) {
        if (!calendar.active()) {
            return new Reason(DOCTOR_INACTIVE, "The doctor is not taking appointments.");
        }
        for (TimeRange off : calendar.timeOff()) {
            if (off.overlaps(range)) {
                return new Reason(TIME_OFF, "The doctor is away from " + off.start() + " to " + off.end() + ".");
            }
        }
        if (calendar.unrestricted() || withinWorkingTime(calendar, range)) {
            return null;
        }
        ZonedDateTime local = range.start().atZone(calendar.zone());
        return new Reason(OUTSIDE_WORKING_HOURS, local.format(CLOCK) + "-"
                + range.end().atZone(calendar.zone()).format(CLOCK) + " on "
                + local.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + local.toLocalDate()
                + " (" + calendar.zone() + ") is outside the doctor's working hours.");
    }

    public static Reason overlap() {
        return new Reason(OVERLAP, "The doctor already has an appointment at that time.");
    }

    public static Reason heldForWaitlist() {
        return new Reason(OVERLAP, "The time is held for a patient on the waitlist.");
    }

    public static Reason buffer(Duration clearance) {
        return new Reason(BUFFER, "The doctor keeps " + clearance.toMinutes() + " minutes between appointments, and"
                + " another appointment is closer than that.");
    }

    /** The refusal of the occurrence that kept a series booked all or none from being booked: its own, said so. */
    public static Reason refusedInSeries(Reason own) {
        return new Reason(own.code(), own.message() + " The series is booked all or none: none of its appointments"
                + " were booked.");
    }

    private static boolean withinWorkingTime(Calendar calendar, TimeRange range) {
        for (TimeRange window : calendar.windows()) {
            if (window.contains(range)) {
                return true;
            }
        }
        LocalDate day = range.start().atZone(calendar.zone()).toLocalDate();
        for (WorkingRange hours : calendar.hours()) {
            if (hours.day() == day.getDayOfWeek()
                    && hours.on(day, calendar.zone()).filter(working -> working.contains(range)).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
