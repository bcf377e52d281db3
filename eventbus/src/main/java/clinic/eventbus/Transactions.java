package clinic.eventbus;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.cloudevents.CloudEvent;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Panache transactions that run their {@link AfterCommit} work once committed, and run again when they lose a
 * race. Every transaction that may write to the outbox (or register other after-commit work) goes through
 * here, so its events leave at once instead of at the next sweep.
 * <p>
 * A deadlock or serialization failure ({@link DatabaseErrors#isRetryableConflict}) says nothing about the
 * request: PostgreSQL chose this transaction as the one to give way, e.g. among concurrent bookings whose
 * inserts meet in the exclusion constraint's index. The whole transaction runs again after a short random
 * pause, so a caller sees its real outcome (booked, or the conflict it lost) rather than the race.
 */
public final class Transactions {

    /** Attempts of one transaction that keeps losing races; the last failure is the caller's to answer. */
    static final int ATTEMPTS = 8;
    private static final long MAX_PAUSE_MILLIS = 40;

    private Transactions() {
    }

    public static <T> Uni<T> withTransaction(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> AfterCommit.joinOrBegin()
                // Inside another call of this method: Panache joins its transaction; the outermost call runs the
                // after-commit work once that really committed, and runs the whole again if it lost a race.
                ? Panache.withTransaction(work)
                : outermost(work, 1))
                // A transaction that has begun ends with its commit or rollback even when the caller goes away
                // (an HTTP client that disconnects cancels its request): cancelling Hibernate Reactive in the
                // middle of a transaction leaves the connection in use and, after enough of them, the pool empty.
                .memoize().indefinitely();
    }

    /** One attempt, begun by {@link AfterCommit#joinOrBegin}; the next after a pause if it lost a race. */
    private static <T> Uni<T> outermost(Supplier<Uni<T>> work, int attempt) {
        Uni<T> transaction;
        try {
            transaction = Panache.withTransaction(() -> work.get().call(Transactions::beforeCommit))
                    .invoke(AfterCommit::runAll)
                    .onFailure().invoke(AfterCommit::discard);
        } catch (RuntimeException e) {
            AfterCommit.discard();
            throw e;
        }
        if (attempt >= ATTEMPTS) {
            return transaction;
        }
        Context context = Vertx.currentContext();
        return transaction.onFailure(DatabaseErrors::isRetryableConflict).recoverWithUni(failure -> pause(context)
                .chain(() -> {
                    AfterCommit.joinOrBegin();
                    return outermost(work, attempt + 1);
                }));
    }

    /** The {@link TransactionParticipant}s, found once. */
    private static volatile List<TransactionParticipant> participants;

    /** Inside the transaction, at its end: each participant's part, one after the other. */
    private static Uni<Void> beforeCommit() {
        List<TransactionParticipant> all = participants;
        if (all == null) {
            all = Arc.container().select(TransactionParticipant.class).stream().toList();
            participants = all;
        }
        if (all.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CloudEvent> events = AfterCommit.events();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (TransactionParticipant participant : all) {
            chain = chain.chain(() -> participant.beforeCommit(events));
        }
        return chain;
    }

    /** A random pause, so the transactions that met do not meet again; it ends on the transaction's context. */
    private static Uni<Void> pause(Context context) {
        long millis = 1 + ThreadLocalRandom.current().nextLong(MAX_PAUSE_MILLIS);
        if (context == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> context.owner().setTimer(millis,
                timer -> context.runOnContext(ignored -> emitter.complete(null))));
    }
}
