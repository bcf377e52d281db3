package clinic.eventbus;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs a round of work when asked, never two at once in this process, and once more if asked again while a
 * round ran: many wake-ups (commits, timers, reconnects) collapse into as few rounds as needed. Each round runs
 * on its own safe Vert.x context, so it may use Hibernate Reactive whichever thread asked for it.
 */
public final class SerialRounds {

    private final String name;
    private final Supplier<Uni<?>> round;
    private final Context root;
    private final AtomicInteger wip = new AtomicInteger();

    public SerialRounds(String name, Vertx vertx, Supplier<Uni<?>> round) {
        this(name, vertx.getOrCreateContext(), round);
    }

    /** Rounds on duplicates of {@code root}, so on its event loop. */
    public SerialRounds(String name, Context root, Supplier<Uni<?>> round) {
        this.name = name;
        this.round = round;
        this.root = root;
    }

    /** Asks for a round; returns at once. */
    public void kick() {
        if (wip.getAndIncrement() == 0) {
            run();
        }
    }

    private void run() {
        SafeContexts.run(root, this::runHere);
    }

    private void runHere() {
        int seen = wip.get();
        Uni<?> work;
        try {
            work = round.get();
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        work.subscribe().with(done -> after(seen), failure -> {
            Log.warnf("%s round failed (%s); the next wake-up retries", name, failure.toString());
            after(seen);
        });
    }

    private void after(int seen) {
        if (wip.addAndGet(-seen) != 0) {
            run();
        }
    }
}
