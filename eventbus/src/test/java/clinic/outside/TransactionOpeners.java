package clinic.outside;

import java.util.function.Function;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import clinic.eventbus.Transactions;

/** A class outside eventbus for each way of opening a transaction, for the rule's own tests. */
final class TransactionOpeners {

    static final class ThroughPanache {
        Uni<Integer> write() {
            return Panache.withTransaction(() -> Uni.createFrom().item(1));
        }
    }

    static final class ThroughThePool {
        Uni<Integer> write(Pool pool) {
            return pool.withTransaction(connection -> Uni.createFrom().item(1));
        }
    }

    static final class ThroughAMethodReference {
        Function<Function<SqlConnection, Uni<Integer>>, Uni<Integer>> opener(Pool pool) {
            return pool::withTransaction;
        }
    }

    static final class ThroughABlockingVariant {
        Integer write(Pool pool) {
            return pool.withTransactionAndAwait(connection -> Uni.createFrom().item(1));
        }
    }

    @WithTransaction
    static final class ThroughAnAnnotatedClass {
        Uni<Integer> write() {
            return Uni.createFrom().item(1);
        }
    }

    static final class ThroughAnAnnotation {
        @WithTransaction
        Uni<Integer> write() {
            return Uni.createFrom().item(1);
        }
    }

    static final class ThroughEventbus {
        Uni<Integer> write() {
            return Transactions.withTransaction(() -> Uni.createFrom().item(1));
        }
    }
}
