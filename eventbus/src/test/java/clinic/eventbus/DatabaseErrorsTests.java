package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

class DatabaseErrorsTests {

    private static Throwable wrapped(Throwable cause) {
        return new RuntimeException("HR000057: failed to execute statement", new IllegalStateException(cause));
    }

    @Test
    void anUnavailableDatabaseIsTransient() {
        for (String state : new String[] { "08006", "53300", "57P01", "57P03", "55000", "40001", "40P01" }) {
            assertTrue(DatabaseErrors.isTransient(wrapped(new SQLException("down", state))), state);
            assertTrue(DatabaseErrors.isTransient(new PgException("down", "FATAL", state, null)), state);
        }
        assertTrue(DatabaseErrors.isTransient(wrapped(new ConnectException("Connection refused"))));
        assertTrue(DatabaseErrors.isTransient(io.vertx.sqlclient.ClosedConnectionException.INSTANCE));
    }

    @Test
    void whatTheRequestOrEventCausedIsNot() {
        for (String state : new String[] { "23505", "23P01", "22021", "22008", "42P01" }) {
            assertFalse(DatabaseErrors.isTransient(wrapped(new SQLException("refused", state))), state);
        }
        assertFalse(DatabaseErrors.isTransient(new IllegalArgumentException("a rule that can never pass")));
        // Data that does not decode: Jackson's errors are IOExceptions, yet the event's own.
        assertFalse(DatabaseErrors.isTransient(new IllegalArgumentException("bad data",
                com.fasterxml.jackson.databind.exc.InvalidFormatException.from(null, "not a time", "x", String.class))));
        // The first SQL state decides, whatever the chain holds below it.
        assertFalse(DatabaseErrors.isTransient(new SQLException("dup", "23505", new ConnectException("x"))));
    }

    @Test
    void onlyDeadlocksAndSerializationFailuresAreRetriedAtOnce() {
        assertTrue(DatabaseErrors.isRetryableConflict(wrapped(new SQLException("deadlock", "40P01"))));
        assertTrue(DatabaseErrors.isRetryableConflict(new PgException("serialization", "ERROR", "40001", null)));
        assertFalse(DatabaseErrors.isRetryableConflict(wrapped(new SQLException("down", "57P01"))));
        assertFalse(DatabaseErrors.isRetryableConflict(new IllegalStateException()));
    }
}
