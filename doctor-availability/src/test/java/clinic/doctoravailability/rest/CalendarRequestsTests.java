package clinic.doctoravailability.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import clinic.http.Problem;
import clinic.http.ProblemException;

/** The calendar's rules beside its request bodies: each bad value is a 400 naming the field, never a 500. */
class CalendarRequestsTests {

    private static List<String> badFields(Runnable request) {
        ProblemException problem = assertThrows(ProblemException.class, request::run);
        assertEquals(400, problem.status());
        return problem.toProblem().errors().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void aSlotDateOutsideYears1900To9999IsRefusedNamingDate() {
        for (String date : List.of("+999999-01-01", "+999999999-12-31", "-0005-01-01", "-999999999-01-01",
                "1899-12-31", "+10000-01-01", "999999", "-5")) {
            assertEquals(List.of("date"), badFields(() -> CalendarRequests.date(date)), date);
        }
        assertEquals(LocalDate.of(1900, 1, 1), CalendarRequests.date("1900-01-01"));
        assertEquals(LocalDate.of(9999, 12, 31), CalendarRequests.date("9999-12-31"));
        assertEquals(LocalDate.of(2027, 3, 28), CalendarRequests.date("2027-03-28"));
    }

    @Test
    void timeOffEndsAfterItStarts() {
        Instant start = Instant.parse("2027-03-28T00:00:00Z");
        assertEquals(List.of("end_time"), badFields(() -> new CalendarRequests.NewTimeOff(start, start, null).range()));
        assertEquals(List.of("end_time"), badFields(() -> new CalendarRequests.NewTimeOff(start,
                start.minusSeconds(1), null).range()));
    }

    @Test
    void workingRangesEndAfterTheyStartAndDoNotOverlapOnTheirDay() {
        var morning = new CalendarRequests.WorkingHoursRange("monday", LocalTime.of(9, 0), LocalTime.of(12, 0));
        var overlapping = new CalendarRequests.WorkingHoursRange("monday", LocalTime.of(11, 0), LocalTime.of(14, 0));
        var tuesday = new CalendarRequests.WorkingHoursRange("tuesday", LocalTime.of(11, 0), LocalTime.of(14, 0));
        var backwards = new CalendarRequests.WorkingHoursRange("friday", LocalTime.of(9, 0), LocalTime.of(9, 0));
        assertEquals(List.of("[1].start"), badFields(() -> CalendarRequests.workingHours(List.of(morning,
                overlapping))));
        assertEquals(List.of("[2].end"), badFields(() -> CalendarRequests.workingHours(List.of(morning, tuesday,
                backwards))));
        assertEquals(2, CalendarRequests.workingHours(List.of(morning, tuesday)).size());
        var shouted = new CalendarRequests.WorkingHoursRange("MONDAY", LocalTime.of(13, 0), LocalTime.of(14, 0));
        assertEquals(java.time.DayOfWeek.MONDAY, CalendarRequests.workingHours(List.of(shouted)).get(0).day(),
                "the day's case is forgiven, as it always was");
    }

    @Test
    void aDoctorChangeNamesWhatWasSentAndRefusesAnUnknownZone() {
        var change = new CalendarRequests.DoctorFields(null, null, Optional.empty(), null, Optional.of("Europe/Berlin"),
                null, null, null, null, null).change(false);
        assertEquals(Set.of("email", "time_zone"), change.given());
        assertNull(change.email());
        for (String zone : List.of("Mars/Olympus", "CET", "+02:00", "Europe/Berlin/Mitte")) {
            assertEquals(List.of("time_zone"), badFields(() -> new CalendarRequests.DoctorFields(Optional.of("Ada"),
                    null, null, null, Optional.of(zone), null, null, null, null, null).change(true)), zone);
        }
        assertEquals(List.of("name"), badFields(() -> new CalendarRequests.DoctorFields(null, null, null, null, null,
                null, null, null, null, null).change(false)));
        assertEquals(List.of("name"), badFields(() -> new CalendarRequests.DoctorFields(null, Optional.of("x"), null,
                null, null, null, null, null, null, null).change(true)));
        var settings = new CalendarRequests.DoctorFields(null, null, null, null, null, null, Optional.of(5), null,
                null, Optional.of(1440)).change(false);
        assertEquals(Set.of(), settings.given(), "settings are not among the cleared-if-null fields");
        assertEquals(5, settings.settings().bufferBeforeMinutes());
        assertNull(settings.settings().bufferAfterMinutes());
        assertEquals(1440, settings.settings().minCancelNoticeMinutes());
    }
}
