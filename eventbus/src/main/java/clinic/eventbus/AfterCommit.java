package clinic.eventbus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.quarkus.logging.Log;
import io.smallrye.common.vertx.ContextLocals;

/**
 * Work that must wait until the current transaction commits (publishing its events, waking a delivery
 * worker), kept in the Vert.x context of the transaction and run by the outermost {@link Transactions} call
 * once it committed.
 * <p>
 * An in-process signal rather than PostgreSQL NOTIFY: a notifying transaction takes a server-wide lock for its
 * commit, so every notifying commit of every service waits for the one before it to reach the disk.
 */
public final class AfterCommit {

    private static final String KEY = "clinic.eventbus.after-commit";
    private static final String OPEN = "clinic.eventbus.transaction-open";
    private static final String EVENTS = "clinic.eventbus.transaction-events";

    private AfterCommit() {
    }

    /** Runs {@code action} once after the current transaction commits; the same key registers once. */
    public static void register(Object key, Runnable action) {
        registerOnce(key, () -> action);
    }

    /**
     * The action registered under {@code key} in the current transaction, registering a new one from
     * {@code action} if there is none yet: for work that collects what the transaction did (events to publish).
     */
    @SuppressWarnings("unchecked")
    static <T extends Runnable> T registerOnce(Object key, Supplier<T> action) {
        Map<Object, Runnable> actions = ContextLocals.<Map<Object, Runnable>>get(KEY).orElse(null);
        if (actions == null) {
            actions = new LinkedHashMap<>();
            ContextLocals.put(KEY, actions);
        }
        return (T) actions.computeIfAbsent(key, k -> action.get());
    }

    /**
     * Whether a transaction run through {@link Transactions} is open on this context. If not, starts one:
     * work left behind by a transaction that did not go through {@link Transactions} is dropped, so it can
     * never run after somebody else's commit.
     */
    static boolean joinOrBegin() {
        if (isOpen()) {
            return true;
        }
        ContextLocals.remove(KEY);
        ContextLocals.remove(EVENTS);
        ContextLocals.put(OPEN, Boolean.TRUE);
        return false;
    }

    /** Whether a transaction run through {@link Transactions} is open on this context. */
    static boolean isOpen() {
        return ContextLocals.get(OPEN).isPresent();
    }

    /** Notes an event the current transaction put in the outbox, for its {@link TransactionParticipant}s. */
    static void noteEvent(io.cloudevents.CloudEvent event) {
        java.util.List<io.cloudevents.CloudEvent> events = ContextLocals.<java.util.List<io.cloudevents.CloudEvent>>get(
                EVENTS).orElse(null);
        if (events == null) {
            events = new java.util.ArrayList<>();
            ContextLocals.put(EVENTS, events);
        }
        events.add(event);
    }

    /** The events the current transaction put in the outbox so far. */
    static java.util.List<io.cloudevents.CloudEvent> events() {
        return ContextLocals.<java.util.List<io.cloudevents.CloudEvent>>get(EVENTS).map(java.util.List::copyOf)
                .orElse(java.util.List.of());
    }

    /** The transaction begun by {@link #joinOrBegin} committed: runs its work, each action on its own. */
    static void runAll() {
        ContextLocals.remove(OPEN);
        ContextLocals.remove(EVENTS);
        Map<Object, Runnable> actions = ContextLocals.<Map<Object, Runnable>>get(KEY).orElse(null);
        if (actions == null) {
            return;
        }
        ContextLocals.remove(KEY);
        for (Runnable action : actions.values()) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // The transaction has committed; what failed here is left to the sweeps and timers.
                Log.warnf(e, "After-commit work failed");
            }
        }
    }

    /** The transaction begun by {@link #joinOrBegin} rolled back: its work is dropped. */
    static void discard() {
        ContextLocals.remove(OPEN);
        ContextLocals.remove(KEY);
        ContextLocals.remove(EVENTS);
    }
}
