package clinic.appointment;

import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import clinic.http.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * GET /appointments/{id}/timeline: the steps this service took (its events published, the answers it handled) in
 * time order; in the module tests no other service answers, and the timeline says so rather than look complete.
 */
@QuarkusTest
class TimelineTests {

    @Test
    void aConfirmedBookingShowsItsPublicationsAndTheAnswerHandledInOrder() throws Exception {
        String patient = patient();
        String id = SagaTests.bookConfirmed(patient, doctor(), slot());

        JsonPath timeline = given().accept("application/json").get("/appointments/" + id + "/timeline").then()
                .statusCode(200).contentType(containsString("application/json")).extract().jsonPath();

        assertEquals(id, timeline.getString("appointment_id"));
        assertEquals("confirmed", timeline.getString("status"));
        assertEquals(false, timeline.getBoolean("complete"));
        assertEquals(List.of("doctor-availability", "patient-contact", "notifications"),
                timeline.getList("missing_services"));
        List<String> steps = timeline.<Map<String, Object>>getList("steps").stream()
                .map(step -> step.get("service") + " " + step.get("action") + " " + step.get("event_type")).toList();
        assertEquals(List.of("appointment published appointment.scheduled",
                "appointment handled availability.blocked",
                "appointment published appointment.confirmed"), steps);
        List<Integer> sinceStart = timeline.getList("steps.since_start_ms", Integer.class);
        for (int i = 1; i < sinceStart.size(); i++) {
            assertTrue(sinceStart.get(i) >= sinceStart.get(i - 1), "steps are in time order: " + sinceStart);
        }
        assertEquals(0, sinceStart.get(0));
        assertEquals("appointment-AVAILABILITY", timeline.getString("steps[1].consumer"));
    }

    @Test
    void aBrowserGetsThePageWithOneLanePerServiceAndAnArrowPerEvent() throws Exception {
        String id = SagaTests.bookConfirmed(patient(), doctor(), slot());

        String page = given().accept("text/html,application/xhtml+xml,*/*;q=0.8")
                .get("/appointments/" + id + "/timeline").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();

        assertTrue(page.contains("<svg"), page);
        for (String lane : List.of("appointment", "doctor-availability", "patient-contact", "notifications")) {
            assertTrue(page.contains(">" + lane + "</text>"), lane + " has a lane");
        }
        assertEquals(3, count(page, "<circle"), "a mark per step");
        // The answer was published by the test, not by a service: no publication to draw an arrow from.
        assertEquals(0, count(page, "marker-end=\"url(#arrow)\""));
        assertTrue(page.contains("Incomplete"), "missing services are named");
    }

    @Test
    void anotherPatientsTimelineIsNotFoundAndAnUnknownIdIs404() throws Exception {
        String owner = patient();
        String id = SagaTests.bookConfirmed(owner, doctor(), slot());

        given().header("Authorization", Tokens.header(Tokens.patient(owner))).get("/appointments/" + id + "/timeline")
                .then().statusCode(200).body("appointment_id", equalTo(id));
        given().header("Authorization", Tokens.header(Tokens.patient(patient()))).get("/appointments/" + id
                + "/timeline").then().statusCode(404).contentType(containsString("application/problem+json"));
        given().get("/appointments/not-an-id/timeline").then().statusCode(404);
        given().get("/appointments/" + java.util.UUID.randomUUID() + "/timeline").then().statusCode(404);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
