package clinic.doctoravailability.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class BookingRulesTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    // Wednesday 2027-09-15; Berlin is at +02:00 then.
    private static final TimeRange NINE_LOCAL = new TimeRange(Instant.parse("2027-09-15T07:00:00Z"),
            Instant.parse("2027-09-15T07:30:00Z"));
    private static final List<WorkingRange> MORNINGS = List.of(
            new WorkingRange(DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), LocalTime.of(12, 0)));

    @Test
    void insideWorkingHoursInTheDoctorsZoneIsFine() {
        var calendar = new BookingRules.Calendar(true, BERLIN, MORNINGS, List.of(), List.of(), false);

        assertNull(BookingRules.refusal(calendar, NINE_LOCAL));
    }

    @Test
    void outsideWorkingHoursIsRefusedWithTheLocalTime() {
        var calendar = new BookingRules.Calendar(true, BERLIN, MORNINGS, List.of(), List.of(), false);
        var evening = new TimeRange(Instant.parse("2027-09-15T16:00:00Z"), Instant.parse("2027-09-15T16:30:00Z"));

        var reason = BookingRules.refusal(calendar, evening);

        assertEquals("outside_working_hours", reason.code());
        assertTrue(reason.message().contains("18:00-18:30 on Wednesday 2027-09-15 (Europe/Berlin)"), reason.message());
    }

    @Test
    void aRangeRunningPastTheEndOfHoursIsRefused() {
        var calendar = new BookingRules.Calendar(true, BERLIN, MORNINGS, List.of(), List.of(), false);
        var late = new TimeRange(Instant.parse("2027-09-15T09:45:00Z"), Instant.parse("2027-09-15T10:15:00Z"));

        assertEquals("outside_working_hours", BookingRules.refusal(calendar, late).code());
    }

    @Test
    void aWindowOpensTimeOutsideWorkingHours() {
        var window = new TimeRange(Instant.parse("2027-09-15T15:00:00Z"), Instant.parse("2027-09-15T18:00:00Z"));
        var calendar = new BookingRules.Calendar(true, BERLIN, MORNINGS, List.of(), List.of(window), true);
        var evening = new TimeRange(Instant.parse("2027-09-15T16:00:00Z"), Instant.parse("2027-09-15T16:30:00Z"));

        assertNull(BookingRules.refusal(calendar, evening));
    }

    @Test
    void timeOffComesBeforeWorkingHours() {
        var off = new TimeRange(Instant.parse("2027-09-14T00:00:00Z"), Instant.parse("2027-09-16T00:00:00Z"));
        var calendar = new BookingRules.Calendar(true, BERLIN, MORNINGS, List.of(off), List.of(), false);

        assertEquals("time_off", BookingRules.refusal(calendar, NINE_LOCAL).code());
    }

    @Test
    void anInactiveDoctorTakesNoBookings() {
        var calendar = new BookingRules.Calendar(false, BERLIN, List.of(), List.of(), List.of(), false);

        assertEquals("doctor_inactive", BookingRules.refusal(calendar, NINE_LOCAL).code());
    }

    @Test
    void aDoctorWithNothingDeclaredIsBookableAnyTime() {
        var calendar = new BookingRules.Calendar(true, ZoneId.of("UTC"), List.of(), List.of(), List.of(), false);

        assertNull(BookingRules.refusal(calendar, new TimeRange(Instant.parse("2027-09-15T02:00:00Z"),
                Instant.parse("2027-09-15T02:30:00Z"))));
    }

    @Test
    void aDoctorWithOnlyWindowsElsewhereIsRestricted() {
        var calendar = new BookingRules.Calendar(true, ZoneId.of("UTC"), List.of(), List.of(), List.of(), true);

        assertEquals("outside_working_hours", BookingRules.refusal(calendar, NINE_LOCAL).code());
    }
}
