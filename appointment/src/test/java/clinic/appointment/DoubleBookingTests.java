package clinic.appointment;

import static clinic.appointment.TestSupport.book;
import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.concurrently;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.post;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The exclusion constraint makes a doctor's overlapping bookings impossible, races included. */
@QuarkusTest
class DoubleBookingTests {

    @Test
    void twentyConcurrentBookingsOfOneSlotGiveOne201AndNineteen409() throws Exception {
        String doctor = doctor();
        Instant time = slot();
        List<Callable<Response>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(() -> post(booking(patient(), doctor, time)));
        }
        List<Response> responses = concurrently(attempts);

        List<Response> created = responses.stream().filter(r -> r.statusCode() == 201).toList();
        List<Response> refused = responses.stream().filter(r -> r.statusCode() == 409).toList();
        assertEquals(1, created.size(), "exactly one booking wins");
        assertEquals(19, refused.size(), "every other booking is refused");
        String winner = created.get(0).jsonPath().getString("id");
        for (Response conflict : refused) {
            assertEquals("application/problem+json", conflict.contentType());
            assertEquals(winner, conflict.jsonPath().getString("conflicting_appointment_id"));
        }
        given().get("/appointments/doctor/" + doctor).then().header("X-Total-Count", "1");
    }

    /**
     * Overlapping but different ranges meet in the exclusion constraint's index in different orders, which makes
     * PostgreSQL break deadlocks among them (40P01): the losers run again, so each answers its real outcome.
     */
    @Test
    void concurrentOverlappingBookingsOfOneDoctorAnswerOne201AndOnly409s() throws Exception {
        String doctor = doctor();
        Instant first = slot();
        int bookings = 40;
        List<Callable<Response>> attempts = new ArrayList<>();
        for (int i = 0; i < bookings; i++) {
            Instant start = first.plus(i, ChronoUnit.MINUTES);
            // 8 hours each, starts a minute apart: every pair overlaps.
            attempts.add(() -> post(Map.of("patient_id", patient(), "doctor_id", doctor, "appointment_time",
                    start.toString(), "duration_minutes", 480)));
        }
        List<Integer> statuses = concurrently(attempts).stream().map(Response::statusCode).toList();

        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(bookings - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        given().get("/appointments/doctor/" + doctor).then().header("X-Total-Count", "1");
    }

    @Test
    void anOverlappingBookingIs409NamingTheAppointmentInTheWay() {
        String doctor = doctor();
        Instant time = slot();
        String first = book(patient(), doctor, time).getString("id");

        post(Map.of("patient_id", patient(), "doctor_id", doctor, "appointment_time",
                time.plus(15, ChronoUnit.MINUTES).toString(), "duration_minutes", 30))
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(first))
                .body("conflicting_appointment_id", equalTo(first));
    }

    @Test
    void backToBackBookingsAreFine() {
        String doctor = doctor();
        Instant time = slot();
        book(patient(), doctor, time);

        book(patient(), doctor, time.plus(30, ChronoUnit.MINUTES));
        book(patient(), doctor, time.minus(30, ChronoUnit.MINUTES));
    }

    @Test
    void anotherDoctorAtTheSameTimeIsFine() {
        Instant time = slot();
        book(patient(), doctor(), time);

        book(patient(), doctor(), time);
    }

    @Test
    void aRescheduleIntoAnotherAppointmentIs409AndKeepsTheTime() throws Exception {
        // Reschedules need a confirmed appointment: see SagaTests for the confirmed path; here, the overlap check.
        String doctor = doctor();
        Instant time = slot();
        Instant other = time.plus(2, ChronoUnit.HOURS);
        String blocking = book(patient(), doctor, other).getString("id");
        String id = SagaTests.bookConfirmed(patient(), doctor, time);

        given().contentType(ContentType.JSON).body(Map.of("appointment_time", other.toString()))
                .put("/appointments/" + id).then().statusCode(409)
                .body("conflicting_appointment_id", equalTo(blocking));

        given().get("/appointments/" + id).then().body("appointment_time", equalTo(time.toString()))
                .body("pending_reschedule", org.hamcrest.Matchers.nullValue()).body("status", equalTo("confirmed"));
    }
}
