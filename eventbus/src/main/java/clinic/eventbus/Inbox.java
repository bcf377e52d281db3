package clinic.eventbus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cloudevents.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Records processed event ids per consumer inside the handler's transaction: the idempotent consumer. */
final class Inbox {

    private Inbox() {
    }

    /** True when this is the first time the consumer sees the event; false for a redelivery or duplicate. */
    static Uni<Boolean> recordFirstDelivery(String consumer, CloudEvent event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into eventbus_inbox (consumer, event_id, event_type, about)"
                        + " values (:consumer, :eventId, :type, cast(:about as text)) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("eventId", event.getId())
                .setParameter("type", event.getType())
                .setParameter("about", EventTimeline.about(event))
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * Records a batch of event ids in one statement and answers those the consumer sees for the first time
     * (an id given twice counts once).
     * <p>
     * The consumer is bound as a one-element list ({@code values (?)}): Hibernate caches no plan for a native
     * query with a list parameter, and a cached plan is what costs here. Hibernate Reactive makes a new plan cache
     * entry for every execution of a native select, all under one hash, so that each later lookup walks through up
     * to 2,048 of them (a quarter of a consumer's CPU, measured).
     */
    static Uni<Set<String>> recordFirstDeliveries(String consumer, List<CloudEvent> events) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into eventbus_inbox (consumer, event_id, event_type, about) select consumer, id, type, about"
                        + " from unnest(cast(:ids as text[]), cast(:types as text[]), cast(:abouts as text[]))"
                        + " as event (id, type, about), (values (:consumer)) as batch (consumer)"
                        + " on conflict do nothing returning event_id",
                String.class)
                .setParameter("consumer", List.of(consumer))
                .setParameter("ids", events.stream().map(CloudEvent::getId).toArray(String[]::new))
                .setParameter("types", events.stream().map(CloudEvent::getType).toArray(String[]::new))
                .setParameter("abouts", events.stream().map(EventTimeline::about).toArray(String[]::new))
                .getResultList())
                .map(HashSet::new);
    }
}
