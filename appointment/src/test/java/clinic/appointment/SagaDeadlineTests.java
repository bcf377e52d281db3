package clinic.appointment;

import static clinic.appointment.TestSupport.book;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.get;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import clinic.eventbus.Subjects;
import clinic.eventbus.payload.Reason;
import clinic.eventbus.testing.EventCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** No booking stays waiting for ever: asked again, then settled with a reason, when no answer comes. */
@QuarkusTest
@TestProfile(SagaDeadlineTests.ShortDeadlines.class)
class SagaDeadlineTests {

    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clinic.appointment.saga-check-interval", "500ms",
                    "clinic.appointment.saga-ask-again-after", "1s",
                    "clinic.appointment.saga-give-up-after", "4s",
                    // The relay takes a row published again once it is this old (in production 20 s < 1 min).
                    "clinic.eventbus.outbox.sweep-after", "500ms");
        }
    }

    private static EventCapture events;

    @BeforeAll
    static void connect() throws Exception {
        events = EventCapture.subscribe("appointment.>");
    }

    @AfterAll
    static void disconnect() throws Exception {
        events.close();
    }

    @Test
    void anUnansweredBookingIsAskedAgainThenRejectedWithAReasonAndItsTimeFreed() throws Exception {
        String doctor = doctor();
        Instant time = slot();
        String id = book(patient(), doctor, time).getString("id");

        // The same request again, under its own id (JetStream drops it where it was not lost).
        events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_SCHEDULED) && EventCapture.body(m).contains(id),
                2, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(15)).until(() -> "rejected".equals(get(id).getString("status")));

        given().get("/appointments/" + id).then()
                .body("status_reason.code", equalTo("availability_unavailable"))
                .body("status_reason.message", containsString("did not answer"));
        events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_REJECTED) && EventCapture.body(m).contains(id), 1,
                Duration.ofSeconds(10));
        book(patient(), doctor, time);
    }

    @Test
    void anUnansweredSeriesBookedAllOrNoneIsRejectedWholeWhenTheFirstOfItsOccurrencesIsGivenUp() throws Exception {
        String doctor = doctor();
        Instant first = slot();
        String series = given().contentType(ContentType.JSON).body(Map.of("patient_id", patient(), "doctor_id",
                doctor, "appointment_time", first.toString(), "rrule", "FREQ=DAILY;COUNT=3", "atomic", true))
                .post("/appointments/series").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(15)).until(() -> !given().get("/appointments/series/" + series).jsonPath()
                .getList("occurrences.status").contains("scheduled"));
        List<String> codes = given().get("/appointments/series/" + series).then()
                .body("occurrences.status", equalTo(List.of("rejected", "rejected", "rejected"))).extract().jsonPath()
                .getList("occurrences.status_reason.code");
        assertEquals(1, codes.stream().filter("availability_unavailable"::equals).count(), codes.toString());
        assertEquals(2, codes.stream().filter(Reason.SERIES::equals).count(), codes.toString());
    }

    @Test
    void anUnansweredRescheduleIsRefusedAndTheAppointmentKeepsItsTime() throws Exception {
        String doctor = doctor();
        Instant time = slot();
        Instant wanted = time.plus(2, ChronoUnit.HOURS);
        String id = SagaTests.bookConfirmed(patient(), doctor, time);

        given().contentType(ContentType.JSON).body(Map.of("appointment_time", wanted.toString()))
                .put("/appointments/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> get(id).get("pending_reschedule") == null);

        given().get("/appointments/" + id).then().body("status", equalTo("confirmed"))
                .body("appointment_time", equalTo(time.toString()))
                .body("pending_reschedule", nullValue())
                .body("status_reason.code", equalTo("availability_unavailable"));
        events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_RESCHEDULE_REFUSED)
                && EventCapture.body(m).contains(id), 1, Duration.ofSeconds(10));
        // The new time was let go.
        book(patient(), doctor, wanted);
    }
}
