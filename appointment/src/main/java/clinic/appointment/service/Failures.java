package clinic.appointment.service;

import java.sql.SQLException;

import org.hibernate.exception.ConstraintViolationException;

/** Recognises the database's refusals in Hibernate Reactive's exception chains. */
final class Failures {

    /** exclusion_violation: a hold overlapping another appointment's. */
    static final String EXCLUSION_VIOLATION = "23P01";
    static final String UNIQUE_VIOLATION = "23505";

    private Failures() {
    }

    static boolean isOverlap(Throwable failure) {
        return hasSqlState(failure, EXCLUSION_VIOLATION);
    }

    static boolean isUniqueViolation(Throwable failure) {
        return hasSqlState(failure, UNIQUE_VIOLATION);
    }

    private static boolean hasSqlState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException constraint && state.equals(constraint.getSQLState())) {
                return true;
            }
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
