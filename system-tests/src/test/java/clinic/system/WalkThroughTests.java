package clinic.system;

import static clinic.system.SharedStack.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The prototype's curl walk-through, unchanged, through the real NGINX gateway. */
@ExtendWith(SharedStack.class)
class WalkThroughTests {

    @Test
    void thePrototypesCurlWalkThroughWorksOnTheGateway() throws Exception {
        String doctor = "doctor-456-" + UUID.randomUUID();
        String patient = "patient-123-" + UUID.randomUUID();
        JsonPath booked = api().contentType(ContentType.JSON).body("""
                {"patient_id": "%s", "doctor_id": "%s",
                 "appointment_time": "2027-09-15T10:00:00Z", "duration_minutes": 30,
                 "notes": "Regular checkup"}""".formatted(patient, doctor))
                .post("/appointments").then().statusCode(201)
                .header("Location", containsString("/appointments/"))
                .body("status", equalTo("scheduled")).extract().jsonPath();
        String id = booked.getString("id");

        api().get("/appointments").then().statusCode(200).header("X-Total-Count", org.hamcrest.Matchers.notNullValue());
        api().get("/appointments/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("notes", equalTo("Regular checkup"));

        api().contentType(ContentType.JSON).body("{\"status\": \"confirmed\"}").put("/appointments/" + id)
                .then().statusCode(200).body("status", equalTo("confirmed"));

        api().get("/appointments/patient/" + patient).then().statusCode(200).body("id", hasItem(id));
        api().get("/appointments/doctor/" + doctor).then().statusCode(200).body("id", hasItem(id));

        api().delete("/appointments/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
        api().get("/appointments/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void thePrototypesOwnDateIsNowInThePastAndRefused() {
        api().contentType(ContentType.JSON).body("""
                {"patient_id": "patient-123", "doctor_id": "doctor-456",
                 "appointment_time": "2024-01-15T10:00:00Z", "duration_minutes": 30}""")
                .post("/appointments").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("appointment_time"));
    }

    @Test
    void unknownPathsAre404ProblemJsonFromTheGateway() {
        api().get("/nowhere").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void theRequestIdReachesTheServiceAndComesBackOnce() {
        var response = api().header("X-Request-Id", "walk-through-1").get("/appointments").then().statusCode(200)
                .extract();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("walk-through-1"),
                response.headers().getValues("X-Request-Id"));
    }
}
