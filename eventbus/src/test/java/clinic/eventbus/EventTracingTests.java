package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.api.trace.SpanContext;

/** Reading the trace context an event carries, and what an event is about, from whatever a message holds. */
class EventTracingTests {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aValidTraceparentIsContinuedWithItsStateAndWrittenBackTheSame() {
        SpanContext context = EventTracing.parse("00-" + TRACE + "-" + SPAN + "-01", "vendor=a,other=b");
        assertTrue(context.isValid());
        assertTrue(context.isRemote());
        assertEquals(TRACE, context.getTraceId());
        assertEquals(SPAN, context.getSpanId());
        assertTrue(context.isSampled());
        assertEquals("a", context.getTraceState().get("vendor"));
        assertEquals("00-" + TRACE + "-" + SPAN + "-01", EventTracing.traceparent(context));
    }

    @Test
    void anUnreadableTraceparentStartsANewTraceInsteadOfFailing() {
        for (String bad : new String[] { "", "garbage", "00-" + TRACE + "-" + SPAN, "ff-" + TRACE + "-" + SPAN + "-01",
                "00-" + "0".repeat(32) + "-" + SPAN + "-01", "00-" + TRACE + "-" + "0".repeat(16) + "-01",
                "00-" + TRACE.toUpperCase() + "-" + SPAN + "-01", "00-" + TRACE + "-" + SPAN + "-zz",
                "00-" + TRACE + "x-" + SPAN + "-01", "00-" + TRACE + "-" + SPAN + "-01-" + "9".repeat(10_000) }) {
            assertFalse(EventTracing.parse(bad, "").isValid(), bad.length() > 80 ? bad.substring(0, 80) : bad);
        }
        assertFalse(EventTracing.parent(event("appointment.scheduled", "a-1", "{}", null)).isValid());
    }

    @Test
    void anEventIsAboutItsAppointment() {
        assertEquals("a-1", EventTimeline.about(event("appointment.confirmed", "a-1", "{}", null)));
        assertEquals("a-2", EventTimeline.about(event("availability.blocked", "a-2",
                "{\"appointment_id\": \"a-2\", \"doctor_id\": \"d\"}", null)));
        assertEquals("a-3", EventTimeline.about(event("notification.sent", "n-1",
                "{\"notification_id\": \"n-1\", \"appointment_id\": \"a-3\"}", null)));
        assertNull(EventTimeline.about(event("availability.updated", "doctor-1", "{\"doctor_id\": \"d\"}", null)));
        assertNull(EventTimeline.about(event("patient.created", "p-1", "{\"patient_id\": \"p-1\"}", null)));
        assertNull(EventTimeline.about(event("notification.sent", "n-2", "not json", null)));
        assertNull(EventTimeline.about(event("notification.sent", "n-3", "{\"appointment_id\": 42}", null)));
    }

    private static CloudEvent event(String type, String subject, String data, String traceparent) {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/clinic/test"))
                .withType(type).withSubject(subject).withDataContentType("application/json")
                .withData(data.getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) {
            builder.withExtension(EventTracing.TRACEPARENT, traceparent);
        }
        return builder.build();
    }
}
