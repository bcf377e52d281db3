package clinic.appointment;

import static clinic.appointment.TestSupport.book;
import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.post;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.FreshStreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
// Every test class of this module starts on empty streams (see FreshStreams).
@QuarkusTestResource(value = FreshStreams.class, restrictToAnnotatedClass = false)
class AppointmentApiTests {

    @Test
    void bookingAnswers201WithLocationETagAndTheScheduledAppointment() {
        String patient = patient();
        String doctor = doctor();
        Instant time = slot();

        var response = post(booking(patient, doctor, time)).then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", containsString("/appointments/"))
                .header("ETag", "\"1\"")
                .body("patient_id", equalTo(patient))
                .body("doctor_id", equalTo(doctor))
                .body("appointment_time", equalTo(time.toString()))
                .body("end_time", equalTo(time.plus(30, ChronoUnit.MINUTES).toString()))
                .body("duration_minutes", equalTo(30))
                .body("notes", equalTo("Regular checkup"))
                .body("status", equalTo("scheduled"))
                .body("status_reason", nullValue())
                .body("time_zone", equalTo("UTC"))
                .body("pending_reschedule", nullValue())
                .body("version", equalTo(1))
                .body("created_at", endsWith("Z"))
                .body("updated_at", endsWith("Z"))
                .extract();
        String id = response.jsonPath().getString("id");
        assertTrue(response.header("Location").endsWith("/appointments/" + id));
    }

    @Test
    void durationDefaultsToThirtyMinutes() {
        Map<String, Object> body = new HashMap<>(booking(patient(), doctor(), slot()));
        body.remove("duration_minutes");

        post(body).then().statusCode(201).body("duration_minutes", equalTo(30));
    }

    @Test
    void anAppointmentIsReadByIdWithItsETag() {
        String id = book(patient(), doctor(), slot()).getString("id");

        given().get("/appointments/" + id).then().statusCode(200).header("ETag", "\"1\"").body("id", equalTo(id));
    }

    @Test
    void anUnknownAppointmentIs404AsProblemJson() {
        given().get("/appointments/00000000-0000-0000-0000-000000000001").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404))
                .body("detail", containsString("00000000-0000-0000-0000-000000000001"));
        given().get("/appointments/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listsByPatientAndByDoctorAreSortedByTime() {
        String patient = patient();
        String doctor = doctor();
        Instant later = slot().plus(1, ChronoUnit.DAYS);
        Instant earlier = slot();
        String second = book(patient, doctor, later).getString("id");
        String first = book(patient, doctor, earlier).getString("id");

        given().get("/appointments/patient/" + patient).then().statusCode(200)
                .header("X-Total-Count", "2")
                .body("id", equalTo(List.of(first, second)));
        given().get("/appointments/doctor/" + doctor).then().statusCode(200)
                .body("id", equalTo(List.of(first, second)));
        given().get("/appointments").then().statusCode(200).body("id", hasItem(first));
    }

    @Test
    void listsArePagedWithTotalAndLinks() {
        String doctor = doctor();
        for (int i = 0; i < 5; i++) {
            book(patient(), doctor, slot());
        }

        var page2 = given().queryParam("page", 2).queryParam("size", 2).get("/appointments/doctor/" + doctor)
                .then().statusCode(200).header("X-Total-Count", "5").body("$", hasSize(2)).extract();
        String link = page2.header("Link");
        assertTrue(link.contains("page=3") && link.contains("rel=\"next\""), link);
        assertTrue(link.contains("page=1") && link.contains("rel=\"prev\""), link);
        given().queryParam("page", 3).queryParam("size", 2).get("/appointments/doctor/" + doctor)
                .then().statusCode(200).body("$", hasSize(1))
                .header("Link", org.hamcrest.Matchers.not(containsString("rel=\"next\"")));
    }

    @Test
    void listsFilterByTimeAndStatus() {
        String doctor = doctor();
        Instant first = slot();
        Instant second = first.plus(2, ChronoUnit.HOURS);
        String a = book(patient(), doctor, first).getString("id");
        String b = book(patient(), doctor, second).getString("id");
        given().delete("/appointments/" + b).then().statusCode(200);

        given().queryParam("from", first.plus(1, ChronoUnit.HOURS).toString())
                .get("/appointments/doctor/" + doctor).then().statusCode(200).body("id", equalTo(List.of(b)));
        given().queryParam("to", first.plus(1, ChronoUnit.HOURS).toString())
                .get("/appointments/doctor/" + doctor).then().statusCode(200).body("id", equalTo(List.of(a)));
        given().queryParam("status", "cancelled").get("/appointments/doctor/" + doctor)
                .then().statusCode(200).body("id", equalTo(List.of(b)));
        given().queryParam("status", "scheduled,confirmed").get("/appointments/doctor/" + doctor)
                .then().statusCode(200).body("id", equalTo(List.of(a)));
    }

    @Test
    void badListParametersAre400NamingThem() {
        given().queryParam("page", 0).get("/appointments").then().statusCode(400).body("errors.field", hasItem("page"));
        given().queryParam("page", "x").get("/appointments").then().statusCode(400).body("errors.field", hasItem("page"));
        given().queryParam("size", 501).get("/appointments").then().statusCode(400).body("errors.field", hasItem("size"));
        given().queryParam("from", "2031-01-01T10:00:00").get("/appointments").then().statusCode(400)
                .body("errors.field", hasItem("from")).body("detail", containsString("offset"));
        given().queryParam("status", "pending").get("/appointments").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        given().queryParam("from", "2031-01-02T00:00:00Z").queryParam("to", "2031-01-01T00:00:00Z")
                .get("/appointments").then().statusCode(400).body("errors.field", hasItem("to"));
    }

    @Test
    void notesChangeBumpsTheVersionAndKeepsTheRest() {
        JsonPath booked = book(patient(), doctor(), slot());
        String id = booked.getString("id");

        given().contentType(ContentType.JSON).body(Map.of("notes", "Bring the X-ray")).put("/appointments/" + id)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("notes", equalTo("Bring the X-ray"))
                .body("appointment_time", equalTo(booked.getString("appointment_time")))
                .body("status", equalTo("scheduled"));
    }

    @Test
    void cancellingAnswersTheCancelledAppointmentAndRepeatsHarmlessly() {
        String id = book(patient(), doctor(), slot()).getString("id");

        given().delete("/appointments/" + id).then().statusCode(200).body("status", equalTo("cancelled"))
                .body("status_reason.code", equalTo("cancelled_on_request")).header("ETag", "\"2\"");
        given().delete("/appointments/" + id).then().statusCode(200).body("status", equalTo("cancelled"))
                .header("ETag", "\"2\"");
    }

    @Test
    void aCancelledSlotCanBeBookedAgain() {
        String doctor = doctor();
        Instant time = slot();
        String id = book(patient(), doctor, time).getString("id");
        given().delete("/appointments/" + id).then().statusCode(200);

        book(patient(), doctor, time);
    }

    @Test
    void badTransitionsAre409() {
        String id = book(patient(), doctor(), slot()).getString("id");
        given().delete("/appointments/" + id).then().statusCode(200);

        given().contentType(ContentType.JSON).body(Map.of("status", "completed")).put("/appointments/" + id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("cancelled"));
        given().contentType(ContentType.JSON).body(Map.of("status", "confirmed")).put("/appointments/" + id)
                .then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("appointment_time", slot().toString()))
                .put("/appointments/" + id).then().statusCode(409);
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() {
        String id = book(patient(), doctor(), slot()).getString("id");
        given().contentType(ContentType.JSON).body(Map.of("notes", "first")).header("If-Match", "\"1\"")
                .put("/appointments/" + id).then().statusCode(200).header("ETag", "\"2\"");

        given().contentType(ContentType.JSON).body(Map.of("notes", "second")).header("If-Match", "\"1\"")
                .put("/appointments/" + id).then().statusCode(412).contentType("application/problem+json");
        given().header("If-Match", "\"1\"").delete("/appointments/" + id).then().statusCode(412);

        given().get("/appointments/" + id).then().body("notes", equalTo("first")).body("status", equalTo("scheduled"));
    }

    @Test
    void historyListsEveryChangeInOrder() {
        String id = book(patient(), doctor(), slot()).getString("id");
        given().contentType(ContentType.JSON).body(Map.of("notes", "changed")).put("/appointments/" + id)
                .then().statusCode(200);
        given().delete("/appointments/" + id).then().statusCode(200);

        given().get("/appointments/" + id + "/history").then().statusCode(200)
                .body("event_type", equalTo(List.of("appointment.scheduled", "appointment.updated",
                        "appointment.cancelled")))
                .body("status_before", equalTo(java.util.Arrays.asList(null, "scheduled", "scheduled")))
                .body("status_after", equalTo(List.of("scheduled", "scheduled", "cancelled")))
                .body("version", equalTo(List.of(1, 2, 3)))
                .body("event_id", everyItemNotNull())
                .body("changed_at[0]", endsWith("Z"));
        given().get("/appointments/00000000-0000-0000-0000-000000000002/history").then().statusCode(404);
    }

    @Test
    void theSameIdempotencyKeyReplaysTheBooking() {
        String key = "key-" + java.util.UUID.randomUUID();
        Map<String, Object> body = booking(patient(), doctor(), slot());

        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/appointments").then().statusCode(201).extract().jsonPath().getString("id");
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/appointments").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));

        given().get("/appointments/patient/" + body.get("patient_id")).then().header("X-Total-Count", "1");
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIs422() {
        String key = "key-" + java.util.UUID.randomUUID();
        String doctor = doctor();
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(booking(patient(), doctor, slot()))
                .post("/appointments").then().statusCode(201);

        Map<String, Object> other = booking(patient(), doctor, slot());
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(other)
                .post("/appointments").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key"));
        given().get("/appointments/patient/" + other.get("patient_id")).then().header("X-Total-Count", "0");
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        assertTrue(document.contains("/appointments/{id}/history"));
        assertTrue(document.contains("Regular checkup"), "the booking example is in the document");
    }

    @Test
    void healthIsUpWithDatabaseAndNats() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("nats"))
                .body("checks.find { it.name == 'dead-letters' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'dead-letters' }.data.subject", equalTo("deadletter.appointment"));
    }

    @Test
    void metricsAreExposed() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("http_server_requests"), "HTTP metrics are exported");
        assertTrue(java.util.regex.Pattern.compile("(?m)^clinic_eventbus_dead_letters\\{[^}]*service=\"appointment\"")
                .matcher(metrics).find(), "the pending dead letters are a gauge");
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemNotNull() {
        return org.hamcrest.Matchers.everyItem(notNullValue());
    }

    @Test
    void aRequestIdIsEchoedAndMadeWhenMissing() {
        given().header("X-Request-Id", "req-42").get("/appointments").then().header("X-Request-Id", "req-42");
        String made = given().get("/appointments").then().extract().header("X-Request-Id");
        assertEquals(36, made.length());
    }
}
