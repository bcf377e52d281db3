package clinic.eventbus;

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

    /** Runs {@code task} on a new safe duplicated context of {@code root}; returns at once. */
    public static void run(Context root, Runnable task) {
        Context context = VertxContext.createNewDuplicatedContext(root);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> task.run());
    }
}
