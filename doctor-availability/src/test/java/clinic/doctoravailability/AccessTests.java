package clinic.doctoravailability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import clinic.http.testing.Access;
import clinic.http.testing.Access.Call;
import clinic.http.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Who may do what with doctors and their calendars: every endpoint with every role, on the caller's own calendar
 * and another doctor's, and with no token or a forged one.
 */
@QuarkusTest
class AccessTests {

    private String doctorA;
    private String doctorB;
    private String timeOffA;
    private String timeOffB;
    /** patient-1 waiting for doctor A; patient-2 for doctor B. */
    private String waitingA;
    private String waitingB;

    @BeforeEach
    void twoDoctorsWithTimeOff() {
        doctorA = DoctorApiTests.createDoctor("Europe/Berlin");
        doctorB = DoctorApiTests.createDoctor("Europe/Berlin");
        timeOffA = timeOff(doctorA, "2031-05-01T00:00:00Z");
        timeOffB = timeOff(doctorB, "2031-05-01T00:00:00Z");
        waitingA = waiting("patient-1", doctorA);
        waitingB = waiting("patient-2", doctorB);
    }

    /** Every endpoint, on the given doctor's calendar; statuses the calls expect when allowed. */
    private static List<Call> everyEndpoint(String doctor, String timeOff, int day, String waiting) {
        return List.of(Call.post("/doctors", Map.of("name", "Dr. New")),
                Call.get("/doctors"),
                Call.get("/doctors/" + doctor),
                Call.put("/doctors/" + doctor, Map.of("specialty", "oncology")),
                Call.get("/doctors/" + doctor + "/working-hours"),
                Call.put("/doctors/" + doctor + "/working-hours",
                        List.of(Map.of("day_of_week", "monday", "start", "09:00", "end", "17:00"))),
                Call.post("/doctors/" + doctor + "/time-off", Map.of("start_time", "2031-06-" + day + "T00:00:00Z",
                        "end_time", "2031-06-" + day + "T12:00:00Z")),
                Call.get("/doctors/" + doctor + "/time-off"),
                Call.delete("/doctors/" + doctor + "/time-off/" + timeOff),
                Call.get("/doctors/" + doctor + "/slots?date=2031-06-02&duration=30"),
                Call.post("/availability", Map.of("doctor_id", doctor, "start_time",
                        "2031-07-" + day + "T09:00:00Z", "duration_hours", 2)),
                Call.get("/availability"),
                Call.get("/availability/doctor/" + doctor),
                Call.get("/availability/available/" + doctor),
                Call.post("/waitlist", Map.of("patient_id", "patient-1", "doctor_id", doctor, "from", "2031-06-01",
                        "to", "2031-06-30")),
                Call.get("/waitlist"),
                Call.get("/waitlist/" + waiting),
                Call.post("/waitlist/" + waiting + "/accept", null),
                Call.delete("/waitlist/" + waiting),
                Call.delete("/doctors/" + doctor));
    }

    @Test
    void everyEndpointRefusesAMissingOrForgedTokenAndAnAccountWithoutARole() {
        Access.assertRefusedWithoutAValidToken(everyEndpoint(doctorA, timeOffA, 10, waitingA));
        given().get("/doctors/" + doctorA).then().statusCode(200).body("active", equalTo(true))
                .body("specialty", equalTo("cardiology"));
        given().get("/doctors/" + doctorA + "/time-off").then().statusCode(200).body("id", equalTo(List.of(timeOffA)));
    }

    @Test
    void theMatrix() {
        // Expected status per endpoint, in the order of everyEndpoint: patient, doctor on own, doctor on another's,
        // staff, admin. Each row runs on a fresh pair of doctors so that earlier writes do not matter.
        int[][] expected = {
                { 403, 403, 403, 201, 201 }, // POST /doctors
                { 200, 200, 200, 200, 200 }, // GET /doctors
                { 200, 200, 200, 200, 200 }, // GET /doctors/{id}
                { 403, 403, 403, 200, 200 }, // PUT /doctors/{id}
                { 200, 200, 200, 200, 200 }, // GET working hours
                { 403, 200, 403, 200, 200 }, // PUT working hours
                { 403, 201, 403, 201, 201 }, // POST time off
                { 403, 200, 403, 200, 200 }, // GET time off
                { 403, 204, 403, 204, 204 }, // DELETE time off
                { 200, 200, 200, 200, 200 }, // GET slots
                { 403, 201, 403, 201, 201 }, // POST /availability
                { 200, 200, 200, 200, 200 }, // GET /availability
                { 200, 200, 200, 200, 200 }, // GET /availability/doctor/{id}
                { 200, 200, 200, 200, 200 }, // GET /availability/available/{id}
                { 201, 403, 403, 201, 201 }, // POST /waitlist: a patient for themselves (patient-1)
                { 200, 200, 200, 200, 200 }, // GET /waitlist: each sees their own
                { 200, 200, 404, 200, 200 }, // GET /waitlist/{id}: another doctor's waiting patient is unknown
                { 409, 403, 403, 409, 409 }, // POST /waitlist/{id}/accept: nothing offered yet
                { 200, 403, 403, 200, 200 }, // DELETE /waitlist/{id}
                { 403, 403, 403, 403, 200 }, // DELETE /doctors/{id}: retiring is for admin
        };
        String[] who = { "patient", "doctor, own calendar", "doctor, another's", "staff", "admin" };
        int day = 10;
        for (int column = 0; column < who.length; column++) {
            twoDoctorsWithTimeOff();
            String token = switch (column) {
                case 0 -> Tokens.patient("patient-1");
                case 1, 2 -> Tokens.doctor(doctorA);
                case 3 -> Tokens.staff();
                default -> Tokens.admin();
            };
            List<Call> calls = column == 2 ? everyEndpoint(doctorB, timeOffB, ++day, waitingB)
                    : everyEndpoint(doctorA, timeOffA, ++day, waitingA);
            for (int row = 0; row < calls.size(); row++) {
                var response = calls.get(row).as(token);
                assertThat(who[column] + ": " + calls.get(row) + " " + Access.abbreviated(response.asString()),
                        response.statusCode(), equalTo(expected[row][column]));
            }
        }
    }

    private static String waiting(String patient, String doctor) {
        return given().contentType(ContentType.JSON).body(Map.of("patient_id", patient, "doctor_id", doctor, "from",
                "2031-05-01", "to", "2031-05-31")).post("/waitlist").then().statusCode(201).extract().path("id");
    }

    private static String timeOff(String doctor, String start) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("start_time", start, "end_time", start.replace("T00", "T12"), "reason", "Conference"))
                .post("/doctors/" + doctor + "/time-off").then().statusCode(201).extract().jsonPath().getString("id");
    }
}
