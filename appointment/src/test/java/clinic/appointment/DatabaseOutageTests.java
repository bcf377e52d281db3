package clinic.appointment;

import static clinic.appointment.TestSupport.book;
import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.post;
import static clinic.appointment.TestSupport.slot;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.DatabaseOutage;
import io.quarkus.test.junit.QuarkusTest;

/** A request while the database refuses connections changes nothing and says when to try again. */
@QuarkusTest
class DatabaseOutageTests {

    @Test
    void aBookingDuringAnOutageIs503WithRetryAfterAndWorksOnceItEnds() throws Exception {
        String doctor = doctor();
        Instant time = slot();

        try (DatabaseOutage outage = DatabaseOutage.begin()) {
            post(booking(patient(), doctor, time)).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5")
                    .body("status", equalTo(503)).body("detail", containsString("database"));
        }

        book(patient(), doctor, time);
        // And the service is ready again: no connection the outage killed is still handed out.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> io.restassured
                .RestAssured.given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200));
    }
}
