package clinic.appointment;

import static clinic.appointment.TestSupport.book;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.http.testing.AdminByDefault;
import clinic.http.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;

/** Calendar feeds compared with the appointments, with a bearer token and with feed tokens, and who may read them. */
@QuarkusTest
class CalendarFeedTests {

    @Inject
    Pool pool;

    /** The feed's events by UID: start, end and status. */
    private static Map<String, String> events(Response response) throws Exception {
        response.then().statusCode(200).contentType(startsWith("text/calendar"));
        Calendar calendar = new CalendarBuilder().build(new StringReader(response.asString()));
        assertEquals("PUBLISH", calendar.getProperty("METHOD").get().getValue());
        return calendar.<VEvent>getComponents("VEVENT").stream().collect(Collectors.toMap(
                event -> event.getUid().get().getValue(),
                event -> event.getProperty("DTSTART").get().getValue() + "/" + event.getProperty("DTEND").get()
                        .getValue() + "/" + event.getProperty("STATUS").get().getValue() + "/"
                        + event.getProperty("SEQUENCE").get().getValue()));
    }

    private static String expected(String id) {
        var appointment = TestSupport.get(id);
        String status = appointment.getString("status").equals("scheduled") ? "TENTATIVE" : "CONFIRMED";
        return compact(appointment.getString("appointment_time")) + "/" + compact(appointment.getString("end_time"))
                + "/" + status + "/" + appointment.getLong("version");
    }

    private static String compact(String time) {
        return time.replace("-", "").replace(":", "");
    }

    @Test
    void aDoctorsFeedHoldsTheirAppointmentsAsTheyAreWithoutNotes() throws Exception {
        String doctor = TestSupport.doctor();
        String confirmed = SagaTests.bookConfirmed(TestSupport.patient(), doctor, TestSupport.slot());
        String scheduled = book(TestSupport.patient(), doctor, TestSupport.slot()).getString("id");
        String cancelled = book(TestSupport.patient(), doctor, TestSupport.slot()).getString("id");
        given().delete("/appointments/" + cancelled).then().statusCode(200);
        book(TestSupport.patient(), TestSupport.doctor(), TestSupport.slot());

        Response response = given().get("/doctors/" + doctor + "/calendar.ics");
        assertEquals(Map.of(confirmed + "@clinic", expected(confirmed), scheduled + "@clinic", expected(scheduled)),
                events(response));
        assertFalse(response.asString().contains("Regular checkup"), "no notes in a feed");
        assertFalse(response.asString().contains("patient-"), "no patient in a doctor's feed");
    }

    @Test
    void aPatientReadsTheirOwnFeedAndAnotherPatientsIsEmpty() throws Exception {
        String patient = TestSupport.patient();
        String mine = book(patient, TestSupport.doctor(), TestSupport.slot()).getString("id");
        String other = TestSupport.patient();
        book(other, TestSupport.doctor(), TestSupport.slot());
        String token = Tokens.header(Tokens.patient(patient));
        assertEquals(Map.of(mine + "@clinic", expected(mine)),
                events(given().header("Authorization", token).get("/patients/" + patient + "/calendar.ics")));
        assertEquals(Map.of(), events(given().header("Authorization", token).get("/patients/" + other
                + "/calendar.ics")));
        given().header("Authorization", AdminByDefault.ANONYMOUS).get("/patients/" + patient + "/calendar.ics")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", Tokens.header(Tokens.noRole())).get("/patients/" + patient + "/calendar.ics")
                .then().statusCode(403);
    }

    @Test
    void aFeedTokenReadsItsOneCalendarUntilRevokedAndIsKeptOnlyAsAHash() throws Exception {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        String mine = book(patient, doctor, TestSupport.slot()).getString("id");
        String token = Tokens.header(Tokens.patient(patient));

        Response made = given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("patient_id", patient)).post("/appointments/calendar-feeds");
        made.then().statusCode(201).body("patient_id", equalTo(patient));
        String url = made.jsonPath().getString("url");
        String feedId = made.jsonPath().getString("id");
        String secret = url.substring(url.indexOf("feed_token=") + "feed_token=".length());
        assertTrue(url.startsWith("/patients/" + patient + "/calendar.ics?feed_token="), url);

        assertEquals(Map.of(mine + "@clinic", expected(mine)), events(given().urlEncodingEnabled(false)
                .header("Authorization", AdminByDefault.ANONYMOUS).get(url)));
        for (String elsewhere : List.of("/doctors/" + doctor, "/patients/" + TestSupport.patient())) {
            given().header("Authorization", AdminByDefault.ANONYMOUS).queryParam("feed_token", secret)
                    .get(elsewhere + "/calendar.ics").then().statusCode(404);
        }
        for (String route : List.of("/appointments/" + mine, "/appointments")) {
            given().header("Authorization", AdminByDefault.ANONYMOUS).queryParam("feed_token", secret).get(route)
                    .then().statusCode(401);
        }
        long stored = pool.preparedQuery("select count(*) from calendar_feed where token_hash = $1 or id::text = $1")
                .executeAndAwait(Tuple.of(secret)).iterator().next().getLong(0);
        assertEquals(0, stored, "the token itself is not stored");

        given().header("Authorization", token).get("/appointments/calendar-feeds").then().statusCode(200)
                .body("id", equalTo(List.of(feedId))).body("[0].url", equalTo(null));
        given().header("Authorization", Tokens.header(Tokens.patient(TestSupport.patient())))
                .delete("/appointments/calendar-feeds/" + feedId).then().statusCode(404);
        given().header("Authorization", token).delete("/appointments/calendar-feeds/" + feedId).then()
                .statusCode(204);
        given().header("Authorization", token).delete("/appointments/calendar-feeds/" + feedId).then()
                .statusCode(204);
        given().urlEncodingEnabled(false).header("Authorization", AdminByDefault.ANONYMOUS).get(url).then()
                .statusCode(401).contentType("application/problem+json");
        given().header("Authorization", token).get("/appointments/calendar-feeds").then().body("$", equalTo(List.of()));
        given().header("Authorization", AdminByDefault.ANONYMOUS).queryParam("feed_token", "x".repeat(43))
                .get("/patients/" + patient + "/calendar.ics").then().statusCode(401);
    }

    @Test
    void whoMayMakeAFeedAndForWhat() {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        String patientToken = Tokens.header(Tokens.patient(patient));
        given().header("Authorization", patientToken).contentType(ContentType.JSON)
                .body(Map.of("patient_id", TestSupport.patient())).post("/appointments/calendar-feeds").then()
                .statusCode(403);
        given().header("Authorization", patientToken).contentType(ContentType.JSON).body(Map.of("doctor_id", doctor))
                .post("/appointments/calendar-feeds").then().statusCode(403);
        given().header("Authorization", Tokens.header(Tokens.doctor(doctor))).contentType(ContentType.JSON)
                .body(Map.of("doctor_id", doctor)).post("/appointments/calendar-feeds").then().statusCode(201);
        given().header("Authorization", Tokens.header(Tokens.doctor(doctor))).contentType(ContentType.JSON)
                .body(Map.of("patient_id", patient)).post("/appointments/calendar-feeds").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("patient_id", patient, "doctor_id", doctor))
                .post("/appointments/calendar-feeds").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of()).post("/appointments/calendar-feeds").then()
                .statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("patient_id", "")).post("/appointments/calendar-feeds")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("patient_id", patient)).post("/appointments/calendar-feeds")
                .then().statusCode(201);
    }
}
