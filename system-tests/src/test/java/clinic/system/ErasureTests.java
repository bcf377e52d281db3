package clinic.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.eventbus.EventStream;
import clinic.eventbus.testing.TestDatabases;
import clinic.eventbus.testing.TestNats;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfo;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Erasure reaches every copy: after {@code DELETE /patients/{id}}, no stream (dead letters included), no table of any
 * service (outboxes, inboxes, copies of contact details, notifications) holds the patient's name, e-mail or phone,
 * and their account at the identity provider is gone. Patient events carried the details sealed under a key of the
 * patient's own, which the erasure destroyed; every other store is read in full.
 */
@ExtendWith(SharedStack.class)
class ErasureTests {

    private static final List<String> DATABASES = List.of("appointment_test", "doctor_availability_test",
            "patient_contact_test", "notifications_test");

    @Test
    void afterAnErasureNoStoreHoldsThePatientsDetailsAndTheirAccountIsGone() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String name = "Erin Erasure" + marker;
        String email = "erin-" + marker + "@example.org";
        String digits = "30" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        String password = "erase me completely " + marker;
        RequestSpecification anonymous = given().baseUri(SharedStack.get().gateway().baseUri());

        String patient = anonymous.contentType(ContentType.JSON).body(Map.of("email", email, "password", password,
                "name", name, "phone", "+49 " + digits)).post("/auth/register").then().statusCode(201)
                .extract().jsonPath().getString("patient.id");
        String token = anonymous.contentType(ContentType.JSON).body(Map.of("username", email, "password", password))
                .post("/auth/login").then().statusCode(200).extract().jsonPath().getString("access_token");
        given().baseUri(SharedStack.get().gateway().baseUri()).header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON).body(Map.of("name", name + " Changed")).put("/patients/" + patient)
                .then().statusCode(200);
        String appointment = SharedStack.api().contentType(ContentType.JSON).header("Prefer", "wait=10")
                .body(Map.of("patient_id", patient, "doctor_id", "doctor-erasure-" + marker, "appointment_time",
                        Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString()))
                .post("/appointments").then().statusCode(201).body("status", equalTo("confirmed")).extract().jsonPath()
                .getString("id");
        // Notified, by e-mail to the address notifications keeps a copy of.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SharedStack.api()
                .get("/notifications/appointment/" + appointment).then().extract().jsonPath()
                .getList("status").contains("sent"));
        long deadLetter = deadLetterOfTheLastPatientEvent(patient);

        SharedStack.api().delete("/patients/" + patient).then().statusCode(204);

        List<String> details = List.of(name, email, digits);
        // The other services forget their copies (notifications' contact and sent e-mails) when the erasure's event
        // reaches them, a moment after the answer: every store is read again until none holds anything, or 20 s.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertEquals(List.of(), stillHolding(details),
                        "the erased patient's details are still held"));
        try (io.nats.client.Connection nats = TestNats.connect()) {
            // The copy made for this test goes, so no other test counts it as a consumer's.
            nats.jetStreamManagement().deleteMessage(EventStream.DEADLETTER.name(), deadLetter);
        }
        // The account went with the record: the password logs in no more.
        anonymous.contentType(ContentType.JSON).body(Map.of("username", email, "password", password))
                .post("/auth/login").then().statusCode(401);
        SharedStack.api().get("/patients/" + patient).then().statusCode(404);
    }

    /** Every stream and every table that holds any of these details, as "where holds what". */
    private static List<String> stillHolding(List<String> details) throws Exception {
        List<String> found = new ArrayList<>();
        found.addAll(inStreams(details));
        found.addAll(inDatabases(details));
        return found;
    }

    /**
     * A copy of the patient's last event as a dead letter of notifications, as a consumer that gave up on it leaves
     * it: dead letters are a store the erasure must reach too. Answers its sequence in DEADLETTER.
     */
    private static long deadLetterOfTheLastPatientEvent(String patient) throws Exception {
        try (io.nats.client.Connection nats = TestNats.connect()) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            StreamInfo info = jsm.getStreamInfo(EventStream.PATIENTS.name());
            for (long seq = info.getStreamState().getLastSequence(); seq >= info.getStreamState().getFirstSequence();
                    seq--) {
                MessageInfo message = message(jsm, EventStream.PATIENTS.name(), seq);
                if (message != null && new String(message.getData(), StandardCharsets.UTF_8).contains(patient)) {
                    PublishAck ack = nats.jetStream().publish("deadletter.notifications", message.getData());
                    assertTrue(ack.getSeqno() > 0);
                    return ack.getSeqno();
                }
            }
        }
        throw new AssertionError("no patient event of " + patient);
    }

    /** Every message of every stream, body and headers, searched for the details. */
    private static List<String> inStreams(List<String> details) throws Exception {
        List<String> found = new ArrayList<>();
        try (io.nats.client.Connection nats = TestNats.connect()) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            for (String stream : jsm.getStreamNames()) {
                StreamInfo info = jsm.getStreamInfo(stream);
                for (long seq = info.getStreamState().getFirstSequence();
                        seq <= info.getStreamState().getLastSequence() && info.getStreamState().getMsgCount() > 0;
                        seq++) {
                    MessageInfo message = message(jsm, stream, seq);
                    if (message == null) {
                        continue;
                    }
                    String text = (new String(message.getData(), StandardCharsets.UTF_8) + " "
                            + (message.getHeaders() == null ? "" : message.getHeaders().toString()))
                            .toLowerCase(Locale.ROOT);
                    for (String detail : details) {
                        if (text.contains(detail.toLowerCase(Locale.ROOT))) {
                            found.add("stream " + stream + " message " + seq + " holds " + detail);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static MessageInfo message(JetStreamManagement jsm, String stream, long seq) throws Exception {
        try {
            return jsm.getMessage(stream, seq);
        } catch (JetStreamApiException deleted) {
            return null;
        }
    }

    /** Every row of every table of every service database, as text, searched for the details. */
    private static List<String> inDatabases(List<String> details) throws Exception {
        List<String> found = new ArrayList<>();
        for (String database : DATABASES) {
            try (Connection connection = TestDatabases.operator(database); Statement statement =
                    connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery(
                        "select tablename from pg_tables where schemaname = 'public'")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
                for (String table : tables) {
                    for (String detail : details) {
                        try (ResultSet rows = statement.executeQuery("select count(*) from \"" + table + "\" t where"
                                + " lower(t::text) like '%' || lower('" + detail.replace("'", "''") + "') || '%'")) {
                            rows.next();
                            if (rows.getLong(1) > 0) {
                                found.add(database + "." + table + " holds " + detail + " in " + rows.getLong(1)
                                        + " row(s)");
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
