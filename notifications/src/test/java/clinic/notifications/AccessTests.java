package clinic.notifications;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import io.restassured.response.Response;

/** Who may read what patients were told: every endpoint with every role, own and a stranger's, and no token. */
@QuarkusTest
class AccessTests {

    private static Connection nats;

    @Inject
    EventCodec codec;

    private String patientA;
    private String appointmentA;
    private String patientB;
    private String appointmentB;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestNats.connect();
    }

    @AfterAll
    static void disconnect() throws Exception {
        nats.close();
    }

    @BeforeEach
    void twoPatientsToldOfTheirAppointments() throws Exception {
        patientA = "patient-" + UUID.randomUUID();
        patientB = "patient-" + UUID.randomUUID();
        appointmentA = confirmed(patientA);
        appointmentB = confirmed(patientB);
        for (String appointment : List.of(appointmentA, appointmentB)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/notifications/appointment/" + appointment)
                    .then().extract().jsonPath().getList("id").size() == 1);
        }
    }

    private static List<Call> everyEndpoint(String patient, String appointment) {
        return List.of(Call.get("/notifications"), Call.get("/notifications/patient/" + patient),
                Call.get("/notifications/appointment/" + appointment));
    }

    @Test
    void everyEndpointRefusesAMissingOrForgedTokenAndAnAccountWithoutARole() {
        Access.assertRefusedWithoutAValidToken(everyEndpoint(patientA, appointmentA));
    }

    @Test
    void aPatientSeesWhatTheyWereToldOnly() {
        String token = Tokens.patient(patientA);
        for (Call call : everyEndpoint(patientA, appointmentA)) {
            Response response = call.as(token);
            assertThat(call.toString(), response.statusCode(), equalTo(200));
            List<String> patients = response.jsonPath().getList("patient_id", String.class);
            assertThat(call.toString(), patients, everyItem(equalTo(patientA)));
            assertThat(call.toString(), patients.size(), equalTo(1));
        }
        for (Call call : everyEndpoint(patientB, appointmentB)) {
            Response response = call.as(token);
            assertThat(call.toString(), response.statusCode(), equalTo(200));
            Access.assertTellsNothingOf(call.toString(), response, List.of(patientB, appointmentB));
        }
    }

    @Test
    void aDoctorHasNoBusinessWithNotificationsAndStaffSeeAll() {
        for (Call call : everyEndpoint(patientA, appointmentA)) {
            Response response = call.as(Tokens.doctor("doctor-456"));
            assertThat(call.toString(), response.statusCode(), equalTo(403));
            assertThat(call.toString(), response.asString(), not(containsString(patientA)));
        }
        for (String token : List.of(Tokens.staff(), Tokens.admin())) {
            assertThat(Call.get("/notifications?size=100").as(token).jsonPath().getList("patient_id"),
                    hasItems(patientA, patientB));
            assertThat(Call.get("/notifications/patient/" + patientB).as(token).jsonPath().getList("patient_id"),
                    equalTo(List.of(patientB)));
        }
    }

    private String confirmed(String patient) throws Exception {
        String appointment = UUID.randomUUID().toString();
        Instant time = Instant.now().plus(9, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        CloudEvent event = codec.create(Subjects.APPOINTMENT_CONFIRMED, appointment, new AppointmentEventData(
                appointment, patient, "doctor-456", time, time.plus(30, ChronoUnit.MINUTES), 30, "confirmed", 2,
                "Europe/Berlin", null, null), Origin.service());
        nats.jetStream().publish(event.getType(), null, codec.serialize(event),
                PublishOptions.builder().messageId(event.getId()).build());
        return appointment;
    }
}
