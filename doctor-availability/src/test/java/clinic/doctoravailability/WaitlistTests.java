package clinic.doctoravailability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import clinic.eventbus.payload.Reason;
import clinic.eventbus.payload.WaitlistEventData;
import clinic.eventbus.testing.EventCapture;
import clinic.eventbus.testing.TestNats;
import clinic.http.testing.Tokens;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The waitlist: a freed time offered to the first waiting patient it fits, held, accepted or passed on. */
@QuarkusTest
class WaitlistTests {

    /** A Tuesday far enough ahead; its 10:00 UTC is the time freed. */
    private static final Instant TEN = Instant.parse("2031-09-16T10:00:00Z");

    private static Connection nats;
    private static EventCapture events;

    @Inject
    EventCodec codec;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestNats.connect();
        events = EventCapture.subscribe("availability.>");
    }

    @AfterAll
    static void disconnect() throws Exception {
        events.close();
        nats.close();
    }

    private void appointmentEvent(String type, String id, String doctor, Instant start, long version)
            throws Exception {
        AppointmentEventData data = new AppointmentEventData(id, "patient-x", doctor, start,
                start.plus(30, ChronoUnit.MINUTES), 30, "scheduled", version, "UTC", null,
                type.equals(Subjects.APPOINTMENT_CANCELLED) ? new Reason("cancelled_on_request", "Cancelled.") : null);
        CloudEvent event = codec.create(type, id, data, Origin.service());
        nats.jetStream().publish(event.getType(), codec.serialize(event));
    }

    /** A doctor's booked half hour at {@code start}, blocked. */
    private String booked(String doctor, Instant start) throws Exception {
        String id = UUID.randomUUID().toString();
        appointmentEvent(Subjects.APPOINTMENT_SCHEDULED, id, doctor, start, 1);
        events.await(m -> m.getSubject().equals(Subjects.AVAILABILITY_BLOCKED) && EventCapture.body(m).contains(id),
                1, Duration.ofSeconds(10));
        return id;
    }

    private static Map<String, Object> wish(String patient, String doctor) {
        Map<String, Object> body = new HashMap<>(Map.of("patient_id", patient, "doctor_id", doctor, "from",
                "2031-09-15", "to", "2031-09-19"));
        body.put("duration_minutes", 30);
        return body;
    }

    private static String join(Map<String, Object> wish) {
        return given().contentType(ContentType.JSON).body(wish).post("/waitlist").then().statusCode(201)
                .body("status", equalTo("waiting")).extract().path("id");
    }

    private WaitlistEventData offered(String entry) throws InterruptedException {
        Message message = events.await(m -> m.getSubject().equals(Subjects.AVAILABILITY_WAITLIST_OFFERED)
                && EventCapture.body(m).contains(entry), 1, Duration.ofSeconds(10)).get(0);
        return codec.data(codec.parse(message.getData()), WaitlistEventData.class);
    }

    private static List<Map<String, Object>> blocksOf(String doctor) {
        return given().get("/availability/doctor/" + doctor).then().statusCode(200).extract().jsonPath()
                .getList("findAll { !it.is_available }");
    }

    @Test
    void aCancelledTimeIsOfferedToTheFirstWaitingPatientItFitsHeldAndBookedWhenAccepted() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String cancelled = booked(doctor, TEN);
        Map<String, Object> afternoons = wish("patient-pm", doctor);
        afternoons.put("earliest_time", "13:00");
        String notThisOne = join(afternoons);
        Map<String, Object> tuesdays = wish("patient-" + UUID.randomUUID(), doctor);
        tuesdays.put("days_of_week", List.of("tuesday"));
        tuesdays.put("latest_time", "12:00");
        String first = join(tuesdays);
        String second = join(wish("patient-" + UUID.randomUUID(), doctor));

        appointmentEvent(Subjects.APPOINTMENT_CANCELLED, cancelled, doctor, TEN, 2);
        WaitlistEventData offer = offered(first);
        assertEquals(TEN, offer.startTime());
        assertEquals(TEN.plus(30, ChronoUnit.MINUTES), offer.endTime());
        assertTrue(offer.expiresAt().isAfter(Instant.now()));
        given().get("/waitlist/" + first).then().statusCode(200).body("status", equalTo("offered"))
                .body("offer.appointment_id", equalTo(offer.appointmentId()))
                .body("offer.start_time", equalTo(TEN.toString()));
        given().get("/waitlist/" + notThisOne).then().body("status", equalTo("waiting"));
        given().get("/waitlist/" + second).then().body("status", equalTo("waiting"));
        assertEquals(List.of(offer.appointmentId()), blocksOf(doctor).stream().map(b -> b.get("appointment_id"))
                .toList(), "the calendar holds the time for the offer");

        given().post("/waitlist/" + first + "/accept").then().statusCode(200).body("status", equalTo("accepted"));
        given().post("/waitlist/" + first + "/accept").then().statusCode(200).body("status", equalTo("accepted"));
        Message accepted = events.await(m -> m.getSubject().equals(Subjects.AVAILABILITY_WAITLIST_ACCEPTED)
                && EventCapture.body(m).contains(first), 1, Duration.ofSeconds(10)).get(0);
        assertEquals(offer.appointmentId(), codec.data(codec.parse(accepted.getData()), WaitlistEventData.class)
                .appointmentId());

        // The appointment service books it under the offer's id: its block is already there.
        appointmentEvent(Subjects.APPOINTMENT_SCHEDULED, offer.appointmentId(), doctor, TEN, 1);
        events.await(m -> m.getSubject().equals(Subjects.AVAILABILITY_BLOCKED)
                && EventCapture.body(m).contains(offer.appointmentId()), 1, Duration.ofSeconds(10));
        assertEquals(1, blocksOf(doctor).size(), "one block for the booked offer");
    }

    @Test
    void anOfferNotTakenInTimeGoesToTheNextAndCannotBeAcceptedAfter() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String cancelled = booked(doctor, TEN);
        String first = join(wish("patient-" + UUID.randomUUID(), doctor));
        String second = join(wish("patient-" + UUID.randomUUID(), doctor));
        appointmentEvent(Subjects.APPOINTMENT_CANCELLED, cancelled, doctor, TEN, 2);
        String held = offered(first).appointmentId();

        WaitlistEventData next = offered(second); // after the 5 s hold of the tests
        assertTrue(!next.appointmentId().equals(held));
        given().get("/waitlist/" + first).then().body("status", equalTo("waiting")).body("offer", equalTo(null));
        given().post("/waitlist/" + first + "/accept").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("still on the waitlist"));
        assertEquals(List.of(next.appointmentId()), blocksOf(doctor).stream().map(b -> b.get("appointment_id"))
                .toList());

        // Leaving while offered passes the time on too: back to the first, who asked before.
        given().delete("/waitlist/" + second).then().statusCode(200).body("status", equalTo("cancelled"));
        given().delete("/waitlist/" + second).then().statusCode(200).body("status", equalTo("cancelled"));
        await().atMost(Duration.ofSeconds(5)).until(() -> blocksOf(doctor).stream()
                .noneMatch(b -> next.appointmentId().equals(b.get("appointment_id"))));
    }

    @Test
    void aNewWindowOffersItsFreeTimesToTheWaitingInAskingOrderEachTheFirstTheirWishesTake() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        booked(doctor, TEN);
        Map<String, Object> tuesdayMornings = wish("patient-" + UUID.randomUUID(), doctor);
        tuesdayMornings.put("days_of_week", List.of("tuesday"));
        tuesdayMornings.put("latest_time", "12:00");
        String first = join(tuesdayMornings);
        String second = join(wish("patient-" + UUID.randomUUID(), doctor));
        Map<String, Object> afternoons = wish("patient-" + UUID.randomUUID(), doctor);
        afternoons.put("earliest_time", "13:00");
        String afternoon = join(afternoons);
        String third = join(wish("patient-" + UUID.randomUUID(), doctor));
        String fourth = join(wish("patient-" + UUID.randomUUID(), doctor));

        // 09:00-11:00 on that Tuesday; 10:00 is booked: 09:00, 09:30 and 10:30 are free.
        given().contentType(ContentType.JSON).body(Map.of("doctor_id", doctor, "start_time", "2031-09-16T09:00:00Z",
                "duration_hours", 2)).post("/availability").then().statusCode(201);
        assertEquals(Instant.parse("2031-09-16T09:00:00Z"), offered(first).startTime());
        assertEquals(Instant.parse("2031-09-16T09:30:00Z"), offered(second).startTime());
        assertEquals(Instant.parse("2031-09-16T10:30:00Z"), offered(third).startTime());
        for (String entry : List.of(afternoon, fourth)) {
            given().get("/waitlist/" + entry).then().body("status", equalTo("waiting"));
        }
        assertEquals(4, blocksOf(doctor).size(), "the booking and the three offers");
    }

    @Test
    void timeOffRemovedIsOfferedAsABookingWouldFindItWithTheDoctorsBuffers() throws Exception {
        String doctor = given().contentType(ContentType.JSON).body(Map.of("name", "Dr. Away", "buffer_after_minutes",
                30)).post("/doctors").then().statusCode(201).extract().path("id");
        booked(doctor, Instant.parse("2031-09-17T09:30:00Z"));
        String off = given().contentType(ContentType.JSON).body(Map.of("start_time", "2031-09-17T00:00:00Z",
                "end_time", "2031-09-18T00:00:00Z")).post("/doctors/" + doctor + "/time-off").then().statusCode(201)
                .extract().path("id");
        Map<String, Object> wednesdayMornings = wish("patient-" + UUID.randomUUID(), doctor);
        wednesdayMornings.put("days_of_week", List.of("wednesday"));
        wednesdayMornings.put("earliest_time", "09:00");
        String entry = join(wednesdayMornings);
        Map<String, Object> thursdays = wish("patient-" + UUID.randomUUID(), doctor);
        thursdays.put("days_of_week", List.of("thursday"));
        String elsewhere = join(thursdays);

        given().delete("/doctors/" + doctor + "/time-off/" + off).then().statusCode(204);
        // The doctor keeps 30 minutes clear around the 09:30-10:00 booking: 09:00 and 10:00 are too close.
        WaitlistEventData offer = offered(entry);
        assertEquals(Instant.parse("2031-09-17T10:30:00Z"), offer.startTime());
        given().get("/waitlist/" + elsewhere).then().body("status", equalTo("waiting"));
    }

    @Test
    void aMoveAwayFreesItsOldTimeForTheWaitlist() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        String moving = booked(doctor, TEN);
        String waiting = join(wish("patient-" + UUID.randomUUID(), doctor));
        AppointmentEventData data = new AppointmentEventData(moving, "patient-x", doctor,
                TEN.plus(2, ChronoUnit.HOURS), TEN.plus(150, ChronoUnit.MINUTES), 30, "confirmed", 2, "UTC", TEN, null);
        CloudEvent moved = codec.create(Subjects.APPOINTMENT_UPDATED, moving, data, Origin.service());
        nats.jetStream().publish(moved.getType(), codec.serialize(moved));
        assertEquals(TEN, offered(waiting).startTime());
    }

    @Test
    void whoMayWaitAndSeeAndBadWishesAre400() {
        String doctor = "doctor-" + UUID.randomUUID();
        String patient = "patient-" + UUID.randomUUID();
        String token = Tokens.header(Tokens.patient(patient));
        String own = given().header("Authorization", token).contentType(ContentType.JSON).body(wish(patient, doctor))
                .post("/waitlist").then().statusCode(201).extract().path("id");
        given().header("Authorization", token).contentType(ContentType.JSON).body(wish("someone-else", doctor))
                .post("/waitlist").then().statusCode(403);
        given().header("Authorization", Tokens.header(Tokens.doctor(doctor))).contentType(ContentType.JSON)
                .body(wish(patient, doctor)).post("/waitlist").then().statusCode(403);
        String stranger = join(wish("patient-" + UUID.randomUUID(), doctor));
        given().header("Authorization", token).get("/waitlist").then().statusCode(200).body("id", equalTo(List.of(own)));
        for (String method : List.of("GET", "DELETE")) {
            given().header("Authorization", token).request(method, "/waitlist/" + stranger).then().statusCode(404);
        }
        given().header("Authorization", token).post("/waitlist/" + stranger + "/accept").then().statusCode(404);
        JsonPath seen = given().header("Authorization", Tokens.header(Tokens.doctor(doctor))).get("/waitlist").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(2, seen.getList("id").size(), "a doctor sees who waits for them");
        given().header("Authorization", Tokens.header(Tokens.doctor(doctor))).delete("/waitlist/" + own).then()
                .statusCode(403);

        Map<String, Object[]> bad = Map.of(
                "to", new Object[] { "2031-09-01", "2032-09-01" },
                "from", new Object[] { "15.09.2031", 5, "2020-01-01", "2999-01-01" },
                "days_of_week", new Object[] { List.of("funday"), List.of() },
                "latest_time", new Object[] { "08:10" },
                "earliest_time", new Object[] { "8am" },
                "duration_minutes", new Object[] { 4, 481, "half an hour" });
        for (var field : bad.entrySet()) {
            for (Object value : field.getValue()) {
                Map<String, Object> body = wish(patient, doctor);
                body.put("earliest_time", "08:00");
                body.put(field.getKey(), value);
                given().contentType(ContentType.JSON).body(body).post("/waitlist").then().statusCode(400)
                        .contentType("application/problem+json").body("errors.field", hasItem(startsWith(field.getKey())));
            }
        }
        given().header("Authorization", token).get("/waitlist").then().body("id", equalTo(List.of(own)));
        given().get("/waitlist/not-an-id").then().statusCode(404);
        given().queryParam("all", "maybe").get("/waitlist").then().statusCode(400);
    }
}
