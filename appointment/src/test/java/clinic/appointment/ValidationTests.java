package clinic.appointment;

import static clinic.appointment.TestSupport.book;
import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.EventCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every bad request is a 400 naming the field, stores nothing and publishes nothing. */
@QuarkusTest
class ValidationTests {

    private static EventCapture events;

    @BeforeAll
    static void capture() throws Exception {
        events = EventCapture.subscribe("appointment.>");
    }

    @AfterAll
    static void release() throws Exception {
        events.close();
    }

    static java.util.stream.Stream<Arguments> badBookings() {
        return java.util.stream.Stream.of(
                Arguments.of("patient_id", (Consumer<Map<String, Object>>) b -> b.remove("patient_id")),
                Arguments.of("patient_id", (Consumer<Map<String, Object>>) b -> b.put("patient_id", "  ")),
                Arguments.of("patient_id", (Consumer<Map<String, Object>>) b -> b.put("patient_id", 42)),
                Arguments.of("doctor_id", (Consumer<Map<String, Object>>) b -> b.remove("doctor_id")),
                Arguments.of("appointment_time", (Consumer<Map<String, Object>>) b -> b.remove("appointment_time")),
                Arguments.of("appointment_time",
                        (Consumer<Map<String, Object>>) b -> b.put("appointment_time", "2031-03-10T10:00:00")),
                Arguments.of("appointment_time",
                        (Consumer<Map<String, Object>>) b -> b.put("appointment_time", "next tuesday")),
                Arguments.of("appointment_time",
                        (Consumer<Map<String, Object>>) b -> b.put("appointment_time", "2024-01-15T10:00:00Z")),
                Arguments.of("duration_minutes", (Consumer<Map<String, Object>>) b -> b.put("duration_minutes", 4)),
                Arguments.of("duration_minutes", (Consumer<Map<String, Object>>) b -> b.put("duration_minutes", 481)),
                Arguments.of("duration_minutes", (Consumer<Map<String, Object>>) b -> b.put("duration_minutes", 30.5)),
                Arguments.of("duration_minutes",
                        (Consumer<Map<String, Object>>) b -> b.put("duration_minutes", "thirty")),
                Arguments.of("notes", (Consumer<Map<String, Object>>) b -> b.put("notes", "x".repeat(2001))),
                Arguments.of("id", (Consumer<Map<String, Object>>) b -> b.put("id", "mine")),
                Arguments.of("status", (Consumer<Map<String, Object>>) b -> b.put("status", "confirmed")),
                Arguments.of("version", (Consumer<Map<String, Object>>) b -> b.put("version", 7)),
                Arguments.of("end_time", (Consumer<Map<String, Object>>) b -> b.put("end_time", "2031-03-10T11:00:00Z")),
                Arguments.of("created_at",
                        (Consumer<Map<String, Object>>) b -> b.put("created_at", "2031-03-10T11:00:00Z")),
                Arguments.of("status_reason", (Consumer<Map<String, Object>>) b -> b.put("status_reason", "x")),
                Arguments.of("colour", (Consumer<Map<String, Object>>) b -> b.put("colour", "blue")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBookings")
    void aBadBookingIs400NamingTheFieldAndChangesNothing(String field, Consumer<Map<String, Object>> spoil)
            throws Exception {
        String patient = patient();
        Map<String, Object> body = new HashMap<>(booking(patient, doctor(), slot()));
        spoil.accept(body);

        given().contentType(ContentType.JSON).body(body).post("/appointments").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("detail", containsString(field));

        assertNothingStoredOrPublishedFor(patient);
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON).body("{\"patient_id\": ").post("/appointments").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("JSON"));
        given().contentType(ContentType.JSON).body("[1, 2]").post("/appointments").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).post("/appointments").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        given().contentType(ContentType.TEXT).body("hello").post("/appointments").then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void badUpdatesAre400NamingTheFieldAndChangeNothing() throws Exception {
        String patient = patient();
        String id = book(patient, doctor(), slot()).getString("id");

        putBad(id, Map.of("status", "rejected"), "status");
        putBad(id, Map.of("status", "scheduled"), "status");
        putBad(id, Map.of("status", "cancelled", "notes", "x"), "status");
        putBad(id, Map.of("status", "cancelled", "appointment_time", slot().toString()), "status");
        putBad(id, Map.of("appointment_time", "2031-03-10T10:00:00"), "appointment_time");
        putBad(id, Map.of("appointment_time", "2020-03-10T10:00:00Z"), "appointment_time");
        putBad(id, Map.of("duration_minutes", 0), "duration_minutes");
        putBad(id, Map.of("version", 5), "version");
        putBad(id, Map.of("id", "x", "created_at", "2031-03-10T10:00:00Z"), "created_at");
        putBad(id, Map.of("end_time", "2031-03-10T10:00:00Z"), "end_time");
        putBad(id, Map.of("status_reason", Map.of("code", "x")), "status_reason");
        putBad(id, Map.of("doctor_id", "someone-else"), "doctor_id");
        given().contentType(ContentType.JSON).body(Map.of()).put("/appointments/" + id).then().statusCode(400);

        given().get("/appointments/" + id).then().body("version", equalTo(1)).body("status", equalTo("scheduled"));
        Thread.sleep(300);
        assertTrue(events.matching(m -> EventCapture.body(m).contains(id)).size() == 1,
                "only the booking's own event was published");
    }

    @Test
    void anIdempotencyKeyThatIsTooLongIs400() {
        given().header("Idempotency-Key", "k".repeat(201)).contentType(ContentType.JSON)
                .body(booking(patient(), doctor(), slot())).post("/appointments").then().statusCode(400)
                .body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void anEmptyIdempotencyKeyIs400AndBooksNothing() throws Exception {
        for (String key : new String[] { "", "   " }) {
            String patient = patient();
            given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body(booking(patient, doctor(), slot())).post("/appointments").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("Idempotency-Key"));
            assertNothingStoredOrPublishedFor(patient);
        }
    }

    @Test
    void aBodyWithMoreAfterItsJsonDocumentIs400AndBooksNothing() throws Exception {
        for (String after : new String[] { " {}", "{\"patient_id\": \"p\"}", " x", "]" }) {
            String patient = patient();
            String body = new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(booking(patient, doctor(), slot()));
            given().contentType(ContentType.JSON).body(body + after).post("/appointments").then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400))
                    .body("detail", containsString("JSON"));
            assertNothingStoredOrPublishedFor(patient);
        }
    }

    private static void putBad(String id, Map<String, Object> body, String field) {
        given().contentType(ContentType.JSON).body(body).put("/appointments/" + id).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    private static void assertNothingStoredOrPublishedFor(String patient) throws InterruptedException {
        given().get("/appointments/patient/" + patient).then().statusCode(200).header("X-Total-Count", "0");
        Thread.sleep(Duration.ofMillis(100).toMillis());
        assertTrue(events.matching(m -> EventCapture.body(m).contains(patient)).isEmpty(), "no event for " + patient);
    }

}
