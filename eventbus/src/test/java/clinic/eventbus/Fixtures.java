package clinic.eventbus;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.testing.TestNats;
import io.cloudevents.CloudEvent;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Helpers shared by the eventbus tests. */
final class Fixtures {

    private Fixtures() {
    }

    static AppointmentEventData appointment(String appointmentId, String patientId, long version) {
        Instant start = Instant.parse("2027-09-15T10:00:00Z");
        return new AppointmentEventData(appointmentId, patientId, "doctor-456", start,
                start.plus(30, ChronoUnit.MINUTES), 30, "scheduled", version, "UTC", null, null);
    }

    static CloudEvent scheduled(EventCodec codec, String patientId, long version) {
        String id = UUID.randomUUID().toString();
        return codec.create(Subjects.APPOINTMENT_SCHEDULED, id, appointment(id, patientId, version), Origin.service());
    }

    static CloudEvent versionOf(EventCodec codec, String appointmentId, long version) {
        return codec.create(Subjects.APPOINTMENT_UPDATED, appointmentId,
                appointment(appointmentId, "patient-123", version), Origin.service());
    }

    static Connection connect() throws IOException, InterruptedException {
        return TestNats.connect();
    }

    /** Publishes straight to JetStream, as another service would, under the given message id. */
    static void publish(Connection connection, EventCodec codec, CloudEvent event, String messageId)
            throws IOException, JetStreamApiException {
        connection.jetStream().publish(event.getType(), null, codec.serialize(event),
                PublishOptions.builder().messageId(messageId).build());
    }

    static void enqueueCommitted(Outbox outbox, List<CloudEvent> events) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Transactions.withTransaction(() -> io.smallrye.mutiny.Multi
                .createFrom().iterable(events).onItem().transformToUniAndConcatenate(outbox::enqueue)
                .collect().last()));
    }

    /**
     * Commits the events' rows without the publication that follows a commit through {@link Transactions}: rows
     * as a process that died after its commit leaves them, for the sweep to find.
     */
    static void enqueueWithoutPublication(Outbox outbox, List<CloudEvent> events) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () -> io.smallrye.mutiny.Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(outbox::enqueue).collect().last()));
    }

    /** Makes rows look written a minute ago, old enough for any sweep. */
    static void age(Pool pool, List<CloudEvent> events) {
        pool.preparedQuery("update eventbus_outbox set created_at = created_at - interval '1 minute' where id = any($1)")
                .execute(Tuple.of(events.stream().map(e -> UUID.fromString(e.getId()))
                        .toArray(UUID[]::new)))
                .await().atMost(Duration.ofSeconds(10));
    }

    static List<Row> effects(Pool pool, String aggregateId) {
        return rows(pool.preparedQuery("select * from test_effect where aggregate_id = $1 order by id")
                .execute(Tuple.of(aggregateId)).await().atMost(Duration.ofSeconds(10)));
    }

    /** The rows as Mutiny rows (the RowSet's own stream() hands out the wrapped core rows). */
    static List<Row> rows(io.vertx.mutiny.sqlclient.RowSet<Row> rowSet) {
        List<Row> rows = new java.util.ArrayList<>();
        rowSet.iterator().forEachRemaining(rows::add);
        return rows;
    }

    static Row outboxRow(Pool pool, String eventId) {
        var rows = pool.preparedQuery("select * from eventbus_outbox where id = $1")
                .execute(Tuple.of(UUID.fromString(eventId))).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next();
    }
}
