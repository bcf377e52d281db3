package clinic.doctoravailability;

import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.TransactionBoundary;
import clinic.http.testing.DomainLayer;
import clinic.http.testing.StrictBodies;

/** The build's structure rules, checked against this module's classes. */
class ArchitectureTests {

    @Test
    void onlyEventbusOpensTransactions() {
        TransactionBoundary.check("clinic.doctoravailability");
    }

    @Test
    void theDomainSpeaksNoHttp() {
        DomainLayer.check("clinic.doctoravailability");
    }

    @Test
    void requestBodiesAreRecordsReadStrictly() {
        StrictBodies.check("clinic.doctoravailability");
    }
}
