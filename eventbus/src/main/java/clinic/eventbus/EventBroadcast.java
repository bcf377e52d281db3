package clinic.eventbus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.cloudevents.CloudEvent;
import io.nats.client.Dispatcher;
import io.quarkus.logging.Log;

/**
 * Every replica hears every event on a subject, as it is published: for signals such as "wake the requests
 * waiting for this appointment", never for business effects (those go through the durable consumers, which
 * share the work and never lose an event). A plain NATS subscription; jnats renews it after a reconnect.
 * Listeners run on a jnats thread and must return at once.
 */
@ApplicationScoped
public class EventBroadcast {

    private record Listener(String subject, BooleanSupplier interested, Consumer<CloudEvent> action) {
    }

    private final EventCodec codec;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Dispatcher dispatcher;

    public EventBroadcast(EventCodec codec) {
        this.codec = codec;
    }

    /**
     * Register in a start-up observer, before NATS first connects: the subscriptions are made then, once, and
     * jnats renews them after a reconnect; a listener registered later is not subscribed.
     * A message is parsed and handed to {@code action} only while {@code interested} says so: most of the time
     * nobody waits, and parsing every event for nothing costs CPU on every booking.
     */
    public void listen(String subject, BooleanSupplier interested, Consumer<CloudEvent> action) {
        listeners.add(new Listener(subject, interested, action));
    }

    void onNatsConnected(@Observes NatsConnected event) {
        if (dispatcher != null || listeners.isEmpty()) {
            return;
        }
        dispatcher = event.connection().createDispatcher();
        for (Listener listener : listeners) {
            dispatcher.subscribe(listener.subject(), message -> {
                if (!listener.interested().getAsBoolean()) {
                    return;
                }
                try {
                    listener.action().accept(codec.parse(message.getData()));
                } catch (RuntimeException e) {
                    Log.debugf("Broadcast on %s not handled: %s", message.getSubject(), e.toString());
                }
            });
        }
    }
}
