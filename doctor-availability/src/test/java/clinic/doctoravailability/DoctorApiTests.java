package clinic.doctoravailability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.FreshStreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
// Every test class of this module starts on empty streams (see FreshStreams).
@QuarkusTestResource(value = FreshStreams.class, restrictToAnnotatedClass = false)
class DoctorApiTests {

    static String createDoctor(String zone) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "Dr. Ada Lovelace", "specialty", "cardiology", "email", "ada@clinic.example",
                        "phone", "+4930123456", "time_zone", zone))
                .post("/doctors").then().statusCode(201).extract().jsonPath().getString("id");
    }

    @Test
    void aDoctorIsCreatedReadChangedAndRetired() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", "Dr. Grace Hopper", "specialty", "neurology", "time_zone", "America/New_York"))
                .post("/doctors").then().statusCode(201)
                .header("Location", containsString("/doctors/"))
                .body("name", equalTo("Dr. Grace Hopper")).body("time_zone", equalTo("America/New_York"))
                .body("active", equalTo(true)).extract().jsonPath().getString("id");

        given().get("/doctors/" + id).then().statusCode(200).body("specialty", equalTo("neurology"));
        given().contentType(ContentType.JSON).body(Map.of("phone", "+12125550100")).put("/doctors/" + id)
                .then().statusCode(200).body("phone", equalTo("+12125550100")).body("name", equalTo("Dr. Grace Hopper"));
        given().get("/doctors").then().statusCode(200).body("id", hasItem(id));
        given().delete("/doctors/" + id).then().statusCode(200).body("active", equalTo(false));
        given().get("/doctors/" + id).then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void theTimeZoneDefaultsToUtc() {
        given().contentType(ContentType.JSON).body(Map.of("name", "Dr. Who")).post("/doctors").then().statusCode(201)
                .body("time_zone", equalTo("UTC"));
    }

    @Test
    void anUnknownDoctorIs404() {
        given().get("/doctors/nobody").then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(List.of()).put("/doctors/nobody/working-hours").then()
                .statusCode(404);
    }

    @Test
    void badDoctorsAre400NamingTheField() {
        bad("/doctors", Map.of("specialty", "x"), "name");
        bad("/doctors", Map.of("name", "Dr. X", "time_zone", "Mars/Olympus"), "time_zone");
        bad("/doctors", Map.of("name", "Dr. X", "time_zone", "+02:00"), "time_zone");
        bad("/doctors", Map.of("name", "Dr. X", "email", "not-an-email"), "email");
        bad("/doctors", Map.of("name", "Dr. X", "id", "mine"), "id");
        bad("/doctors", Map.of("name", "Dr. X", "active", "yes"), "active");
        given().get("/doctors").then().body("name", org.hamcrest.Matchers.not(hasItem("Dr. X")));
    }

    @Test
    void workingHoursAreReplacedAndListed() {
        String id = createDoctor("Europe/Berlin");
        List<Map<String, String>> week = List.of(
                Map.of("day_of_week", "monday", "start", "09:00", "end", "12:00"),
                Map.of("day_of_week", "monday", "start", "13:00", "end", "17:00"),
                Map.of("day_of_week", "friday", "start", "08:00", "end", "12:00"));

        given().contentType(ContentType.JSON).body(week).put("/doctors/" + id + "/working-hours").then().statusCode(200)
                .body("$", hasSize(3)).body("day_of_week", equalTo(List.of("monday", "monday", "friday")));
        given().contentType(ContentType.JSON).body(List.of(week.get(2))).put("/doctors/" + id + "/working-hours")
                .then().statusCode(200).body("$", hasSize(1));
        given().get("/doctors/" + id + "/working-hours").then().body("start", equalTo(List.of("08:00")));
    }

    @Test
    void badWorkingHoursAre400NamingTheFieldAndStoreNothing() {
        String id = createDoctor("UTC");
        String path = "/doctors/" + id + "/working-hours";
        badList(path, List.of(Map.of("day_of_week", "funday", "start", "09:00", "end", "12:00")), "[0].day_of_week");
        badList(path, List.of(Map.of("day_of_week", "monday", "start", "12:00", "end", "09:00")), "[0].end");
        badList(path, List.of(Map.of("day_of_week", "monday", "start", "9am", "end", "12:00")), "[0].start");
        badList(path, List.of(Map.of("day_of_week", "monday", "start", "09:00", "end", "12:00"),
                Map.of("day_of_week", "monday", "start", "11:00", "end", "13:00")), "[1].start");
        given().contentType(ContentType.JSON).body(Map.of("day_of_week", "monday")).put(path).then().statusCode(400);
        given().get(path).then().body("$", hasSize(0));
    }

    @Test
    void timeOffIsAddedListedAndRemoved() {
        String id = createDoctor("UTC");
        String off = given().contentType(ContentType.JSON)
                .body(Map.of("start_time", "2031-05-01T00:00:00Z", "end_time", "2031-05-08T00:00:00Z",
                        "reason", "Conference"))
                .post("/doctors/" + id + "/time-off").then().statusCode(201)
                .body("reason", equalTo("Conference")).extract().jsonPath().getString("id");

        given().get("/doctors/" + id + "/time-off").then().body("id", equalTo(List.of(off)));
        given().delete("/doctors/" + id + "/time-off/" + off).then().statusCode(204);
        given().get("/doctors/" + id + "/time-off").then().body("$", hasSize(0));
        given().delete("/doctors/" + id + "/time-off/" + off).then().statusCode(404);
    }

    @Test
    void badTimeOffIs400NamingTheField() {
        String id = createDoctor("UTC");
        bad("/doctors/" + id + "/time-off", Map.of("start_time", "2031-05-08T00:00:00Z",
                "end_time", "2031-05-01T00:00:00Z"), "end_time");
        bad("/doctors/" + id + "/time-off", Map.of("start_time", "2031-05-08T00:00:00",
                "end_time", "2031-05-09T00:00:00Z"), "start_time");
        bad("/doctors/" + id + "/time-off", Map.of("start_time", "2031-05-08T00:00:00Z",
                "end_time", "+999999999-12-31T23:59:59-18:00"), "end_time");
        given().get("/doctors/" + id + "/time-off").then().body("$", hasSize(0));
    }

    @Test
    void windowsAreOpenedAndListedAsThePrototypesSlots() {
        String doctor = "doctor-window-" + java.util.UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("doctor_id", doctor, "start_time", "2031-06-02T09:00:00Z", "duration_hours", 3))
                .post("/availability").then().statusCode(201)
                .body("doctor_id", equalTo(doctor)).body("start_time", equalTo("2031-06-02T09:00:00Z"))
                .body("end_time", equalTo("2031-06-02T12:00:00Z")).body("is_available", equalTo(true))
                .body("created_at", org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"))
                .body("appointment_id", equalTo(null));
        given().contentType(ContentType.JSON).body(Map.of("doctor_id", doctor, "start_time", "2031-06-03T09:00:00Z"))
                .post("/availability").then().statusCode(201).body("end_time", equalTo("2031-06-03T10:00:00Z"));

        given().get("/availability/doctor/" + doctor).then().statusCode(200).header("X-Total-Count", "2");
        given().get("/availability/available/" + doctor).then().statusCode(200).body("$", hasSize(2));
        given().get("/availability").then().statusCode(200).body("doctor_id", hasItem(doctor));
    }

    @Test
    void aWindowForADoctorIdThatNeedsEscapingIs201WithALocationThatFindsIt() {
        // Doctor ids are free text: spaces, '%', quotes and slashes are all a client may send.
        String doctor = "Dr. O'Neil 100% {room 7}/" + java.util.UUID.randomUUID();
        String location = given().contentType(ContentType.JSON)
                .body(Map.of("doctor_id", doctor, "start_time", "2031-06-04T09:00:00Z")).post("/availability")
                .then().statusCode(201).body("doctor_id", equalTo(doctor)).extract().header("Location");
        java.net.URI uri = java.net.URI.create(location);
        org.junit.jupiter.api.Assertions.assertEquals("/availability/doctor/" + doctor, uri.getPath());
        given().get("/availability").then().statusCode(200).body("doctor_id", hasItem(doctor));
    }

    @Test
    void badWindowsAre400NamingTheField() {
        bad("/availability", Map.of("doctor_id", "d", "start_time", "2031-06-02T09:00:00Z", "duration_hours", 0),
                "duration_hours");
        bad("/availability", Map.of("doctor_id", "d", "start_time", "2031-06-02T09:00:00Z", "duration_hours", 25),
                "duration_hours");
        bad("/availability", Map.of("start_time", "2031-06-02T09:00:00Z"), "doctor_id");
        bad("/availability", Map.of("doctor_id", "d"), "start_time");
        bad("/availability", Map.of("doctor_id", "d", "start_time", "2031-06-02T09:00:00Z", "is_available", false),
                "is_available");
    }

    @Test
    void freeSlotsFollowTheDoctorsLocalDay() {
        String id = createDoctor("Europe/Berlin");
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("day_of_week", "sunday", "start", "01:00", "end", "04:00")))
                .put("/doctors/" + id + "/working-hours").then().statusCode(200);

        given().queryParam("date", "2031-03-30").queryParam("duration", 30).get("/doctors/" + id + "/slots")
                .then().statusCode(200)
                .body("local_start_time", equalTo(List.of("2031-03-30T01:00:00+01:00", "2031-03-30T01:30:00+01:00",
                        "2031-03-30T03:00:00+02:00", "2031-03-30T03:30:00+02:00")))
                .body("start_time[0]", equalTo("2031-03-30T00:00:00Z"));
    }

    @Test
    void workingHoursMeetingTheSpringForwardGapAnswerSlotsNotA500() {
        String id = createDoctor("Europe/Berlin");
        String hours = "/doctors/" + id + "/working-hours";
        String slots = "/doctors/" + id + "/slots";
        // On 2027-03-28 Berlin's clocks go from 02:00 to 03:00: these hours lie wholly inside the gap.
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("day_of_week", "sunday", "start", "02:00", "end", "03:00")))
                .put(hours).then().statusCode(200);
        given().queryParam("date", "2027-03-28").get(slots).then().statusCode(200).body("$", hasSize(0));

        // Hours ending and starting inside the gap cover the real time on either side of it.
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("day_of_week", "sunday", "start", "01:00", "end", "02:30"),
                        Map.of("day_of_week", "sunday", "start", "02:30", "end", "04:00")))
                .put(hours).then().statusCode(200);
        given().queryParam("date", "2027-03-28").get(slots).then().statusCode(200)
                .body("local_start_time", everyItem(not(containsString("T02:"))));
        // The same on a spring-forward Sunday still ahead, where every slot is in the future.
        given().queryParam("date", "2031-03-30").queryParam("duration", 30).get(slots).then().statusCode(200)
                .body("local_start_time", equalTo(List.of("2031-03-30T01:00:00+01:00", "2031-03-30T01:30:00+01:00",
                        "2031-03-30T03:00:00+02:00", "2031-03-30T03:30:00+02:00")));
    }

    @Test
    void badSlotSearchesAre400() {
        given().get("/doctors/x/slots").then().statusCode(400).body("errors.field", hasItem("date"));
        given().queryParam("date", "30.03.2031").get("/doctors/x/slots").then().statusCode(400)
                .body("errors.field", hasItem("date"));
        given().queryParam("date", "2031-03-30").queryParam("duration", 2).get("/doctors/x/slots").then()
                .statusCode(400).body("errors.field", hasItem("duration"));
        for (String farOff : List.of("+999999-01-01", "-0005-01-01", "+999999999-12-31", "-5")) {
            given().queryParam("date", farOff).get("/doctors/x/slots").then().statusCode(400)
                    .body("errors.field", hasItem("date"));
        }
    }

    private static void bad(String path, Object body, String field) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    private static void badList(String path, Object body, String field) {
        given().contentType(ContentType.JSON).body(body).put(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
