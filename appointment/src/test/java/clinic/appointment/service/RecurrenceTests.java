package clinic.appointment.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecurrenceTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void aWeeklyNineOClockStaysNineOClockAcrossBothDstChanges() {
        // Berlin springs forward on 28 March 2027 and falls back on 31 October 2027.
        Instant first = Instant.parse("2027-03-15T08:00:00Z"); // 09:00 CET
        List<Instant> starts = Recurrence.parse("FREQ=WEEKLY;COUNT=4").expand(first, BERLIN);
        assertEquals(List.of(first, Instant.parse("2027-03-22T08:00:00Z"), Instant.parse("2027-03-29T07:00:00Z"),
                Instant.parse("2027-04-05T07:00:00Z")), starts);
        List<Instant> autumn = Recurrence.parse("RRULE:FREQ=WEEKLY;UNTIL=20271110T000000Z")
                .expand(Instant.parse("2027-10-20T07:00:00Z"), BERLIN);
        for (Instant start : autumn) {
            assertEquals(LocalTime.of(9, 0), start.atZone(BERLIN).toLocalTime(), start.toString());
        }
        assertEquals(Instant.parse("2027-11-03T08:00:00Z"), autumn.get(2));
    }

    @Test
    void dailyAndMonthlyRulesWithTheirOwnParts() {
        Instant first = Instant.parse("2027-01-04T14:30:00Z"); // a Monday, 09:30 in New York
        assertEquals(List.of(first, Instant.parse("2027-01-06T14:30:00Z"), Instant.parse("2027-01-08T14:30:00Z")),
                Recurrence.parse("FREQ=DAILY;INTERVAL=2;COUNT=3").expand(first, NEW_YORK));
        assertEquals(List.of(first, Instant.parse("2027-01-06T14:30:00Z"), Instant.parse("2027-01-11T14:30:00Z")),
                Recurrence.parse("freq=weekly;byday=MO,WE;count=3").expand(first, NEW_YORK));
        List<Instant> lastDays = Recurrence.parse("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3").expand(first, NEW_YORK);
        assertEquals(List.of(Instant.parse("2027-01-31T14:30:00Z"), Instant.parse("2027-02-28T14:30:00Z"),
                Instant.parse("2027-03-31T13:30:00Z")), lastDays, "09:30 local, EDT from 14 March");
        assertEquals(5, Recurrence.parse("FREQ=DAILY;UNTIL=20270108T143000Z").expand(first, NEW_YORK).size(),
                "UNTIL on an occurrence includes it");
    }

    @Test
    void rulesOutsideTheLimitsAreRefusedSayingWhy() {
        Instant first = Instant.parse("2027-01-04T14:30:00Z");
        assertRefused("garbage", "RFC 5545");
        assertRefused("FREQ=FORTNIGHTLY;COUNT=2", "RFC 5545");
        assertRefused("FREQ=HOURLY;COUNT=2", "DAILY, WEEKLY or MONTHLY");
        assertRefused("FREQ=YEARLY;COUNT=2", "DAILY, WEEKLY or MONTHLY");
        assertRefused("FREQ=WEEKLY", "COUNT or UNTIL");
        assertRefused("FREQ=WEEKLY;COUNT=3;UNTIL=20270301T000000Z", "COUNT or UNTIL");
        assertRefused("FREQ=WEEKLY;COUNT=53", "at most 52");
        assertRefused("FREQ=WEEKLY;COUNT=x", "RFC 5545");
        assertRefused("FREQ=WEEKLY;UNTIL=20270301", "a time in UTC");
        var tooLong = assertThrows(Recurrence.InvalidRuleException.class,
                () -> Recurrence.parse("FREQ=WEEKLY;UNTIL=20280301T000000Z").expand(first, NEW_YORK));
        assertTrue(tooLong.getMessage().contains("a year"), tooLong.getMessage());
        var tooMany = assertThrows(Recurrence.InvalidRuleException.class,
                () -> Recurrence.parse("FREQ=DAILY;UNTIL=20270401T000000Z").expand(first, NEW_YORK));
        assertTrue(tooMany.getMessage().contains("at most 52"), tooMany.getMessage());
        var none = assertThrows(Recurrence.InvalidRuleException.class,
                () -> Recurrence.parse("FREQ=DAILY;UNTIL=20261201T000000Z").expand(first, NEW_YORK));
        assertTrue(none.getMessage().contains("no occurrence"), none.getMessage());
    }

    private static void assertRefused(String rule, String words) {
        var refused = assertThrows(Recurrence.InvalidRuleException.class, () -> Recurrence.parse(rule), rule);
        assertTrue(refused.getMessage().contains(words), rule + ": " + refused.getMessage());
    }
}
