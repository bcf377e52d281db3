package clinic.eventbus;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes what the eventbus no longer needs: published outbox rows past their retention and inbox records
 * older than any redelivery. Aggregate versions stay: they are the tombstones that keep late events stale.
 */
@ApplicationScoped
class Housekeeping {

    private final Pool pool;
    private final EventBusConfig config;

    public Housekeeping(Pool pool, EventBusConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${clinic.eventbus.housekeeping.interval}", delayed = "${clinic.eventbus.housekeeping.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.preparedQuery("delete from eventbus_outbox where published_at < $1")
                .execute(Tuple.of(now.minus(config.outbox().retention())))
                .invoke(rows -> Log.debugf("Pruned %d published outbox rows", rows.rowCount()))
                .chain(() -> pool.preparedQuery("delete from eventbus_inbox where processed_at < $1")
                        .execute(Tuple.of(now.minus(config.inbox().retention()))))
                .invoke(rows -> Log.debugf("Pruned %d inbox records", rows.rowCount()))
                .replaceWithVoid();
    }
}
