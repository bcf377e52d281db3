package clinic.doctoravailability.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class FreeSlotsTests {

    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static BookingRules.Calendar hours(ZoneId zone, WorkingRange... ranges) {
        return new BookingRules.Calendar(true, zone, List.of(ranges), List.of(), List.of(), false);
    }

    private static List<String> localTimes(List<FreeSlots.Slot> slots) {
        return slots.stream().map(s -> s.localStart().toString()).toList();
    }

    @Test
    void berlinSpringForwardSkipsTheMissingHour() {
        LocalDate day = LocalDate.of(2027, 3, 28); // 02:00 becomes 03:00
        var calendar = hours(BERLIN, new WorkingRange(DayOfWeek.SUNDAY, LocalTime.of(1, 0), LocalTime.of(4, 0)));

        List<FreeSlots.Slot> slots = FreeSlots.of(calendar, day, Duration.ofMinutes(30), List.of(), LONG_AGO);

        assertEquals(List.of("2027-03-28T01:00+01:00", "2027-03-28T01:30+01:00", "2027-03-28T03:00+02:00",
                "2027-03-28T03:30+02:00"), localTimes(slots));
        assertEquals(Instant.parse("2027-03-28T01:00:00Z"), slots.get(2).start());
    }

    @Test
    void berlinFallBackOffersTheRepeatedHourTwice() {
        LocalDate day = LocalDate.of(2027, 10, 31); // 03:00 goes back to 02:00
        var calendar = hours(BERLIN, new WorkingRange(DayOfWeek.SUNDAY, LocalTime.of(1, 0), LocalTime.of(4, 0)));

        List<FreeSlots.Slot> slots = FreeSlots.of(calendar, day, Duration.ofMinutes(30), List.of(), LONG_AGO);

        assertEquals(List.of("2027-10-31T01:00+02:00", "2027-10-31T01:30+02:00", "2027-10-31T02:00+02:00",
                "2027-10-31T02:30+02:00", "2027-10-31T02:00+01:00", "2027-10-31T02:30+01:00",
                "2027-10-31T03:00+01:00", "2027-10-31T03:30+01:00"), localTimes(slots));
        assertEquals(8, slots.stream().map(FreeSlots.Slot::start).distinct().count(), "eight distinct instants");
    }

    @Test
    void newYorkSpringForwardSkipsTwoOClock() {
        LocalDate day = LocalDate.of(2027, 3, 14); // 02:00 becomes 03:00
        var calendar = hours(NEW_YORK, new WorkingRange(DayOfWeek.SUNDAY, LocalTime.of(0, 0), LocalTime.of(5, 0)));

        List<String> local = localTimes(FreeSlots.of(calendar, day, Duration.ofHours(1), List.of(), LONG_AGO));

        assertEquals(List.of("2027-03-14T00:00-05:00", "2027-03-14T01:00-05:00", "2027-03-14T03:00-04:00",
                "2027-03-14T04:00-04:00"), local);
    }

    @Test
    void newYorkFallBackHasOneThirtyTwice() {
        LocalDate day = LocalDate.of(2027, 11, 7); // 02:00 goes back to 01:00
        var calendar = hours(NEW_YORK, new WorkingRange(DayOfWeek.SUNDAY, LocalTime.of(1, 0), LocalTime.of(2, 0)));

        List<String> local = localTimes(FreeSlots.of(calendar, day, Duration.ofMinutes(30), List.of(), LONG_AGO));

        assertEquals(List.of("2027-11-07T01:00-04:00", "2027-11-07T01:30-04:00", "2027-11-07T01:00-05:00",
                "2027-11-07T01:30-05:00"), local);
    }

    @Test
    void anUnrestrictedDoctorHasTheWholeLocalDayEvenWhenItIsShort() {
        var calendar = new BookingRules.Calendar(true, BERLIN, List.of(), List.of(), List.of(), false);

        assertEquals(23, FreeSlots.of(calendar, LocalDate.of(2027, 3, 28), Duration.ofHours(1), List.of(), LONG_AGO)
                .size());
        assertEquals(25, FreeSlots.of(calendar, LocalDate.of(2027, 10, 31), Duration.ofHours(1), List.of(), LONG_AGO)
                .size());
    }

    @Test
    void blocksTimeOffAndThePastAreNotFree() {
        LocalDate day = LocalDate.of(2027, 6, 7);
        var off = new TimeRange(Instant.parse("2027-06-07T10:00:00Z"), Instant.parse("2027-06-07T10:30:00Z"));
        var calendar = new BookingRules.Calendar(true, ZoneId.of("UTC"),
                List.of(new WorkingRange(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(11, 0))), List.of(off),
                List.of(), false);
        var block = new TimeRange(Instant.parse("2027-06-07T09:15:00Z"), Instant.parse("2027-06-07T09:45:00Z"));

        List<String> local = localTimes(FreeSlots.of(calendar, day, Duration.ofMinutes(30), List.of(block),
                Instant.parse("2027-06-07T00:00:00Z")));
        assertEquals(List.of("2027-06-07T10:30Z"), local);
        assertTrue(FreeSlots.of(calendar, day, Duration.ofMinutes(30), List.of(), Instant.parse("2027-06-08T00:00:00Z"))
                .isEmpty(), "nothing in the past is offered");
    }

    @Test
    void windowsAndHoursThatTouchAreMergedSoNoSlotRepeats() {
        LocalDate day = LocalDate.of(2027, 6, 7);
        var window = new TimeRange(Instant.parse("2027-06-07T10:00:00Z"), Instant.parse("2027-06-07T12:00:00Z"));
        var calendar = new BookingRules.Calendar(true, ZoneId.of("UTC"),
                List.of(new WorkingRange(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(11, 0))), List.of(),
                List.of(window), true);

        List<FreeSlots.Slot> slots = FreeSlots.of(calendar, day, Duration.ofHours(1), List.of(), LONG_AGO);

        assertEquals(3, slots.size());
        assertFalse(slots.stream().map(FreeSlots.Slot::start).distinct().count() < 3);
    }
}
