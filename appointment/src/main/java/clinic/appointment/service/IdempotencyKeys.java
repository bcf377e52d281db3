package clinic.appointment.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.config.AppointmentConfig;
import clinic.eventbus.Transactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The Idempotency-Keys bookings were made with, for as long as a key is a promise ({@code
 * clinic.appointment.idempotency-retention}). A key is stored by the booking's own statement
 * ({@code AppointmentRepository.insertBooked}); here it is looked up and forgotten.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private final AppointmentConfig config;
    private final Clock clock = Clock.systemUTC();

    public IdempotencyKeys(AppointmentConfig config) {
        this.config = config;
    }

    /** The booking a key was used for, as {request_hash, appointment_id}; null when the key is new (or none). */
    Uni<Object[]> find(IdempotencyKey key) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        // One-element lists ("in (:key)"): Hibernate caches no plan for them. Hibernate Reactive makes a new plan
        // cache entry for every execution of a native select, and lookups then walk through all of them.
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select request_hash, appointment_id from idempotency_key where owner in (:owner) and key in (:key)",
                Object[].class)
                .setParameter("owner", List.of(key.caller()))
                .setParameter("key", List.of(key.value()))
                .getSingleResultOrNull());
    }

    /** Forgets keys past their retention (24 h by default): a key is a promise for that long only. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> prune() {
        Instant before = clock.instant().minus(config.idempotencyRetention());
        return Transactions.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from idempotency_key where created_at < :before").setParameter("before", before)
                .executeUpdate()))
                .invoke(pruned -> Log.debugf("Pruned %d Idempotency-Keys", pruned))
                .replaceWithVoid();
    }
}
