package clinic.appointment;

import static clinic.appointment.TestSupport.nats;
import static clinic.appointment.TestSupport.publish;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.WaitlistEventData;
import clinic.eventbus.testing.HandledEvents;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** A waitlist offer accepted in doctor-availability becomes the appointment it names, through the saga. */
@QuarkusTest
class WaitlistBookingTests {

    @Inject
    EventCodec codec;
    @Inject
    Pool pool;

    private CloudEvent accepted(String appointmentId, String patient, String doctor, Instant start) {
        WaitlistEventData data = new WaitlistEventData(UUID.randomUUID().toString(), appointmentId, patient, doctor,
                start, start.plus(30, ChronoUnit.MINUTES), 30, "UTC", null);
        return codec.create(Subjects.AVAILABILITY_WAITLIST_ACCEPTED, data.entryId(), data, Origin.service());
    }

    @Test
    void anAcceptedOfferIsBookedOnceUnderItsIdAndGoesThroughTheSaga() throws Exception {
        String id = UUID.randomUUID().toString();
        String patient = TestSupport.patient();
        Instant start = TestSupport.slot();
        CloudEvent event = accepted(id, patient, TestSupport.doctor(), start);
        publish(nats(), codec, event, event.getId());
        publish(nats(), codec, event, "again-" + event.getId());
        HandledEvents.awaitHandled(pool, event.getId());
        JsonPath booked = TestSupport.get(id);
        assertEquals("scheduled", booked.getString("status"));
        assertEquals(patient, booked.getString("patient_id"));
        assertEquals(start.toString(), booked.getString("appointment_time"));
        given().get("/appointments/patient/" + patient).then().header("X-Total-Count", "1");
        CloudEvent blocked = TestSupport.answer(codec, Subjects.AVAILABILITY_BLOCKED, booked, start, null);
        publish(nats(), codec, blocked, blocked.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> "confirmed".equals(TestSupport.get(id)
                .getString("status")));
    }

    @Test
    void anOfferWaitsForABookingHereThatDoctorAvailabilityWillRefuseThenIsBooked() throws Exception {
        String doctor = TestSupport.doctor();
        Instant start = TestSupport.slot();
        JsonPath before = TestSupport.book(TestSupport.patient(), doctor, start);
        String id = UUID.randomUUID().toString();
        CloudEvent event = accepted(id, TestSupport.patient(), doctor, start);
        publish(nats(), codec, event, event.getId());
        Thread.sleep(1500);
        given().get("/appointments/" + id).then().statusCode(404);

        CloudEvent refused = TestSupport.answer(codec, Subjects.AVAILABILITY_CONFLICT, before, start,
                new clinic.eventbus.payload.Reason("overlap", "The time is held for a patient on the waitlist."));
        publish(nats(), codec, refused, refused.getId());
        await().atMost(Duration.ofSeconds(15)).until(() -> given().get("/appointments/" + id).statusCode() == 200);
        assertEquals("scheduled", TestSupport.get(id).getString("status"));
        assertEquals("rejected", TestSupport.get(before.getString("id")).getString("status"));
    }

    @Test
    void anOfferWhoseTimeWasConfirmedHereMeanwhileIsMadeRejectedSayingSo() throws Exception {
        String doctor = TestSupport.doctor();
        Instant start = TestSupport.slot();
        SagaTests.bookConfirmed(TestSupport.patient(), doctor, start);
        String id = UUID.randomUUID().toString();
        CloudEvent event = accepted(id, TestSupport.patient(), doctor, start);
        publish(nats(), codec, event, event.getId());
        HandledEvents.awaitHandled(pool, event.getId());
        JsonPath rejected = TestSupport.get(id);
        assertEquals("rejected", rejected.getString("status"));
        assertEquals("overlap", rejected.getString("status_reason.code"));
        given().get("/appointments/" + id + "/history").then().statusCode(200);
    }
}
