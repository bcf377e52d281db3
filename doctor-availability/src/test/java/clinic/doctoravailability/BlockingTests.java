package clinic.doctoravailability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import clinic.eventbus.payload.Reason;
import clinic.eventbus.testing.EventCapture;
import clinic.eventbus.testing.HandledEvents;
import clinic.eventbus.testing.TestNats;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/** appointment.* events in, blocks and availability answers out, as the appointment service would drive it. */
@QuarkusTest
class BlockingTests {

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

    private CloudEvent appointment(String type, String id, String doctor, Instant start, long version,
            Instant previous) {
        AppointmentEventData data = new AppointmentEventData(id, "patient-1", doctor, start,
                start.plus(30, ChronoUnit.MINUTES), 30, "scheduled", version, "UTC", previous,
                type.equals(Subjects.APPOINTMENT_CANCELLED) ? new Reason("cancelled_on_request", "Cancelled.") : null);
        return codec.create(type, id, data, Origin.service());
    }

    private void publish(CloudEvent event, String messageId) throws Exception {
        nats.jetStream().publish(event.getType(), null, codec.serialize(event),
                PublishOptions.builder().messageId(messageId).build());
    }

    private AvailabilityEventData answerFor(String appointmentId, String type) throws InterruptedException {
        Message message = answers.await(m -> m.getSubject().equals(type) && EventCapture.body(m).contains(appointmentId),
                1, Duration.ofSeconds(10)).get(0);
        return codec.data(codec.parse(message.getData()), AvailabilityEventData.class);
    }

    private static List<Map<String, Object>> blocksOf(String doctor) {
        return given().get("/availability/doctor/" + doctor).then().statusCode(200).extract().jsonPath()
                .getList("findAll { !it.is_available }");
    }

    @Test
    void aScheduledAppointmentOfAnUnregisteredDoctorIsBlockedAndAnswered() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        Instant start = Instant.parse("2031-07-01T10:00:00Z");

        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, id, doctor, start, 1, null), UUID.randomUUID().toString());

        AvailabilityEventData blocked = answerFor(id, Subjects.AVAILABILITY_BLOCKED);
        assertEquals(start, blocked.startTime());
        assertEquals(1L, blocked.version());
        assertEquals("UTC", blocked.timeZone());
        given().get("/availability/doctor/" + doctor).then().body("$", hasSize(1))
                .body("[0].is_available", equalTo(false)).body("[0].appointment_id", equalTo(id));
    }

    @Test
    void aDoctorWithWindowsOnlyOnOtherDaysIsBookableOnlyInsideThem() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("doctor_id", doctor, "start_time", "2031-07-02T09:00:00Z", "duration_hours", 3))
                .post("/availability").then().statusCode(201);
        String elsewhere = UUID.randomUUID().toString();
        String inside = UUID.randomUUID().toString();

        // No window near 2031-07-09, but the doctor declared windows: outside them is refused.
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, elsewhere, doctor, Instant.parse("2031-07-09T10:00:00Z"),
                1, null), UUID.randomUUID().toString());
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, inside, doctor, Instant.parse("2031-07-02T10:00:00Z"), 1,
                null), UUID.randomUUID().toString());

        assertEquals("outside_working_hours", answerFor(elsewhere, Subjects.AVAILABILITY_CONFLICT).reason().code());
        answerFor(inside, Subjects.AVAILABILITY_BLOCKED);
    }

    @Test
    void theSameEventTwiceBlocksOnce() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        CloudEvent scheduled = appointment(Subjects.APPOINTMENT_SCHEDULED, id, doctor,
                Instant.parse("2031-07-01T11:00:00Z"), 1, null);

        publish(scheduled, "one-" + scheduled.getId());
        publish(scheduled, "two-" + scheduled.getId());

        answerFor(id, Subjects.AVAILABILITY_BLOCKED);
        Thread.sleep(500);
        assertEquals(1, blocksOf(doctor).size());
        assertEquals(1, answers.matching(m -> EventCapture.body(m).contains(id)).size());
    }

    @Test
    void anOverlappingAppointmentGetsAConflictNamingTheOverlap() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        Instant start = Instant.parse("2031-07-02T10:00:00Z");
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, first, doctor, start, 1, null), first);
        answerFor(first, Subjects.AVAILABILITY_BLOCKED);

        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, second, doctor, start.plus(10, ChronoUnit.MINUTES), 1,
                null), second);

        AvailabilityEventData conflict = answerFor(second, Subjects.AVAILABILITY_CONFLICT);
        assertEquals("overlap", conflict.reason().code());
        assertEquals(1, blocksOf(doctor).size());
    }

    @Test
    void timeOffWorkingHoursAndRetirementAreTheReasonsGiven() throws Exception {
        String doctor = DoctorApiTests.createDoctor("Europe/Berlin");
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("day_of_week", "wednesday", "start", "09:00", "end", "12:00")))
                .put("/doctors/" + doctor + "/working-hours").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("start_time", "2031-07-16T00:00:00Z",
                "end_time", "2031-07-17T00:00:00Z")).post("/doctors/" + doctor + "/time-off").then().statusCode(201);

        String inside = UUID.randomUUID().toString();
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, inside, doctor, Instant.parse("2031-07-09T07:00:00Z"), 1,
                null), inside);
        AvailabilityEventData blocked = answerFor(inside, Subjects.AVAILABILITY_BLOCKED);
        assertEquals("Europe/Berlin", blocked.timeZone());

        String away = UUID.randomUUID().toString();
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, away, doctor, Instant.parse("2031-07-16T07:00:00Z"), 1,
                null), away);
        assertEquals("time_off", answerFor(away, Subjects.AVAILABILITY_CONFLICT).reason().code());

        String evening = UUID.randomUUID().toString();
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, evening, doctor, Instant.parse("2031-07-09T17:00:00Z"), 1,
                null), evening);
        AvailabilityEventData outside = answerFor(evening, Subjects.AVAILABILITY_CONFLICT);
        assertEquals("outside_working_hours", outside.reason().code());
        assertTrue(outside.reason().message().contains("19:00-19:30"), outside.reason().message());

        given().delete("/doctors/" + doctor).then().statusCode(200);
        String retired = UUID.randomUUID().toString();
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, retired, doctor, Instant.parse("2031-07-23T07:00:00Z"), 1,
                null), retired);
        assertEquals("doctor_inactive", answerFor(retired, Subjects.AVAILABILITY_CONFLICT).reason().code());
        assertEquals(1, blocksOf(doctor).size());
    }

    @Test
    void aCancelFreesTheBlockAndAnnouncesIt() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        Instant start = Instant.parse("2031-07-03T10:00:00Z");
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, id, doctor, start, 1, null), id);
        answerFor(id, Subjects.AVAILABILITY_BLOCKED);

        publish(appointment(Subjects.APPOINTMENT_CANCELLED, id, doctor, start, 3, null), id + "-cancel");

        AvailabilityEventData freed = answerFor(id, Subjects.AVAILABILITY_FREED);
        assertEquals(start, freed.startTime());
        await().atMost(Duration.ofSeconds(5)).until(() -> blocksOf(doctor).isEmpty());
    }

    @Test
    void aCompletionOrANoShowFreesTheBlockAsTheAppointmentServiceFreesItsHold() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        Instant start = Instant.parse("2031-07-03T14:00:00Z");
        String completed = UUID.randomUUID().toString();
        String noShow = UUID.randomUUID().toString();
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, completed, doctor, start, 1, null), completed);
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, noShow, doctor, start.plus(1, ChronoUnit.HOURS), 1, null),
                noShow);
        answerFor(completed, Subjects.AVAILABILITY_BLOCKED);
        answerFor(noShow, Subjects.AVAILABILITY_BLOCKED);

        publish(appointment(Subjects.APPOINTMENT_COMPLETED, completed, doctor, start, 3, null), completed + "-done");
        publish(appointment(Subjects.APPOINTMENT_NO_SHOW, noShow, doctor, start.plus(1, ChronoUnit.HOURS), 3, null),
                noShow + "-no-show");

        answerFor(completed, Subjects.AVAILABILITY_FREED);
        answerFor(noShow, Subjects.AVAILABILITY_FREED);
        await().atMost(Duration.ofSeconds(5)).until(() -> blocksOf(doctor).isEmpty());
    }

    @Test
    void aRebookingHandledBeforeTheCancellationOfTheSameTimeIsBlockedOnceTheTimeIsFreed() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        Instant start = Instant.parse("2031-07-05T10:00:00Z");
        String cancelled = UUID.randomUUID().toString();
        String rebooked = UUID.randomUUID().toString();
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, cancelled, doctor, start, 1, null), cancelled);
        answerFor(cancelled, Subjects.AVAILABILITY_BLOCKED);

        // The appointment service cancelled the first and then took the new booking; here the booking comes first.
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, rebooked, doctor, start, 1, null), rebooked);
        Thread.sleep(500);
        publish(appointment(Subjects.APPOINTMENT_CANCELLED, cancelled, doctor, start, 3, null), cancelled + "-cancel");

        answerFor(cancelled, Subjects.AVAILABILITY_FREED);
        assertEquals(start, answerFor(rebooked, Subjects.AVAILABILITY_BLOCKED).startTime());
        assertTrue(answers.matching(m -> m.getSubject().equals(Subjects.AVAILABILITY_CONFLICT)
                && EventCapture.body(m).contains(rebooked)).isEmpty(), "never answered as an overlap");
        await().atMost(Duration.ofSeconds(5)).until(() -> blocksOf(doctor).size() == 1);
        assertEquals(rebooked, blocksOf(doctor).get(0).get("appointment_id"));
    }

    @Test
    void aRescheduleRefusedAfterTheBlockMovedMovesItBack() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        Instant kept = Instant.parse("2031-07-06T10:00:00Z");
        Instant wanted = Instant.parse("2031-07-06T15:00:00Z");
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, id, doctor, kept, 1, null), id);
        answerFor(id, Subjects.AVAILABILITY_BLOCKED);
        publish(appointment(Subjects.APPOINTMENT_UPDATED, id, doctor, wanted, 3, kept), id + "-move");
        await().atMost(Duration.ofSeconds(10)).until(() -> blocksOf(doctor).size() == 1
                && wanted.toString().equals(blocksOf(doctor).get(0).get("start_time")));

        // The appointment service never heard the answer and refused the move: the old time is kept.
        publish(appointment(Subjects.APPOINTMENT_RESCHEDULE_REFUSED, id, doctor, kept, 4, kept), id + "-refused");

        await().atMost(Duration.ofSeconds(10)).until(() -> blocksOf(doctor).size() == 1
                && kept.toString().equals(blocksOf(doctor).get(0).get("start_time")));
    }

    @Test
    void aCancelBeforeItsBookingLeavesNoBlock() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        Instant start = Instant.parse("2031-07-04T10:00:00Z");

        publish(appointment(Subjects.APPOINTMENT_CANCELLED, id, doctor, start, 2, null), id + "-cancel");
        Thread.sleep(300);
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, id, doctor, start, 1, null), id);
        Thread.sleep(1000);

        assertTrue(blocksOf(doctor).isEmpty(), "the late booking found its tombstone");
        assertTrue(answers.matching(m -> EventCapture.body(m).contains(id)).isEmpty());
    }

    @Test
    void aRescheduleMovesTheBlockOrKeepsTheOldOne() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String moving = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        Instant start = Instant.parse("2031-07-05T10:00:00Z");
        Instant taken = Instant.parse("2031-07-05T14:00:00Z");
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, moving, doctor, start, 1, null), moving);
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, other, doctor, taken, 1, null), other);
        answerFor(moving, Subjects.AVAILABILITY_BLOCKED);
        answerFor(other, Subjects.AVAILABILITY_BLOCKED);

        // Into a conflict: refused, the old block stays.
        publish(appointment(Subjects.APPOINTMENT_UPDATED, moving, doctor, taken, 3, start), moving + "-v3");
        AvailabilityEventData refused = answerFor(moving, Subjects.AVAILABILITY_CONFLICT);
        assertEquals(taken, refused.startTime());
        assertEquals(3L, refused.version());
        assertEquals(2, blocksOf(doctor).size());

        // Overlapping its own old range (15 minutes later) is fine: the block moves.
        Instant later = start.plus(15, ChronoUnit.MINUTES);
        publish(appointment(Subjects.APPOINTMENT_UPDATED, moving, doctor, later, 5, start), moving + "-v5");
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.matching(m -> m.getSubject()
                .equals(Subjects.AVAILABILITY_BLOCKED) && EventCapture.body(m).contains(moving)).size() == 2);
        List<Map<String, Object>> blocks = blocksOf(doctor);
        assertEquals(2, blocks.size());
        assertTrue(blocks.stream().anyMatch(b -> b.get("start_time").equals(later.toString())
                && b.get("appointment_id").equals(moving)));
        assertTrue(blocks.stream().noneMatch(b -> b.get("start_time").equals(start.toString())));
    }

    @Test
    void aNotesOnlyUpdateChangesNoBlock() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        Instant start = Instant.parse("2031-07-06T10:00:00Z");
        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, id, doctor, start, 1, null), id);
        answerFor(id, Subjects.AVAILABILITY_BLOCKED);

        publish(appointment(Subjects.APPOINTMENT_UPDATED, id, doctor, start, 2, null), id + "-notes");
        Thread.sleep(500);

        assertEquals(1, blocksOf(doctor).size());
        assertNull(answers.matching(m -> m.getSubject().equals(Subjects.AVAILABILITY_CONFLICT)
                && EventCapture.body(m).contains(id)).stream().findAny().orElse(null));
    }

    @Test
    void aChangeOfNotesHandledBeforeItsBookingLeavesTheBookingToBeAnswered() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        Instant start = Instant.parse("2031-07-07T10:00:00Z");
        // Events are handled concurrently: notes changed right after booking can be handled first.
        CloudEvent notes = appointment(Subjects.APPOINTMENT_UPDATED, id, doctor, start, 2, null);
        publish(notes, notes.getId());
        HandledEvents.awaitHandled(pool, notes.getId());

        publish(appointment(Subjects.APPOINTMENT_SCHEDULED, id, doctor, start, 1, null), id);

        assertEquals(1L, answerFor(id, Subjects.AVAILABILITY_BLOCKED).version());
        assertEquals(1, blocksOf(doctor).size());
    }

    @Test
    void changingWorkingHoursAnnouncesAvailabilityUpdated() throws Exception {
        String doctor = DoctorApiTests.createDoctor("UTC");

        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("day_of_week", "monday", "start", "09:00", "end", "12:00")))
                .put("/doctors/" + doctor + "/working-hours").then().statusCode(200);

        Message updated = answers.await(m -> m.getSubject().equals(Subjects.AVAILABILITY_UPDATED)
                && EventCapture.body(m).contains(doctor), 1, Duration.ofSeconds(10)).get(0);
        assertEquals(doctor, codec.parse(updated.getData()).getSubject());
    }
}
