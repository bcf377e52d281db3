package clinic.doctoravailability.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clinic.http.Problem;
import clinic.http.ProblemException;

/** Dates and times far outside any calendar are a 400 naming the field, never a 500 from java.time or the database. */
class CalendarRequestsTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> badFields(Runnable request) {
        ProblemException problem = assertThrows(ProblemException.class, request::run);
        assertEquals(400, problem.status());
        return problem.toProblem().errors().stream().map(Problem.FieldError::field).toList();
    }

    private static JsonNode body(Map<String, Object> fields) {
        return JSON.valueToTree(fields);
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
    void timeOffWithHugeYearsIsRefusedNamingTheFields() {
        assertEquals(List.of("start_time", "end_time"), badFields(() -> CalendarRequests.timeOff(body(Map.of(
                "start_time", "+999999999-12-31T00:00:00-18:00", "end_time", "+999999999-12-31T23:59:59-18:00")))));
        assertEquals(List.of("start_time"), badFields(() -> CalendarRequests.timeOff(body(Map.of(
                "start_time", "-999999999-01-01T00:00:00+18:00", "end_time", "2027-03-28T00:00:00Z")))));
        assertEquals(List.of("end_time"), badFields(() -> CalendarRequests.timeOff(body(Map.of(
                "start_time", "2027-03-28T00:00:00Z", "end_time", "+10000-01-01T00:00:00Z")))));
    }

    @Test
    void aWindowInAHugeYearIsRefusedNamingStartTime() {
        assertEquals(List.of("start_time"), badFields(() -> CalendarRequests.window(body(Map.of(
                "doctor_id", "d", "start_time", "+999999999-12-31T23:59:59-18:00", "duration_hours", 24)))));
    }

    @Test
    void aDayOfWeekWithAControlCharacterIsRefusedNotTrimmed() {
        for (String day : List.of("monday\u0000", "\u001fmonday", "monday\n", "\u007fmonday")) {
            assertEquals(List.of("[0].day_of_week"), badFields(() -> CalendarRequests.workingHours(JSON.valueToTree(
                    List.of(Map.of("day_of_week", day, "start", "09:00", "end", "12:00"))))), day);
        }
        assertEquals(1, CalendarRequests.workingHours(JSON.valueToTree(List.of(Map.of("day_of_week", " Monday ",
                "start", "09:00", "end", "12:00")))).size(), "spaces and case are still forgiven");
    }
}
