package clinic.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.eventbus.testing.EventCapture;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The booking saga across the appointment and doctor-availability services, through the gateway. */
@ExtendWith(SharedStack.class)
class BookingSagaTests {

    // Wednesday 2031-09-17; Berlin is at +02:00 then, so 09:00-12:00 local is 07:00-10:00 UTC.
    private static final Instant WEDNESDAY_NINE_LOCAL = Instant.parse("2031-09-17T07:00:00Z");

    private static RequestSpecification api() {
        return SharedStack.api().contentType(ContentType.JSON);
    }

    /** A Berlin doctor working Wednesday mornings, with time off on the Wednesday after. */
    private String morningDoctor() {
        String doctor = api().body(Map.of("name", "Dr. Morning", "time_zone", "Europe/Berlin")).post("/doctors")
                .then().statusCode(201).extract().jsonPath().getString("id");
        api().body(List.of(Map.of("day_of_week", "wednesday", "start", "09:00", "end", "12:00")))
                .put("/doctors/" + doctor + "/working-hours").then().statusCode(200);
        api().body(Map.of("start_time", "2031-09-24T00:00:00Z", "end_time", "2031-09-25T00:00:00Z",
                "reason", "Conference")).post("/doctors/" + doctor + "/time-off").then().statusCode(201);
        return doctor;
    }

    private Response book(String doctor, Instant time, int waitSeconds) {
        return api().header("Prefer", "wait=" + waitSeconds)
                .body(Map.of("patient_id", "patient-" + UUID.randomUUID(), "doctor_id", doctor,
                        "appointment_time", time.toString(), "duration_minutes", 30))
                .post("/appointments");
    }

    private JsonPath get(String id) {
        return api().get("/appointments/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void insideWorkingHoursIsConfirmedInTheDoctorsZone() {
        String doctor = morningDoctor();

        book(doctor, WEDNESDAY_NINE_LOCAL, 10).then().statusCode(201)
                .header("Preference-Applied", "wait=10")
                .body("status", equalTo("confirmed"))
                .body("time_zone", equalTo("Europe/Berlin"));
        book(doctor, WEDNESDAY_NINE_LOCAL, 10).then().statusCode(409).contentType("application/problem+json");
        api().get("/availability/doctor/" + doctor).then().statusCode(200)
                .body("findAll { !it.is_available }.size()", equalTo(1));
    }

    @Test
    void duringTimeOffIsRejectedWithTimeOff() {
        String doctor = morningDoctor();

        book(doctor, WEDNESDAY_NINE_LOCAL.plus(7, ChronoUnit.DAYS), 10).then().statusCode(201)
                .body("status", equalTo("rejected"))
                .body("status_reason.code", equalTo("time_off"));
    }

    @Test
    void outsideWorkingHoursIsRejectedSayingWhen() {
        String doctor = morningDoctor();

        book(doctor, WEDNESDAY_NINE_LOCAL.plus(8, ChronoUnit.HOURS), 10).then().statusCode(201)
                .body("status", equalTo("rejected"))
                .body("status_reason.code", equalTo("outside_working_hours"))
                .body("status_reason.message", containsString("17:00-17:30"));
    }

    private Response bookSeries(String doctor, Instant first, String rule, boolean atomic) {
        return api().header("Prefer", "wait=20").body(Map.of("patient_id", "patient-" + UUID.randomUUID(),
                "doctor_id", doctor, "appointment_time", first.toString(), "duration_minutes", 30, "rrule", rule,
                "atomic", atomic)).post("/appointments/series");
    }

    @Test
    void aSeriesBookedAllOrNoneIsHeldWholeOrRejectedWholeAndToldOnce() throws Exception {
        String doctor = morningDoctor();
        // Wednesdays at 09:00 Berlin; the second one falls on the doctor's time off.
        JsonPath refused = bookSeries(doctor, WEDNESDAY_NINE_LOCAL, "FREQ=WEEKLY;COUNT=3", true).then()
                .statusCode(201).header("Preference-Applied", "wait=20").body("atomic", equalTo(true))
                .body("occurrences.status", equalTo(List.of("rejected", "rejected", "rejected")))
                .body("occurrences.status_reason.code", equalTo(List.of("series", "time_off", "series")))
                .extract().jsonPath();
        assertTrue(refused.getString("occurrences[0].status_reason.message").contains("2031-09-24T07:00:00Z"));
        api().get("/availability/doctor/" + doctor).then().body("findAll { !it.is_available }.size()", equalTo(0));
        // Booked one by one instead, the same series keeps the two the doctor can see.
        bookSeries(doctor, WEDNESDAY_NINE_LOCAL, "FREQ=WEEKLY;COUNT=3", false).then().statusCode(201)
                .body("occurrences.status", equalTo(List.of("confirmed", "rejected", "confirmed")));
        // The patient of the refused series is told once, by the occurrence refused for its own reason.
        List<String> ids = refused.getList("occurrences.id");
        await().atMost(Duration.ofSeconds(15)).until(() -> api().get("/notifications/appointment/" + ids.get(1))
                .then().extract().jsonPath().getList("$").size() == 1);
        PatientJourneyTests.awaitConsumed("APPOINTMENTS", "notifications-APPOINTMENTS");
        for (String sibling : List.of(ids.get(0), ids.get(2))) {
            api().get("/notifications/appointment/" + sibling).then().body("size()", equalTo(0));
        }
        // Every later Wednesday is free: held whole.
        bookSeries(doctor, WEDNESDAY_NINE_LOCAL.plus(14, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS),
                "FREQ=WEEKLY;COUNT=4", true).then().statusCode(201)
                .body("occurrences.status", equalTo(List.of("confirmed", "confirmed", "confirmed", "confirmed")));
        api().get("/availability/doctor/" + doctor).then().body("findAll { !it.is_available }.size()", equalTo(6));
    }

    @Test
    void thirtyConcurrentBookingsOfOneSlotConfirmExactlyOne() throws Exception {
        String doctor = "doctor-race-" + UUID.randomUUID();
        Instant time = Instant.parse("2031-10-01T10:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<Callable<Response>> attempts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            attempts.add(() -> book(doctor, time, 10));
        }
        List<Response> responses = new ArrayList<>();
        try {
            for (Future<Response> answer : pool.invokeAll(attempts)) {
                responses.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }

        assertEquals(1, responses.stream().filter(r -> r.statusCode() == 201).count());
        assertEquals(29, responses.stream().filter(r -> r.statusCode() == 409).count());
        String winner = responses.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow()
                .jsonPath().getString("id");
        assertEquals("confirmed", get(winner).getString("status"));
        api().get("/appointments/doctor/" + doctor).then().header("X-Total-Count", "1");
        List<Map<String, Object>> blocks = api().get("/availability/doctor/" + doctor).then().extract().jsonPath()
                .getList("findAll { !it.is_available }");
        assertEquals(1, blocks.size());
        assertEquals(winner, blocks.get(0).get("appointment_id"));
    }

    @Test
    void aCancelledSlotBooksAgainAndFreedWasPublished() throws Exception {
        String doctor = "doctor-" + UUID.randomUUID();
        Instant time = Instant.parse("2031-10-02T10:00:00Z");
        try (EventCapture freed = EventCapture.subscribe("availability.freed")) {
            String id = book(doctor, time, 10).then().statusCode(201).body("status", equalTo("confirmed"))
                    .extract().jsonPath().getString("id");

            api().delete("/appointments/" + id).then().statusCode(200).body("status", equalTo("cancelled"));

            freed.await(m -> EventCapture.body(m).contains(id), 1, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> api().get("/availability/doctor/" + doctor).then()
                    .extract().jsonPath().getList("findAll { !it.is_available }").isEmpty());
            book(doctor, time, 10).then().statusCode(201).body("status", equalTo("confirmed"));
        }
    }

    @Test
    void aRescheduleToAFreeTimeIsConfirmedThere() {
        String doctor = "doctor-" + UUID.randomUUID();
        Instant time = Instant.parse("2031-10-03T10:00:00Z");
        Instant later = time.plus(2, ChronoUnit.HOURS);
        String id = book(doctor, time, 10).then().body("status", equalTo("confirmed")).extract().jsonPath()
                .getString("id");

        api().header("Prefer", "wait=10").body(Map.of("appointment_time", later.toString()))
                .put("/appointments/" + id).then().statusCode(200)
                .header("Preference-Applied", "wait=10")
                .body("appointment_time", equalTo(later.toString()))
                .body("pending_reschedule", nullValue())
                .body("status", equalTo("confirmed"));
        api().get("/appointments/" + id + "/history").then()
                .body("event_type[-1]", equalTo("appointment.rescheduled"));
        book(doctor, time, 10).then().statusCode(201).body("status", equalTo("confirmed"));
    }

    @Test
    void aRescheduleIntoTheDoctorsTimeOffKeepsTheOldTimeAndSaysWhy() {
        String doctor = morningDoctor();
        String id = book(doctor, WEDNESDAY_NINE_LOCAL, 10).then().body("status", equalTo("confirmed"))
                .extract().jsonPath().getString("id");

        api().header("Prefer", "wait=10")
                .body(Map.of("appointment_time", WEDNESDAY_NINE_LOCAL.plus(7, ChronoUnit.DAYS).toString()))
                .put("/appointments/" + id).then().statusCode(200)
                .body("appointment_time", equalTo(WEDNESDAY_NINE_LOCAL.toString()))
                .body("pending_reschedule", nullValue())
                .body("status", equalTo("confirmed"))
                .body("status_reason.code", equalTo("time_off"));
        JsonPath history = api().get("/appointments/" + id + "/history").then().extract().jsonPath();
        assertEquals("appointment.reschedule_refused", history.getString("event_type[-1]"));
        assertEquals("time_off", history.getString("reason[-1].code"));
        List<Map<String, Object>> blocks = api().get("/availability/doctor/" + doctor).then().extract().jsonPath()
                .getList("findAll { !it.is_available }");
        assertEquals(1, blocks.size());
        assertEquals(WEDNESDAY_NINE_LOCAL.toString(), blocks.get(0).get("start_time"));
    }

    @Test
    void confirmingWaitsForTheRealAnswer() {
        String doctor = "doctor-" + UUID.randomUUID();
        String id = book(doctor, Instant.parse("2031-10-04T10:00:00Z"), 0).then().statusCode(201).extract()
                .jsonPath().getString("id");

        api().body("{\"status\": \"confirmed\"}").put("/appointments/" + id).then().statusCode(200)
                .body("status", equalTo("confirmed"));
    }

    @Test
    void freeSlotsLeaveOutTheBookedTime() {
        String doctor = morningDoctor();
        book(doctor, WEDNESDAY_NINE_LOCAL, 10).then().body("status", equalTo("confirmed"));

        List<String> free = api().queryParam("date", "2031-09-17").queryParam("duration", 30)
                .get("/doctors/" + doctor + "/slots").then().statusCode(200).extract().jsonPath()
                .getList("local_start_time");
        assertEquals(5, free.size());
        assertTrue(free.get(0).equals("2031-09-17T09:30:00+02:00"), free.toString());
    }
}
