package clinic.eventbus;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Records processed event ids per consumer inside the handler's transaction: the idempotent consumer. */
final class Inbox {

    private Inbox() {
    }

    /** True when this is the first time the consumer sees the event; false for a redelivery or duplicate. */
    static Uni<Boolean> recordFirstDelivery(String consumer, String eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into eventbus_inbox (consumer, event_id) values (:consumer, :eventId) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
