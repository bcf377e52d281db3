package clinic.doctoravailability.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Working hours, free slots and booking rules on the days a DST change skips or repeats local times. A time the
 * clock skips stands for the end of the gap, a range wholly inside a gap is absent that day, and a range
 * touching a repeated hour covers both of its passes.
 */
class DaylightSavingTests {

    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

    private static final LocalDate BERLIN_SPRING = LocalDate.of(2027, 3, 28); // 02:00 (+01:00) becomes 03:00 (+02:00)
    private static final LocalDate BERLIN_FALL = LocalDate.of(2027, 10, 31); // 03:00 (+02:00) goes back to 02:00 (+01:00)
    private static final LocalDate NEW_YORK_SPRING = LocalDate.of(2027, 3, 14); // 02:00 (-05:00) becomes 03:00 (-04:00)
    private static final LocalDate NEW_YORK_FALL = LocalDate.of(2027, 11, 7); // 02:00 (-04:00) goes back to 01:00 (-05:00)
    private static final LocalDate LORD_HOWE_SPRING = LocalDate.of(2027, 10, 3); // 02:00 (+10:30) becomes 02:30 (+11:00)
    private static final LocalDate LORD_HOWE_FALL = LocalDate.of(2027, 4, 4); // 02:00 (+11:00) goes back to 01:30 (+10:30)

    private static WorkingRange hours(LocalDate date, String start, String end) {
        return new WorkingRange(date.getDayOfWeek(), LocalTime.parse(start), LocalTime.parse(end));
    }

    private static BookingRules.Calendar calendar(ZoneId zone, WorkingRange... ranges) {
        return new BookingRules.Calendar(true, zone, List.of(ranges), List.of(), List.of(), false);
    }

    private static List<String> localStarts(ZoneId zone, LocalDate date, Duration length, WorkingRange... ranges) {
        return FreeSlots.of(calendar(zone, ranges), date, length, List.of(), LONG_AGO).stream()
                .map(slot -> slot.localStart().toString()).toList();
    }

    private static TimeRange range(String start, String end) {
        return new TimeRange(Instant.parse(start), Instant.parse(end));
    }

    // Europe/Berlin, spring forward: 02:00-03:00 does not exist on 2027-03-28.

    @Test
    void berlinHoursStartingInTheGapBeginWhenTheGapEnds() {
        WorkingRange range = hours(BERLIN_SPRING, "02:30", "04:00");

        assertEquals(Optional.of(range("2027-03-28T01:00:00Z", "2027-03-28T02:00:00Z")), range.on(BERLIN_SPRING, BERLIN));
        assertEquals(List.of("2027-03-28T03:00+02:00", "2027-03-28T03:30+02:00"),
                localStarts(BERLIN, BERLIN_SPRING, Duration.ofMinutes(30), range));
        assertNull(BookingRules.refusal(calendar(BERLIN, range), range("2027-03-28T01:00:00Z", "2027-03-28T01:30:00Z")),
                "03:00-03:30 local is inside 02:30-04:00 and exists");
    }

    @Test
    void berlinHoursEndingInTheGapEndWhenTheGapBegins() {
        WorkingRange range = hours(BERLIN_SPRING, "01:00", "02:30");

        assertEquals(Optional.of(range("2027-03-28T00:00:00Z", "2027-03-28T01:00:00Z")), range.on(BERLIN_SPRING, BERLIN));
        assertEquals(List.of("2027-03-28T01:00+01:00", "2027-03-28T01:30+01:00"),
                localStarts(BERLIN, BERLIN_SPRING, Duration.ofMinutes(30), range));
        assertEquals(BookingRules.OUTSIDE_WORKING_HOURS, BookingRules.refusal(calendar(BERLIN, range),
                range("2027-03-28T01:00:00Z", "2027-03-28T01:30:00Z")).code(), "03:00 local is after 02:30");
    }

    @Test
    void berlinHoursWhollyInsideTheGapAreAbsentThatDayOnly() {
        WorkingRange gap = hours(BERLIN_SPRING, "02:00", "03:00");
        WorkingRange insideGap = new WorkingRange(DayOfWeek.SUNDAY, LocalTime.of(2, 15), LocalTime.of(2, 45));
        WorkingRange morning = hours(BERLIN_SPRING, "09:00", "10:00");

        assertEquals(Optional.empty(), gap.on(BERLIN_SPRING, BERLIN));
        assertEquals(Optional.empty(), insideGap.on(BERLIN_SPRING, BERLIN));
        assertEquals(List.of("2027-03-28T09:00+02:00", "2027-03-28T09:30+02:00"),
                localStarts(BERLIN, BERLIN_SPRING, Duration.ofMinutes(30), gap, insideGap, morning));
        var reason = BookingRules.refusal(calendar(BERLIN, gap, insideGap),
                range("2027-03-28T01:00:00Z", "2027-03-28T01:30:00Z"));
        assertEquals(BookingRules.OUTSIDE_WORKING_HOURS, reason.code());
        assertTrue(reason.message().contains("03:00-03:30 on Sunday 2027-03-28 (Europe/Berlin)"), reason.message());
        assertEquals(List.of("2027-04-04T02:00+02:00", "2027-04-04T02:30+02:00"),
                localStarts(BERLIN, BERLIN_SPRING.plusWeeks(1), Duration.ofMinutes(30), gap),
                "a week later 02:00-03:00 exists again");
    }

    // Europe/Berlin, fall back: 02:00-03:00 happens twice on 2027-10-31, first at +02:00, then at +01:00.

    @Test
    void berlinHoursTouchingTheRepeatedHourCoverBothPassesAndNoSlotRepeats() {
        WorkingRange endsInRepeat = hours(BERLIN_FALL, "01:00", "02:30");
        WorkingRange startsInRepeat = hours(BERLIN_FALL, "02:30", "04:00");
        WorkingRange endsWhenRepeatBegins = hours(BERLIN_FALL, "00:00", "02:00");

        assertEquals(Optional.of(range("2027-10-30T23:00:00Z", "2027-10-31T01:30:00Z")),
                endsInRepeat.on(BERLIN_FALL, BERLIN), "2.5 hours of real time for 1.5 hours of wall clock");
        assertEquals(List.of("2027-10-31T01:00+02:00", "2027-10-31T01:30+02:00", "2027-10-31T02:00+02:00",
                "2027-10-31T02:30+02:00", "2027-10-31T02:00+01:00"),
                localStarts(BERLIN, BERLIN_FALL, Duration.ofMinutes(30), endsInRepeat));
        assertEquals(List.of("2027-10-31T02:30+02:00", "2027-10-31T02:00+01:00", "2027-10-31T02:30+01:00",
                "2027-10-31T03:00+01:00", "2027-10-31T03:30+01:00"),
                localStarts(BERLIN, BERLIN_FALL, Duration.ofMinutes(30), startsInRepeat));
        assertEquals(Optional.of(range("2027-10-30T22:00:00Z", "2027-10-31T00:00:00Z")),
                endsWhenRepeatBegins.on(BERLIN_FALL, BERLIN), "ends at the first 02:00: nothing before it repeats");
        assertNull(BookingRules.refusal(calendar(BERLIN, endsInRepeat),
                range("2027-10-31T01:00:00Z", "2027-10-31T01:30:00Z")), "02:00-02:30 at +01:00 is working time");

        // The two ranges meeting at 02:30 overlap in real time (both hold the first 02:30-03:00 and the second
        // 02:00-02:30); merged, they offer 01:00-04:00, four real hours, each slot once.
        List<FreeSlots.Slot> slots = FreeSlots.of(calendar(BERLIN, endsInRepeat, startsInRepeat), BERLIN_FALL,
                Duration.ofMinutes(30), List.of(), LONG_AGO);
        assertEquals(8, slots.stream().map(FreeSlots.Slot::start).distinct().count());
        assertEquals(8, slots.size());
        assertEquals(2, slots.stream().filter(slot -> slot.localStart().toLocalTime().equals(LocalTime.of(2, 0)))
                .count(), "02:00 twice, at two instants");
    }

    // America/New_York: 02:00-03:00 skipped on 2027-03-14, 01:00-02:00 repeated on 2027-11-07.

    @Test
    void newYorkSpringForwardSkipsTwoOClockWhereverTheHoursMeetTheGap() {
        assertEquals(List.of("2027-03-14T03:00-04:00", "2027-03-14T03:30-04:00"),
                localStarts(NEW_YORK, NEW_YORK_SPRING, Duration.ofMinutes(30), hours(NEW_YORK_SPRING, "02:30", "04:00")));
        assertEquals(List.of("2027-03-14T01:00-05:00", "2027-03-14T01:30-05:00"),
                localStarts(NEW_YORK, NEW_YORK_SPRING, Duration.ofMinutes(30), hours(NEW_YORK_SPRING, "01:00", "02:30")));
        assertEquals(List.of(),
                localStarts(NEW_YORK, NEW_YORK_SPRING, Duration.ofMinutes(30), hours(NEW_YORK_SPRING, "02:00", "03:00")));
        assertEquals(BookingRules.OUTSIDE_WORKING_HOURS, BookingRules.refusal(
                calendar(NEW_YORK, hours(NEW_YORK_SPRING, "02:00", "03:00")),
                range("2027-03-14T07:00:00Z", "2027-03-14T07:30:00Z")).code());
    }

    @Test
    void newYorkFallBackCoversOneOClockTwiceWhenTheHoursEndInIt() {
        WorkingRange range = hours(NEW_YORK_FALL, "00:00", "01:30");

        assertEquals(List.of("2027-11-07T00:00-04:00", "2027-11-07T00:30-04:00", "2027-11-07T01:00-04:00",
                "2027-11-07T01:30-04:00", "2027-11-07T01:00-05:00"),
                localStarts(NEW_YORK, NEW_YORK_FALL, Duration.ofMinutes(30), range));
        assertNull(BookingRules.refusal(calendar(NEW_YORK, range),
                range("2027-11-07T06:00:00Z", "2027-11-07T06:30:00Z")), "01:00-01:30 at -05:00");
    }

    // Australia/Lord_Howe shifts by 30 minutes.

    @Test
    void lordHoweShiftsByHalfAnHourOnTheDatesItsRulesSay() {
        List<ZoneOffsetTransition> in2027 = new ArrayList<>();
        for (ZoneOffsetTransition t = LORD_HOWE.getRules().nextTransition(Instant.parse("2027-01-01T00:00:00Z"));
                t.getInstant().isBefore(Instant.parse("2028-01-01T00:00:00Z"));
                t = LORD_HOWE.getRules().nextTransition(t.getInstant())) {
            in2027.add(t);
        }

        assertEquals(2, in2027.size());
        assertEquals(LORD_HOWE_FALL, in2027.get(0).getDateTimeBefore().toLocalDate());
        assertTrue(in2027.get(0).isOverlap());
        assertEquals(Duration.ofMinutes(-30), in2027.get(0).getDuration());
        assertEquals(LORD_HOWE_SPRING, in2027.get(1).getDateTimeBefore().toLocalDate());
        assertTrue(in2027.get(1).isGap());
        assertEquals(Duration.ofMinutes(30), in2027.get(1).getDuration());
        // And the half-hour gap behaves like Berlin's hour: 02:00-02:30 does not exist that day.
        assertEquals(Optional.empty(), hours(LORD_HOWE_SPRING, "02:00", "02:30").on(LORD_HOWE_SPRING, LORD_HOWE));
    }

    @Test
    void lordHoweHalfHourGapIsNeverOffered() {
        Duration quarter = Duration.ofMinutes(15);

        assertEquals(List.of(),
                localStarts(LORD_HOWE, LORD_HOWE_SPRING, quarter, hours(LORD_HOWE_SPRING, "02:00", "02:30")));
        assertEquals(List.of("2027-10-03T02:30+11:00", "2027-10-03T02:45+11:00"),
                localStarts(LORD_HOWE, LORD_HOWE_SPRING, quarter, hours(LORD_HOWE_SPRING, "02:15", "03:00")));
        assertEquals(List.of("2027-10-03T01:00+10:30", "2027-10-03T01:15+10:30", "2027-10-03T01:30+10:30",
                "2027-10-03T01:45+10:30"),
                localStarts(LORD_HOWE, LORD_HOWE_SPRING, quarter, hours(LORD_HOWE_SPRING, "01:00", "02:15")));
    }

    @Test
    void lordHoweRepeatedHalfHourIsCoveredTwice() {
        WorkingRange range = hours(LORD_HOWE_FALL, "01:00", "01:45");

        assertEquals(List.of("2027-04-04T01:00+11:00", "2027-04-04T01:15+11:00", "2027-04-04T01:30+11:00",
                "2027-04-04T01:45+11:00", "2027-04-04T01:30+10:30"),
                localStarts(LORD_HOWE, LORD_HOWE_FALL, Duration.ofMinutes(15), range));
        assertNull(BookingRules.refusal(calendar(LORD_HOWE, range),
                range("2027-04-03T15:00:00Z", "2027-04-03T15:15:00Z")), "01:30-01:45 at +10:30");
    }

    // Whole days a zone skipped.

    @Test
    void aDateTheZoneSkippedEntirelyHasNoSlotsAndNoWorkingTime() {
        ZoneId apia = ZoneId.of("Pacific/Apia");
        LocalDate skipped = LocalDate.of(2011, 12, 30); // Samoa went from 2011-12-29 to 2011-12-31
        var unrestricted = new BookingRules.Calendar(true, apia, List.of(), List.of(), List.of(), false);

        assertEquals(Optional.empty(), WallClock.day(skipped, apia));
        assertEquals(List.of(), FreeSlots.of(unrestricted, skipped, Duration.ofMinutes(30), List.of(), LONG_AGO));
        assertEquals(List.of(), localStarts(apia, skipped, Duration.ofMinutes(30), hours(skipped, "00:00", "23:59")));
        assertEquals(24, FreeSlots.of(unrestricted, skipped.plusDays(1), Duration.ofHours(1), List.of(), LONG_AGO)
                .size());
    }

    // Every zone, every day of 2027.

    @Test
    void noZoneAndNoDayOf2027MakesSlotsOrBookingRulesThrow() {
        List<LocalTime[]> week = List.of(new LocalTime[] {LocalTime.of(0, 0), LocalTime.of(23, 59)},
                new LocalTime[] {LocalTime.of(2, 0), LocalTime.of(3, 0)},
                new LocalTime[] {LocalTime.of(1, 30), LocalTime.of(2, 15)});
        List<String> failures = new ArrayList<>();
        for (String zoneId : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
            ZoneId zone = ZoneId.of(zoneId);
            var unrestricted = new BookingRules.Calendar(true, zone, List.of(), List.of(), List.of(), false);
            for (LocalDate date = LocalDate.of(2027, 1, 1); date.getYear() == 2027; date = date.plusDays(1)) {
                try {
                    FreeSlots.of(unrestricted, date, Duration.ofHours(1), List.of(), LONG_AGO);
                } catch (RuntimeException e) {
                    failures.add(zoneId + " " + date + " without working hours: " + e);
                }
                for (LocalTime[] times : week) {
                    try {
                        checkDay(zone, date, new WorkingRange(date.getDayOfWeek(), times[0], times[1]));
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(zoneId + " " + date + " " + times[0] + "-" + times[1] + ": " + e);
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " failures, e.g. " + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    /**
     * Slots of one day are distinct, in order, on that local day, and bookable. Every slot is tried on the days
     * the clocks change; on the others the first and last are enough, which keeps the sweep fast.
     */
    private static void checkDay(ZoneId zone, LocalDate date, WorkingRange hours) {
        BookingRules.Calendar calendar = calendar(zone, hours);
        Optional<TimeRange> day = WallClock.day(date, zone);
        Optional<TimeRange> working = hours.on(date, zone);
        working.ifPresent(range -> assertTrue(day.orElseThrow().contains(range), "working time within the day"));
        boolean clocksChange = day.map(real -> {
            ZoneOffsetTransition next = zone.getRules().nextTransition(real.start().minusSeconds(1));
            return next != null && next.getInstant().isBefore(real.end());
        }).orElse(true);
        for (Duration length : clocksChange ? List.of(Duration.ofMinutes(15), Duration.ofHours(1))
                : List.of(Duration.ofHours(1))) {
            List<FreeSlots.Slot> slots = FreeSlots.of(calendar, date, length, List.of(), LONG_AGO);
            for (int i = 0; i < slots.size(); i++) {
                FreeSlots.Slot slot = slots.get(i);
                assertEquals(date, slot.localStart().toLocalDate());
                assertEquals(slot.start(), slot.localStart().toInstant());
                assertTrue(zone.getRules().isValidOffset(slot.localStart().toLocalDateTime(),
                        slot.localStart().getOffset()), "a local time the clock shows that day");
                assertFalse(i > 0 && !slot.start().isAfter(slots.get(i - 1).start()), "in order, never twice");
                if (clocksChange || i == 0 || i == slots.size() - 1) {
                    assertNull(BookingRules.refusal(calendar, new TimeRange(slot.start(), slot.end())));
                }
            }
        }
        // Half an hour from the first real moment at or after 02:00 local, which may fall in or around a gap or
        // repeated hour, is refused or not, but answered.
        Instant twoOClock = WallClock.startOf(date.atTime(2, 0), zone);
        BookingRules.refusal(calendar, new TimeRange(twoOClock, twoOClock.plus(Duration.ofMinutes(30))));
    }
}
