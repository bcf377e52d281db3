package clinic.doctoravailability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.testing.EventCapture;
import clinic.eventbus.testing.TestNats;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A doctor's buffers keep other appointments away from each appointment, whatever order and concurrency the
 * bookings come in; the free-slot search leaves out what the buffers and the booking notice take.
 */
@QuarkusTest
class BuffersAndNoticeTests {

    private static Connection nats;
    private static EventCapture answers;

    @Inject
    EventCodec codec;
    @Inject
    Pool pool;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestNats.connect();
        answers = EventCapture.subscribe("availability.>");
    }

    @AfterAll
    static void disconnect() throws Exception {
        answers.close();
        nats.close();
    }

    /** A doctor with buffers of 10 minutes before and 15 after: appointments stay 15 minutes apart. */
    private static String doctorWithBuffers() {
        return given().contentType(ContentType.JSON).body(Map.of("name", "Dr. Buffer", "buffer_before_minutes", 10,
                "buffer_after_minutes", 15)).post("/doctors").then().statusCode(201)
                .body("buffer_before_minutes", equalTo(10)).body("buffer_after_minutes", equalTo(15))
                .body("min_booking_notice_minutes", equalTo(0)).extract().path("id");
    }

    private void book(String id, String doctor, Instant start) throws Exception {
        AppointmentEventData data = new AppointmentEventData(id, "patient-1", doctor, start,
                start.plus(30, ChronoUnit.MINUTES), 30, "scheduled", 1, "UTC", null, null);
        CloudEvent event = codec.create(Subjects.APPOINTMENT_SCHEDULED, id, data, Origin.service());
        nats.jetStream().publish(event.getType(), codec.serialize(event));
    }

    /** The one answer to the appointment: blocked, or the conflict's reason code. */
    private String answerTo(String id) throws InterruptedException {
        Message message = answers.await(m -> (m.getSubject().equals(Subjects.AVAILABILITY_BLOCKED)
                || m.getSubject().equals(Subjects.AVAILABILITY_CONFLICT)) && EventCapture.body(m).contains(id), 1,
                Duration.ofSeconds(20)).get(0);
        AvailabilityEventData data = codec.data(codec.parse(message.getData()), AvailabilityEventData.class);
        return data.reason() == null ? "blocked" : data.reason().code();
    }

    @Test
    void anotherAppointmentMayNotFallInABufferButTwoBuffersMayOverlap() throws Exception {
        String doctor = doctorWithBuffers();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        Map<String, Instant> starts = Map.of("10:00", at("10:00"), "10:40", at("10:40"), "10:45", at("10:45"),
                "09:20", at("09:20"), "09:15", at("09:15"));
        String first = UUID.randomUUID().toString();
        book(first, doctor, starts.get("10:00"));
        assertEquals("blocked", answerTo(first));
        // 10:30-10:40 is the first one's buffer after (15 min); 10:45 leaves it whole.
        // 09:50-10:00 would hold the first one's buffer before (10 min) and its own 15 after: 15 apart at least.
        expected.put("10:40", "buffer");
        expected.put("10:45", "blocked");
        expected.put("09:20", "buffer");
        expected.put("09:15", "blocked");
        for (var entry : expected.entrySet()) {
            String id = UUID.randomUUID().toString();
            book(id, doctor, starts.get(entry.getKey()));
            assertEquals(entry.getValue(), answerTo(id), entry.getKey());
        }
        Message conflict = answers.matching(m -> m.getSubject().equals(Subjects.AVAILABILITY_CONFLICT)
                && EventCapture.body(m).contains(doctor)).get(0);
        assertTrue(codec.data(codec.parse(conflict.getData()), AvailabilityEventData.class).reason().message()
                .contains("15 minutes"), "the reason says how far apart");
    }

    @Test
    void concurrentBookingsNeverComeCloserThanTheBuffers() throws Exception {
        String doctor = doctorWithBuffers();
        List<String> ids = new ArrayList<>();
        // Twenty bookings five minutes apart, all at once: each pair closer than 15 minutes competes.
        for (int i = 0; i < 20; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            book(id, doctor, at("08:00").plus(5L * i, ChronoUnit.MINUTES));
        }
        List<String> blocked = new ArrayList<>();
        for (String id : ids) {
            if (answerTo(id).equals("blocked")) {
                blocked.add(id);
            }
        }
        List<Map<String, Object>> blocks = given().get("/availability/doctor/" + doctor).then().statusCode(200)
                .extract().jsonPath().getList("findAll { !it.is_available }");
        assertEquals(blocked.size(), blocks.size(), "one block for each appointment answered blocked");
        assertFalse(blocked.isEmpty());
        List<Instant[]> ranges = blocks.stream().map(b -> new Instant[] {
            Instant.parse((String) b.get("start_time")), Instant.parse((String) b.get("end_time")) })
                .sorted((a, b) -> a[0].compareTo(b[0])).toList();
        for (int i = 1; i < ranges.size(); i++) {
            Duration gap = Duration.between(ranges.get(i - 1)[1], ranges.get(i)[0]);
            assertTrue(gap.compareTo(Duration.ofMinutes(15)) >= 0, "blocks " + (i - 1) + " and " + i + " are " + gap
                    + " apart");
        }
    }

    /**
     * The lock that keeps two near bookings from both passing: a booking checked while another transaction of the
     * same doctor holds it waits, and then sees what that one blocked. (Without the lock it would see nothing
     * yet, and block a time within the other's buffer.)
     */
    @Test
    void aBookingWaitsForAnotherTransactionCheckingTheSameDoctorsBuffers() throws Exception {
        String doctor = doctorWithBuffers();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        SqlConnection connection = pool.getConnectionAndAwait();
        try {
            Transaction transaction = connection.beginAndAwait();
            connection.preparedQuery("select pg_advisory_xact_lock(hashtext('availability_slot:' || $1))")
                    .executeAndAwait(Tuple.of(doctor));
            connection.preparedQuery("insert into availability_slot (id, doctor_id, start_at, end_at, is_available,"
                    + " appointment_id, created_at, updated_at) values ($1, $2, $3, $4, false, $5, now(), now())")
                    .executeAndAwait(Tuple.of(UUID.randomUUID(), doctor, at("10:00").atOffset(ZoneOffset.UTC),
                            at("10:30").atOffset(ZoneOffset.UTC), UUID.fromString(first)));
            book(second, doctor, at("10:40"));
            Thread.sleep(1500);
            assertTrue(answers.matching(m -> EventCapture.body(m).contains(second)).isEmpty(),
                    "the booking waits for the transaction that holds the doctor's lock");
            transaction.commitAndAwait();
        } finally {
            connection.closeAndAwait();
        }
        assertEquals("buffer", answerTo(second));
    }

    @Test
    void freeSlotsLeaveOutWhatBuffersAndTheBookingNoticeTake() throws Exception {
        String doctor = doctorWithBuffers();
        String id = UUID.randomUUID().toString();
        book(id, doctor, at("10:00"));
        assertEquals("blocked", answerTo(id));
        List<String> starts = given().queryParam("date", "2031-07-01").get("/doctors/" + doctor + "/slots").then()
                .statusCode(200).extract().jsonPath().getList("start_time");
        assertTrue(starts.contains("2031-07-01T09:00:00Z") && starts.contains("2031-07-01T11:00:00Z"), starts.toString());
        for (String taken : List.of("09:30", "10:00", "10:30")) {
            assertFalse(starts.contains("2031-07-01T" + taken + ":00Z"), taken + " is within the buffers");
        }

        given().contentType(ContentType.JSON).body(Map.of("min_booking_notice_minutes", 60 * 24 * 3))
                .put("/doctors/" + doctor).then().statusCode(200).body("min_booking_notice_minutes", equalTo(4320));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant notBefore = Instant.now().plus(3, ChronoUnit.DAYS);
        for (int day = 0; day <= 4; day++) {
            List<String> slots = given().queryParam("date", today.plusDays(day).toString())
                    .get("/doctors/" + doctor + "/slots").then().statusCode(200).extract().jsonPath()
                    .getList("start_time");
            for (String slot : slots) {
                assertFalse(Instant.parse(slot).isBefore(notBefore), slot + " is sooner than three days ahead");
            }
            if (day == 4) {
                assertFalse(slots.isEmpty(), "four days ahead is bookable");
            }
        }
    }

    @Test
    void aChangeOfSettingsIsAnnouncedWithTheSettings() throws Exception {
        String doctor = doctorWithBuffers();
        given().contentType(ContentType.JSON).body(Map.of("min_cancel_notice_minutes", 1440, "time_zone",
                "Europe/Berlin")).put("/doctors/" + doctor).then().statusCode(200);
        Message updated = answers.await(m -> m.getSubject().equals(Subjects.AVAILABILITY_UPDATED)
                && EventCapture.body(m).contains("1440") && EventCapture.body(m).contains(doctor), 1,
                Duration.ofSeconds(10)).get(0);
        AvailabilityEventData data = codec.data(codec.parse(updated.getData()), AvailabilityEventData.class);
        assertEquals("Europe/Berlin", data.timeZone());
        assertEquals(10, data.settings().bufferBeforeMinutes());
        assertEquals(15, data.settings().bufferAfterMinutes());
        assertEquals(1440, data.settings().minCancelNoticeMinutes());
        assertTrue(data.settings().active());
        given().delete("/doctors/" + doctor).then().statusCode(200);
        answers.await(m -> m.getSubject().equals(Subjects.AVAILABILITY_UPDATED) && EventCapture.body(m).contains(doctor)
                && EventCapture.body(m).contains("\"active\":false"), 1, Duration.ofSeconds(10));
    }

    @Test
    void aDoctorRegisteredBeforeSettingsWereAnnouncedIsAnnouncedOnce() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        pool.preparedQuery("insert into doctor (id, name, time_zone, active, created_at, updated_at,"
                + " min_cancel_notice_minutes) values ($1, 'Dr. Before', 'Europe/Paris', true, now(), now(), 720)")
                .executeAndAwait(Tuple.of(doctor));
        Message announced = answers.await(m -> m.getSubject().equals(Subjects.AVAILABILITY_UPDATED)
                && EventCapture.body(m).contains(doctor), 1, Duration.ofSeconds(15)).get(0);
        AvailabilityEventData data = codec.data(codec.parse(announced.getData()), AvailabilityEventData.class);
        assertEquals("Europe/Paris", data.timeZone());
        assertEquals(720, data.settings().minCancelNoticeMinutes());
        Thread.sleep(2500);
        assertEquals(1, answers.matching(m -> m.getSubject().equals(Subjects.AVAILABILITY_UPDATED)
                && EventCapture.body(m).contains(doctor)).size(), "announced once");
    }

    @Test
    void badSettingsAre400AndChangeNothing() {
        String doctor = doctorWithBuffers();
        Map<String, List<Object>> bad = Map.of(
                "buffer_before_minutes", List.of(-1, 241, "ten", 2.5),
                "buffer_after_minutes", List.of(-5, 1000),
                "min_booking_notice_minutes", List.of(-1, 43201),
                "min_cancel_notice_minutes", List.of(99999999));
        for (var field : bad.entrySet()) {
            for (Object value : field.getValue()) {
                Map<String, Object> body = new HashMap<>();
                body.put(field.getKey(), value);
                given().contentType(ContentType.JSON).body(body).put("/doctors/" + doctor).then().statusCode(400)
                        .contentType("application/problem+json").body("errors.field", hasItem(field.getKey()));
            }
            Map<String, Object> cleared = new HashMap<>();
            cleared.put(field.getKey(), null);
            given().contentType(ContentType.JSON).body(cleared).put("/doctors/" + doctor).then().statusCode(400)
                    .body("errors.field", hasItem(field.getKey()));
        }
        given().get("/doctors/" + doctor).then().statusCode(200).body("buffer_before_minutes", equalTo(10))
                .body("buffer_after_minutes", equalTo(15)).body("min_booking_notice_minutes", equalTo(0))
                .body("min_cancel_notice_minutes", equalTo(0));
    }

    private static Instant at(String time) {
        return Instant.parse("2031-07-01T" + time + ":00Z");
    }
}
