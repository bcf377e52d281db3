package clinic.appointment;

import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.appointment.service.AppointmentService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** One Idempotency-Key, one booking: whatever the race between its requests, and for as long as it is kept. */
@QuarkusTest
class IdempotencyTests {

    @Inject
    AppointmentService service;
    @Inject
    Pool pool;

    @Test
    void concurrentRequestsWithOneKeyAnswerTheSame201AndBodyForOneAppointment() throws Exception {
        String key = UUID.randomUUID().toString();
        String doctor = doctor();
        Map<String, Object> body = booking(patient(), doctor, slot());
        int requests = 16;
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        List<Callable<Response>> sends = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            sends.add(() -> given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                    .post("/appointments"));
        }
        List<Response> answers = new ArrayList<>();
        try {
            for (Future<Response> answer : threads.invokeAll(sends)) {
                answers.add(answer.get());
            }
        } finally {
            threads.shutdown();
        }

        String first = answers.get(0).asString();
        for (Response answer : answers) {
            assertEquals(201, answer.statusCode(), answer.asString());
            assertEquals(first, answer.asString(), "every answer is the booking as it was accepted");
        }
        given().get("/appointments/doctor/" + doctor).then().header("X-Total-Count", "1");
    }

    @Test
    void aKeyIsForgottenAfterItsRetentionAndKeptBefore() throws Throwable {
        String kept = UUID.randomUUID().toString();
        String expired = UUID.randomUUID().toString();
        UUID appointment = UUID.fromString(given().contentType(ContentType.JSON)
                .body(booking(patient(), doctor(), slot())).post("/appointments").then().statusCode(201).extract()
                .path("id"));
        for (String key : List.of(kept, expired)) {
            pool.preparedQuery("insert into idempotency_key (key, request_hash, appointment_id, created_at)"
                    + " values ($1, 'hash', $2, now() - make_interval(hours => $3))")
                    .execute(Tuple.of(key, appointment, key.equals(kept) ? 23 : 25))
                    .await().atMost(Duration.ofSeconds(5));
        }

        VertxContextSupport.subscribeAndAwait(() -> service.pruneIdempotencyKeys());

        assertEquals(List.of(kept), keys(List.of(kept, expired)));
    }

    private List<String> keys(List<String> among) {
        List<String> found = new ArrayList<>();
        pool.preparedQuery("select key from idempotency_key where key = any($1) order by key")
                .execute(Tuple.of(among.toArray(String[]::new))).await().atMost(Duration.ofSeconds(5))
                .forEach(row -> found.add(row.getString("key")));
        return found;
    }
}
