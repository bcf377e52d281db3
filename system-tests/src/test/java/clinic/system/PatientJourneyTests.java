package clinic.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.eventbus.testing.TestNats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A patient's side of the system: registration, booking, tracking, notifications, reminders, erasure. */
@ExtendWith(SharedStack.class)
class PatientJourneyTests {

    private static RequestSpecification api() {
        return SharedStack.api().contentType(ContentType.JSON);
    }

    /** Registers a patient and waits until the notifications service has taken in the new contact. */
    private String register() throws Exception {
        String id = "patient-" + UUID.randomUUID();
        api().body(Map.of("id", id, "name", "Jane Doe", "email", id + "@example.org", "phone", "+4930123456"))
                .post("/patients").then().statusCode(201);
        awaitConsumed("PATIENTS", "notifications-PATIENTS");
        return id;
    }

    /** Until the durable consumer has nothing pending and nothing unacknowledged. */
    static void awaitConsumed(String stream, String consumer) throws Exception {
        try (Connection nats = TestNats.connect()) {
            var jsm = nats.jetStreamManagement();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                var info = jsm.getConsumerInfo(stream, consumer);
                return info.getNumPending() == 0 && info.getNumAckPending() == 0;
            });
        }
    }

    private String book(String patient, Instant time) {
        return api().header("Prefer", "wait=10")
                .body(Map.of("patient_id", patient, "doctor_id", "doctor-" + UUID.randomUUID(),
                        "appointment_time", time.toString()))
                .post("/appointments").then().statusCode(201).body("status", equalTo("confirmed"))
                .extract().jsonPath().getString("id");
    }

    private static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(SharedStack.get().smtp().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    @Test
    void aRegisteredPatientBooksAndIsTrackedAndNotified() throws Exception {
        String patient = register();
        String appointment = book(patient, Instant.parse("2031-11-05T10:00:00Z"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api().get("/patients/" + patient + "/appointments")
                .then().extract().jsonPath().getList("appointments.status").contains("confirmed"));
        api().get("/patients/" + patient + "/appointments").then().body("registered", equalTo(true))
                .body("appointments[0].appointment_id", equalTo(appointment))
                .body("counts.upcoming", equalTo(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(api()
                .get("/notifications/appointment/" + appointment).then().extract().jsonPath().getString("[0].status")));
        api().get("/notifications/appointment/" + appointment).then()
                .body("[0].channel", equalTo("email"))
                .body("[0].notification_type", equalTo("appointment_confirmed"));
        await().atMost(Duration.ofSeconds(5)).until(() -> mailTo(patient + "@example.org").size() == 1);
    }

    @Test
    void erasingAPatientReachesTheNotificationsService() throws Exception {
        String patient = register();
        book(patient, Instant.parse("2031-11-06T10:00:00Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(patient + "@example.org").size() == 1);

        api().delete("/patients/" + patient).then().statusCode(204);
        awaitConsumed("PATIENTS", "notifications-PATIENTS");

        // The erasure reached the notifications service: nothing more goes to the address, only to the log.
        String appointment = book(patient, Instant.parse("2031-11-07T10:00:00Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(api()
                .get("/notifications/appointment/" + appointment).then().extract().jsonPath().getString("[0].status")));
        assertEquals("log", api().get("/notifications/appointment/" + appointment).then().extract().jsonPath()
                .getString("[0].channel"));
        assertEquals(1, mailTo(patient + "@example.org").size());
    }

    @Test
    void aReminderIsSentOnceWithTwoNotificationsServicesRunning() throws Exception {
        Stack stack = SharedStack.get().stack();
        if (stack.replicas("notifications").size() < 2) {
            stack.startAll(List.of("notifications"), false);
        }
        String patient = register();
        // With the default 24 h lead, an appointment 24 h and 4 s away is reminded of in about 4 s.
        Instant soon = Instant.now().plus(24, ChronoUnit.HOURS).plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        String appointment = book(patient, soon);

        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/notifications/appointment/" + appointment)
                .then().extract().jsonPath().getList("notification_type").contains("appointment_reminder"));
        Thread.sleep(3000);
        List<String> types = api().get("/notifications/appointment/" + appointment).then().extract().jsonPath()
                .getList("notification_type");
        assertEquals(1, types.stream().filter("appointment_reminder"::equals).count(), types.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(patient + "@example.org").size() == 2);
        Thread.sleep(1000);
        assertEquals(2, mailTo(patient + "@example.org").size(), "one confirmation, one reminder");
    }
}
