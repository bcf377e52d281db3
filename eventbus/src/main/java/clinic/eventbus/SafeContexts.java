package clinic.eventbus;

import java.util.concurrent.Executor;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;

/**
 * Hibernate Reactive runs only on a Vert.x duplicated context marked safe. Work that starts on a foreign
 * thread (jnats, the scheduler's workers, a LISTEN callback) goes through here, each piece on its own context.
 */
public final class SafeContexts {

    private SafeContexts() {
    }

    /**
     * Runs what it is given on {@code context}, or where it is given it when there is none: for going on where a
     * piece of work began after an answer that came on another thread (jnats, the database pool).
     */
    public static Executor on(Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }

    /** Runs {@code task} on a new safe duplicated context of {@code root}; returns at once. */
    public static void run(Context root, Runnable task) {
        Context context = VertxContext.createNewDuplicatedContext(root);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> task.run());
    }
}
