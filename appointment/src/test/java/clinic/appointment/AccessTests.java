package clinic.appointment;

import static clinic.appointment.TestSupport.answer;
import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.publish;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Subjects;
import clinic.http.testing.Access;
import clinic.http.testing.Access.Call;
import clinic.http.testing.Tokens;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Who may do what with appointments: every endpoint with every role, on the caller's own records and on a
 * stranger's, and every endpoint with no token and with forged ones.
 */
@QuarkusTest
class AccessTests {

    @Inject
    EventCodec codec;

    private String patientA;
    private String patientB;
    private String doctorA;
    private String doctorB;
    /** Patient A with doctor A, confirmed. */
    private String own;
    /** Patient B with doctor B, confirmed. */
    private String stranger;

    @BeforeEach
    void twoPatientsWithTwoDoctors() {
        patientA = TestSupport.patient();
        patientB = TestSupport.patient();
        doctorA = TestSupport.doctor();
        doctorB = TestSupport.doctor();
        own = confirmed(patientA, doctorA);
        stranger = confirmed(patientB, doctorB);
    }

    private List<Call> everyEndpoint(String id) {
        return List.of(new Call("POST", "/appointments", booking(patientA, doctorA, slot())),
                new Call("GET", "/appointments", null),
                new Call("GET", "/appointments/patient/" + patientA, null),
                new Call("GET", "/appointments/doctor/" + doctorA, null),
                new Call("GET", "/appointments/" + id, null),
                new Call("PUT", "/appointments/" + id, Map.of("notes", "Bring the results")),
                new Call("DELETE", "/appointments/" + id, null),
                new Call("GET", "/appointments/" + id + "/history", null),
                new Call("GET", "/appointments/" + id + "/timeline", null),
                new Call("POST", "/appointments/series", series(patientA, doctorA)),
                new Call("POST", "/appointments/calendar-feeds", Map.of("patient_id", patientA)),
                new Call("GET", "/patients/" + patientA + "/calendar.ics", null));
    }

    private static Map<String, Object> series(String patient, String doctor) {
        Map<String, Object> body = new java.util.HashMap<>(booking(patient, doctor, slot()));
        body.put("rrule", "FREQ=DAILY;COUNT=2");
        return body;
    }

    /** The FHIR API's ways to appointments, as {@link #everyEndpoint} lists the REST API's. */
    private List<Call> everyFhirEndpoint(String id) {
        Instant start = slot();
        Map<String, Object> booking = fhirAppointment(null, patientA, doctorA, start);
        return List.of(new Call("GET", "/fhir/r4/Appointment/" + id, null),
                new Call("GET", "/fhir/r4/Appointment?patient=Patient/" + patientA, null),
                new Call("POST", "/fhir/r4/Appointment", booking),
                new Call("POST", "/fhir/r4/Appointment/$book", Map.of("resourceType", "Parameters", "parameter",
                        List.of(Map.of("name", "appointment", "resource", fhirAppointment(null, patientA, doctorA,
                                slot()))))),
                new Call("PUT", "/fhir/r4/Appointment/" + id, fhirAppointment(id, null, null, null)));
    }

    /** A FHIR Appointment: a booking, or (with an id) the appointment as it is, sent back unchanged. */
    private Map<String, Object> fhirAppointment(String id, String patient, String doctor, Instant start) {
        if (id != null) {
            JsonPath current = get(id);
            patient = current.getString("patient_id");
            doctor = current.getString("doctor_id");
            start = Instant.parse(current.getString("appointment_time"));
        }
        Map<String, Object> appointment = new java.util.LinkedHashMap<>(Map.of("resourceType", "Appointment",
                "status", "booked", "start", start.toString(), "end", start.plusSeconds(1800).toString(),
                "participant", List.of(Map.of("actor", Map.of("reference", "Patient/" + patient)),
                        Map.of("actor", Map.of("reference", "Practitioner/" + doctor)))));
        if (id != null) {
            appointment.put("id", id);
            appointment.put("comment", "Regular checkup");
        }
        return appointment;
    }

    @Test
    void everyEndpointRefusesAMissingOrForgedTokenAndAnAccountWithoutARole() {
        Access.assertRefusedWithoutAValidToken(everyEndpoint(own));
        Access.assertRefusedWithoutAValidToken(everyFhirEndpoint(own));
        assertThat(get(own).getString("notes"), equalTo("Regular checkup"));
        assertThat(get(own).getString("status"), equalTo("confirmed"));
    }

    @Test
    void aPatientSeesAndChangesTheirOwnAppointmentsOnly() {
        String token = Tokens.header(Tokens.patient(patientA));
        assertThat(send(new Call("POST", "/appointments", booking(patientA, doctorB, slot())), token).statusCode(), equalTo(201));
        Response forOther = send(new Call("POST", "/appointments", booking(patientB, doctorB, slot())), token);
        assertThat(forOther.statusCode(), equalTo(403));

        assertOnlyOwn(send(new Call("GET", "/appointments", null), token), patientA);
        assertOnlyOwn(send(new Call("GET", "/appointments/doctor/" + doctorB, null), token), patientA);
        assertEmpty(send(new Call("GET", "/appointments/patient/" + patientB, null), token));
        assertThat(send(new Call("GET", "/appointments/patient/" + patientA, null), token).jsonPath()
                .getList("id"), hasItem(own));

        assertStrangerInvisible(token);
        assertThat(send(new Call("GET", "/appointments/" + own, null), token).statusCode(), equalTo(200));
        assertThat(send(new Call("GET", "/appointments/" + own + "/history", null), token).statusCode(), equalTo(200));
        assertThat(send(new Call("GET", "/appointments/" + own + "/timeline", null), token).statusCode(), equalTo(200));
        assertThat(send(new Call("PUT", "/appointments/" + own, Map.of("status", "completed")), token).statusCode(), equalTo(403));
        assertThat(send(new Call("PUT", "/appointments/" + own, Map.of("notes", "Fasting")), token).statusCode(), equalTo(200));
        assertThat(send(new Call("DELETE", "/appointments/" + own, null), token).statusCode(), equalTo(200));
    }

    @Test
    void aDoctorSeesTheirOwnAppointmentsAndRecordsHowTheyWentOnly() {
        String token = Tokens.header(Tokens.doctor(doctorA));
        assertThat(send(new Call("POST", "/appointments", booking(patientA, doctorA, slot())), token).statusCode(), equalTo(403));
        assertOnlyDoctor(send(new Call("GET", "/appointments", null), token), doctorA);
        assertOnlyDoctor(send(new Call("GET", "/appointments/patient/" + patientA, null), token), doctorA);
        assertEmpty(send(new Call("GET", "/appointments/patient/" + patientB, null), token));
        assertEmpty(send(new Call("GET", "/appointments/doctor/" + doctorB, null), token));

        assertStrangerInvisible(token);
        assertThat(send(new Call("GET", "/appointments/" + own, null), token).statusCode(), equalTo(200));
        assertThat(send(new Call("PUT", "/appointments/" + own, Map.of("notes", "x")), token).statusCode(), equalTo(403));
        assertThat(send(new Call("PUT", "/appointments/" + own, Map.of("status", "cancelled")), token).statusCode(), equalTo(403));
        assertThat(send(new Call("DELETE", "/appointments/" + own, null), token).statusCode(), equalTo(403));
        Response done = send(new Call("PUT", "/appointments/" + own, Map.of("status", "completed")), token);
        assertThat(done.statusCode(), equalTo(200));
        assertThat(done.jsonPath().getString("status"), equalTo("completed"));
    }

    @Test
    void theHistoryAndTheEventsSayWhoActed() {
        String token = Tokens.header(Tokens.patient(patientA));
        send(new Call("PUT", "/appointments/" + own, Map.of("notes", "Fasting")), token).then().statusCode(200);
        send(new Call("DELETE", "/appointments/" + own, null), Tokens.header(Tokens.staff())).then().statusCode(200);
        List<String> actors = given().get("/appointments/" + own + "/history").then().statusCode(200).extract()
                .jsonPath().getList("actor", String.class);
        // Booked by the admin (the default caller), confirmed by the saga, changed by the patient, cancelled by staff.
        assertThat(actors, equalTo(List.of("admin-1", "service:appointment", "account-" + patientA, "staff-1")));
    }

    @Test
    void staffAndAdminMayDoEverything() {
        for (String token : List.of(Tokens.header(Tokens.staff()), Tokens.header(Tokens.admin()))) {
            String id = confirmedAs(patientB, doctorB, token);
            for (Call call : everyFhirEndpoint(id)) {
                assertThat(call.toString(), send(call, token).statusCode(), oneOf(200, 201));
            }
            for (Call call : everyEndpoint(id)) {
                assertThat(call.toString(), send(call, token).statusCode(), oneOf(200, 201));
            }
        }
    }

    /** Every way to the stranger's appointment answers 404 (or an empty list) and says nothing about it. */
    private void assertStrangerInvisible(String token) {
        List<Call> calls = new java.util.ArrayList<>(everyEndpoint(stranger));
        calls.addAll(everyFhirEndpoint(stranger));
        for (Call call : calls) {
            if (!call.path().contains(stranger)) {
                continue;
            }
            Response response = send(call, token);
            assertThat(call.toString(), response.statusCode(), oneOf(403, 404));
            Access.assertTellsNothingOf(call.toString(), response, List.of(patientB, doctorB, "Regular checkup"));
        }
        JsonPath after = get(stranger);
        assertThat(after.getString("status"), equalTo("confirmed"));
        assertThat(after.getString("notes"), equalTo("Regular checkup"));
    }

    private static void assertOnlyOwn(Response response, String patient) {
        assertThat(response.statusCode(), equalTo(200));
        List<String> patients = response.jsonPath().getList("patient_id");
        assertThat(patients, not(empty()));
        assertThat(patients, everyItem(equalTo(patient)));
        assertThat(response.header("X-Total-Count"), equalTo(Integer.toString(patients.size())));
    }

    private static void assertOnlyDoctor(Response response, String doctor) {
        assertThat(response.statusCode(), equalTo(200));
        List<String> doctors = response.jsonPath().getList("doctor_id", String.class);
        assertThat(doctors, not(empty()));
        assertThat(doctors, everyItem(equalTo(doctor)));
    }

    private static void assertEmpty(Response response) {
        assertThat(response.statusCode(), equalTo(200));
        assertThat(response.jsonPath().getList("$"), empty());
        assertThat(response.header("X-Total-Count"), equalTo("0"));
    }

    private static Response send(Call call, String authorization) {
        return Access.send(call, authorization);
    }

    private static JsonPath get(String id) {
        return TestSupport.get(id);
    }

    private String confirmed(String patient, String doctor) {
        return confirmedAs(patient, doctor, null);
    }

    private String confirmedAs(String patient, String doctor, String token) {
        Instant time = slot();
        var request = given();
        if (token != null) {
            request = request.header("Authorization", token);
        }
        JsonPath booked = request.contentType(ContentType.JSON).body(booking(patient, doctor, time))
                .when().post("/appointments").then().statusCode(201).extract().jsonPath();
        try {
            CloudEvent blocked = answer(codec, Subjects.AVAILABILITY_BLOCKED, booked, time, null);
            publish(TestSupport.nats(), codec, blocked, blocked.getId());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String id = booked.getString("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> "confirmed".equals(get(id).getString("status")));
        return id;
    }
}
