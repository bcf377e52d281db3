package clinic.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.http.testing.FhirConformance;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A FHIR client's day through the real gateway with tokens from the real Keycloak: discover the server, book
 * (the whole saga, doctor-availability answering), read, search, reschedule and cancel. Every answer is
 * validated against FHIR R4.
 */
@ExtendWith(SharedStack.class)
class FhirGatewayTests {

    private static final String FHIR_JSON = "application/fhir+json";

    private static RequestSpecification fhir(String user) {
        RequestSpecification request = given().baseUri(SharedStack.get().gateway().baseUri())
                .filter(new FhirConformance()).contentType(FHIR_JSON).accept(FHIR_JSON);
        return user == null ? request : request.header("Authorization", Identity.bearer(user));
    }

    private static String appointment(String id, String status, String patient, String doctor, Instant start) {
        return """
                {"resourceType": "Appointment", %s"status": "%s", "start": "%s", "end": "%s",
                 "participant": [{"actor": {"reference": "Patient/%s"}, "status": "accepted"},
                                 {"actor": {"reference": "Practitioner/%s"}, "status": "accepted"}]}"""
                .formatted(id == null ? "" : "\"id\": \"" + id + "\", ", status, start,
                        start.plus(30, ChronoUnit.MINUTES), patient, doctor);
    }

    @Test
    void aSmartAppDiscoversTheServerAndDoesWhatItsScopesGrant() {
        given().baseUri(SharedStack.get().gateway().baseUri()).get("/fhir/r4/.well-known/smart-configuration").then()
                .statusCode(200).body("issuer", equalTo(Identity.issuer()))
                .body("authorization_endpoint", equalTo(Identity.issuer() + "/protocol/openid-connect/auth"))
                .body("scopes_supported", org.hamcrest.Matchers.hasItem("user/Appointment.rs"));
        // The identity provider writes the scopes asked for into the token; the services hold it to them.
        String token = Identity.smartToken("staff", "user/Appointment.rs");
        String patient = "patient-fhir-smart-" + UUID.randomUUID();
        String doctor = "doctor-fhir-smart-" + UUID.randomUUID();
        Instant start = Instant.now().plus(31, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        String id = fhir("staff").body(appointment(null, "booked", patient, doctor, start))
                .post("/fhir/r4/Appointment").then().statusCode(201).extract().path("id");
        RequestSpecification app = given().baseUri(SharedStack.get().gateway().baseUri())
                .filter(new FhirConformance()).contentType(FHIR_JSON).accept(FHIR_JSON)
                .header("Authorization", "Bearer " + token);
        app.get("/fhir/r4/Appointment/" + id).then().statusCode(200);
        app.body(appointment(null, "booked", patient, doctor, start.plus(1, ChronoUnit.HOURS)))
                .post("/fhir/r4/Appointment").then().statusCode(403).body("issue[0].code", equalTo("forbidden"));
        // Nor may it step outside the FHIR API, on any service.
        for (String path : new String[] { "/appointments/" + id, "/patients", "/doctors", "/notifications" }) {
            given().baseUri(SharedStack.get().gateway().baseUri()).header("Authorization", "Bearer " + token)
                    .get(path).then().statusCode(403);
        }
    }

    @Test
    void aFhirClientFindsAFreeTimeAndBooksIt() {
        String base = SharedStack.get().gateway().baseUri();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String patient = "patient-fhir-find-" + tag;
        SharedStack.api().contentType("application/json").body(java.util.Map.of("id", patient, "name",
                "Fhir Finder" + tag, "email", patient + "@example.org", "date_of_birth", "1975-02-03"))
                .post("/patients").then().statusCode(201);
        String doctor = SharedStack.api().contentType("application/json").body(java.util.Map.of("name",
                "Dr Fhir " + tag, "specialty", "dermatology", "time_zone", "Europe/Berlin")).post("/doctors").then()
                .statusCode(201).extract().path("id");
        SharedStack.api().contentType("application/json").body(java.util.List.of(java.util.Map.of("day_of_week",
                "monday", "start", "09:00", "end", "10:00"))).put("/doctors/" + doctor + "/working-hours").then()
                .statusCode(200);

        fhir("staff").get("/fhir/r4/Patient?name=finder" + tag).then().statusCode(200).body("total", equalTo(1))
                .body("entry[0].resource.birthDate", equalTo("1975-02-03"));
        fhir("staff").get("/fhir/r4/Patient/" + patient).then().statusCode(200)
                .body("identifier[0].value", equalTo(patient));
        fhir("patient").get("/fhir/r4/Patient/" + patient).then().statusCode(404);
        fhir("patient").get("/fhir/r4/Practitioner/" + doctor).then().statusCode(200)
                .body("name[0].text", equalTo("Dr Fhir " + tag));
        fhir("staff").get("/fhir/r4/Schedule?actor=Practitioner/" + doctor).then().statusCode(200)
                .body("total", equalTo(1));

        // The next Monday a week or more ahead: two free half hours, 09:00 and 09:30 in Berlin.
        java.time.LocalDate monday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(7)
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY));
        String day = monday.toString();
        String next = monday.plusDays(1).toString();
        fhir("staff").get("/fhir/r4/Slot?schedule=Schedule/" + doctor + "&start=ge" + day + "&start=lt" + next)
                .then().statusCode(200).body("total", equalTo(2));
        Response found = fhir("staff").get("/fhir/r4/Appointment/$find?start=" + day + "&end=" + day
                + "&practitioner=Practitioner/" + doctor + "&patient=Patient/" + patient);
        found.then().statusCode(200).body("total", equalTo(2)).body("entry[0].resource.status", equalTo("proposed"));
        String proposal = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                found.jsonPath().getMap("entry[0].resource")).toString();
        fhir("staff").header("Prefer", "wait=10").body("{\"resourceType\": \"Parameters\", \"parameter\":"
                + " [{\"name\": \"appointment\", \"resource\": " + proposal.replaceFirst("\"id\":\"[^\"]*\",", "")
                + "}]}").post("/fhir/r4/Appointment/$book").then().statusCode(200)
                .body("entry[0].resource.status", equalTo("booked"));
        // Booked: the time is neither proposed nor listed free any more.
        fhir("staff").get("/fhir/r4/Appointment/$find?start=" + day + "&end=" + day + "&practitioner=Practitioner/"
                + doctor).then().statusCode(200).body("total", equalTo(1));
        fhir("staff").get("/fhir/r4/Appointment?patient=Patient/" + patient).then().body("total", equalTo(1))
                .body("entry[0].resource.status", equalTo("booked"));
    }

    @Test
    void aFhirClientBooksFindsMovesAndCancelsThroughTheGateway() {
        fhir(null).get("/fhir/r4/metadata").then().statusCode(200).contentType(startsWith(FHIR_JSON))
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("implementation.url", startsWith(SharedStack.get().gateway().baseUri()));
        fhir(null).get("/fhir/r4/Appointment").then().statusCode(401).body("issue[0].code", equalTo("login"));

        String patient = "patient-fhir-" + UUID.randomUUID();
        String doctor = "doctor-fhir-" + UUID.randomUUID();
        Instant start = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        Response booked = fhir("staff").header("Prefer", "wait=10")
                .body(appointment(null, "booked", patient, doctor, start)).post("/fhir/r4/Appointment");
        booked.then().statusCode(201).body("status", equalTo("booked")).header("ETag", "W/\"2\"")
                .header("Location", startsWith(SharedStack.get().gateway().baseUri() + "/fhir/r4/Appointment/"));
        String id = booked.path("id");

        fhir("admin").get("/fhir/r4/Appointment/" + id).then().statusCode(200).body("status", equalTo("booked"));
        fhir("staff").get("/fhir/r4/Appointment?patient=Patient/" + patient + "&date=ge"
                + start.toString().substring(0, 10)).then().statusCode(200).body("total", equalTo(1))
                .body("entry[0].fullUrl", containsString("/fhir/r4/Appointment/" + id));

        Instant later = start.plus(2, ChronoUnit.HOURS);
        // Moved: the new time is asked for (version 3) and held once doctor-availability answers (4).
        fhir("staff").header("If-Match", "W/\"2\"").header("Prefer", "wait=10")
                .body(appointment(id, "booked", patient, doctor, later)).put("/fhir/r4/Appointment/" + id).then()
                .statusCode(200).body("start", equalTo(later.toString())).header("ETag", "W/\"4\"");
        fhir("staff").header("If-Match", "W/\"4\"")
                .body(appointment(id, "cancelled", patient, doctor, later)).put("/fhir/r4/Appointment/" + id).then()
                .statusCode(200).body("status", equalTo("cancelled"));
        fhir("staff").header("If-Match", "W/\"4\"")
                .body(appointment(id, "booked", patient, doctor, later)).put("/fhir/r4/Appointment/" + id).then()
                .statusCode(412).body("resourceType", equalTo("OperationOutcome"));
    }
}
