package clinic.eventbus.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import clinic.eventbus.EventHandler;
import clinic.eventbus.EventType;

/**
 * Holds a service's event handlers to the event catalogue ({@link EventType}), which the AsyncAPI document is
 * generated from: the service must consume exactly the types the catalogue lists it for.
 */
public final class CatalogueConformance {

    private CatalogueConformance() {
    }

    public static void assertHandlersMatchTheCatalogue(String service, Iterable<EventHandler> handlers) {
        List<String> listed = new ArrayList<>();
        List<String> handled = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (type.consumers().contains(service)) {
                listed.add(type.subject());
            }
            for (EventHandler handler : handlers) {
                if (handler.stream() == type.stream() && handler.handles(type.subject())) {
                    handled.add(type.subject());
                }
            }
        }
        assertEquals(listed, handled, service + "'s handlers take other event types than the catalogue"
                + " (clinic.eventbus.EventType) lists for it");
    }
}
