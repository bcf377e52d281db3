package clinic.appointment;

import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.nats;
import static clinic.appointment.TestSupport.publish;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.DoctorSettings;
import clinic.eventbus.testing.HandledEvents;
import clinic.http.testing.Tokens;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A doctor's notices, as doctor-availability announces them: a patient who books, cancels or moves too late is
 * refused with a 409 that says how much notice the doctor asks; staff may act sooner, and the audit log says so.
 */
@io.quarkus.test.junit.QuarkusTest
class NoticeTests {

    @Inject
    EventCodec codec;
    @Inject
    Pool pool;

    /** A doctor asking two hours' notice to book and a day's to cancel or move, as announced at {@code at}. */
    private CloudEvent announced(String doctor, int bookingNotice, int cancelNotice, Instant at) {
        AvailabilityEventData data = new AvailabilityEventData(null, doctor, null, null, "Europe/Berlin", null, null,
                new DoctorSettings(true, 0, 0, bookingNotice, cancelNotice));
        CloudEvent event = codec.create(Subjects.AVAILABILITY_UPDATED, doctor, data, Origin.service());
        return CloudEventBuilder.v1(event).withTime(at.atOffset(ZoneOffset.UTC)).build();
    }

    private String doctorAskingNotice() throws Exception {
        String doctor = TestSupport.doctor();
        CloudEvent event = announced(doctor, 120, 1440, Instant.now());
        publish(nats(), codec, event, event.getId());
        HandledEvents.awaitHandled(pool, event.getId());
        return doctor;
    }

    private static Response send(String method, String path, Object body, String token) {
        var request = given().header("Authorization", token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.request(method, path);
    }

    private long overrides(String rule, String appointmentId) {
        return pool.preparedQuery("select count(*) from audit_log where action = 'override' and resource = $1"
                + " and resource_id = $2").executeAndAwait(Tuple.of(rule, appointmentId)).iterator().next()
                .getLong(0);
    }

    @Test
    void aPatientBooksNoSoonerThanTheDoctorsNoticeStaffMayAndAreAudited() throws Exception {
        String doctor = doctorAskingNotice();
        String patient = TestSupport.patient();
        String patientToken = Tokens.header(Tokens.patient(patient));
        Instant inAnHour = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);

        send("POST", "/appointments", booking(patient, doctor, inAnHour), patientToken).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("2 hours ahead"));
        given().get("/appointments/patient/" + patient).then().statusCode(200).header("X-Total-Count", "0");

        String booked = send("POST", "/appointments", booking(patient, doctor, inAnHour),
                Tokens.header(Tokens.staff())).then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(5)).until(() -> overrides("booking_notice", booked) == 1);

        send("POST", "/appointments", booking(patient, doctor, inAnHour.plus(3, ChronoUnit.HOURS)), patientToken)
                .then().statusCode(201);
    }

    @Test
    void aPatientCancelsOrMovesNoLaterThanTheDoctorsNoticeStaffMay() throws Exception {
        String doctor = doctorAskingNotice();
        String patient = TestSupport.patient();
        String patientToken = Tokens.header(Tokens.patient(patient));
        Instant tonight = Instant.now().plus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        String soon = send("POST", "/appointments", booking(patient, doctor, tonight), patientToken).then()
                .statusCode(201).extract().path("id");

        send("DELETE", "/appointments/" + soon, null, patientToken).then().statusCode(409)
                .body("detail", containsString("1 day notice"));
        send("PUT", "/appointments/" + soon, Map.of("status", "cancelled"), patientToken).then().statusCode(409);
        send("PUT", "/appointments/" + soon, Map.of("appointment_time", tonight.plus(2, ChronoUnit.DAYS).toString()),
                patientToken).then().statusCode(409);
        send("PUT", "/appointments/" + soon, Map.of("notes", "Fasting"), patientToken).then().statusCode(200);
        assertEquals("scheduled", TestSupport.get(soon).getString("status"));
        assertEquals(tonight.toString().replace(".000", ""), TestSupport.get(soon).getString("appointment_time"));

        send("DELETE", "/appointments/" + soon, null, Tokens.header(Tokens.staff())).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> overrides("cancel_notice", soon) == 1);
        send("DELETE", "/appointments/" + soon, null, patientToken).then().statusCode(200);

        String later = send("POST", "/appointments", booking(patient, doctor, tonight.plus(3, ChronoUnit.DAYS)),
                patientToken).then().statusCode(201).extract().path("id");
        send("DELETE", "/appointments/" + later, null, patientToken).then().statusCode(200);
        assertEquals(0, overrides("cancel_notice", later));
    }

    @Test
    void anOlderAnnouncementArrivingLateChangesNothing() throws Exception {
        String doctor = doctorAskingNotice();
        CloudEvent older = announced(doctor, 0, 0, Instant.now().minus(1, ChronoUnit.HOURS));
        publish(nats(), codec, older, older.getId());
        HandledEvents.awaitHandled(pool, older.getId());
        String patient = TestSupport.patient();
        send("POST", "/appointments", booking(patient, doctor, Instant.now().plus(1, ChronoUnit.HOURS)),
                Tokens.header(Tokens.patient(patient))).then().statusCode(409);

        CloudEvent newer = announced(doctor, 0, 0, Instant.now());
        publish(nats(), codec, newer, newer.getId());
        HandledEvents.awaitHandled(pool, newer.getId());
        send("POST", "/appointments", booking(patient, doctor, Instant.now().plus(1, ChronoUnit.HOURS)),
                Tokens.header(Tokens.patient(patient))).then().statusCode(201);
    }
}
