package clinic.eventbus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.cloudevents.CloudEvent;
import io.nats.client.Dispatcher;
import io.nats.client.Subscription;
import io.quarkus.logging.Log;

/**
 * Every replica hears every event on a subject, as it is published: for signals such as "wake the requests
 * waiting for this appointment", never for business effects (those go through the durable consumers, which
 * share the work and never lose an event). A plain NATS subscription, made only while someone
 * {@linkplain Listening#want wants} the signals: most of the time nobody waits, and NATS would otherwise deliver
 * every event to every replica for nothing. jnats renews a subscription after a reconnect. Listeners run on a
 * jnats thread and must return at once.
 */
@ApplicationScoped
public class EventBroadcast {

    private final EventCodec codec;
    private final List<Listening> listeners = new CopyOnWriteArrayList<>();
    private volatile Dispatcher dispatcher;

    public EventBroadcast(EventCodec codec) {
        this.codec = codec;
    }

    /** A listener for {@code subject}, not subscribed until it is {@linkplain Listening#want wanted}. */
    public Listening listen(String subject, Consumer<CloudEvent> action) {
        Listening listening = new Listening(subject, action);
        listeners.add(listening);
        return listening;
    }

    void onNatsConnected(@Observes NatsConnected event) {
        if (dispatcher != null) {
            return;
        }
        dispatcher = event.connection().createDispatcher();
        listeners.forEach(Listening::connected);
    }

    /**
     * One subject's signals, subscribed from the first {@link #want} to the {@link #release} that balances the
     * last one. A signal published before the subscription reached NATS is not heard: callers read the state
     * they wait for after wanting it, and again now and then.
     */
    public final class Listening {

        private final String subject;
        private final Consumer<CloudEvent> action;
        private int wanted;
        private Subscription subscription;

        private Listening(String subject, Consumer<CloudEvent> action) {
            this.subject = subject;
            this.action = action;
        }

        /**
         * Someone waits for the signals: subscribe unless subscribed. A subscription NATS cannot take now (the
         * connection closed or its write queue full) is tried again at the next want or connect; until then the
         * waiters' own re-reads cover the gap.
         */
        public synchronized void want() {
            wanted++;
            subscribe();
        }

        /** One who {@linkplain #want wanted} the signals no longer does: the last one unsubscribes. */
        public synchronized void release() {
            if (wanted > 0 && --wanted == 0 && subscription != null) {
                try {
                    dispatcher.unsubscribe(subscription);
                } catch (RuntimeException e) {
                    Log.debugf("Unsubscribing %s: %s", subject, e.toString());
                } finally {
                    subscription = null;
                }
            }
        }

        /** Whether NATS delivers the subject to this process now. */
        public synchronized boolean subscribed() {
            return subscription != null;
        }

        private synchronized void connected() {
            if (wanted > 0) {
                subscribe();
            }
        }

        private void subscribe() {
            Dispatcher current = dispatcher;
            if (current == null || subscription != null) {
                return; // not connected yet: subscribed once NATS connects
            }
            try {
                subscription = current.subscribe(subject, message -> {
                    try {
                        action.accept(codec.parse(message.getData()));
                    } catch (RuntimeException e) {
                        Log.debugf("Broadcast on %s not handled: %s", message.getSubject(), e.toString());
                    }
                });
            } catch (RuntimeException e) {
                Log.debugf("Subscribing %s failed (%s); tried again at the next want", subject, e.toString());
            }
        }
    }
}
