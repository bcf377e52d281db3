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
