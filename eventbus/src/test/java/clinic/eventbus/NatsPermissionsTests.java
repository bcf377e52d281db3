package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import clinic.eventbus.EventType.Services;
import clinic.eventbus.testing.FreshStreams;
import clinic.eventbus.testing.TestNats;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;

/**
 * The run's NATS holds every user to what the event catalogue says (NatsAccess): nobody gets in without a key, a
 * service publishes only its own events, and nobody reads another's replies or questions. Needs the NATS that
 * the test run starts with the generated permissions.
 */
class NatsPermissionsTests {

    /** A connection as one user, with the violations the server reported to it. */
    private record User(Connection connection, List<String> violations) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            connection.close();
        }
    }

    /** A refused request gets no answer: wait for it half a second, not jnats' two. */
    private static final io.nats.client.JetStreamOptions SHORT = io.nats.client.JetStreamOptions.builder()
            .requestTimeout(Duration.ofMillis(500)).build();

    @BeforeAll
    static void needsTheRunsNats() {
        assumeTrue(TestNats.keys() != null, "needs the test run's NATS, with its users");
        FreshStreams.createAll();
    }

    private static User as(String user) throws Exception {
        List<String> violations = new CopyOnWriteArrayList<>();
        Connection connection = Nats.connect(TestNats.options(user).inboxPrefix(NatsAccess.inboxPrefix(user))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        violations.add(error);
                    }
                }).build());
        return new User(connection, violations);
    }

    @Test
    void nobodyGetsInWithoutAKey() {
        assertThrows(Exception.class, () -> Nats.connect(io.nats.client.Options.builder()
                .servers(TestNats.url().split(",")).maxReconnects(0).noReconnect()
                .connectionTimeout(Duration.ofSeconds(2)).build()).close());
    }

    @Test
    void aServiceMayPublishItsOwnEventsOnly() throws Exception {
        try (User patients = as(Services.PATIENT_CONTACT); User operator = as(NatsAccess.OPERATOR)) {
            PublishAck own = patients.connection().jetStream().publish(Subjects.PATIENT_UPDATED,
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(EventStream.PATIENTS.name(), own.getStream());

            // A forged booking or patient change from the wrong service reaches nobody.
            Subscription watch = operator.connection().subscribe("appointment.>");
            operator.connection().flush(Duration.ofSeconds(2));
            patients.connection().publish(Subjects.APPOINTMENT_SCHEDULED, "{}".getBytes(StandardCharsets.UTF_8));
            patients.connection().flush(Duration.ofSeconds(2));
            assertNull(watch.nextMessage(Duration.ofMillis(500)), "patient-contact published appointment.scheduled");
            awaitViolation(patients, "Publish", Subjects.APPOINTMENT_SCHEDULED);
            assertThrows(Exception.class, () -> patients.connection().jetStream(SHORT).publish(
                    Subjects.APPOINTMENT_SCHEDULED, "{}".getBytes(StandardCharsets.UTF_8)));
        }
        try (User appointments = as(Services.APPOINTMENT)) {
            assertThrows(Exception.class, () -> appointments.connection().jetStream(SHORT).publish(
                    Subjects.PATIENT_UPDATED, "{}".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void nobodyReadsAnothersRepliesOrQuestions() throws Exception {
        try (User notifications = as(Services.NOTIFICATIONS); User operator = as(NatsAccess.OPERATOR)) {
            for (String subject : List.of(NatsAccess.inboxPrefix(Services.PATIENT_CONTACT) + ".>",
                    QuestionType.AUDIT.subject(Services.APPOINTMENT), "_INBOX.>", ">")) {
                Subscription stolen = notifications.connection().subscribe(subject);
                notifications.connection().flush(Duration.ofSeconds(2));
                awaitViolation(notifications, "Subscription", subject);
                String target = subject.replace(">", "x." + UUID.randomUUID());
                operator.connection().publish(target, "secret".getBytes(StandardCharsets.UTF_8));
                operator.connection().flush(Duration.ofSeconds(2));
                Message got = stolen.nextMessage(Duration.ofMillis(300));
                assertNull(got, "notifications read " + target);
            }
            // Nor asks a question it is not listed for: only patient-contact gathers audit trails.
            notifications.connection().publish(QuestionType.AUDIT.subject(Services.APPOINTMENT), new byte[0]);
            notifications.connection().flush(Duration.ofSeconds(2));
            awaitViolation(notifications, "Publish", QuestionType.AUDIT.subject(Services.APPOINTMENT));
        }
    }

    @Test
    void aServiceMayNotTouchAnotherServicesStreamsOrConsumers() throws Exception {
        try (User notifications = as(Services.NOTIFICATIONS)) {
            var jsm = notifications.connection().jetStreamManagement(SHORT);
            assertThrows(Exception.class, () -> jsm.deleteStream(EventStream.APPOINTMENTS.name()));
            assertThrows(Exception.class, () -> jsm.purgeStream(EventStream.PATIENTS.name()));
            assertThrows(Exception.class, () -> jsm.getMessage(EventStream.PATIENTS.name(), 1));
            assertThrows(Exception.class, () -> jsm.deleteConsumer(EventStream.APPOINTMENTS.name(),
                    EventStream.APPOINTMENTS.durableName(Services.PATIENT_CONTACT)));
            // Its own stream's information it may read.
            assertNotNull(jsm.getStreamInfo(EventStream.NOTIFICATIONS.name()));
        }
    }

    private static void awaitViolation(User user, String kind, String subject) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            if (user.violations().stream().anyMatch(v -> v.contains("Permissions Violation for " + kind)
                    && v.contains(subject))) {
                return;
            }
            Thread.sleep(50);
        }
        assertTrue(false, "no permissions violation for " + kind + " " + subject + ": " + user.violations());
    }
}
