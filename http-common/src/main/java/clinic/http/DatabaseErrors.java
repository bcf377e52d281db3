package clinic.http;

import java.sql.SQLException;

/**
 * Recognises the database's refusals (constraint violations a client caused) in the exception chains Hibernate
 * Reactive produces: the chain carries a {@link SQLException} with the SQL state.
 */
public final class DatabaseErrors {

    /** exclusion_violation, e.g. two holds of one doctor overlapping. */
    public static final String EXCLUSION_VIOLATION = "23P01";
    /** unique_violation, e.g. an e-mail address taken. */
    public static final String UNIQUE_VIOLATION = "23505";

    private DatabaseErrors() {
    }

    public static boolean isExclusionViolation(Throwable failure) {
        return hasSqlState(failure, EXCLUSION_VIOLATION);
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return hasSqlState(failure, UNIQUE_VIOLATION);
    }

    static boolean hasSqlState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
