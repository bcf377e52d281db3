package clinic.notifications.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.notifications.config.NotificationConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** A backlog larger than one batch is worked off in one round, not one batch per timer tick. */
@QuarkusTest
class DeliveryBacklogTests {

    private static final String PREFIX = "backlog-patient-";

    @Inject
    DeliveryService delivery;

    @Inject
    NotificationConfig config;

    @Inject
    AgroalDataSource database;

    @Test
    void oneRoundDeliversEveryDueNotificationOfABacklog() throws Throwable {
        int backlog = config.deliveryBatch() * 5;
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into notification (id, patient_id, notification_type, channel, subject, message,
                                                  status, next_attempt_at, created_at)
                        select gen_random_uuid(), ? || n, 'appointment_confirmed', 'log', 'Appointment confirmed',
                               'Your appointment is confirmed.', 'pending', now(), now()
                        from generate_series(1, ?) n""")) {
            insert.setString(1, PREFIX);
            insert.setInt(2, backlog);
            insert.executeUpdate();
        }

        int delivered = VertxContextSupport.subscribeAndAwait(() -> delivery.deliverUntilDone());

        // The timer's own rounds may take part of the backlog at the same moment (their claims skip each
        // other's rows), but this round went on past its first batch.
        assertTrue(delivered > config.deliveryBatch(), "one round delivered " + delivered + " of " + backlog);
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingBacklog() == 0);
    }

    private long pendingBacklog() throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select count(*) from notification where status = 'pending' and patient_id like ?")) {
            query.setString(1, PREFIX + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
