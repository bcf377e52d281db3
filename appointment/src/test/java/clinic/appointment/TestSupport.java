package clinic.appointment;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.Reason;
import clinic.eventbus.testing.TestNats;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Bookings with unique doctors and times, and doctor-availability's answers published as that service would. */
final class TestSupport {

    /** A day far enough ahead that every booking is in the future. */
    static final Instant DAY = Instant.parse("2031-03-10T00:00:00Z");
    private static final AtomicInteger SLOT = new AtomicInteger();

    private TestSupport() {
    }

    static String doctor() {
        return "doctor-" + UUID.randomUUID();
    }

    static String patient() {
        return "patient-" + UUID.randomUUID();
    }

    /** A distinct future half hour for each call, so tests never collide. */
    static Instant slot() {
        return DAY.plus(SLOT.incrementAndGet() * 30L, ChronoUnit.MINUTES);
    }

    static Map<String, Object> booking(String patient, String doctor, Instant time) {
        return Map.of("patient_id", patient, "doctor_id", doctor, "appointment_time", time.toString(),
                "duration_minutes", 30, "notes", "Regular checkup");
    }

    static Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/appointments");
    }

    static JsonPath book(String patient, String doctor, Instant time) {
        return post(booking(patient, doctor, time)).then().statusCode(201).extract().jsonPath();
    }

    static JsonPath get(String id) {
        return given().get("/appointments/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static Connection shared;

    /** One connection for the test JVM, as another service would have. */
    static synchronized Connection nats() throws IOException, InterruptedException {
        if (shared == null) {
            shared = Nats.connect(TestNats.options("operator").maxReconnects(-1).build());
        }
        return shared;
    }

    /** doctor-availability's answer for the appointment's booked (or requested) range. */
    static CloudEvent answer(EventCodec codec, String type, JsonPath appointment, Instant start, Reason reason) {
        Instant end = start.plus(appointment.getInt("duration_minutes"), ChronoUnit.MINUTES);
        if (appointment.get("pending_reschedule") != null) {
            end = Instant.parse(appointment.getString("pending_reschedule.end_time"));
        }
        AvailabilityEventData data = new AvailabilityEventData(appointment.getString("id"),
                appointment.getString("doctor_id"), start, end, "Europe/Berlin", appointment.getLong("version"),
                reason);
        return codec.create(type, appointment.getString("id"), data, Origin.service());
    }

    static void publish(Connection nats, EventCodec codec, CloudEvent event, String messageId)
            throws IOException, JetStreamApiException {
        nats.jetStream().publish(event.getType(), null, codec.serialize(event),
                PublishOptions.builder().messageId(messageId).build());
    }

    /** Runs the calls at once, each on a thread of its own, and answers their results in order. */
    static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        List<T> results = new ArrayList<>();
        try {
            for (Future<T> result : threads.invokeAll(calls)) {
                results.add(result.get());
            }
        } finally {
            threads.shutdown();
        }
        return results;
    }
}
