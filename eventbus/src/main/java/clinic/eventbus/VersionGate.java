package clinic.eventbus;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Order tolerance for events of one aggregate. Events can arrive out of order (redelivery, replicas); each
 * carries the aggregate's version, and a handler applies only an event newer than the newest it has seen
 * (of the types it {@linkplain EventHandler#handles handles}).
 * The stored version doubles as a tombstone: once a {@code cancelled} at version 3 was applied, a late
 * {@code scheduled} at version 1 is stale and leaves nothing behind.
 */
@ApplicationScoped
public class VersionGate {

    /**
     * Records {@code version} for the aggregate within the caller's transaction when it is newer than the one
     * stored, and answers whether it was: true means apply the event, false means it is stale or a repeat.
     *
     * @param scope what kind of aggregate, as this handler sees it (e.g. {@code appointment})
     */
    public Uni<Boolean> advance(String scope, String aggregateId, long version) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into eventbus_aggregate_version (scope, aggregate_id, version) values (:scope, :id, :version)"
                        + " on conflict (scope, aggregate_id) do update set version = excluded.version, updated_at = now()"
                        + " where eventbus_aggregate_version.version < excluded.version")
                .setParameter("scope", scope)
                .setParameter("id", aggregateId)
                .setParameter("version", version)
                .executeUpdate())
                .map(changed -> changed == 1);
    }
}
