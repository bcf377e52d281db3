package clinic.eventbus.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Whether a consumer of the service under test recorded an event as handled: its inbox row. */
public final class HandledEvents {

    private HandledEvents() {
    }

    public static boolean handled(Pool pool, String eventId) {
        return pool.preparedQuery("select 1 from eventbus_inbox where event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(Duration.ofSeconds(5)).size() > 0;
    }

    /** Until the event is handled; handlers run in the transaction that writes the row, so its effect is there. */
    public static void awaitHandled(Pool pool, String eventId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> handled(pool, eventId));
    }
}
