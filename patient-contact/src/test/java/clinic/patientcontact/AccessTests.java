package clinic.patientcontact;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.testing.TestNats;
import clinic.http.testing.Access;
import clinic.http.testing.Access.Call;
import clinic.http.testing.Tokens;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Who may see and change patient records: every endpoint with every role, on the caller's own record (for a
 * doctor: a patient they have an appointment with) and on a stranger's, and with no token or a forged one.
 */
@QuarkusTest
class AccessTests {

    private static Connection nats;

    @Inject
    EventCodec codec;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestNats.connect();
    }

    @AfterAll
    static void disconnect() throws Exception {
        nats.close();
    }

    /** Two registered patients, each with an appointment with a doctor of their own. */
    private record Pair(String patientA, String doctorA, String patientB, String doctorB,
            Map<String, String> contact) {
    }

    private Pair twoPatientsWithTheirDoctors() throws Exception {
        String suffix = UUID.randomUUID().toString();
        String patientA = register("a-" + suffix);
        String patientB = register("b-" + suffix);
        String doctorA = "doctor-a-" + suffix;
        String doctorB = "doctor-b-" + suffix;
        scheduled(patientA, doctorA);
        scheduled(patientB, doctorB);
        for (String patient : List.of(patientA, patientB)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/patients/" + patient + "/appointments")
                    .then().extract().jsonPath().getList("appointments").size() == 1);
        }
        Map<String, String> contact = Map.of(patientA, email(patientA), patientB, email(patientB));
        return new Pair(patientA, doctorA, patientB, doctorB, contact);
    }

    private static List<Call> everyEndpoint(String patient, String email, String phone) {
        return List.of(Call.post("/patients", Map.of("name", "New Patient", "email", UUID.randomUUID() + "@example.org")),
                Call.get("/patients"),
                Call.get("/patients/" + patient),
                Call.put("/patients/" + patient, Map.of("name", "Renamed")),
                Call.get("/patients/search/email/" + email),
                Call.get("/patients/search/phone/" + phone),
                Call.get("/patients/" + patient + "/appointments"),
                Call.delete("/patients/" + patient));
    }

    @Test
    void everyEndpointRefusesAMissingOrForgedTokenAndAnAccountWithoutARole() throws Exception {
        Pair pair = twoPatientsWithTheirDoctors();
        String a = pair.patientA();
        Access.assertRefusedWithoutAValidToken(everyEndpoint(a, pair.contact().get(a), phone(a)));
        given().get("/patients/" + a).then().statusCode(200).body("name", equalTo("Jane " + a.substring(0, 2)));
    }

    @Test
    void theMatrix() throws Exception {
        String[] who = { "patient, own record", "patient, another's", "doctor, own patient", "doctor, another's",
                "staff", "admin" };
        int[][] expected = {
                { 403, 403, 403, 403, 201, 201 }, // POST /patients
                { 200, 200, 200, 200, 200, 200 }, // GET /patients (filtered: see below)
                { 200, 404, 200, 404, 200, 200 }, // GET /patients/{id}
                { 200, 404, 403, 403, 200, 200 }, // PUT /patients/{id}
                { 200, 404, 200, 404, 200, 200 }, // search by e-mail
                { 200, 404, 200, 404, 200, 200 }, // search by phone
                { 200, 404, 200, 404, 200, 200 }, // the patient's appointments
                { 403, 403, 403, 403, 403, 204 }, // DELETE /patients/{id}: erasure is for admin
        };
        for (int column = 0; column < who.length; column++) {
            Pair pair = twoPatientsWithTheirDoctors();
            String token = switch (column) {
                case 0, 1 -> Tokens.patient(pair.patientA());
                case 2, 3 -> Tokens.doctor(pair.doctorA());
                case 4 -> Tokens.staff();
                default -> Tokens.admin();
            };
            boolean stranger = column == 1 || column == 3;
            String target = stranger ? pair.patientB() : pair.patientA();
            List<Call> calls = everyEndpoint(target, pair.contact().get(target), phone(target));
            List<String> strangersDetails = List.of(pair.patientB(), "Jane b-", pair.contact().get(pair.patientB()),
                    phone(pair.patientB()), pair.doctorB());
            for (int row = 0; row < calls.size(); row++) {
                Response response = calls.get(row).as(token);
                String what = who[column] + ": " + calls.get(row) + " " + Access.abbreviated(response.asString());
                assertThat(what, response.statusCode(), equalTo(expected[row][column]));
                if (stranger) {
                    // Not one byte of the stranger's record in any answer: not their id, name, e-mail or phone,
                    // even where the caller's own request named them (a search by their e-mail).
                    Access.assertTellsNothingOf(what, response, strangersDetails);
                }
            }
            if (stranger) {
                given().get("/patients/" + pair.patientB()).then().statusCode(200)
                        .body("name", equalTo("Jane b-"));
            }
        }
    }

    @Test
    void listsHoldOnlyWhatTheCallerMaySee() throws Exception {
        Pair pair = twoPatientsWithTheirDoctors();
        assertThat(ids(Tokens.patient(pair.patientA())), equalTo(List.of(pair.patientA())));
        assertThat(ids(Tokens.doctor(pair.doctorA())), equalTo(List.of(pair.patientA())));
        assertThat(ids(Tokens.doctor("doctor-with-no-patients")), equalTo(List.of()));
        assertThat(ids(Tokens.patient("patient-not-registered")), equalTo(List.of()));
        assertThat(given().header("Authorization", Tokens.header(Tokens.staff())).get("/patients?size=100")
                .then().statusCode(200).extract().jsonPath().getList("id"), hasItems(pair.patientA(), pair.patientB()));
    }

    private static List<String> ids(String token) {
        return given().header("Authorization", Tokens.header(token)).get("/patients?size=100").then().statusCode(200)
                .extract().jsonPath().getList("id", String.class);
    }

    private static String register(String id) {
        return given().contentType(ContentType.JSON).body(Map.of("id", id, "name", "Jane " + id.substring(0, 2),
                "email", id + "@example.org", "phone", "+49 30 " + (1000000 + Math.abs(id.hashCode() % 8999999))))
                .post("/patients").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static String email(String patient) {
        return given().get("/patients/" + patient).then().extract().jsonPath().getString("email");
    }

    private static String phone(String patient) {
        return given().get("/patients/" + patient).then().extract().jsonPath().getString("phone");
    }

    private void scheduled(String patient, String doctor) throws Exception {
        String appointmentId = UUID.randomUUID().toString();
        Instant start = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        AppointmentEventData data = new AppointmentEventData(appointmentId, patient, doctor, start,
                start.plus(30, ChronoUnit.MINUTES), 30, "scheduled", 1, "UTC", null, null);
        CloudEvent event = codec.create(Subjects.APPOINTMENT_SCHEDULED, appointmentId, data, Origin.service());
        nats.jetStream().publish(Subjects.APPOINTMENT_SCHEDULED, null, codec.serialize(event),
                PublishOptions.builder().messageId(event.getId()).build());
    }
}
