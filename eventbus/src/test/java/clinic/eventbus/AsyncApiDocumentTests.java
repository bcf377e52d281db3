package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The gateway serves the event catalogue's AsyncAPI document ({@code /asyncapi}) and its page
 * ({@code /docs/events}) from {@code nginx/event-docs.js}. It must be what the catalogue generates now: run with
 * {@code -Dclinic.asyncapi.write=true} to write it after changing {@link EventType} or a payload record.
 * (The system tests lint the served document with Redocly.)
 */
class AsyncApiDocumentTests {

    private static final Path MODULE = Path.of("..", "nginx", "event-docs.js");

    @Test
    void theServedDocumentAndPageAreWhatTheCatalogueGenerates() throws Exception {
        ObjectNode document = AsyncApiDocument.generate();
        String module = AsyncApiDocument.nginxModule(AsyncApiDocument.json(document), AsyncApiDocument.html(document));
        if (Boolean.getBoolean("clinic.asyncapi.write")) {
            Files.writeString(MODULE, module, StandardCharsets.UTF_8);
        }
        assertEquals(module, Files.readString(MODULE, StandardCharsets.UTF_8), MODULE + " differs from what the event"
                + " catalogue generates; write it again with mvn -pl eventbus test -Dtest=AsyncApiDocumentTests"
                + " -Dclinic.asyncapi.write=true");
    }

    @Test
    void everyCataloguedTypeHasAChannelAndEveryConsumerAnOperation() {
        ObjectNode document = AsyncApiDocument.generate();
        for (EventType type : EventType.values()) {
            assertTrue(document.path("channels").has(type.subject()), type.subject());
            assertTrue(document.path("operations").has(type.publisher() + ".sends." + type.subject()));
            for (String consumer : type.consumers()) {
                assertTrue(document.path("operations").has(consumer + ".receives." + type.subject()));
            }
        }
        assertEquals("AppointmentEventData", document.at("/components/messages/appointment.scheduled/payload/allOf/1"
                + "/properties/data/$ref").asText().replace("#/components/schemas/", ""));
        assertEquals("integer", document.at("/components/schemas/AppointmentEventData/properties/version/type")
                .asText());
        assertEquals("Reason", document.at("/components/schemas/AppointmentEventData/properties/reason/$ref")
                .asText().replace("#/components/schemas/", ""));
    }

    @Test
    void aSubjectOutsideTheCatalogueIsRefused() {
        assertEquals(EventType.APPOINTMENT_SCHEDULED, EventType.of("appointment.scheduled"));
        assertThrows(IllegalArgumentException.class, () -> EventType.of("appointment.teleported"));
    }
}
