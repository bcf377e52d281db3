package clinic.appointment.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import clinic.eventbus.PgNotifications;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Wakes requests that wait for an appointment to change ({@code Prefer: wait}, the wait for confirmation).
 * The signal is PostgreSQL's NOTIFY from a trigger on the appointment table, so a request is woken whichever
 * replica applied the change; this class only keeps track of the requests waiting in this process.
 */
@ApplicationScoped
public class ChangeSignals {

    static final String CHANNEL = "appointment_changed";

    private final PgNotifications notifications;
    private final Map<UUID, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    public ChangeSignals(PgNotifications notifications) {
        this.notifications = notifications;
    }

    void onStart(@Observes StartupEvent event) {
        // After a reconnect every waiter looks again: a notification may have been lost meanwhile.
        notifications.listen(CHANNEL, this::changed, this::wakeAll);
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
            Log.warnf("Ignoring a malformed %s notification: %s", CHANNEL, payload);
            return;
        }
        List<CompletableFuture<Void>> signals = waiting.remove(id);
        if (signals != null) {
            signals.forEach(signal -> signal.complete(null));
        }
    }

    private void wakeAll() {
        waiting.keySet().forEach(id -> changed(id.toString()));
    }
}
