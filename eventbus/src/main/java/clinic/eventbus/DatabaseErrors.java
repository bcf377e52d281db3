package clinic.eventbus;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Tells database failures apart in the exception chains Hibernate Reactive and the reactive SQL client
 * produce: refusals a request or event caused (constraint violations: answered, never retried), conflicts
 * between concurrent transactions (retried at once), and failures of the database itself (down, refusing,
 * restarting, out of connections: retried for as long as they last). Hibernate Reactive carries the SQL state
 * in a {@link SQLException}, the reactive SQL client in a {@link PgException}.
 */
public final class DatabaseErrors {

    /** exclusion_violation, e.g. two holds of one doctor overlapping. */
    public static final String EXCLUSION_VIOLATION = "23P01";
    /** unique_violation, e.g. an e-mail address taken. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** serialization_failure and deadlock_detected: the transaction lost a race and may simply run again. */
    private static final Set<String> RETRYABLE_CONFLICTS = Set.of("40001", "40P01");
    /**
     * SQL state classes of a database that cannot serve right now, whatever was asked: connection exceptions
     * (08), transaction rollbacks (40), insufficient resources such as too many connections (53), objects in
     * use or a database not accepting connections (55), operator intervention such as a shutdown or a
     * terminated backend (57), system errors (58).
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "55", "57", "58");

    private DatabaseErrors() {
    }

    public static boolean isExclusionViolation(Throwable failure) {
        return EXCLUSION_VIOLATION.equals(sqlState(failure));
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return UNIQUE_VIOLATION.equals(sqlState(failure));
    }

    /** A deadlock or serialization failure: running the same transaction again is expected to succeed. */
    public static boolean isRetryableConflict(Throwable failure) {
        String state = sqlState(failure);
        return state != null && RETRYABLE_CONFLICTS.contains(state);
    }

    /**
     * Whether the failure comes from the database (or the way to it) rather than from what was asked: it
     * passes by itself, so the work is to be tried again later, never given up on.
     */
    public static boolean isTransient(Throwable failure) {
        String state = sqlState(failure);
        if (state != null) {
            return state.length() == 5 && TRANSIENT_CLASSES.contains(state.substring(0, 2));
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // A JSON error is an IOException too, but it is the message's own: never transient.
            if (t instanceof com.fasterxml.jackson.core.JacksonException) {
                return false;
            }
            if (t instanceof IOException || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException || t instanceof NoStackTraceTimeoutException
                    || t instanceof ClosedConnectionException || t instanceof NatsUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** The SQL state of the first database error in the chain, or null when there is none. */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState();
            }
        }
        return null;
    }
}
