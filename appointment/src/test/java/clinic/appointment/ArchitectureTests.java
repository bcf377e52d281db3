package clinic.appointment;

import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.TransactionBoundary;

/** The build's structure rules, checked against this module's classes. */
class ArchitectureTests {

    @Test
    void onlyEventbusOpensTransactions() {
        TransactionBoundary.check("clinic.appointment");
    }
}
