package clinic.appointment;

import static clinic.appointment.TestSupport.answer;
import static clinic.appointment.TestSupport.book;
import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.get;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.publish;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import clinic.appointment.service.ChangeSignals;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.Reason;
import clinic.eventbus.testing.EventCapture;
import clinic.http.testing.Tokens;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The appointment side of the booking saga, driven by doctor-availability's answers published on NATS. */
@QuarkusTest
class SagaTests {

    private static Connection nats;
    private static EventCapture events;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    EventCodec codec;

    @Inject
    ChangeSignals signals;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestSupport.nats();
        events = EventCapture.subscribe("appointment.>");
    }

    @AfterAll
    static void disconnect() throws Exception {
        events.close();
    }

    /** Books and confirms through a published availability.blocked; returns the id. */
    static String bookConfirmed(String patient, String doctor, Instant time) throws Exception {
        EventCodec codec = CDI.current().select(EventCodec.class).get();
        JsonPath booked = book(patient, doctor, time);
        CloudEvent blocked = answer(codec, Subjects.AVAILABILITY_BLOCKED, booked, time, null);
        publish(TestSupport.nats(), codec, blocked, blocked.getId());
        String id = booked.getString("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> "confirmed".equals(get(id).getString("status")));
        return id;
    }

    @Test
    void theScheduledEventCarriesTheEnvelopeAndPayload() throws Exception {
        String patient = patient();
        String doctor = doctor();
        Instant time = slot();
        var response = given().header("X-Request-Id", "walk-1").contentType(ContentType.JSON)
                .body(booking(patient, doctor, time)).post("/appointments").then().statusCode(201).extract();
        String id = response.jsonPath().getString("id");

        Message message = events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_SCHEDULED)
                && EventCapture.body(m).contains(id), 1, Duration.ofSeconds(10)).get(0);
        JsonNode event = json.readTree(message.getData());
        assertEquals("1.0", event.get("specversion").asText());
        assertEquals("appointment.scheduled", event.get("type").asText());
        assertEquals("/clinic/appointment", event.get("source").asText());
        assertEquals(id, event.get("subject").asText());
        assertEquals("application/json", event.get("datacontenttype").asText());
        assertEquals("walk-1", event.get("correlationid").asText());
        assertEquals(event.get("id").asText(), message.getHeaders().getFirst("Nats-Msg-Id"));
        JsonNode data = event.get("data");
        assertEquals(id, data.get("appointment_id").asText());
        assertEquals(patient, data.get("patient_id").asText());
        assertEquals(doctor, data.get("doctor_id").asText());
        assertEquals(time.toString(), data.get("appointment_time").asText());
        assertEquals(time.plus(30, ChronoUnit.MINUTES).toString(), data.get("end_time").asText());
        assertEquals(30, data.get("duration_minutes").asInt());
        assertEquals("scheduled", data.get("status").asText());
        assertEquals(1, data.get("version").asLong());
        assertEquals("UTC", data.get("time_zone").asText());
        assertNull(data.get("notes"), "events never carry notes");
    }

    @Test
    void blockedConfirmsOnceEvenWhenDeliveredTwice() throws Exception {
        JsonPath booked = book(patient(), doctor(), slot());
        String id = booked.getString("id");
        CloudEvent blocked = answer(codec, Subjects.AVAILABILITY_BLOCKED, booked,
                Instant.parse(booked.getString("appointment_time")), null);

        publish(nats, codec, blocked, "first-" + blocked.getId());
        publish(nats, codec, blocked, "second-" + blocked.getId());

        await().atMost(Duration.ofSeconds(10)).until(() -> "confirmed".equals(get(id).getString("status")));
        JsonPath confirmed = get(id);
        assertEquals("Europe/Berlin", confirmed.getString("time_zone"));
        assertEquals(2, confirmed.getInt("version"));
        List<Message> published = events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_CONFIRMED)
                && EventCapture.body(m).contains(id), 1, Duration.ofSeconds(10));
        Thread.sleep(500);
        assertEquals(1, events.matching(m -> m.getSubject().equals(Subjects.APPOINTMENT_CONFIRMED)
                && EventCapture.body(m).contains(id)).size());
        JsonNode event = json.readTree(published.get(0).getData());
        assertEquals(blocked.getId(), event.get("causationid").asText());
        assertEquals("Europe/Berlin", event.get("data").get("time_zone").asText());
        given().get("/appointments/" + id + "/history").then()
                .body("event_type", equalTo(List.of("appointment.scheduled", "appointment.confirmed")));
    }

    @Test
    void conflictRejectsWithTheReasonAndFreesTheTime() throws Exception {
        String doctor = doctor();
        Instant time = slot();
        JsonPath booked = book(patient(), doctor, time);
        String id = booked.getString("id");
        CloudEvent conflict = answer(codec, Subjects.AVAILABILITY_CONFLICT, booked, time,
                new Reason("time_off", "The doctor is on leave that day."));

        publish(nats, codec, conflict, conflict.getId());

        await().atMost(Duration.ofSeconds(10)).until(() -> "rejected".equals(get(id).getString("status")));
        given().get("/appointments/" + id).then().body("status_reason.code", equalTo("time_off"))
                .body("status_reason.message", equalTo("The doctor is on leave that day."));
        Message rejected = events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_REJECTED)
                && EventCapture.body(m).contains(id), 1, Duration.ofSeconds(10)).get(0);
        assertEquals("time_off", json.readTree(rejected.getData()).get("data").get("reason").get("code").asText());
        book(patient(), doctor, time);
    }

    @Test
    void aStaleAnswerIsIgnored() throws Exception {
        Instant time = slot();
        String id = bookConfirmed(patient(), doctor(), time);
        JsonPath confirmed = get(id);

        CloudEvent late = answer(codec, Subjects.AVAILABILITY_CONFLICT, confirmed, time,
                new Reason("overlap", "late answer"));
        publish(nats, codec, late, late.getId());
        Thread.sleep(1000);

        given().get("/appointments/" + id).then().body("status", equalTo("confirmed")).body("version", equalTo(2));
    }

    @Test
    void aRescheduleIsPendingUntilBlockedThenMoves() throws Exception {
        Instant time = slot();
        Instant later = time.plus(1, ChronoUnit.DAYS);
        String doctor = doctor();
        String id = bookConfirmed(patient(), doctor, time);

        JsonPath pending = given().contentType(ContentType.JSON).body(Map.of("appointment_time", later.toString()))
                .put("/appointments/" + id).then().statusCode(200)
                .body("appointment_time", equalTo(time.toString()))
                .body("pending_reschedule.appointment_time", equalTo(later.toString()))
                .body("status", equalTo("confirmed"))
                .extract().jsonPath();
        Message updated = events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_UPDATED)
                && EventCapture.body(m).contains(id), 1, Duration.ofSeconds(10)).get(0);
        JsonNode data = json.readTree(updated.getData()).get("data");
        assertEquals(later.toString(), data.get("appointment_time").asText());
        assertEquals(time.toString(), data.get("previous_appointment_time").asText());
        // While pending, both ranges are held: nobody else can take either.
        given().contentType(ContentType.JSON).body(booking(patient(), doctor, later)).post("/appointments")
                .then().statusCode(409);
        given().contentType(ContentType.JSON).body(booking(patient(), doctor, time)).post("/appointments")
                .then().statusCode(409);

        CloudEvent blocked = answer(codec, Subjects.AVAILABILITY_BLOCKED, pending, later, null);
        publish(nats, codec, blocked, "first-" + blocked.getId());
        publish(nats, codec, blocked, "second-" + blocked.getId());

        await().atMost(Duration.ofSeconds(10)).until(() -> get(id).get("pending_reschedule") == null);
        given().get("/appointments/" + id).then().body("appointment_time", equalTo(later.toString()))
                .body("status", equalTo("confirmed"));
        Thread.sleep(500);
        assertEquals(1, events.matching(m -> m.getSubject().equals(Subjects.APPOINTMENT_RESCHEDULED)
                && EventCapture.body(m).contains(id)).size());
        book(patient(), doctor, time);
    }

    @Test
    void aRefusedRescheduleKeepsTheOldTimeAndSaysWhy() throws Exception {
        Instant time = slot();
        Instant wanted = time.plus(3, ChronoUnit.HOURS);
        String doctor = doctor();
        String id = bookConfirmed(patient(), doctor, time);
        JsonPath pending = given().contentType(ContentType.JSON)
                .body(Map.of("appointment_time", wanted.toString())).put("/appointments/" + id)
                .then().statusCode(200).extract().jsonPath();

        CloudEvent conflict = answer(codec, Subjects.AVAILABILITY_CONFLICT, pending, wanted,
                new Reason("outside_working_hours", "The doctor does not work then."));
        publish(nats, codec, conflict, "first-" + conflict.getId());
        publish(nats, codec, conflict, "second-" + conflict.getId());

        await().atMost(Duration.ofSeconds(10)).until(() -> get(id).get("pending_reschedule") == null);
        given().get("/appointments/" + id).then().body("appointment_time", equalTo(time.toString()))
                .body("status", equalTo("confirmed"))
                .body("status_reason.code", equalTo("outside_working_hours"))
                .body("status_reason.message", containsString("does not work then"));
        given().get("/appointments/" + id + "/history").then()
                .body("event_type[-1]", equalTo("appointment.reschedule_refused"))
                .body("reason[-1].code", equalTo("outside_working_hours"));
        Thread.sleep(500);
        assertEquals(1, events.matching(m -> m.getSubject().equals(Subjects.APPOINTMENT_RESCHEDULE_REFUSED)
                && EventCapture.body(m).contains(id)).size());
        // The refused time is free again.
        book(patient(), doctor, wanted);
    }

    @Test
    void preferWaitAnswersOnceTheBookingIsConfirmed() throws Exception {
        assertFalse(signals.listening(), "with nobody waiting, NATS delivers no appointment events to this process");
        String patient = patient();
        String doctor = doctor();
        Instant time = slot();
        CompletableFuture<io.restassured.response.Response> waiting = CompletableFuture.supplyAsync(
                () -> given().header("Prefer", "wait=10").contentType(ContentType.JSON)
                        .body(booking(patient, doctor, time)).post("/appointments"));
        Message scheduled = events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_SCHEDULED)
                && EventCapture.body(m).contains(patient), 1, Duration.ofSeconds(10)).get(0);
        String id = codec.parse(scheduled.getData()).getSubject();
        JsonPath booked = get(id);
        assertTrue(!waiting.isDone(), "the request is still waiting for the saga");
        assertTrue(signals.listening(), "while a request waits, the appointment events are heard");

        CloudEvent blocked = answer(codec, Subjects.AVAILABILITY_BLOCKED, booked, time, null);
        publish(nats, codec, blocked, blocked.getId());

        io.restassured.response.Response response = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(201, response.statusCode());
        assertEquals("confirmed", response.jsonPath().getString("status"));
        assertEquals("wait=10", response.header("Preference-Applied"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !signals.listening());
    }

    @Test
    void aWaitingClientThatHangsUpLeavesNoSubscriptionBehind() throws Exception {
        assertFalse(signals.listening());
        String patient = patient();
        String body = json.writeValueAsString(Map.of("patient_id", patient, "doctor_id", doctor(),
                "appointment_time", slot().toString()));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /appointments HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + Tokens.header(Tokens.admin()) + "\r\nPrefer: wait=30\r\n"
                    + "Content-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_SCHEDULED)
                    && EventCapture.body(m).contains(patient), 1, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(signals::listening);
        }
        // No answer comes for the booking: only the client's leaving ends the wait, long before its 30 s.
        await().atMost(Duration.ofSeconds(10)).until(() -> !signals.listening());
    }

    @Test
    void preferWaitTimesOutCleanlyWithTheScheduledState() {
        given().header("Prefer", "wait=1").contentType(ContentType.JSON).body(booking(patient(), doctor(), slot()))
                .post("/appointments").then().statusCode(201).body("status", equalTo("scheduled"))
                .header("Preference-Applied", nullValue());
    }

    @Test
    void confirmingWaitsForTheSagaAndAnswers200() throws Exception {
        Instant time = slot();
        JsonPath booked = book(patient(), doctor(), time);
        String id = booked.getString("id");
        CompletableFuture<io.restassured.response.Response> confirming = CompletableFuture.supplyAsync(
                () -> given().contentType(ContentType.JSON).body(Map.of("status", "confirmed"))
                        .put("/appointments/" + id));
        Thread.sleep(300);

        CloudEvent blocked = answer(codec, Subjects.AVAILABILITY_BLOCKED, booked, time, null);
        publish(nats, codec, blocked, blocked.getId());

        io.restassured.response.Response response = confirming.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("confirmed", response.jsonPath().getString("status"));
        given().contentType(ContentType.JSON).body(Map.of("status", "confirmed")).put("/appointments/" + id)
                .then().statusCode(200).body("version", equalTo(2));
    }

    @Test
    void confirmingWithoutAnAnswerIs409AfterTheWait() {
        String id = book(patient(), doctor(), slot()).getString("id");

        given().contentType(ContentType.JSON).body(Map.of("status", "confirmed")).put("/appointments/" + id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("not confirmed"));
        given().get("/appointments/" + id).then().body("status", equalTo("scheduled"));
    }

    @Test
    void confirmingARejectedBookingIs409SayingWhy() throws Exception {
        Instant time = slot();
        JsonPath booked = book(patient(), doctor(), time);
        String id = booked.getString("id");
        CloudEvent conflict = answer(codec, Subjects.AVAILABILITY_CONFLICT, booked, time,
                new Reason("overlap", "The doctor already has an appointment then."));
        publish(nats, codec, conflict, conflict.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> "rejected".equals(get(id).getString("status")));

        given().contentType(ContentType.JSON).body(Map.of("status", "confirmed")).put("/appointments/" + id)
                .then().statusCode(409).body("detail", containsString("rejected"));
    }

    @Test
    void completingAndNoShowAreAnnounced() throws Exception {
        String done = bookConfirmed(patient(), doctor(), slot());
        String missed = bookConfirmed(patient(), doctor(), slot());

        given().contentType(ContentType.JSON).body(Map.of("status", "completed")).put("/appointments/" + done)
                .then().statusCode(200).body("status", equalTo("completed"));
        given().contentType(ContentType.JSON).body(Map.of("status", "no_show")).put("/appointments/" + missed)
                .then().statusCode(200).body("status", equalTo("no_show"));

        events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_COMPLETED) && EventCapture.body(m).contains(done),
                1, Duration.ofSeconds(10));
        events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_NO_SHOW) && EventCapture.body(m).contains(missed),
                1, Duration.ofSeconds(10));
        given().delete("/appointments/" + done).then().statusCode(409);
    }

    @Test
    void cancellingAnnouncesWithAReason() throws Exception {
        String id = bookConfirmed(patient(), doctor(), slot());

        given().delete("/appointments/" + id).then().statusCode(200);

        Message cancelled = events.await(m -> m.getSubject().equals(Subjects.APPOINTMENT_CANCELLED)
                && EventCapture.body(m).contains(id), 1, Duration.ofSeconds(10)).get(0);
        JsonNode data = json.readTree(cancelled.getData()).get("data");
        assertEquals("cancelled", data.get("status").asText());
        assertEquals("cancelled_on_request", data.get("reason").get("code").asText());
        assertEquals(3, data.get("version").asLong());
    }

    @Test
    void anAnswerForAnUnknownAppointmentIsIgnored() throws Exception {
        JsonPath booked = book(patient(), doctor(), slot());
        CloudEvent stray = codec.create(Subjects.AVAILABILITY_BLOCKED, UUID.randomUUID().toString(),
                new clinic.eventbus.payload.AvailabilityEventData(UUID.randomUUID().toString(), "doctor-x",
                        Instant.parse(booked.getString("appointment_time")),
                        Instant.parse(booked.getString("end_time")), "UTC", 1L, null), Origin.service());

        publish(nats, codec, stray, stray.getId());
        Thread.sleep(500);

        given().get("/q/health/ready").then().statusCode(200);
    }
}
