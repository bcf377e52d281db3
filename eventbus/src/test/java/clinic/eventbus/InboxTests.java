package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The batch inbox statement: one insert for many ids, answering the ones seen for the first time, and recording what
 * each event is (for the appointment timeline).
 */
@QuarkusTest
class InboxTests {

    @Inject
    Pool pool;

    @Test
    void aBatchAnswersTheIdsSeenForTheFirstTimeEachOnce() throws Throwable {
        String consumer = "inbox-test-" + UUID.randomUUID();
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();

        assertEquals(Set.of(a, b), record(consumer, List.of(a, b, a)));
        assertEquals(Set.of(c), record(consumer, List.of(b, c)));
        assertEquals(Set.of(), record(consumer, List.of(a, b, c)));
        // Another consumer has seen none of them.
        assertEquals(Set.of(a, c), record(consumer + "-other", List.of(a, c)));
    }

    @Test
    void eachHandledEventIsRecordedWithItsTypeAndTheAppointmentItIsAbout() throws Throwable {
        String consumer = "inbox-test-" + UUID.randomUUID();
        String appointment = UUID.randomUUID().toString();
        CloudEvent scheduled = event(UUID.randomUUID().toString(), Subjects.APPOINTMENT_SCHEDULED, appointment, "{}");
        CloudEvent patient = event(UUID.randomUUID().toString(), Subjects.PATIENT_CREATED, "patient-1", "{}");
        CloudEvent sent = event(UUID.randomUUID().toString(), Subjects.NOTIFICATION_SENT, "notification-1",
                "{\"notification_id\": \"notification-1\", \"appointment_id\": \"" + appointment + "\"}");
        VertxContextSupport.subscribeAndAwait(() -> Transactions.withTransaction(
                () -> Inbox.recordFirstDeliveries(consumer, List.of(scheduled, patient, sent))));

        RowSet<Row> rows = VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(
                "select event_id, event_type, about from eventbus_inbox where consumer = $1 order by event_type")
                .execute(Tuple.of(consumer)));
        Map<String, String> about = new java.util.HashMap<>();
        rows.forEach(row -> about.put(row.getString("event_type"), row.getString("about")));
        assertEquals(appointment, about.get(Subjects.APPOINTMENT_SCHEDULED));
        assertEquals(appointment, about.get(Subjects.NOTIFICATION_SENT), "a notification is about its appointment");
        assertEquals(null, about.get(Subjects.PATIENT_CREATED), "a patient event is about no appointment");
        assertEquals(3, about.size());
    }

    private static Set<String> record(String consumer, List<String> ids) throws Throwable {
        List<CloudEvent> events = ids.stream()
                .map(id -> event(id, Subjects.APPOINTMENT_SCHEDULED, "appointment-" + id, "{}")).toList();
        return VertxContextSupport.subscribeAndAwait(
                () -> Transactions.withTransaction(() -> Inbox.recordFirstDeliveries(consumer, events)));
    }

    private static CloudEvent event(String id, String type, String subject, String data) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/clinic/test")).withType(type)
                .withSubject(subject).withDataContentType("application/json")
                .withData(data.getBytes(StandardCharsets.UTF_8)).build();
    }
}
