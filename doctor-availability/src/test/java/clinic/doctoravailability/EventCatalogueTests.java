package clinic.doctoravailability;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.eventbus.EventHandler;
import clinic.eventbus.testing.CatalogueConformance;
import io.quarkus.test.junit.QuarkusTest;

/** This service consumes exactly the event types the catalogue (and so the AsyncAPI document) says it does. */
@QuarkusTest
class EventCatalogueTests {

    @Inject
    @Any
    Instance<EventHandler> handlers;

    @Test
    void theHandlersTakeExactlyTheTypesTheCatalogueListsForThisService() {
        CatalogueConformance.assertHandlersMatchTheCatalogue("doctor-availability", handlers);
    }
}
