package clinic.appointment.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import clinic.eventbus.EventBroadcast;
import clinic.eventbus.EventStream;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Wakes requests that wait for an appointment to change ({@code Prefer: wait}, the wait for confirmation).
 * The signal is the appointment's own event on NATS, which every replica hears, so a request is woken
 * whichever replica applied the change; this class only keeps track of the requests waiting in this process.
 */
@ApplicationScoped
public class ChangeSignals {

    private final EventBroadcast broadcast;
    private final Map<UUID, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    public ChangeSignals(EventBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    void onStart(@Observes StartupEvent event) {
        broadcast.listen(EventStream.APPOINTMENTS.wildcard(), () -> !waiting.isEmpty(),
                appointmentEvent -> changed(appointmentEvent.getSubject()));
    }

    /** Registers now (before the caller reads the state) and completes at the appointment's next change. */
    public CompletableFuture<Void> next(UUID appointmentId) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiting.computeIfAbsent(appointmentId, id -> new CopyOnWriteArrayList<>()).add(signal);
        return signal;
    }

    public void forget(UUID appointmentId, CompletableFuture<Void> signal) {
        waiting.computeIfPresent(appointmentId, (id, signals) -> {
            signals.remove(signal);
            return signals.isEmpty() ? null : signals;
        });
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
            signals.forEach(signal -> signal.complete(null));
        }
    }

}
