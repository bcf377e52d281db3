package clinic.notifications;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.ContactDetails;
import clinic.eventbus.payload.NotificationEventData;
import clinic.eventbus.payload.PatientEventData;
import clinic.eventbus.payload.Reason;
import clinic.eventbus.testing.ContactKeyKeeper;
import clinic.eventbus.testing.EventCapture;
import clinic.eventbus.testing.FreshStreams;
import clinic.eventbus.testing.HandledEvents;
import clinic.eventbus.testing.TestNats;
import io.agroal.api.AgroalDataSource;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;

@QuarkusTest
// Every test class of this module starts on empty streams (see FreshStreams).
@QuarkusTestResource(value = FreshStreams.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(SmtpServer.class)
@QuarkusTestResource(SmsApi.class)
class NotificationTests {

    // Wednesday 2031-09-17 10:00 UTC is 12:00 in Berlin.
    private static final Instant NOON_BERLIN = Instant.parse("2031-09-17T10:00:00Z");
    private static Connection nats;
    private static EventCapture published;

    @Inject
    EventCodec codec;

    @Inject
    AgroalDataSource database;
    @Inject
    Pool pool;

    /** Plays patient-contact: the keys the test patients' contact details are sealed under. */
    private static ContactKeyKeeper keys;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestNats.connect();
        published = EventCapture.subscribe("notification.>");
        keys = ContactKeyKeeper.start();
    }

    @AfterAll
    static void disconnect() throws Exception {
        published.close();
        nats.close();
        keys.close();
    }

    private void publish(String type, Object data, String aggregate, String messageId) throws Exception {
        CloudEvent event = codec.create(type, aggregate, data, Origin.service());
        nats.jetStream().publish(type, null, codec.serialize(event),
                PublishOptions.builder().messageId(messageId == null ? event.getId() : messageId).build());
    }

    private CloudEvent appointmentEvent(String type, String appointmentId, String patient, Instant time, long version,
            Instant previous, Reason reason) {
        return codec.create(type, appointmentId, new AppointmentEventData(appointmentId, patient, "doctor-456", time,
                time.plus(30, ChronoUnit.MINUTES), 30, "confirmed", version, "Europe/Berlin", previous, reason),
                Origin.service());
    }

    private void send(CloudEvent event, String messageId) throws Exception {
        nats.jetStream().publish(event.getType(), null, codec.serialize(event),
                PublishOptions.builder().messageId(messageId).build());
    }

    private String patientWithEmail() throws Exception {
        String patient = "patient-" + UUID.randomUUID();
        publish(Subjects.PATIENT_CREATED, new PatientEventData(patient, keys.seal(patient, new ContactDetails(
                "Jane Doe", patient + "@example.org", "+4930123456")), Map.of("email", true, "sms", false)), patient,
                null);
        // The contact comes through its own stream: wait for it, so the appointment events find it.
        awaitContact(patient, "email is not null");
        return patient;
    }

    private void awaitContact(String patient, String condition) {
        awaitOneRow("select count(*) from contact where patient_id = ? and " + condition, patient);
    }

    private void awaitOneRow(String countQuery, String parameter) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (java.sql.Connection connection = database.getConnection();
                    java.sql.PreparedStatement query = connection.prepareStatement(countQuery)) {
                query.setString(1, parameter);
                try (java.sql.ResultSet rows = query.executeQuery()) {
                    return rows.next() && rows.getLong(1) == 1;
                }
            }
        });
    }

    private static List<MimeMessage> mailTo(String address) throws Exception {
        return Arrays.stream(SmtpServer.server().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** The text of a mail: the whole of it, or its text part when an invitation goes with it. */
    private static String textOf(MimeMessage mail) throws Exception {
        Object content = mail.getContent();
        if (content instanceof String text) {
            return text.trim();
        }
        return ((String) ((MimeMultipart) content).getBodyPart(0).getContent()).trim();
    }

    /** The calendar a mail carries as appointment.ics, read by ical4j, with the part's content type. */
    private static Map.Entry<String, Calendar> invitationOf(MimeMessage mail) throws Exception {
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            var part = parts.getBodyPart(i);
            if ("appointment.ics".equals(part.getFileName())) {
                String text = new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return Map.entry(part.getContentType(), new CalendarBuilder().build(new StringReader(text)));
            }
        }
        throw new AssertionError("no appointment.ics in the mail");
    }

    private String patientWanting(String email, String phone, boolean byEmail, boolean bySms) throws Exception {
        String patient = "patient-" + UUID.randomUUID();
        publish(Subjects.PATIENT_CREATED, new PatientEventData(patient, keys.seal(patient, new ContactDetails(
                "Jane Doe", email, phone)), Map.of("email", byEmail, "sms", bySms)), patient, null);
        awaitContact(patient, "notify_sms = " + bySms);
        return patient;
    }

    @Test
    void aConfirmationCarriesACalendarInvitationAndTheCancellationItsCancel() throws Exception {
        String patient = patientWithEmail();
        String appointment = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, appointment, patient, NOON_BERLIN, 2, null, null),
                UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(patient + "@example.org").size() == 1);
        var invitation = invitationOf(mailTo(patient + "@example.org").get(0));
        assertTrue(invitation.getKey().toLowerCase(java.util.Locale.ROOT).contains("method=request"),
                invitation.getKey());
        Calendar request = invitation.getValue();
        assertEquals("REQUEST", request.getProperty("METHOD").get().getValue());
        VEvent event = request.<VEvent>getComponents("VEVENT").get(0);
        assertEquals(appointment + "@clinic", event.getUid().get().getValue());
        assertEquals("20310917T100000Z", event.getProperty("DTSTART").get().getValue());
        assertEquals("20310917T103000Z", event.getProperty("DTEND").get().getValue());
        assertEquals("2", event.getProperty("SEQUENCE").get().getValue());
        assertEquals("mailto:" + patient + "@example.org", event.getProperty("ATTENDEE").get().getValue());
        assertEquals("mailto:clinic@localhost", event.getProperty("ORGANIZER").get().getValue());

        send(appointmentEvent(Subjects.APPOINTMENT_CANCELLED, appointment, patient, NOON_BERLIN, 3, null,
                new Reason("cancelled_on_request", "Cancelled.")), UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(patient + "@example.org").size() == 2);
        MimeMessage cancelMail = mailTo(patient + "@example.org").stream().filter(m -> {
            try {
                return textOf(m).contains("cancelled");
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        Calendar cancel = invitationOf(cancelMail).getValue();
        assertEquals("CANCEL", cancel.getProperty("METHOD").get().getValue());
        VEvent cancelled = cancel.<VEvent>getComponents("VEVENT").get(0);
        assertEquals(appointment + "@clinic", cancelled.getUid().get().getValue());
        assertEquals("CANCELLED", cancelled.getProperty("STATUS").get().getValue());
        assertEquals("3", cancelled.getProperty("SEQUENCE").get().getValue());
    }

    @Test
    void aPatientWhoWantsSmsIsTextedThroughTheProviderAndOneWhoWantsBothGetsBoth() throws Exception {
        String textOnly = patientWanting(null, "+49 (30) 555-0101", false, true);
        String appointment = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, appointment, textOnly, NOON_BERLIN, 2, null, null),
                UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> SmsApi.sentTo("+49305550101").size() == 1);
        SmsApi.Received sms = SmsApi.sentTo("+49305550101").get(0);
        assertEquals(SmsApi.FROM, sms.form().get("From"));
        assertEquals("Your appointment on Wednesday 17 September 2031 at 12:00 (Europe/Berlin) is confirmed.",
                sms.form().get("Body"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(notificationsOf(appointment)
                .getString("[0].status")));
        given().get("/notifications/appointment/" + appointment).then().body("channel", equalTo(List.of("sms")));

        String both = patientWanting("both-" + UUID.randomUUID() + "@example.org", "0049 30 5550102", true, true);
        String second = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, second, both, NOON_BERLIN, 2, null, null),
                UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> notificationsOf(second).getList("status")
                .equals(List.of("sent", "sent")));
        assertEquals(java.util.Set.of("email", "sms"), java.util.Set.copyOf(notificationsOf(second).getList(
                "channel")));
        assertEquals(1, SmsApi.sentTo("+49305550102").size());
    }

    @Test
    void aProviderErrorIsRetriedAndARefusalFailsWithoutTheNumberInTheError() throws Exception {
        String patient = patientWanting(null, "+49305550200", false, true);
        SmsApi.answerNext(503);
        String retried = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, retried, patient, NOON_BERLIN, 2, null, null),
                UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(15)).until(() -> "sent".equals(notificationsOf(retried)
                .getString("[0].status")));
        assertEquals(2, notificationsOf(retried).getInt("[0].attempts"));

        SmsApi.answerNext(400, 400, 400);
        String refused = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_CANCELLED, refused, patient, NOON_BERLIN, 3, null,
                new Reason("cancelled_on_request", "Cancelled.")), UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(notificationsOf(refused)
                .getString("[0].status")));
        String error = notificationsOf(refused).getString("[0].error");
        assertTrue(error.contains("400"), error);
        assertTrue(!error.matches(".*\\d{6,}.*"), "no phone number in " + error);
    }

    @Test
    void aNumberWithoutItsCountryCannotBeTextedAndTheLogTellsInstead() throws Exception {
        String patient = patientWanting(null, "030 5550103", false, true);
        String appointment = UUID.randomUUID().toString();
        CloudEvent confirmed = appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, appointment, patient, NOON_BERLIN, 2,
                null, null);
        send(confirmed, confirmed.getId());
        HandledEvents.awaitHandled(pool, confirmed.getId());
        given().get("/notifications/appointment/" + appointment).then().body("channel", equalTo(List.of("log")))
                .body("status", equalTo(List.of("sent")));
        assertEquals(0, SmsApi.all().stream().filter(r -> String.valueOf(r.form().get("To")).endsWith("5550103"))
                .count());
    }

    private static JsonPath notificationsOf(String appointmentId) {
        return given().get("/notifications/appointment/" + appointmentId).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aConfirmedAppointmentSendsOneEmailWithTheLocalTime() throws Exception {
        String patient = patientWithEmail();
        String appointment = UUID.randomUUID().toString();
        CloudEvent confirmed = appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, appointment, patient, NOON_BERLIN, 2,
                null, null);

        send(confirmed, "one-" + confirmed.getId());
        send(confirmed, "two-" + confirmed.getId());

        await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(patient + "@example.org").size() == 1);
        MimeMessage mail = mailTo(patient + "@example.org").get(0);
        String body = textOf(mail);
        assertEquals("Your appointment on Wednesday 17 September 2031 at 12:00 (Europe/Berlin) is confirmed.", body);
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(notificationsOf(appointment)
                .getString("[0].status")));
        notificationsOf(appointment).getList("$");
        given().get("/notifications/appointment/" + appointment).then()
                .body("size()", equalTo(1))
                .body("[0].channel", equalTo("email"))
                .body("[0].notification_type", equalTo("appointment_confirmed"))
                .body("[0].patient_id", equalTo(patient))
                .body("[0].attempts", equalTo(1));
        Message sent = published.await(m -> m.getSubject().equals(Subjects.NOTIFICATION_SENT)
                && EventCapture.body(m).contains(appointment), 1, Duration.ofSeconds(10)).get(0);
        NotificationEventData data = codec.data(codec.parse(sent.getData()), NotificationEventData.class);
        assertEquals("email", data.channel());
        assertEquals(patient, data.patientId());
        Thread.sleep(500);
        assertEquals(1, mailTo(patient + "@example.org").size(), "the duplicate event sent nothing");
    }

    @Test
    void aPatientWithoutKnownContactIsNotifiedInTheLog() throws Exception {
        String appointment = UUID.randomUUID().toString();

        CloudEvent confirmed = appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, appointment,
                "patient-unknown-" + UUID.randomUUID(), NOON_BERLIN, 2, null, null);
        send(confirmed, "one-" + confirmed.getId());
        send(confirmed, "two-" + confirmed.getId());

        // Written to the log and recorded sent in the transaction that handled the event: never seen pending.
        HandledEvents.awaitHandled(pool, confirmed.getId());
        given().get("/notifications/appointment/" + appointment).then()
                .body("size()", equalTo(1))
                .body("[0].channel", equalTo("log"))
                .body("[0].status", equalTo("sent"))
                .body("[0].attempts", equalTo(1))
                .body("[0].sent_at", notNullValue());
        Message sent = published.await(m -> m.getSubject().equals(Subjects.NOTIFICATION_SENT)
                && EventCapture.body(m).contains(appointment), 1, Duration.ofSeconds(10)).get(0);
        assertEquals("log", codec.data(codec.parse(sent.getData()), NotificationEventData.class).channel());
    }

    @Test
    void rejectedRescheduledAndCancelledEachSendTheirMessage() throws Exception {
        String patient = patientWithEmail();
        String appointment = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_RESCHEDULED, appointment, patient, NOON_BERLIN, 4,
                NOON_BERLIN.minus(1, ChronoUnit.DAYS), null), UUID.randomUUID().toString());
        // Events are handled concurrently and only an appointment's newest version is told: sent together, the
        // cancellation could be handled first and make the move stale. A patient's events come apart in time.
        await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(patient + "@example.org").size() == 1);
        send(appointmentEvent(Subjects.APPOINTMENT_CANCELLED, appointment, patient, NOON_BERLIN, 5, null,
                new Reason("cancelled_on_request", "Cancelled.")), UUID.randomUUID().toString());
        String rejected = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_REJECTED, rejected, patient, NOON_BERLIN, 2, null,
                new Reason("time_off", "The doctor is away.")), UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(patient + "@example.org").size() == 3);
        List<String> bodies = mailTo(patient + "@example.org").stream().map(m -> {
            try {
                return textOf(m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertTrue(bodies.contains("Your appointment on Tuesday 16 September 2031 at 12:00 (Europe/Berlin) has moved"
                + " to Wednesday 17 September 2031 at 12:00 (Europe/Berlin)."), bodies.toString());
        assertTrue(bodies.contains("Your appointment on Wednesday 17 September 2031 at 12:00 (Europe/Berlin) has been"
                + " cancelled."), bodies.toString());
        assertTrue(bodies.contains("Your appointment on Wednesday 17 September 2031 at 12:00 (Europe/Berlin) could"
                + " not be booked: The doctor is away."), bodies.toString());
    }

    @Test
    void aConfirmationArrivingAfterTheCancellationTellsNothing() throws Exception {
        String patient = patientWithEmail();
        String appointment = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_CANCELLED, appointment, patient, NOON_BERLIN, 3, null,
                new Reason("cancelled_on_request", "Cancelled.")), UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> mailTo(patient + "@example.org").size() == 1);

        CloudEvent late = appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, appointment, patient, NOON_BERLIN, 2, null,
                null);
        send(late, UUID.randomUUID().toString());
        HandledEvents.awaitHandled(pool, late.getId());

        assertEquals(List.of("appointment_cancelled"), notificationsOf(appointment).getList("notification_type"));
        assertEquals(1, mailTo(patient + "@example.org").size());
    }

    /**
     * An SMTP server that accepts and never answers: the send hangs until its timeout (2 s in tests), and the
     * notification's row stays free meanwhile (the claim committed before the send began).
     */
    @Test
    void aHangingSmtpServerHoldsNoTransactionAndNoRowLock() throws Exception {
        String patient = patientWithEmail();
        String appointment = UUID.randomUUID().toString();
        SmtpServer.stopServer();
        try (java.net.ServerSocket tarpit = new java.net.ServerSocket()) {
            tarpit.setReuseAddress(true);
            // GreenMail lets go of its port a moment after it stopped.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                tarpit.bind(new java.net.InetSocketAddress("127.0.0.1", SmtpServer.port()), 50);
                return true;
            });
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(tarpit.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, appointment, patient, NOON_BERLIN, 2, null, null),
                    UUID.randomUUID().toString());

            // While the send hangs: the notification is claimed, yet nothing holds its row or a transaction.
            await().atMost(Duration.ofSeconds(10)).until(() -> !held.isEmpty());
            // A statement of its own (autocommit): the lock, when it is taken, ends with it.
            int lockable = pool.preparedQuery("select id from notification where appointment_id = $1 and attempts = 1"
                    + " for update nowait").execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(appointment)))
                    .await().atMost(Duration.ofSeconds(5)).size();
            assertEquals(1, lockable, "claimed, and lockable while its e-mail is being sent");
            for (java.net.Socket socket : held) {
                socket.close();
            }
        } finally {
            SmtpServer.startServer();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(notificationsOf(appointment)
                .getString("[0].status")));
    }

    @Test
    void whileSmtpIsDownDeliveryIsRetriedThenFailedAndLaterMailSucceeds() throws Exception {
        String patient = patientWithEmail();
        String lost = UUID.randomUUID().toString();
        SmtpServer.stopServer();
        try {
            send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, lost, patient, NOON_BERLIN, 2, null, null),
                    UUID.randomUUID().toString());

            await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(notificationsOf(lost)
                    .getString("[0].status")));
        } finally {
            SmtpServer.startServer();
        }
        JsonPath failed = notificationsOf(lost);
        assertEquals(3, failed.getInt("[0].attempts"), "retried up to the maximum");
        assertTrue(failed.getString("[0].error") != null && !failed.getString("[0].error").isBlank());
        Message announced = published.await(m -> m.getSubject().equals(Subjects.NOTIFICATION_FAILED)
                && EventCapture.body(m).contains(lost), 1, Duration.ofSeconds(10)).get(0);
        assertTrue(codec.data(codec.parse(announced.getData()), NotificationEventData.class).error() != null);

        String later = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, later, patient, NOON_BERLIN.plus(1, ChronoUnit.DAYS), 2,
                null, null), UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(15)).until(() -> "sent".equals(notificationsOf(later)
                .getString("[0].status")));
        await().atMost(Duration.ofSeconds(5)).until(() -> mailTo(patient + "@example.org").size() == 1);
    }

    @Test
    void aReminderFiresAtItsTimeAndNotAfterACancel() throws Exception {
        String patient = patientWithEmail();
        // With the default 24 h lead, an appointment 24 h and 2 s away is reminded of in 2 s.
        Instant soon = Instant.now().plus(24, ChronoUnit.HOURS).plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        String reminded = UUID.randomUUID().toString();
        String cancelled = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, reminded, patient, soon, 2, null, null),
                UUID.randomUUID().toString());
        send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, cancelled, patient, soon, 2, null, null),
                UUID.randomUUID().toString());
        send(appointmentEvent(Subjects.APPOINTMENT_CANCELLED, cancelled, patient, soon, 3, null,
                new Reason("cancelled_on_request", "Cancelled.")), UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(15)).until(() -> notificationsOf(reminded).getList("notification_type")
                .contains("appointment_reminder"));
        Thread.sleep(2000);
        // Whichever of the two arrived first, the cancellation is told and no reminder follows.
        List<String> told = notificationsOf(cancelled).getList("notification_type");
        assertTrue(told.contains("appointment_cancelled") && !told.contains("appointment_reminder"), told.toString());
        assertEquals(1, notificationsOf(reminded).getList("notification_type").stream()
                .filter("appointment_reminder"::equals).count());
    }

    @Test
    void erasingAPatientErasesTheCopyOfTheContact() throws Exception {
        String patient = patientWithEmail();
        String before = UUID.randomUUID().toString();
        send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, before, patient, NOON_BERLIN, 2, null, null),
                UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(notificationsOf(before)
                .getString("[0].status")));

        // A late update from before the erasure must not bring the data back.
        CloudEvent late = codec.create(Subjects.PATIENT_UPDATED, patient, new PatientEventData(patient,
                keys.seal(patient, new ContactDetails("Jane Doe", patient + "@example.org", null)),
                Map.of("email", true)), Origin.service());
        keys.erase(patient);
        publish(Subjects.PATIENT_DELETED, PatientEventData.deleted(patient), patient, null);
        awaitContact(patient, "erased");
        String after = UUID.randomUUID().toString();
        send(late, late.getId());
        HandledEvents.awaitHandled(pool, late.getId());
        send(appointmentEvent(Subjects.APPOINTMENT_CANCELLED, after, patient, NOON_BERLIN, 3, null, null),
                UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(notificationsOf(after)
                .getString("[0].status")));
        assertEquals("log", notificationsOf(after).getString("[0].channel"));
    }

    /**
     * A patient event whose key cannot be had (patient-contact away) waits, as for a database outage: it is neither
     * applied without its details nor dead-lettered, and is applied once the key can be asked for again.
     */
    @Test
    void aPatientEventWaitsForItsKeyWhilePatientContactIsAway() throws Exception {
        String patient = "patient-" + UUID.randomUUID();
        String sealed = keys.seal(patient, new ContactDetails("Jane Doe", patient + "@example.org", null));
        keys.close();
        try {
            publish(Subjects.PATIENT_CREATED, new PatientEventData(patient, sealed, Map.of("email", true)), patient,
                    null);
            Thread.sleep(3000);
            assertEquals(0, countRows("select count(*) from contact where patient_id = ?", patient));
        } finally {
            keys = ContactKeyKeeper.start(keys.keys());
        }
        // Applied, so never dead-lettered (a dead letter is terminated, not applied).
        awaitContact(patient, "email is not null");
    }

    private long countRows(String query, String parameter) throws Exception {
        try (java.sql.Connection connection = database.getConnection();
                java.sql.PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, parameter);
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void listsArePagedAndFilteredByPatient() throws Exception {
        String patient = "patient-list-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            send(appointmentEvent(Subjects.APPOINTMENT_CONFIRMED, UUID.randomUUID().toString(), patient,
                    NOON_BERLIN.plus(i, ChronoUnit.DAYS), 2, null, null), UUID.randomUUID().toString());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/notifications/patient/" + patient).then()
                .extract().jsonPath().getList("$").size() == 3);

        given().queryParam("size", 2).get("/notifications/patient/" + patient).then().statusCode(200)
                .header("X-Total-Count", "3").body("size()", equalTo(2))
                .header("Link", org.hamcrest.Matchers.containsString("rel=\"next\""));
        given().get("/notifications").then().statusCode(200).body("patient_id", hasItem(patient));
        given().get("/notifications/appointment/not-a-uuid").then().statusCode(400);
        given().queryParam("page", 0).get("/notifications").then().statusCode(400);
    }
}
