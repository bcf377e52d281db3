package clinic.outside;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;

import clinic.eventbus.testing.TransactionBoundary;

/** The rule refuses each way of opening a transaction outside eventbus, and lets Transactions.withTransaction by. */
class TransactionBoundaryTests {

    @Test
    void refusesPanacheWithTransaction() {
        assertRefused(TransactionOpeners.ThroughPanache.class);
    }

    @Test
    void refusesThePoolsWithTransaction() {
        assertRefused(TransactionOpeners.ThroughThePool.class);
    }

    @Test
    void refusesAMethodReferenceToWithTransaction() {
        assertRefused(TransactionOpeners.ThroughAMethodReference.class);
    }

    @Test
    void refusesTheBlockingVariants() {
        assertRefused(TransactionOpeners.ThroughABlockingVariant.class);
    }

    @Test
    void refusesAnAnnotatedClass() {
        assertRefused(TransactionOpeners.ThroughAnAnnotatedClass.class);
    }

    @Test
    void refusesWithTransactionAnnotation() {
        assertRefused(TransactionOpeners.ThroughAnAnnotation.class);
    }

    @Test
    void letsTransactionsWithTransactionBy() {
        TransactionBoundary.RULE.check(new ClassFileImporter().importClasses(TransactionOpeners.ThroughEventbus.class));
    }

    @Test
    void eventbusItselfMayOpenThem() {
        TransactionBoundary.check("clinic.eventbus");
    }

    @Test
    void aPackageWithoutClassesIsAnError() {
        assertThrows(AssertionError.class, () -> TransactionBoundary.check("clinic.nosuchpackage"));
    }

    private static void assertRefused(Class<?> opener) {
        AssertionError refused = assertThrows(AssertionError.class,
                () -> TransactionBoundary.RULE.check(new ClassFileImporter().importClasses(opener)));
        assertTrue(refused.getMessage().contains(opener.getName()), refused.getMessage());
    }
}
