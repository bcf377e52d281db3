package clinic.eventbus;

import java.util.function.Supplier;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Panache transactions that run their {@link AfterCommit} work once committed. Every transaction that may
 * write to the outbox (or register other after-commit work) goes through here, so its events leave at once
 * instead of at the next sweep.
 */
public final class Transactions {

    private Transactions() {
    }

    public static <T> Uni<T> withTransaction(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            if (AfterCommit.joinOrBegin()) {
                // Inside another call of this method: Panache joins its transaction, and the outermost call
                // runs the after-commit work once that really committed.
                return Panache.withTransaction(work);
            }
            try {
                return Panache.withTransaction(work)
                        .invoke(AfterCommit::runAll)
                        .onFailure().invoke(AfterCommit::discard);
            } catch (RuntimeException e) {
                AfterCommit.discard();
                throw e;
            }
        })
                // A transaction that has begun ends with its commit or rollback even when the caller goes away
                // (an HTTP client that disconnects cancels its request): cancelling Hibernate Reactive in the
                // middle of a transaction leaves the connection in use and, after enough of them, the pool empty.
                .memoize().indefinitely();
    }
}
