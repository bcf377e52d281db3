package clinic.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Logging in at the real Keycloak and using its tokens through the gateway: the demo patient books and sees
 * only their own, roles and object-level rules hold, a request without a valid token is refused by the gateway's
 * services and by a service reached directly, and the public documents stay public.
 */
@ExtendWith(SharedStack.class)
class IdentityTests {

    private static RequestSpecification as(String user) {
        return given().baseUri(SharedStack.get().gateway().baseUri()).header("Authorization", Identity.bearer(user));
    }

    private static RequestSpecification anonymous() {
        return given().baseUri(SharedStack.get().gateway().baseUri());
    }

    @Test
    void theDemoPatientLogsInBooksAndSeesOnlyTheirOwn() {
        // The demo patient's account is linked to patient-123 (the patient_id claim).
        String doctor = "doctor-" + UUID.randomUUID();
        Instant time = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        String id = as("patient").contentType(ContentType.JSON).header("Prefer", "wait=10")
                .body(Map.of("patient_id", "patient-123", "doctor_id", doctor, "appointment_time", time.toString()))
                .post("/appointments").then().statusCode(201).body("status", equalTo("confirmed"))
                .extract().jsonPath().getString("id");
        String strangers = SharedStack.api().contentType(ContentType.JSON).header("Prefer", "wait=10")
                .body(Map.of("patient_id", "patient-" + UUID.randomUUID(), "doctor_id", doctor,
                        "appointment_time", time.plus(1, ChronoUnit.HOURS).toString()))
                .post("/appointments").then().statusCode(201).extract().jsonPath().getString("id");

        as("patient").get("/appointments/" + id).then().statusCode(200);
        as("patient").get("/appointments?size=100").then().statusCode(200)
                .body("patient_id", everyItem(equalTo("patient-123")));
        as("patient").get("/appointments/" + strangers).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        as("patient").contentType(ContentType.JSON)
                .body(Map.of("patient_id", "patient-other", "doctor_id", doctor, "appointment_time",
                        time.plus(2, ChronoUnit.HOURS).toString()))
                .post("/appointments").then().statusCode(403);
        as("patient").delete("/doctors/" + doctor).then().statusCode(403);

        // The demo doctor (doctor-456) sees none of this doctor's appointments.
        as("doctor").get("/appointments/" + id).then().statusCode(404);
        as("staff").get("/appointments/" + id).then().statusCode(200);
        as("patient").delete("/appointments/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void aNewPatientRegistersLogsInAndIsLinkedToTheirOwnRecord() {
        String email = "new-" + UUID.randomUUID() + "@example.org";
        String password = "correct horse battery";
        String patient = anonymous().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "name", "Nora New", "phone", "+49 30 5550123"))
                .post("/auth/register").then().statusCode(201).header("Location", containsString("/patients/"))
                .body("username", equalTo(email)).body("patient.email", equalTo(email))
                .extract().jsonPath().getString("patient.id");
        anonymous().contentType(ContentType.JSON).body(Map.of("email", email, "password", password, "name", "Again"))
                .post("/auth/register").then().statusCode(409);
        anonymous().contentType(ContentType.JSON).body(Map.of("username", email, "password", "not the password"))
                .post("/auth/login").then().statusCode(401).contentType(startsWith("application/problem+json"));

        String token = anonymous().contentType(ContentType.JSON).body(Map.of("username", email, "password", password))
                .post("/auth/login").then().statusCode(200).body("token_type", equalTo("Bearer"))
                .extract().jsonPath().getString("access_token");
        RequestSpecification asNew = given().baseUri(SharedStack.get().gateway().baseUri())
                .header("Authorization", "Bearer " + token);
        asNew.get("/patients/" + patient).then().statusCode(200).body("name", equalTo("Nora New"));
        given().baseUri(SharedStack.get().gateway().baseUri()).header("Authorization", "Bearer " + token)
                .get("/patients/patient-123").then().statusCode(404);
        given().baseUri(SharedStack.get().gateway().baseUri()).header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON).header("Prefer", "wait=10")
                .body(Map.of("patient_id", patient, "doctor_id", "doctor-" + UUID.randomUUID(), "appointment_time",
                        Instant.now().plus(31, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString()))
                .post("/appointments").then().statusCode(201).body("status", equalTo("confirmed"));
        given().baseUri(SharedStack.get().gateway().baseUri()).header("Authorization", "Bearer " + token)
                .get("/patients").then().statusCode(200).body("id", equalTo(java.util.List.of(patient)));
    }

    @Test
    void withoutAValidTokenEveryServiceAnswers401ThroughTheGatewayAndDirectly() {
        for (String path : new String[] { "/appointments", "/doctors", "/patients", "/notifications" }) {
            anonymous().get(path).then().statusCode(401).contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", startsWith("Bearer"));
            anonymous().header("Authorization", "Bearer " + Identity.token("staff") + "x").get(path).then()
                    .statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        }
        for (String service : Stack.SERVICES) {
            given().baseUri(SharedStack.get().stack().instance(service).uri("/").toString()).get("/q/health/ready")
                    .then().statusCode(200);
        }
        given().baseUri(SharedStack.get().stack().instance("patient-contact").uri("/").toString())
                .get("/patients").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void healthDocsAndApiDescriptionsNeedNoToken() {
        anonymous().get("/health").then().statusCode(200);
        anonymous().get("/openapi/appointment").then().statusCode(200);
        anonymous().get("/docs/").then().statusCode(200);
    }
}
