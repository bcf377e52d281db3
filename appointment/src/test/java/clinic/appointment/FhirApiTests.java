package clinic.appointment;

import static clinic.appointment.TestSupport.answer;
import static clinic.appointment.TestSupport.publish;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import clinic.appointment.fhir.FhirAppointmentResource;
import clinic.http.FhirIds;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Subjects;
import clinic.http.testing.AdminByDefault;
import clinic.http.testing.FhirConformance;
import clinic.http.testing.Tokens;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The FHIR R4 Appointment API: each interaction, its errors as OperationOutcomes, and the REST API's rules, roles
 * and scope kept. Every answer is validated against the R4 specification ({@link FhirConformance}).
 */
@QuarkusTest
class FhirApiTests {

    private static final String FHIR_JSON = "application/fhir+json";

    @Inject
    EventCodec codec;

    @BeforeEach
    void validateEveryAnswer() {
        RestAssured.filters(new FhirConformance());
    }

    private static RequestSpecification fhir() {
        return given().contentType(FHIR_JSON).accept(FHIR_JSON);
    }

    static String appointment(String patient, String doctor, Instant start, int minutes, String extra) {
        return """
                {"resourceType": "Appointment", "status": "booked", "start": "%s", "end": "%s",%s
                 "participant": [{"actor": {"reference": "Patient/%s"}, "status": "accepted"},
                                 {"actor": {"reference": "Practitioner/%s"}, "status": "accepted"}]}"""
                .formatted(start, start.plus(minutes, ChronoUnit.MINUTES), extra, patient, doctor);
    }

    private static Response create(String body) {
        return fhir().body(body).post("/fhir/r4/Appointment");
    }

    /** Confirms the booking as doctor-availability would, and waits until the FHIR API says booked. */
    private void confirm(String id, Instant start) throws Exception {
        JsonPath booked = TestSupport.get(id);
        CloudEvent blocked = answer(codec, Subjects.AVAILABILITY_BLOCKED, booked, start, null);
        publish(TestSupport.nats(), codec, blocked, blocked.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> "booked".equals(
                fhir().get("/fhir/r4/Appointment/" + id).then().extract().path("status")));
    }

    @Test
    void theValidatorFindsWhatIsWrong() {
        // No status and no participant (both required), a start without an end (app-2), and a booked-like
        // appointment without both times (app-3).
        List<String> errors = FhirConformance.errors("{\"resourceType\": \"Appointment\", \"start\":"
                + " \"2027-09-15T10:00:00Z\"}");
        assertEquals(4, errors.size(), errors.toString());
    }

    @Test
    void theCapabilityStatementIsOpenAndListsWhatIsImplemented() {
        JsonPath statement = given().header("Authorization", AdminByDefault.ANONYMOUS).accept(FHIR_JSON)
                .get("/fhir/r4/metadata").then().statusCode(200).contentType(startsWith(FHIR_JSON))
                .body("resourceType", equalTo("CapabilityStatement")).body("fhirVersion", equalTo("4.0.1"))
                .extract().jsonPath();
        assertEquals(List.of("Appointment", "Patient", "Practitioner", "Schedule", "Slot"),
                statement.getList("rest[0].resource.type"));
        assertEquals(List.of("read", "search-type", "create", "update"),
                statement.getList("rest[0].resource[0].interaction.code"));
        assertEquals(List.of("find", "book"), statement.getList("rest[0].resource[0].operation.name"));
        assertEquals(FhirAppointmentResource.SEARCH.stream().map(p -> p.name()).toList(),
                statement.getList("rest[0].resource[0].searchParam.name"));
        for (int i = 1; i < 5; i++) {
            assertEquals(List.of("read", "search-type"), statement.getList("rest[0].resource[" + i
                    + "].interaction.code"));
        }
    }

    @Test
    void aBookingGoesThroughTheSagaAndIsReadBackVersioned() throws Exception {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        Instant start = slot();
        Response created = create(appointment(patient, doctor, start, 30, " \"comment\": \"Regular checkup\","));
        created.then().statusCode(201).contentType(startsWith(FHIR_JSON)).header("ETag", "W/\"1\"")
                .header("Location", containsString("/fhir/r4/Appointment/"))
                .body("status", equalTo("pending")).body("minutesDuration", equalTo(30))
                .body("meta.versionId", equalTo("1")).body("comment", equalTo("Regular checkup"));
        String id = created.path("id");
        // The same appointment in the REST API, as booked there.
        given().get("/appointments/" + id).then().body("status", equalTo("scheduled"))
                .body("patient_id", equalTo(patient)).body("appointment_time", equalTo(start.toString()));
        confirm(id, start);
        fhir().get("/fhir/r4/Appointment/" + id).then().statusCode(200).header("ETag", "W/\"2\"")
                .body("meta.versionId", equalTo("2")).body("participant[1].status", equalTo("accepted"))
                .body("identifier[0].value", equalTo(id));
    }

    @Test
    void preferWaitAnswersTheSettledBooking() throws Exception {
        String doctor = TestSupport.doctor();
        Instant start = slot();
        String id = create(appointment(TestSupport.patient(), doctor, start, 30, "")).path("id");
        JsonPath booked = TestSupport.get(id);
        // Another booking with Prefer: wait is answered once the saga settled it.
        Instant later = slot();
        Thread answering = new Thread(() -> {
            try {
                Thread.sleep(500);
                JsonPath second = TestSupport.get(
                        given().get("/appointments/doctor/" + doctor).then().extract().path("find { it.id != '"
                                + id + "' }.id"));
                CloudEvent blocked = answer(codec, Subjects.AVAILABILITY_BLOCKED, second, later, null);
                publish(TestSupport.nats(), codec, blocked, blocked.getId());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        answering.start();
        fhir().header("Prefer", "wait=10").body(appointment(TestSupport.patient(), doctor, later, 30, ""))
                .post("/fhir/r4/Appointment").then().statusCode(201).body("status", equalTo("booked"))
                .header("Preference-Applied", "wait=10");
        answering.join();
        assertEquals("scheduled", booked.getString("status"));
    }

    @Test
    void anIdempotencyKeyReplaysTheBooking() {
        String body = appointment(TestSupport.patient(), TestSupport.doctor(), slot(), 30, "");
        String key = "fhir-" + java.util.UUID.randomUUID();
        String first = fhir().header("Idempotency-Key", key).body(body).post("/fhir/r4/Appointment").then()
                .statusCode(201).extract().path("id");
        fhir().header("Idempotency-Key", key).body(body).post("/fhir/r4/Appointment").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
    }

    @Test
    void aConditionalCreateBooksOnceAndThenAnswersWhatItBooked() throws Exception {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        Instant start = slot();
        String criteria = "patient=Patient/" + patient + "&practitioner=Practitioner/" + doctor + "&date=" + start;
        String body = appointment(patient, doctor, start, 30, "");
        // Two at once make one appointment: the criteria are the booking's key.
        List<Response> both = TestSupport.concurrently(List.of(
                () -> fhir().header("If-None-Exist", criteria).body(body).post("/fhir/r4/Appointment"),
                () -> fhir().header("If-None-Exist", criteria).body(body).post("/fhir/r4/Appointment")));
        for (Response one : both) {
            org.hamcrest.MatcherAssert.assertThat(one.asString(), one.statusCode(), org.hamcrest.Matchers.oneOf(200,
                    201));
        }
        assertEquals(both.get(0).path("id").toString(), both.get(1).path("id").toString());
        fhir().header("If-None-Exist", criteria).body(body).post("/fhir/r4/Appointment").then().statusCode(200)
                .body("id", equalTo(both.get(0).path("id")));
        given().get("/appointments/doctor/" + doctor).then().body("size()", equalTo(1));
        // A search that matches two is no condition to book under.
        create(appointment(patient, doctor, slot(), 30, "")).then().statusCode(201);
        fhir().header("If-None-Exist", "patient=Patient/" + patient).body(appointment(patient, doctor, slot(), 30, ""))
                .post("/fhir/r4/Appointment").then().statusCode(412).body("issue[0].code", equalTo("conflict"));
        fhir().header("If-None-Exist", "colour=blue").body(body).post("/fhir/r4/Appointment").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("colour"));
        fhir().header("If-None-Exist", criteria).header("Idempotency-Key", "k-" + java.util.UUID.randomUUID())
                .body(body).post("/fhir/r4/Appointment").then().statusCode(400);
    }

    @Test
    void searchFiltersPagesAndCounts() throws Exception {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        Instant first = slot();
        Instant second = slot();
        Instant third = slot();
        String a = create(appointment(patient, doctor, first, 30, "")).path("id");
        create(appointment(patient, doctor, second, 30, "")).then().statusCode(201);
        create(appointment(patient, doctor, third, 30, "")).then().statusCode(201);
        confirm(a, first);

        JsonPath page = fhir().get("/fhir/r4/Appointment?patient=Patient/" + patient + "&_count=2").then()
                .statusCode(200).body("resourceType", equalTo("Bundle")).body("type", equalTo("searchset"))
                .body("total", equalTo(3)).body("entry.size()", equalTo(2))
                .body("entry[0].search.mode", equalTo("match")).extract().jsonPath();
        assertEquals(a, page.getString("entry[0].resource.id"));
        String next = page.getString("link.find { it.relation == 'next' }.url");
        // The link is a URL as sent: already encoded.
        fhir().urlEncodingEnabled(false).get(next.replaceFirst("^https?://[^/]+", "")).then().statusCode(200)
                .body("entry.size()", equalTo(1))
                .body("link.relation", not(hasItem("next")));

        fhir().get("/fhir/r4/Appointment?actor=Practitioner/" + doctor + "&status=booked").then()
                .body("total", equalTo(1)).body("entry[0].resource.id", equalTo(a));
        fhir().get("/fhir/r4/Appointment?practitioner=" + doctor + "&status=pending,noshow").then()
                .body("total", equalTo(2));
        fhir().get("/fhir/r4/Appointment?practitioner=" + doctor + "&date=gt" + first + "&date=lt" + third)
                .then().body("total", equalTo(1)).body("entry[0].resource.start", equalTo(second.toString()));
        fhir().get("/fhir/r4/Appointment?practitioner=" + doctor + "&date=ge" + first.toString().substring(0, 10))
                .then().body("total", equalTo(3));
        fhir().get("/fhir/r4/Appointment?_id=" + a + "&identifier=urn:clinic:appointment-id|" + a).then()
                .body("total", equalTo(1));
        fhir().get("/fhir/r4/Appointment?_id=" + java.util.UUID.randomUUID()).then().body("total", equalTo(0));
    }

    @Test
    void unknownSearchParametersAreRefusedUnlessLenient() {
        fhir().get("/fhir/r4/Appointment?patient=Patient/p-1&_summary=count").then().statusCode(400)
                .contentType(startsWith(FHIR_JSON)).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("invalid")).body("issue[0].diagnostics", containsString("_summary"));
        fhir().header("Prefer", "handling=lenient").get("/fhir/r4/Appointment?patient=Patient/p-1&_summary=count")
                .then().statusCode(200).body("total", equalTo(0))
                .body("link.find { it.relation == 'self' }.url", not(containsString("_summary")));
    }

    @Test
    void badSearchValuesAreNamed() {
        for (String query : List.of("date=ap2027-01-01", "date=2027-13-01", "date=2027-01-01T10:00", "_count=0",
                "_count=x", "status=done", "patient=Practitioner/x", "actor=x", "patient=a&patient=b")) {
            fhir().get("/fhir/r4/Appointment?" + query).then().statusCode(400)
                    .body("resourceType", equalTo("OperationOutcome"));
        }
    }

    @Test
    void aRescheduleAndACancellationAreUpdates() throws Exception {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        Instant start = slot();
        String id = create(appointment(patient, doctor, start, 30, "")).path("id");
        confirm(id, start);
        Instant later = slot();
        String moved = appointment(patient, doctor, later, 45, "").replaceFirst("\\{", "{\"id\": \"" + id + "\",");
        // An older version is refused; the current one moves it (pending until availability answers).
        fhir().header("If-Match", "W/\"1\"").body(moved).put("/fhir/r4/Appointment/" + id).then().statusCode(412)
                .body("issue[0].code", equalTo("conflict"));
        fhir().header("If-Match", "W/\"2\"").body(moved).put("/fhir/r4/Appointment/" + id).then().statusCode(200)
                .header("ETag", "W/\"3\"");
        given().get("/appointments/" + id).then().body("pending_reschedule.appointment_time",
                equalTo(later.toString())).body("pending_reschedule.duration_minutes", equalTo(45));
        String cancelled = appointment(patient, doctor, start, 30, "").replaceFirst("\\{", "{\"id\": \"" + id + "\",")
                .replace("\"status\": \"booked\"", "\"status\": \"cancelled\"");
        fhir().body(cancelled).put("/fhir/r4/Appointment/" + id).then().statusCode(200)
                .body("status", equalTo("cancelled")).body("cancelationReason.coding[0].code",
                        equalTo("cancelled_on_request"));
        // The same again changes nothing.
        fhir().body(cancelled).put("/fhir/r4/Appointment/" + id).then().statusCode(200)
                .body("status", equalTo("cancelled"));
    }

    @Test
    void bookMovesOrCancelsAnAppointmentSentBackChanged() throws Exception {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        Instant start = slot();
        String id = create(appointment(patient, doctor, start, 30, "")).path("id");
        confirm(id, start);
        Instant later = slot();
        String moved = appointment(patient, doctor, later, 30, "").replaceFirst("\\{", "{\"id\": \"" + id
                + "\", \"meta\": {\"versionId\": \"2\"},");
        fhir().body(parameters(moved)).post("/fhir/r4/Appointment/$book").then().statusCode(200)
                .body("entry[0].resource.id", equalTo(id)).header("ETag", "W/\"3\"");
        given().get("/appointments/" + id).then().body("pending_reschedule.appointment_time",
                equalTo(later.toString()));
        // Sent back under the version it had before: 412, nothing changed.
        String cancelled = appointment(patient, doctor, start, 30, "").replaceFirst("\\{", "{\"id\": \"" + id
                + "\", \"meta\": {\"versionId\": \"2\"},").replace("\"status\": \"booked\"",
                        "\"status\": \"cancelled\"");
        fhir().body(parameters(cancelled)).post("/fhir/r4/Appointment/$book").then().statusCode(412);
        fhir().body(parameters(cancelled.replace("\"versionId\": \"2\"", "\"versionId\": \"3\"")))
                .post("/fhir/r4/Appointment/$book").then().statusCode(200)
                .body("entry[0].resource.status", equalTo("cancelled"));
    }

    private static String parameters(String appointment) {
        return "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"appointment\", \"resource\": "
                + appointment + "}]}";
    }

    @Test
    void badBookingsAreRefusedNamingTheElement() {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        Instant start = slot();
        record Case(String body, String element) {
        }
        for (Case bad : List.of(
                new Case(appointment(patient, doctor, start, 30, " \"priority\": 3,"), "Appointment.priority"),
                new Case(appointment(patient, doctor, start, 30, " \"unknownElement\": 1,"), "unknownElement"),
                new Case(appointment(patient, doctor, start, 3, ""), "Appointment.end"),
                new Case(appointment(patient, doctor, start, 600, ""), "Appointment.end"),
                new Case(appointment(patient, doctor, Instant.parse("2020-01-01T10:00:00Z"), 30, ""),
                        "Appointment.start"),
                new Case(appointment(patient, doctor, start, 30, "").replace("booked", "arrived"),
                        "Appointment.status"),
                new Case(appointment(patient, doctor, start, 30, "").replace("Practitioner/", "Device/"),
                        "Appointment.participant"),
                new Case(appointment(patient, doctor, start, 30, " \"minutesDuration\": 20,"),
                        "Appointment.minutesDuration"),
                new Case(appointment(patient, doctor, start, 30, "").replace(start.toString(),
                        start.toString().replace("Z", "")), "Appointment.start"),
                new Case(appointment(patient, doctor, start, 30, "").replace(start.toString(),
                        start.toString().substring(0, 10)), "Appointment.start"),
                new Case(appointment(patient, doctor, start, 30, "").replace(start.toString(),
                        start.toString().replace(":00Z", "Z")), "Appointment.start"),
                new Case("{\"resourceType\": \"Patient\"}", "Appointment"),
                new Case("{not json", "JSON"))) {
            create(bad.body()).then().statusCode(400).contentType(startsWith(FHIR_JSON))
                    .body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].diagnostics", containsString(bad.element()));
        }
        given().get("/appointments/doctor/" + doctor).then().body("size()", equalTo(0));
    }

    @Test
    void readsOfUnknownAndMalformedIdsAreNotFound() {
        for (String id : List.of(java.util.UUID.randomUUID().toString(), "not-a-uuid")) {
            fhir().get("/fhir/r4/Appointment/" + id).then().statusCode(404).body("issue[0].code",
                    equalTo("not-found"));
        }
        fhir().get("/fhir/r4/Encounter").then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void onlyJsonIsSpoken() {
        fhir().get("/fhir/r4/metadata?_format=xml").then().statusCode(406).body("issue[0].code",
                equalTo("not-supported"));
        given().get("/fhir/r4/metadata?_format=json").then().statusCode(200).contentType(startsWith(FHIR_JSON));
    }

    @Test
    void rolesAndScopeAreTheRestApis() {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        String id = create(appointment(patient, doctor, slot(), 30, "")).path("id");
        String own = Tokens.header(Tokens.patient(patient));
        String stranger = Tokens.header(Tokens.patient(TestSupport.patient()));
        fhir().header("Authorization", own).get("/fhir/r4/Appointment/" + id).then().statusCode(200);
        fhir().header("Authorization", stranger).get("/fhir/r4/Appointment/" + id).then().statusCode(404);
        fhir().header("Authorization", stranger).get("/fhir/r4/Appointment?patient=" + patient).then()
                .statusCode(200).body("total", equalTo(0));
        fhir().header("Authorization", stranger).body(appointment(patient, doctor, slot(), 30, ""))
                .post("/fhir/r4/Appointment").then().statusCode(403).body("issue[0].code", equalTo("forbidden"));
        fhir().header("Authorization", Tokens.header(Tokens.doctor(doctor)))
                .body(appointment(patient, doctor, slot(), 30, "")).post("/fhir/r4/Appointment").then()
                .statusCode(403);
        fhir().header("Authorization", Tokens.header(Tokens.doctor(doctor))).get("/fhir/r4/Appointment/" + id)
                .then().statusCode(200);
        fhir().header("Authorization", AdminByDefault.ANONYMOUS).get("/fhir/r4/Appointment/" + id).then()
                .statusCode(401).body("issue[0].code", equalTo("login"))
                .header("WWW-Authenticate", startsWith("Bearer"));
        for (String forged : Tokens.forgeries().values()) {
            fhir().header("Authorization", forged).get("/fhir/r4/Appointment").then().statusCode(401);
        }
    }

    @Test
    void aSmartAppsTokenDoesWhatItsScopesGrantWithinItsRole() {
        String patient = TestSupport.patient();
        String doctor = TestSupport.doctor();
        String id = create(appointment(patient, doctor, slot(), 30, "")).path("id");
        String reader = Tokens.header(Tokens.smartApp("patient", patient, "patient/Appointment.rs"));
        fhir().header("Authorization", reader).get("/fhir/r4/Appointment/" + id).then().statusCode(200);
        fhir().header("Authorization", reader).get("/fhir/r4/Appointment?patient=Patient/" + patient).then()
                .statusCode(200).body("total", equalTo(1));
        fhir().header("Authorization", reader).body(appointment(patient, doctor, slot(), 30, ""))
                .post("/fhir/r4/Appointment").then().statusCode(403).body("issue[0].code", equalTo("forbidden"))
                .body("issue[0].diagnostics", containsString("patient/Appointment.c"));
        // A scope grants nothing beyond the role: a patient app's reach stays the patient's own.
        String stranger = Tokens.header(Tokens.smartApp("patient", TestSupport.patient(), "patient/Appointment.rs"));
        fhir().header("Authorization", stranger).get("/fhir/r4/Appointment/" + id).then().statusCode(404);
        // patient/ scopes grant to an account linked to a patient only; user/ scopes to a user's role.
        fhir().header("Authorization", Tokens.header(Tokens.smartApp("staff", null, "patient/Appointment.rs")))
                .get("/fhir/r4/Appointment/" + id).then().statusCode(403);
        fhir().header("Authorization", Tokens.header(Tokens.smartApp("staff", null, "user/Appointment.crus")))
                .body(appointment(patient, doctor, slot(), 30, "")).post("/fhir/r4/Appointment").then()
                .statusCode(201);
        // A SMART app's token is for the FHIR API alone: it cannot book or read through the REST API.
        given().header("Authorization", reader).get("/appointments/" + id).then().statusCode(403)
                .body("detail", containsString("FHIR API"));
    }

    @Test
    void theSmartConfigurationIsOpenAndNamesTheIdentityProvider() {
        given().header("Authorization", AdminByDefault.ANONYMOUS).get("/fhir/r4/.well-known/smart-configuration")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("issuer", equalTo(Tokens.ISSUER))
                .body("token_endpoint", equalTo(Tokens.ISSUER + "/protocol/openid-connect/token"))
                .body("code_challenge_methods_supported", equalTo(List.of("S256")))
                .body("scopes_supported", hasItem("patient/Appointment.rs"))
                .body("capabilities", hasItem("permission-v2"));
        given().header("Authorization", AdminByDefault.ANONYMOUS).accept(FHIR_JSON).get("/fhir/r4/metadata").then()
                .body("rest[0].security.service[0].coding[0].code", equalTo("SMART-on-FHIR"));
    }

    @Test
    void idsThatAreNotFhirIdsAreMappedAndFoundByTheirMapping() {
        String patient = "patient_" + java.util.UUID.randomUUID();
        String doctor = "dr " + java.util.UUID.randomUUID();
        Instant start = slot();
        given().contentType(io.restassured.http.ContentType.JSON).body(TestSupport.booking(patient, doctor, start))
                .post("/appointments").then().statusCode(201);
        String patientRef = "Patient/" + FhirIds.of(patient);
        JsonPath found = fhir().get("/fhir/r4/Appointment?patient=" + patientRef).then().statusCode(200)
                .body("total", equalTo(1)).extract().jsonPath();
        assertEquals(patientRef, found.getString("entry[0].resource.participant[0].actor.reference"));
        assertEquals(patient, found.getString("entry[0].resource.participant[0].actor.identifier.value"));
        assertEquals(Set.of(true), Set.of(FhirIds.isMapped(FhirIds.of(doctor))));
        fhir().get("/fhir/r4/Appointment?practitioner=" + FhirIds.of(doctor)).then().body("total", equalTo(1));
        fhir().get("/fhir/r4/Appointment?practitioner=" + FhirIds.of("nobody at all")).then()
                .body("total", equalTo(0)).body("entry", nullValue());
    }
}
