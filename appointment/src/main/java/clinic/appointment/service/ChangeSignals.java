package clinic.appointment.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.EventBroadcast;
import clinic.eventbus.EventStream;
import io.quarkus.logging.Log;

/**
 * Wakes requests that wait for an appointment to change ({@code Prefer: wait}, the wait for confirmation).
 * The signal is the appointment's own event on NATS, which every replica hears, so a request is woken
 * whichever replica applied the change; this class only keeps track of the requests waiting in this process,
 * and subscribes to the events only while one does.
 */
@ApplicationScoped
public class ChangeSignals {

    private final Map<UUID, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    /** Wanted once per signal registered, released once when it completes or is forgotten. */
    private final EventBroadcast.Listening events;

    public ChangeSignals(EventBroadcast broadcast) {
        this.events = broadcast.listen(EventStream.APPOINTMENTS.wildcard(),
                appointmentEvent -> changed(appointmentEvent.getSubject()));
    }

    /** Registers now (before the caller reads the state) and completes at the appointment's next change. */
    public CompletableFuture<Void> next(UUID appointmentId) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        events.want();
        // Added within compute, atomically with changed()'s remove: a signal is either woken or still findable.
        waiting.compute(appointmentId, (id, signals) -> {
            List<CompletableFuture<Void>> list = signals == null ? new CopyOnWriteArrayList<>() : signals;
            list.add(signal);
            return list;
        });
        return signal;
    }

    public void forget(UUID appointmentId, CompletableFuture<Void> signal) {
        boolean[] removed = { false };
        waiting.computeIfPresent(appointmentId, (id, signals) -> {
            removed[0] = signals.remove(signal);
            return signals.isEmpty() ? null : signals;
        });
        if (removed[0]) {
            events.release();
        }
    }

    /** Whether this process is subscribed to the appointments' events now (only while a request waits). */
    public boolean listening() {
        return events.subscribed();
    }

    private void changed(String payload) {
        UUID id;
        try {
            id = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            Log.debugf("Ignoring an appointment event about %s", payload);
            return;
        }
        List<CompletableFuture<Void>> signals = waiting.remove(id);
        if (signals != null) {
            signals.forEach(signal -> {
                signal.complete(null);
                events.release();
            });
        }
    }

}
