package clinic.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A scripted sequence of reads and changes of one patient's data across the services, each with a request id of
 * its own, by several users with tokens from the real Keycloak: the merged trail at GET /audit holds every one of
 * them exactly once, with the service, action, caller and answer, and nothing else about that patient (so the
 * test itself reads nothing of the patient's but through its scripted requests).
 */
@ExtendWith(SharedStack.class)
class AuditTrailTests {

    private final Map<String, String> expected = new LinkedHashMap<>();

    @Test
    void everyReadAndChangeOfAPatientsDataIsInTheTrailExactlyOnce() {
        String patient = "patient-audit-" + UUID.randomUUID();
        String doctor = "doctor-audit-" + UUID.randomUUID();
        Instant time = Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

        send("staff", "POST", "/patients", Map.of("id", patient, "name", "Ann Audit", "email",
                patient + "@example.org"), 201, "patient-contact", "create");
        String appointment = send("staff", "POST", "/appointments", Map.of("patient_id", patient, "doctor_id", doctor,
                "appointment_time", time.toString()), 201, "appointment", "create").getString("id");
        send("admin", "GET", "/appointments/" + appointment, null, 200, "appointment", "read");
        send("staff", "GET", "/appointments/patient/" + patient, null, 200, "appointment", "read");
        send("staff", "PUT", "/appointments/" + appointment, Map.of("notes", "Bring the results"), 200, "appointment",
                "update");
        send("admin", "GET", "/appointments/" + appointment + "/history", null, 200, "appointment", "read");
        send("admin", "GET", "/fhir/r4/Appointment/" + appointment, null, 200, "appointment", "read");
        send("staff", "GET", "/fhir/r4/Appointment?patient=Patient/" + patient, null, 200, "appointment", "search");
        send("admin", "GET", "/patients/" + patient, null, 200, "patient-contact", "read");
        send("patient", "GET", "/patients/" + patient, null, 404, "patient-contact", "read");
        send("patient", "GET", "/appointments/" + appointment, null, 404, null, null);
        send("staff", "GET", "/patients/" + patient + "/appointments", null, 200, "patient-contact", "read");
        send("staff", "GET", "/notifications/patient/" + patient, null, 200, "notifications", "read");
        send("staff", "DELETE", "/appointments/" + appointment, null, 200, "appointment", "delete");
        send("admin", "DELETE", "/patients/" + patient, null, 204, "patient-contact", "delete");

        List<Map<String, Object>> trail = given().baseUri(SharedStack.get().gateway().baseUri())
                .header("Authorization", Identity.bearer("admin")).queryParam("patient_id", patient)
                .get("/audit").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, String> found = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>();
        for (Map<String, Object> row : trail) {
            String line = row.get("service") + " " + row.get("action") + " " + row.get("subject") + " "
                    + row.get("outcome");
            if (found.put((String) row.get("request_id"), line) != null) {
                repeated.add((String) row.get("request_id"));
            }
        }
        assertEquals(List.of(), repeated, "requests recorded more than once");
        assertEquals(expected, found, "the trail of " + patient);
    }

    /**
     * Sends one request with an id of its own; with a service, the trail must hold it once with these values
     * (a request whose record does not name the patient, such as a stranger's look at an appointment id, is not
     * expected in the patient's trail).
     */
    private JsonPath send(String user, String method, String path, Object body, int status, String service,
            String action) {
        String requestId = "audit-" + UUID.randomUUID();
        var request = given().baseUri(SharedStack.get().gateway().baseUri())
                .header("Authorization", Identity.bearer(user)).header("X-Request-Id", requestId);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        JsonPath answer = request.when().request(method, path).then().statusCode(status).extract().jsonPath();
        if (service != null) {
            expected.put(requestId, service + " " + action + " " + Identity.subject(user) + " " + status);
        }
        return answer;
    }
}
