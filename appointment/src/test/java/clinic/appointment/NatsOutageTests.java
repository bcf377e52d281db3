package clinic.appointment;

import static clinic.appointment.TestSupport.book;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import clinic.eventbus.Subjects;
import clinic.eventbus.testing.EventCapture;
import clinic.eventbus.testing.TestNats;
import io.quarkus.test.junit.QuarkusTest;

/** Bookings do not depend on NATS being up: the outbox keeps the event until it can be published. */
@QuarkusTest
class NatsOutageTests {

    /** Ready (200) only while NATS is connected: NatsReadiness in the readiness checks. */
    private static boolean ready() {
        return given().get("/q/health/ready").statusCode() == 200;
    }

    @Test
    void aBookingWhileNatsIsDownIsAcceptedAndAnnouncedWhenItIsBack() throws Exception {
        assumeTrue(TestNats.controllable(), "needs the NATS server the test run starts (scripts/test-environment.sh)");
        await().atMost(Duration.ofSeconds(20)).until(NatsOutageTests::ready);
        String id;
        TestNats.stop();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !ready());
            id = book(patient(), doctor(), slot()).getString("id");
        } finally {
            TestNats.start();
        }

        EventCapture.awaitStored("APPOINTMENTS", Subjects.APPOINTMENT_SCHEDULED,
                m -> EventCapture.body(m).contains(id), Duration.ofSeconds(30));
    }
}
