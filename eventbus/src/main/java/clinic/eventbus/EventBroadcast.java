package clinic.eventbus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private record Listener(String subject, Consumer<CloudEvent> action) {
    }

    private final EventCodec codec;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Dispatcher dispatcher;

    public EventBroadcast(EventCodec codec) {
        this.codec = codec;
    }

    /** Register before NATS connects (e.g. in a start-up observer); later registrations apply on reconnect. */
    public void listen(String subject, Consumer<CloudEvent> action) {
        listeners.add(new Listener(subject, action));
    }

    void onNatsConnected(@Observes NatsConnected event) {
        if (dispatcher != null || listeners.isEmpty()) {
            return;
        }
        dispatcher = event.connection().createDispatcher();
        for (Listener listener : listeners) {
            dispatcher.subscribe(listener.subject(), message -> {
                try {
                    listener.action().accept(codec.parse(message.getData()));
                } catch (RuntimeException e) {
                    Log.debugf("Broadcast on %s not handled: %s", message.getSubject(), e.toString());
                }
            });
        }
    }
}
