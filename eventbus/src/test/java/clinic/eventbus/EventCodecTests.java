package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.Reason;
import io.cloudevents.CloudEvent;

class EventCodecTests {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final EventCodec codec = new EventCodec(mapper, "appointment");

    @Test
    void envelopeSurvivesARoundTrip() {
        AppointmentEventData data = Fixtures.appointment("a-1", "patient-123", 3);
        CloudEvent event = codec.create(Subjects.APPOINTMENT_SCHEDULED, "a-1", data, new Origin("corr-1", "cause-1", null, null));

        CloudEvent read = codec.parse(codec.serialize(event));

        assertEquals(event.getId(), read.getId());
        assertEquals("1.0", read.getSpecVersion().toString());
        assertEquals("/clinic/appointment", read.getSource().toString());
        assertEquals("appointment.scheduled", read.getType());
        assertEquals("a-1", read.getSubject());
        assertEquals(event.getTime(), read.getTime());
        assertEquals("application/json", read.getDataContentType());
        assertEquals("corr-1", read.getExtension("correlationid"));
        assertEquals("cause-1", read.getExtension("causationid"));
        assertEquals(data, codec.data(read, AppointmentEventData.class));
    }

    @Test
    void writesStructuredJsonWithSnakeCaseDataAndUtcTimes() throws Exception {
        AppointmentEventData data = new AppointmentEventData("a-1", "patient-123", "doctor-456",
                java.time.Instant.parse("2027-09-15T10:00:00Z"), java.time.Instant.parse("2027-09-15T10:30:00Z"), 30,
                "rejected", 2, "Europe/Berlin", null, new Reason("overlap", "The doctor is booked then."));
        CloudEvent event = codec.create(Subjects.APPOINTMENT_REJECTED, "a-1", data, new Origin("corr-1", "cause-1", null, null));

        JsonNode json = mapper.readTree(codec.serialize(event));

        assertEquals(new TreeSet<>(Set.of("specversion", "id", "source", "type", "subject", "time",
                "datacontenttype", "data", "correlationid", "causationid", "actor")), fieldNames(json));
        assertEquals("appointment.rejected", json.get("type").asText());
        // Made outside any request: the service itself acted.
        assertEquals("service:" + json.get("source").asText().substring("/clinic/".length()),
                json.get("actor").asText());
        assertTrue(json.get("time").asText().endsWith("Z"), "time is written in UTC");
        JsonNode body = json.get("data");
        assertEquals(new TreeSet<>(List.of("appointment_id", "patient_id", "doctor_id", "appointment_time",
                "end_time", "duration_minutes", "status", "version", "time_zone", "reason")), fieldNames(body));
        assertEquals("2027-09-15T10:00:00Z", body.get("appointment_time").asText());
        assertEquals("2027-09-15T10:30:00Z", body.get("end_time").asText());
        assertEquals(30, body.get("duration_minutes").asInt());
        assertEquals(2, body.get("version").asLong());
        assertEquals("overlap", body.get("reason").get("code").asText());
    }

    @Test
    void aNewConversationIsItsOwnCorrelation() {
        CloudEvent event = codec.create(Subjects.APPOINTMENT_SCHEDULED, "a-1",
                Fixtures.appointment("a-1", "p", 1), Origin.service());

        assertEquals(event.getId(), EventCodec.correlationId(event));
        assertFalse(event.getExtensionNames().contains("causationid"));
    }

    @Test
    void anAnswerCarriesTheCorrelationAndNamesItsCause() {
        CloudEvent cause = codec.create(Subjects.APPOINTMENT_SCHEDULED, "a-1", Fixtures.appointment("a-1", "p", 1),
                Origin.request("corr-9", null));

        CloudEvent answer = codec.create(Subjects.AVAILABILITY_BLOCKED, "a-1", Fixtures.appointment("a-1", "p", 1),
                Origin.causedBy(cause));

        assertEquals("corr-9", answer.getExtension("correlationid"));
        assertEquals(cause.getId(), answer.getExtension("causationid"));
        assertEquals("service:appointment", answer.getExtension("actor"), "an answer is the service's own act");
    }

    @Test
    void aRequestsOriginNamesItsCallerAndAResumedOneItsTrace() {
        CloudEvent asked = codec.create(Subjects.APPOINTMENT_SCHEDULED, "a-1", Fixtures.appointment("a-1", "p", 1),
                Origin.request("req-1", "patient-123"));
        assertEquals("patient-123", asked.getExtension("actor"));
        assertEquals("req-1", asked.getExtension("correlationid"));

        String kept = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        CloudEvent resumed = codec.create(Subjects.APPOINTMENT_SCHEDULED, "a-1", Fixtures.appointment("a-1", "p", 1),
                Origin.resumed("req-1", kept));
        assertEquals(kept, resumed.getExtension(EventTracing.TRACEPARENT));
        assertEquals("req-1", resumed.getExtension("correlationid"));
    }

    @Test
    void anUnreadableMessageIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> codec.parse("not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> codec.parse("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8)));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
