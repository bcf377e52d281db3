package clinic.eventbus;

import java.util.LinkedHashMap;
import java.util.Map;

import io.smallrye.common.vertx.ContextLocals;

/**
 * Work that must wait until the current transaction commits (waking the outbox relay, a delivery worker),
 * kept in the Vert.x context of the transaction and run by {@link Transactions} once it committed.
 * <p>
 * An in-process signal rather than PostgreSQL NOTIFY: a notifying transaction takes a server-wide lock for its
 * commit, so every notifying commit of every service waits for the one before it to reach the disk.
 */
public final class AfterCommit {

    private static final String KEY = "clinic.eventbus.after-commit";

    private AfterCommit() {
    }

    /** Runs {@code action} once after the current transaction commits; the same key registers once. */
    public static void register(Object key, Runnable action) {
        Map<Object, Runnable> actions = ContextLocals.<Map<Object, Runnable>>get(KEY).orElse(null);
        if (actions == null) {
            actions = new LinkedHashMap<>();
            ContextLocals.put(KEY, actions);
        }
        actions.putIfAbsent(key, action);
    }

    static void runAll() {
        Map<Object, Runnable> actions = ContextLocals.<Map<Object, Runnable>>get(KEY).orElse(null);
        if (actions != null) {
            ContextLocals.remove(KEY);
            actions.values().forEach(Runnable::run);
        }
    }

    static void discard() {
        ContextLocals.remove(KEY);
    }
}
