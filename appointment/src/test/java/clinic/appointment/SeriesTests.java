package clinic.appointment;

import static clinic.appointment.TestSupport.answer;
import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.nats;
import static clinic.appointment.TestSupport.publish;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.DoctorSettings;
import clinic.eventbus.payload.Reason;
import clinic.eventbus.testing.HandledEvents;
import clinic.http.testing.Tokens;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/** Recurring series: expanded in the doctor's zone, each occurrence booked through the saga, cancelled and moved. */
@QuarkusTest
class SeriesTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 09:00 in Berlin on a Monday two weeks before the change to summer time (30 March 2031). */
    private static final Instant MONDAY_NINE = Instant.parse("2031-03-17T08:00:00Z");

    @Inject
    EventCodec codec;
    @Inject
    Pool pool;

    /** A doctor in Berlin, as doctor-availability announces them. */
    private String berlinDoctor() throws Exception {
        String doctor = TestSupport.doctor();
        AvailabilityEventData data = new AvailabilityEventData(null, doctor, null, null, "Europe/Berlin", null, null,
                new DoctorSettings(true, 0, 0, 0, 0));
        CloudEvent event = codec.create(Subjects.AVAILABILITY_UPDATED, doctor, data, Origin.service());
        publish(nats(), codec, event, event.getId());
        HandledEvents.awaitHandled(pool, event.getId());
        return doctor;
    }

    private static Map<String, Object> series(String patient, String doctor, Instant first, String rule) {
        Map<String, Object> body = new HashMap<>(booking(patient, doctor, first));
        body.put("rrule", rule);
        return body;
    }

    private static Response post(Object body, String... headers) {
        var request = given().contentType(ContentType.JSON).body(body);
        for (int i = 0; i < headers.length; i += 2) {
            request = request.header(headers[i], headers[i + 1]);
        }
        return request.post("/appointments/series");
    }

    @Test
    void aWeeklySeriesKeepsItsWallClockTimeAcrossDstAndEachOccurrenceGoesThroughTheSaga() throws Exception {
        String doctor = berlinDoctor();
        String patient = TestSupport.patient();
        JsonPath created = post(series(patient, doctor, MONDAY_NINE, "FREQ=WEEKLY;COUNT=4")).then().statusCode(201)
                .header("Location", containsString("/appointments/series/")).body("time_zone", equalTo("Europe/Berlin"))
                .body("rrule", equalTo("FREQ=WEEKLY;COUNT=4")).body("refused", equalTo(List.of())).extract()
                .jsonPath();
        String id = created.getString("id");
        List<String> times = created.getList("occurrences.appointment_time");
        assertEquals(List.of("2031-03-17T08:00:00Z", "2031-03-24T08:00:00Z", "2031-03-31T07:00:00Z",
                "2031-04-07T07:00:00Z"), times);
        for (String time : times) {
            assertEquals(LocalTime.of(9, 0), Instant.parse(time).atZone(BERLIN).toLocalTime());
        }
        assertEquals(List.of(id, id, id, id), created.getList("occurrences.series_id"));

        // doctor-availability answers each on its own: three blocked, one refused.
        List<String> ids = created.getList("occurrences.id");
        for (int i = 0; i < 4; i++) {
            JsonPath occurrence = TestSupport.get(ids.get(i));
            CloudEvent answer = i == 2
                    ? answer(codec, Subjects.AVAILABILITY_CONFLICT, occurrence, Instant.parse(times.get(i)),
                            new Reason("time_off", "The doctor is away."))
                    : answer(codec, Subjects.AVAILABILITY_BLOCKED, occurrence, Instant.parse(times.get(i)), null);
            publish(nats(), codec, answer, answer.getId());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !given().get("/appointments/series/" + id).jsonPath()
                .getList("occurrences.status").contains("scheduled"));
        given().get("/appointments/series/" + id).then().statusCode(200)
                .body("occurrences.status", equalTo(List.of("confirmed", "confirmed", "rejected", "confirmed")))
                .body("occurrences[2].status_reason.code", equalTo("time_off"));
    }

    @Test
    void anOccurrenceWhoseTimeIsTakenIsRefusedAndTheOthersAreBooked() throws Exception {
        String doctor = berlinDoctor();
        String other = TestSupport.book(TestSupport.patient(), doctor, Instant.parse("2031-05-07T07:00:00Z"))
                .getString("id");
        JsonPath created = post(series(TestSupport.patient(), doctor, Instant.parse("2031-04-30T07:00:00Z"),
                "FREQ=WEEKLY;COUNT=3")).then().statusCode(201).extract().jsonPath();
        assertEquals(List.of("2031-04-30T07:00:00Z", "2031-05-14T07:00:00Z"),
                created.getList("occurrences.appointment_time"));
        assertEquals("2031-05-07T07:00:00Z", created.getString("refused[0].appointment_time"));
        assertEquals("overlap", created.getString("refused[0].reason.code"));
        assertTrue(created.getString("refused[0].reason.message").contains(doctor));
        assertEquals("scheduled", TestSupport.get(other).getString("status"));
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameSeriesAndADifferentRequestUnderItIs422() throws Exception {
        String doctor = berlinDoctor();
        String patient = TestSupport.patient();
        Map<String, Object> body = series(patient, doctor, Instant.parse("2031-06-02T07:00:00Z"), "FREQ=DAILY;COUNT=3");
        String first = post(body, "Idempotency-Key", "series-key-" + patient).then().statusCode(201).extract()
                .path("id");
        post(body, "Idempotency-Key", "series-key-" + patient).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first))
                .body("occurrences.size()", equalTo(3));
        given().get("/appointments/patient/" + patient).then().header("X-Total-Count", "3");
        body.put("rrule", "FREQ=DAILY;COUNT=4");
        post(body, "Idempotency-Key", "series-key-" + patient).then().statusCode(422);
        given().get("/appointments/patient/" + patient).then().header("X-Total-Count", "3");
    }

    @Test
    void badRulesAre400NamingTheRuleAndBookNothing() throws Exception {
        String doctor = berlinDoctor();
        String patient = TestSupport.patient();
        for (String rule : List.of("", "FREQ=WEEKLY", "FREQ=HOURLY;COUNT=3", "FREQ=WEEKLY;COUNT=53",
                "FREQ=WEEKLY;UNTIL=20330101T000000Z", "FREQ=DAILY;UNTIL=20310901T000000Z", "nonsense",
                "FREQ=WEEKLY;UNTIL=20310301T000000Z")) {
            post(series(patient, doctor, Instant.parse("2031-07-07T07:00:00Z"), rule)).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("rrule"));
        }
        Map<String, Object> past = series(patient, doctor, Instant.parse("2020-01-06T07:00:00Z"), "FREQ=WEEKLY;COUNT=2");
        post(past).then().statusCode(400).body("errors.field", hasItem("appointment_time"));
        given().get("/appointments/patient/" + patient).then().header("X-Total-Count", "0");
    }

    @Test
    void cancellingFromAnOccurrenceCancelsThatOneAndTheFollowingOnes() throws Exception {
        String doctor = berlinDoctor();
        JsonPath created = post(series(TestSupport.patient(), doctor, Instant.parse("2031-08-04T07:00:00Z"),
                "FREQ=WEEKLY;COUNT=4")).then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        String third = created.getString("occurrences[2].appointment_time");
        given().queryParam("from", third).delete("/appointments/series/" + id).then().statusCode(200)
                .body("occurrences.status", equalTo(List.of("scheduled", "scheduled", "cancelled", "cancelled")));
        given().delete("/appointments/series/" + id).then().statusCode(200)
                .body("occurrences.status", equalTo(List.of("cancelled", "cancelled", "cancelled", "cancelled")));
        given().delete("/appointments/series/" + id).then().statusCode(200);
        given().queryParam("from", "next week").delete("/appointments/series/" + id).then().statusCode(400)
                .body("errors.field", hasItem("from"));
    }

    @Test
    void movingThisAndFollowingKeepsTheWallClockStep() throws Exception {
        String doctor = berlinDoctor();
        JsonPath created = post(series(TestSupport.patient(), doctor, Instant.parse("2031-10-13T07:00:00Z"),
                "FREQ=WEEKLY;COUNT=3")).then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        List<String> ids = created.getList("occurrences.id");
        Instant second = Instant.parse(created.getString("occurrences[1].appointment_time"));
        given().contentType(ContentType.JSON).body(Map.of("from_appointment_id", ids.get(1), "appointment_time",
                second.plus(25, ChronoUnit.HOURS).toString())).put("/appointments/series/" + id).then()
                .statusCode(200).body("refused.reason.code", equalTo(List.of("refused", "refused")))
                .body("refused[0].reason.message", containsString("still waiting"));
        confirmAll(ids);
        // 09:00 CEST on Mondays until Berlin falls back (26 October 2031). The second one a day and an hour later:
        // Tuesday 10:00 local, and so the third, which is in winter time.
        given().contentType(ContentType.JSON).body(Map.of("from_appointment_id", ids.get(1), "appointment_time",
                second.plus(25, ChronoUnit.HOURS).toString())).put("/appointments/series/" + id).then()
                .statusCode(200).body("refused", equalTo(List.of()));
        JsonPath after = given().get("/appointments/series/" + id).jsonPath();
        assertNull(after.get("occurrences[0].pending_reschedule"));
        for (int i = 1; i < 3; i++) {
            Instant pending = Instant.parse(after.getString("occurrences[" + i + "].pending_reschedule.appointment_time"));
            assertEquals(LocalTime.of(10, 0), pending.atZone(BERLIN).toLocalTime());
            assertEquals(java.time.DayOfWeek.TUESDAY, pending.atZone(BERLIN).getDayOfWeek());
        }
        given().contentType(ContentType.JSON).body(Map.of("from_appointment_id", ids.get(0), "appointment_time",
                "2020-01-01T00:00:00Z")).put("/appointments/series/" + id).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("from_appointment_id", java.util.UUID.randomUUID().toString(),
                "appointment_time", second.plus(1, ChronoUnit.DAYS).toString())).put("/appointments/series/" + id)
                .then().statusCode(404);
    }

    private void confirmAll(List<String> ids) throws Exception {
        for (String occurrence : ids) {
            JsonPath booked = TestSupport.get(occurrence);
            CloudEvent blocked = answer(codec, Subjects.AVAILABILITY_BLOCKED, booked,
                    Instant.parse(booked.getString("appointment_time")), null);
            publish(nats(), codec, blocked, blocked.getId());
        }
        for (String occurrence : ids) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "confirmed".equals(TestSupport.get(occurrence)
                    .getString("status")));
        }
    }

    @Test
    void aPatientBooksAndSeesTheirOwnSeriesOnlyADoctorReadsTheirs() throws Exception {
        String doctor = berlinDoctor();
        String patient = TestSupport.patient();
        String token = Tokens.header(Tokens.patient(patient));
        String own = given().header("Authorization", token).contentType(ContentType.JSON)
                .body(series(patient, doctor, Instant.parse("2031-09-01T07:00:00Z"), "FREQ=DAILY;COUNT=2"))
                .post("/appointments/series").then().statusCode(201).extract().path("id");
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(series(TestSupport.patient(), doctor, Instant.parse("2031-09-08T07:00:00Z"), "FREQ=DAILY;COUNT=2"))
                .post("/appointments/series").then().statusCode(403);
        String stranger = post(series(TestSupport.patient(), doctor, Instant.parse("2031-09-15T07:00:00Z"),
                "FREQ=DAILY;COUNT=2")).then().statusCode(201).extract().path("id");
        given().header("Authorization", token).get("/appointments/series/" + own).then().statusCode(200);
        for (String method : List.of("GET", "DELETE")) {
            given().header("Authorization", token).request(method, "/appointments/series/" + stranger).then()
                    .statusCode(404).body("detail", equalTo("No series " + stranger + "."));
        }
        String doctorToken = Tokens.header(Tokens.doctor(doctor));
        given().header("Authorization", doctorToken).get("/appointments/series/" + stranger).then().statusCode(200);
        given().header("Authorization", Tokens.header(Tokens.doctor("someone-else"))).get("/appointments/series/"
                + stranger).then().statusCode(404);
        given().header("Authorization", doctorToken).delete("/appointments/series/" + stranger).then().statusCode(403);
        given().get("/appointments/series/" + stranger).then().body("occurrences.status",
                equalTo(List.of("scheduled", "scheduled")));
    }

    private static Map<String, Object> allOrNone(String patient, String doctor, Instant first, String rule) {
        Map<String, Object> body = series(patient, doctor, first, rule);
        body.put("atomic", true);
        return body;
    }

    private long seriesOf(String patient) {
        return pool.preparedQuery("select count(*) from appointment_series where patient_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(patient)).await().indefinitely().iterator().next()
                .getLong(0);
    }

    @Test
    void anAllOrNoneSeriesCarriesEveryOccurrenceOnEachEventAndTakesTheAnswerToEach() throws Exception {
        String doctor = berlinDoctor();
        String patient = TestSupport.patient();
        try (var scheduled = clinic.eventbus.testing.EventCapture.subscribe(Subjects.APPOINTMENT_SCHEDULED)) {
            JsonPath created = post(allOrNone(patient, doctor, Instant.parse("2031-11-03T08:00:00Z"),
                    "FREQ=WEEKLY;COUNT=3")).then().statusCode(201).body("atomic", equalTo(true))
                    .body("occurrences.status", equalTo(List.of("scheduled", "scheduled", "scheduled")))
                    .extract().jsonPath();
            String id = created.getString("id");
            List<String> ids = created.getList("occurrences.id");
            var events = scheduled.await(m -> clinic.eventbus.testing.EventCapture.body(m).contains(id), 3,
                    Duration.ofSeconds(10));
            for (var message : events) {
                var data = codec.data(codec.parse(message.getData()),
                        clinic.eventbus.payload.AppointmentEventData.class);
                assertEquals(id, data.atomicSeries().seriesId());
                assertEquals(ids, data.atomicSeries().occurrences().stream()
                        .map(clinic.eventbus.payload.AtomicSeries.Occurrence::appointmentId).toList());
                assertEquals(created.getList("occurrences.appointment_time"), data.atomicSeries().occurrences()
                        .stream().map(o -> o.appointmentTime().toString()).toList());
            }
            // doctor-availability refused the second for its own reason, and so the others.
            for (int i = 0; i < 3; i++) {
                JsonPath occurrence = TestSupport.get(ids.get(i));
                Reason reason = i == 1 ? new Reason("time_off", "The doctor is away. The series is booked all or none.")
                        : new Reason(Reason.SERIES, "The series is booked all or none, and ...");
                CloudEvent answer = answer(codec, Subjects.AVAILABILITY_CONFLICT, occurrence,
                        Instant.parse(occurrence.getString("appointment_time")), reason);
                publish(nats(), codec, answer, answer.getId());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !given().get("/appointments/series/" + id).jsonPath()
                    .getList("occurrences.status").contains("scheduled"));
            given().get("/appointments/series/" + id).then().body("atomic", equalTo(true))
                    .body("occurrences.status", equalTo(List.of("rejected", "rejected", "rejected")))
                    .body("occurrences.status_reason.code", equalTo(List.of("series", "time_off", "series")));
        }
    }

    @Test
    void anAllOrNoneSeriesWithATimeTakenHereIs409NamingItAndBooksNothing() throws Exception {
        String doctor = berlinDoctor();
        String other = TestSupport.book(TestSupport.patient(), doctor, Instant.parse("2031-12-08T08:15:00Z"))
                .getString("id");
        String patient = TestSupport.patient();
        post(allOrNone(patient, doctor, Instant.parse("2031-12-01T08:00:00Z"), "FREQ=WEEKLY;COUNT=4")).then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("2031-12-08T08:00:00Z")).body("detail", containsString(other));
        given().get("/appointments/patient/" + patient).then().header("X-Total-Count", "0");
        assertEquals(0, seriesOf(patient));
        // Without it, the series is booked around the taken time.
        post(series(patient, doctor, Instant.parse("2031-12-01T08:00:00Z"), "FREQ=WEEKLY;COUNT=4")).then()
                .statusCode(201).body("occurrences.size()", equalTo(3)).body("refused.size()", equalTo(1));
    }

    @Test
    void anAllOrNoneSeriesTooSoonForAPatientIs409NamingTheOccurrenceAndBooksNothing() throws Exception {
        String doctor = TestSupport.doctor();
        AvailabilityEventData settings = new AvailabilityEventData(null, doctor, null, null, "UTC", null, null,
                new DoctorSettings(true, 0, 0, 3 * 24 * 60, 0));
        CloudEvent announced = codec.create(Subjects.AVAILABILITY_UPDATED, doctor, settings, Origin.service());
        publish(nats(), codec, announced, announced.getId());
        HandledEvents.awaitHandled(pool, announced.getId());
        String patient = TestSupport.patient();
        Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        given().header("Authorization", Tokens.header(Tokens.patient(patient))).contentType(ContentType.JSON)
                .body(allOrNone(patient, doctor, tomorrow, "FREQ=DAILY;COUNT=5")).post("/appointments/series").then()
                .statusCode(409).body("detail", containsString(tomorrow.toString()))
                .body("detail", containsString("3 days ahead"));
        given().get("/appointments/patient/" + patient).then().header("X-Total-Count", "0");
        assertEquals(0, seriesOf(patient));
    }

    @Test
    void anAllOrNoneSeriesAnswersAgainUnderItsKeyAndTheKeyRefusesTheSameSeriesBookedOtherwise() throws Exception {
        String doctor = berlinDoctor();
        String patient = TestSupport.patient();
        Map<String, Object> body = allOrNone(patient, doctor, Instant.parse("2032-01-05T08:00:00Z"),
                "FREQ=DAILY;COUNT=3");
        String key = "atomic-key-" + patient;
        List<Response> both = TestSupport.concurrently(List.of(() -> post(body, "Idempotency-Key", key),
                () -> post(body, "Idempotency-Key", key)));
        assertEquals(List.of(201, 201), both.stream().map(Response::statusCode).toList());
        assertEquals(both.get(0).jsonPath().getString("id"), both.get(1).jsonPath().getString("id"));
        assertEquals(both.get(0).jsonPath().getList("occurrences.id"), both.get(1).jsonPath().getList("occurrences.id"));
        given().get("/appointments/patient/" + patient).then().header("X-Total-Count", "3");
        body.put("atomic", false);
        post(body, "Idempotency-Key", key).then().statusCode(422);
        post(body, "Idempotency-Key", "other-" + key).then().statusCode(201).body("occurrences.size()", equalTo(0))
                .body("refused.reason.code", equalTo(List.of("overlap", "overlap", "overlap")));
        given().get("/appointments/patient/" + patient).then().header("X-Total-Count", "3");
        for (Object bad : java.util.Arrays.asList("yes", null, 1)) {
            body.put("atomic", bad);
            post(body).then().statusCode(400).body("errors.field", hasItem("atomic"));
        }
    }
}
