package clinic.appointment;

import static clinic.appointment.TestSupport.booking;
import static clinic.appointment.TestSupport.concurrently;
import static clinic.appointment.TestSupport.doctor;
import static clinic.appointment.TestSupport.patient;
import static clinic.appointment.TestSupport.slot;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.appointment.service.IdempotencyKeys;
import clinic.http.testing.Tokens;
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
    IdempotencyKeys keys;
    @Inject
    Pool pool;

    @Test
    void concurrentRequestsWithOneKeyAnswerTheSame201AndBodyForOneAppointment() throws Exception {
        String key = UUID.randomUUID().toString();
        String doctor = doctor();
        Map<String, Object> body = booking(patient(), doctor, slot());
        int requests = 16;
        List<Callable<Response>> sends = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            sends.add(() -> given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                    .post("/appointments"));
        }
        List<Response> answers = concurrently(sends);

        String first = answers.get(0).asString();
        for (Response answer : answers) {
            assertEquals(201, answer.statusCode(), answer.asString());
            assertEquals(first, answer.asString(), "every answer is the booking as it was accepted");
        }
        given().get("/appointments/doctor/" + doctor).then().header("X-Total-Count", "1");
    }

    @Test
    void aKeyBelongsToItsCallerAnotherCallerWithTheSameKeyBooksAnew() {
        String key = UUID.randomUUID().toString();
        String patientA = patient();
        String patientB = patient();
        Map<String, Object> asA = booking(patientA, doctor(), slot());
        String booked = book(Tokens.patient(patientA), key, asA).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue()).extract().path("id");

        // Another caller's same key is their own: a booking of theirs, no word of the other one (no 422).
        Response other = book(Tokens.patient(patientB), key, booking(patientB, doctor(), slot()));
        assertEquals(201, other.statusCode(), other.asString());
        assertNull(other.header("Idempotent-Replayed"));
        assertNotEquals(booked, other.path("id"));
        // Staff's same key with the patient's very body is staff's own too: a booking of its own, not a replay of
        // the patient's (refused here, as the doctor's time is taken by it).
        book(Tokens.staff(), key, asA).then().statusCode(409).header("Idempotent-Replayed", nullValue());

        book(Tokens.patient(patientA), key, asA).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(booked));
    }

    private static Response book(String token, String key, Map<String, Object> body) {
        return given().header("Authorization", Tokens.header(token)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/appointments");
    }

    @Test
    void aKeyIsForgottenAfterItsRetentionAndKeptBefore() throws Throwable {
        String kept = UUID.randomUUID().toString();
        String expired = UUID.randomUUID().toString();
        UUID appointment = UUID.fromString(given().contentType(ContentType.JSON)
                .body(booking(patient(), doctor(), slot())).post("/appointments").then().statusCode(201).extract()
                .path("id"));
        for (String key : List.of(kept, expired)) {
            pool.preparedQuery("insert into idempotency_key (owner, key, request_hash, appointment_id, created_at)"
                    + " values ('admin-1', $1, 'hash', $2, now() - make_interval(hours => $3))")
                    .execute(Tuple.of(key, appointment, key.equals(kept) ? 23 : 25))
                    .await().atMost(Duration.ofSeconds(5));
        }

        VertxContextSupport.subscribeAndAwait(() -> keys.prune());

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
