package clinic.patientcontact;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.QuestionType;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.ContactDetails;
import clinic.eventbus.payload.PatientEventData;
import clinic.eventbus.testing.EventCapture;
import clinic.eventbus.testing.FreshStreams;
import clinic.eventbus.testing.TestNats;
import clinic.http.testing.Tokens;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

@QuarkusTest
// Every test class of this module starts on empty streams (see FreshStreams).
@QuarkusTestResource(value = FreshStreams.class, restrictToAnnotatedClass = false)
class PatientApiTests {

    private static Connection nats;
    private static EventCapture events;

    @Inject
    EventCodec codec;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestNats.connect();
        events = EventCapture.subscribe("patient.>");
    }

    @AfterAll
    static void disconnect() throws Exception {
        events.close();
        nats.close();
    }

    private static Map<String, Object> jane() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Jane Doe");
        body.put("email", "jane-" + UUID.randomUUID() + "@example.org");
        body.put("phone", "+49 30 1234" + (1000 + (int) (Math.random() * 8999)));
        body.put("notification_preferences", Map.of("email", true, "sms", false));
        body.put("date_of_birth", "1980-04-23");
        return body;
    }

    private static String create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/patients").then().statusCode(201).extract()
                .jsonPath().getString("id");
    }

    @Test
    void aPatientIsRegisteredReadChangedAndAnnounced() throws Exception {
        Map<String, Object> body = jane();
        String id = given().contentType(ContentType.JSON).body(body).post("/patients").then().statusCode(201)
                .header("Location", containsString("/patients/"))
                .body("name", equalTo("Jane Doe"))
                .body("email", equalTo(body.get("email")))
                .body("phone", equalTo(((String) body.get("phone")).replace(" ", "")))
                .body("notification_preferences.email", equalTo(true))
                .body("notification_preferences.sms", equalTo(false))
                .body("date_of_birth", equalTo("1980-04-23"))
                .extract().jsonPath().getString("id");

        given().get("/patients/" + id).then().statusCode(200).body("id", equalTo(id));
        given().contentType(ContentType.JSON).body(Map.of("name", "Jane Roe")).put("/patients/" + id).then()
                .statusCode(200).body("name", equalTo("Jane Roe")).body("email", equalTo(body.get("email")));
        given().get("/patients").then().statusCode(200).body("id", hasItem(id));

        Message created = events.await(m -> m.getSubject().equals(Subjects.PATIENT_CREATED)
                && EventCapture.body(m).contains(id), 1, Duration.ofSeconds(10)).get(0);
        PatientEventData data = codec.data(codec.parse(created.getData()), PatientEventData.class);
        // The contact details travel sealed under the patient's key, which this service gives to whoever NATS lets
        // ask (notifications; the tests' operator here).
        assertFalse(EventCapture.body(created).contains((String) body.get("email")), "no e-mail in the clear");
        assertFalse(EventCapture.body(created).contains("Jane Doe"), "no name in the clear");
        ContactDetails details = ContactDetails.open(data.sealedContact(), id, contactKey(id).orElseThrow());
        assertEquals(body.get("email"), details.email());
        assertEquals("Jane Doe", details.name());
        assertEquals(Map.of("email", true, "sms", false), data.notificationPreferences());
        events.await(m -> m.getSubject().equals(Subjects.PATIENT_UPDATED) && EventCapture.body(m).contains(id), 1,
                Duration.ofSeconds(10));
    }

    /**
     * The patient's contact key as patient-contact answers the CONTACT_KEY question over NATS to the one service
     * allowed to ask (notifications, whose user the test borrows); empty once erased.
     */
    private static java.util.Optional<byte[]> contactKey(String patientId) throws Exception {
        Message answer;
        try (Connection asNotifications = io.nats.client.Nats.connect(TestNats.options("notifications")
                .inboxPrefix(clinic.eventbus.NatsAccess.inboxPrefix("notifications")).build())) {
            answer = asNotifications.request(QuestionType.CONTACT_KEY.subject("patient-contact"),
                    patientId.getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(5));
        }
        var json = new ObjectMapper().readTree(answer.getData());
        return json.path("erased").asBoolean(false) ? java.util.Optional.empty()
                : java.util.Optional.of(java.util.Base64.getDecoder().decode(json.path("key").asText()));
    }

    @Test
    void aPatientCanBeRegisteredUnderTheIdTheAppointmentsUse() {
        String id = "patient-" + UUID.randomUUID();
        Map<String, Object> body = jane();
        body.put("id", id);

        given().contentType(ContentType.JSON).body(body).post("/patients").then().statusCode(201).body("id", equalTo(id));
        given().contentType(ContentType.JSON).body(body).post("/patients").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void searchByEmailAndByPhoneInAnyWriting() {
        Map<String, Object> body = jane();
        String id = create(body);
        String phone = (String) body.get("phone");

        given().get("/patients/search/email/" + ((String) body.get("email")).toUpperCase()).then().statusCode(200)
                .body("id", equalTo(id));
        given().get("/patients/search/phone/" + phone.replace("+49 ", "0049").replace(" ", "-")).then()
                .statusCode(200).body("id", equalTo(id));
        given().get("/patients/search/email/nobody@example.org").then().statusCode(404);
        given().get("/patients/search/phone/not-a-number").then().statusCode(400);
    }

    @Test
    void aDuplicateEmailIs409SayingItIsTakenNotByWhom() {
        Map<String, Object> body = jane();
        String id = create(body);
        Map<String, Object> other = jane();
        other.put("email", ((String) body.get("email")).toUpperCase());

        String answer = given().contentType(ContentType.JSON).body(other).post("/patients").then().statusCode(409)
                .body("detail", containsString("is taken")).extract().asString();
        assertThat(answer, not(containsString(id)));
        String second = create(jane());
        given().contentType(ContentType.JSON).body(Map.of("email", body.get("email"))).put("/patients/" + second)
                .then().statusCode(409);
    }

    @Test
    void badPatientsAre400NamingTheFieldAndStoreNothing() {
        bad(Map.of("email", "x@example.org"), "name");
        bad(Map.of("name", "A", "email", "not-an-email"), "email");
        bad(Map.of("name", "A", "phone", "12345"), "phone");
        bad(Map.of("name", "A", "phone", "call me"), "phone");
        bad(Map.of("name", "A", "notification_preferences", Map.of("pigeon", true)), "notification_preferences.pigeon");
        bad(Map.of("name", "A", "date_of_birth", "23.04.1980"), "date_of_birth");
        bad(Map.of("name", "A", "date_of_birth", "2999-01-01"), "date_of_birth");
        bad(Map.of("name", "A", "created_at", "2020-01-01T00:00:00Z"), "created_at");
        bad(Map.of("name", "A", "id", "has spaces"), "id");
        bad(Map.of("name", "A", "shoe_size", 42), "shoe_size");
        given().get("/patients").then().body("name", org.hamcrest.Matchers.not(hasItem("A")));
    }

    @Test
    void erasingRemovesThePersonalDataAndAnnouncesIt() throws Exception {
        Map<String, Object> body = jane();
        String id = create(body);

        given().delete("/patients/" + id).then().statusCode(204);

        given().get("/patients/" + id).then().statusCode(404);
        given().get("/patients/search/email/" + body.get("email")).then().statusCode(404);
        Message deleted = events.await(m -> m.getSubject().equals(Subjects.PATIENT_DELETED)
                && EventCapture.body(m).contains(id), 1, Duration.ofSeconds(10)).get(0);
        PatientEventData data = codec.data(codec.parse(deleted.getData()), PatientEventData.class);
        assertEquals(id, data.patientId());
        assertEquals(null, data.sealedContact());
        // The key of the contact details went with them: what any copy of the patient's events holds is unreadable.
        assertTrue(contactKey(id).isEmpty(), "the contact key is destroyed");
        given().contentType(ContentType.JSON).body(body).post("/patients").then().statusCode(201);
        given().delete("/patients/" + id).then().statusCode(404);
    }

    /** Changes racing an erasure: whichever wins, the erasure is final and no change is announced after it. */
    @Test
    void anErasureIsNeverUndoneByAConcurrentChange() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(jane()));
        }
        var threads = java.util.concurrent.Executors.newFixedThreadPool(12);
        List<java.util.concurrent.Callable<Integer>> requests = new java.util.ArrayList<>();
        for (String id : ids) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                requests.add(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("name", "Changed " + n, "phone", "+49 30 5550" + (100 + n)))
                        .put("/patients/" + id).statusCode());
            }
            requests.add(() -> given().delete("/patients/" + id).statusCode());
        }
        try {
            for (var answer : threads.invokeAll(requests)) {
                int status = answer.get();
                assertTrue(status == 200 || status == 204 || status == 404, "status " + status);
            }
        } finally {
            threads.shutdown();
        }

        for (String id : ids) {
            given().get("/patients/" + id).then().statusCode(404);
            events.await(m -> m.getSubject().equals(Subjects.PATIENT_DELETED) && EventCapture.body(m).contains(id), 1,
                    Duration.ofSeconds(10));
        }
        Thread.sleep(500);
        for (String id : ids) {
            // In the order they happened (publication may reorder them): the erasure is the last.
            List<io.cloudevents.CloudEvent> announced = events.matching(m -> EventCapture.body(m)
                    .contains("\"" + id + "\"")).stream().map(m -> codec.parse(m.getData()))
                    .sorted(java.util.Comparator.comparing(e -> e.getTime())).toList();
            assertEquals(Subjects.PATIENT_DELETED, announced.get(announced.size() - 1).getType(),
                    "nothing after the erasure: " + announced.stream().map(e -> e.getType()).toList());
        }
    }

    private void publish(String type, String appointmentId, String patient, Instant start, String status,
            long version) throws Exception {
        AppointmentEventData data = new AppointmentEventData(appointmentId, patient, "doctor-456", start,
                start.plus(30, ChronoUnit.MINUTES), 30, status, version, "UTC", null, null);
        CloudEvent event = codec.create(type, appointmentId, data, Origin.service());
        nats.jetStream().publish(type, null, codec.serialize(event),
                PublishOptions.builder().messageId(event.getId()).build());
    }

    @Test
    void appointmentsAreTrackedForTheRightPatientAlsoBeforeRegistration() throws Exception {
        String patient = "patient-" + UUID.randomUUID();
        String upcoming = UUID.randomUUID().toString();
        String cancelled = UUID.randomUUID().toString();
        Instant future = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        publish(Subjects.APPOINTMENT_SCHEDULED, upcoming, patient, future, "scheduled", 1);
        publish(Subjects.APPOINTMENT_CONFIRMED, upcoming, patient, future, "confirmed", 2);
        publish(Subjects.APPOINTMENT_SCHEDULED, cancelled, patient, future.plus(1, ChronoUnit.DAYS), "scheduled", 1);
        publish(Subjects.APPOINTMENT_CANCELLED, cancelled, patient, future.plus(1, ChronoUnit.DAYS), "cancelled", 3);
        publish(Subjects.APPOINTMENT_SCHEDULED, UUID.randomUUID().toString(), "someone-else", future, "scheduled", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/patients/" + patient + "/appointments")
                .then().extract().statusCode() == 200 && given().get("/patients/" + patient + "/appointments")
                        .then().extract().jsonPath().getInt("counts.cancelled") == 1
                && given().get("/patients/" + patient + "/appointments").then().extract().jsonPath()
                        .getInt("counts.upcoming") == 1);
        given().get("/patients/" + patient + "/appointments").then().statusCode(200)
                .body("registered", equalTo(false))
                .body("appointments.appointment_id", equalTo(List.of(upcoming, cancelled)))
                .body("appointments[0].status", equalTo("confirmed"))
                .body("appointments[0].doctor_id", equalTo("doctor-456"))
                .body("counts.completed", equalTo(0)).body("counts.no_show", equalTo(0));

        Map<String, Object> body = jane();
        body.put("id", patient);
        create(body);
        given().get("/patients/" + patient + "/appointments").then().body("registered", equalTo(true))
                .body("appointments.size()", equalTo(2));
    }

    @Test
    void anOlderEventDoesNotOverwriteANewerOne() throws Exception {
        String patient = "patient-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        Instant future = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        publish(Subjects.APPOINTMENT_CANCELLED, id, patient, future, "cancelled", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/patients/" + patient + "/appointments")
                .then().extract().statusCode() == 200);

        publish(Subjects.APPOINTMENT_CONFIRMED, id, patient, future, "confirmed", 2);
        Thread.sleep(700);

        given().get("/patients/" + patient + "/appointments").then().body("appointments[0].status",
                equalTo("cancelled"));
    }

    @Test
    void anUnknownPatientWithoutAppointmentsIs404() {
        given().get("/patients/nobody-" + UUID.randomUUID() + "/appointments").then().statusCode(404)
                .contentType("application/problem+json");
        // The same words for every id, so an answer never carries a patient's id (it may be their e-mail address).
        given().get("/patients/nobody").then().statusCode(404).body("detail", equalTo("No patient with this id."));
    }

    @Test
    void aBodyWithoutContentTypeIs415AndChangesNothing() throws Exception {
        Map<String, Object> body = jane();
        String json = new ObjectMapper().writeValueAsString(body);
        // java.net.http sends no Content-Type unless told (the test's REST client always adds one).
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/patients"))
                .header("Authorization", Tokens.header(Tokens.admin()))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(415, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
        assertThat(answer.body(), containsString("no Content-Type"));
        given().get("/patients/search/email/" + body.get("email")).then().statusCode(404);
    }

    @Test
    void aClientThatAcceptsOnlyProblemsGetsItsAnswerRatherThan406() {
        String id = create(jane());

        given().accept("application/problem+json").get("/patients/" + id).then().statusCode(200)
                .body("id", equalTo(id));
        given().accept("application/problem+json").get("/patients/nobody-" + UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json");
        given().accept("application/problem+json").delete("/patients/" + id).then().statusCode(204);
        // A type neither JSON nor a problem is still refused.
        given().accept("text/csv").get("/patients/" + id).then().statusCode(406)
                .contentType("application/problem+json");
    }

    private static void bad(Map<String, Object> body, String field) {
        given().contentType(ContentType.JSON).body(body).post("/patients").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
