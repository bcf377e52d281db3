package clinic.doctoravailability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.AtomicSeries;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.Reason;
import clinic.eventbus.testing.EventCapture;
import clinic.eventbus.testing.HandledEvents;
import clinic.eventbus.testing.TestNats;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A series booked all or none: whichever of its occurrences' events comes first, every occurrence is held in that
 * one transaction or none is, each answered once, whatever order and concurrency its events come in.
 */
@QuarkusTest
class AtomicSeriesTests {

    private static Connection nats;
    private static EventCapture answers;

    @Inject
    EventCodec codec;
    @Inject
    Pool pool;

    @BeforeAll
    static void connect() throws Exception {
        nats = TestNats.connect();
        answers = EventCapture.subscribe("availability.>");
    }

    @AfterAll
    static void disconnect() throws Exception {
        answers.close();
        nats.close();
    }

    /** A weekly series of {@code count} half hours from {@code first}, as the appointment service books it. */
    private static AtomicSeries weekly(Instant first, int count) {
        List<AtomicSeries.Occurrence> occurrences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant start = first.plus(7L * i, ChronoUnit.DAYS);
            occurrences.add(new AtomicSeries.Occurrence(UUID.randomUUID().toString(), start,
                    start.plus(30, ChronoUnit.MINUTES), 1));
        }
        return new AtomicSeries(UUID.randomUUID().toString(), occurrences);
    }

    /** The scheduled event of each occurrence, every one carrying the series, in the order given. */
    private List<CloudEvent> scheduled(String doctor, AtomicSeries series) {
        return series.occurrences().stream().map(o -> {
            AppointmentEventData data = new AppointmentEventData(o.appointmentId(), "patient-series", doctor,
                    o.appointmentTime(), o.endTime(), 30, "scheduled", o.version(), "UTC", null, null, series);
            return codec.create(Subjects.APPOINTMENT_SCHEDULED, o.appointmentId(), data, Origin.service());
        }).toList();
    }

    private void publish(CloudEvent event) throws Exception {
        nats.jetStream().publish(event.getType(), codec.serialize(event));
    }

    private List<CloudEvent> publishAll(List<CloudEvent> events) throws Exception {
        for (CloudEvent event : events) {
            publish(event);
        }
        return events;
    }

    /**
     * The answer to each occurrence (blocked or conflict), once every event published is handled: then each
     * occurrence has exactly one in the outbox, which a second answer made by any of them would have joined.
     */
    private List<AvailabilityEventData> answersTo(AtomicSeries series, List<CloudEvent> published)
            throws InterruptedException {
        List<AvailabilityEventData> found = new ArrayList<>();
        for (AtomicSeries.Occurrence occurrence : series.occurrences()) {
            found.add(answerTo(occurrence.appointmentId()));
        }
        for (CloudEvent event : published) {
            HandledEvents.awaitHandled(pool, event.getId());
        }
        for (AtomicSeries.Occurrence occurrence : series.occurrences()) {
            assertEquals(1, answersStored(occurrence.appointmentId()), "answers to " + occurrence.appointmentId());
        }
        return found;
    }

    /** The answers doctor-availability made to the appointment (its outbox keeps them). */
    private long answersStored(String appointmentId) {
        return pool.preparedQuery("select count(*) from eventbus_outbox where about = $1 and subject in ($2, $3)")
                .execute(Tuple.of(appointmentId, Subjects.AVAILABILITY_BLOCKED, Subjects.AVAILABILITY_CONFLICT))
                .await().indefinitely().iterator().next().getLong(0);
    }

    private AvailabilityEventData answerTo(String appointmentId) throws InterruptedException {
        Message message = answers.await(m -> isAnswer(m, appointmentId), 1, Duration.ofSeconds(20)).get(0);
        return codec.data(codec.parse(message.getData()), AvailabilityEventData.class);
    }

    private static boolean isAnswer(Message m, String appointmentId) {
        return (m.getSubject().equals(Subjects.AVAILABILITY_BLOCKED)
                || m.getSubject().equals(Subjects.AVAILABILITY_CONFLICT)) && EventCapture.body(m).contains(appointmentId);
    }

    private long blocksOf(AtomicSeries series) {
        UUID[] ids = series.occurrences().stream().map(o -> UUID.fromString(o.appointmentId())).toArray(UUID[]::new);
        return pool.preparedQuery("select count(*) from availability_slot where appointment_id = any($1)"
                + " and not is_available").execute(Tuple.of(ids)).await().indefinitely().iterator().next().getLong(0);
    }

    private static String doctor() {
        return given().contentType(ContentType.JSON).body(Map.of("name", "Dr. Series")).post("/doctors").then()
                .statusCode(201).extract().path("id");
    }

    private void blockSingle(String doctor, Instant start) throws Exception {
        String id = UUID.randomUUID().toString();
        AppointmentEventData data = new AppointmentEventData(id, "patient-other", doctor, start,
                start.plus(30, ChronoUnit.MINUTES), 30, "scheduled", 1, "UTC", null, null);
        publish(codec.create(Subjects.APPOINTMENT_SCHEDULED, id, data, Origin.service()));
        assertEquals(null, answerTo(id).reason());
    }

    @Test
    void everyOccurrenceIsHeldOnceWhicheverOfItsEventsComesFirstAndAllAtOnce() throws Exception {
        String doctor = doctor();
        AtomicSeries series = weekly(Instant.parse("2032-03-01T09:00:00Z"), 6);
        List<CloudEvent> events = new ArrayList<>(scheduled(doctor, series));
        java.util.Collections.reverse(events);
        publishAll(events);
        // Each event once more under an id of its own: not a repeat the inbox drops, so only the versions recorded
        // keep it from holding or answering a second time.
        List<CloudEvent> published = new ArrayList<>(events);
        for (CloudEvent event : events) {
            CloudEvent again = codec.create(event.getType(), event.getSubject(),
                    codec.data(event, AppointmentEventData.class), Origin.service());
            publish(again);
            published.add(again);
        }
        for (AvailabilityEventData answer : answersTo(series, published)) {
            assertEquals(null, answer.reason());
        }
        assertEquals(6, blocksOf(series));
    }

    @Test
    void oneOccurrenceOnTimeOffRefusesEveryOneAndHoldsNone() throws Exception {
        String doctor = doctor();
        AtomicSeries series = weekly(Instant.parse("2032-04-05T09:00:00Z"), 4);
        given().contentType(ContentType.JSON).body(Map.of("start_time", "2032-04-19T00:00:00Z", "end_time",
                "2032-04-20T00:00:00Z")).post("/doctors/" + doctor + "/time-off").then().statusCode(201);
        List<AvailabilityEventData> found = answersTo(series, publishAll(scheduled(doctor, series)));
        assertEquals("time_off", found.get(2).reason().code());
        assertTrue(found.get(2).reason().message().contains("none of its appointments were booked"),
                found.get(2).reason().message());
        for (int i : List.of(0, 1, 3)) {
            Reason reason = found.get(i).reason();
            assertEquals(Reason.SERIES, reason.code());
            assertTrue(reason.message().contains("2032-04-19T09:00:00Z"), reason.message());
        }
        assertEquals(0, blocksOf(series));
    }

    @Test
    void anotherAppointmentsBlockRefusesEveryOneAfterTheOverlapWait() throws Exception {
        String doctor = doctor();
        AtomicSeries series = weekly(Instant.parse("2032-05-03T09:00:00Z"), 3);
        blockSingle(doctor, Instant.parse("2032-05-17T09:15:00Z"));
        List<AvailabilityEventData> found = answersTo(series, publishAll(scheduled(doctor, series)));
        assertEquals("overlap", found.get(2).reason().code());
        assertEquals(List.of(Reason.SERIES, Reason.SERIES), List.of(found.get(0).reason().code(),
                found.get(1).reason().code()));
        assertEquals(0, blocksOf(series));
    }

    @Test
    void aBufferRefusesTheSeriesToo() throws Exception {
        String doctor = given().contentType(ContentType.JSON).body(Map.of("name", "Dr. Series", "buffer_after_minutes",
                20)).post("/doctors").then().statusCode(201).extract().path("id");
        AtomicSeries series = weekly(Instant.parse("2032-06-07T09:00:00Z"), 3);
        blockSingle(doctor, Instant.parse("2032-06-14T09:40:00Z"));
        List<AvailabilityEventData> found = answersTo(series, publishAll(scheduled(doctor, series)));
        assertEquals("buffer", found.get(1).reason().code());
        assertEquals(Reason.SERIES, found.get(0).reason().code());
        assertEquals(Reason.SERIES, found.get(2).reason().code());
        assertEquals(0, blocksOf(series));
    }

    @Test
    void anOccurrenceCancelledBeforeTheSeriesArrivesIsLeftOutAndTheRestHeld() throws Exception {
        String doctor = doctor();
        AtomicSeries series = weekly(Instant.parse("2032-07-05T09:00:00Z"), 3);
        AtomicSeries.Occurrence cancelled = series.occurrences().get(1);
        AppointmentEventData data = new AppointmentEventData(cancelled.appointmentId(), "patient-series", doctor,
                cancelled.appointmentTime(), cancelled.endTime(), 30, "cancelled", 2, "UTC", null, null);
        CloudEvent cancellation = codec.create(Subjects.APPOINTMENT_CANCELLED, cancelled.appointmentId(), data,
                Origin.service());
        publish(cancellation);
        HandledEvents.awaitHandled(pool, cancellation.getId());
        List<CloudEvent> published = publishAll(scheduled(doctor, series));
        assertEquals(null, answerTo(series.occurrences().get(0).appointmentId()).reason());
        assertEquals(null, answerTo(series.occurrences().get(2).appointmentId()).reason());
        for (CloudEvent event : published) {
            HandledEvents.awaitHandled(pool, event.getId());
        }
        assertEquals(0, answersStored(cancelled.appointmentId()));
        assertEquals(2, blocksOf(series));
    }
}
