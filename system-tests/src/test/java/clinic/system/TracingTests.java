package clinic.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.system.TraceCollector.ReceivedSpan;
import io.restassured.http.ContentType;

/**
 * One booking is one trace: through the gateway, the appointment service's request, its SQL, the NATS hops of
 * every event of the saga (scheduled, blocked, confirmed, notification.sent) and each consumer's handling, as
 * the services export it over OTLP.
 */
@ExtendWith(SharedStack.class)
class TracingTests {

    private static final int SERVER = 2;
    private static final int CLIENT = 3;
    private static final int PRODUCER = 4;
    private static final int CONSUMER = 5;

    @Test
    void aBookingIsOneTraceAcrossTheGatewayTheServicesTheirSqlAndNats() throws Exception {
        String doctor = SharedStack.api().contentType(ContentType.JSON).body(Map.of("name", "Dr. Trace"))
                .post("/doctors").then().statusCode(201).extract().path("id");
        String traceId = hex(16);
        String clientSpan = hex(8);
        String id = SharedStack.api().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .header("Prefer", "wait=10")
                .body(Map.of("patient_id", "patient-trace-" + hex(4), "doctor_id", doctor,
                        "appointment_time", "2032-03-0" + (1 + ThreadLocalRandom.current().nextInt(8)) + "T10:00:00Z"))
                .post("/appointments").then().statusCode(201).extract().path("id");

        TraceCollector traces = SharedStack.get().traces();
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<ReceivedSpan> trace = traces.trace(traceId);
            assertTrue(has(trace, "appointment", SERVER, "POST /appointments"), names(trace));
            assertTrue(has(trace, "appointment", PRODUCER, "appointment.scheduled publish"), names(trace));
            assertTrue(has(trace, "doctor-availability", CONSUMER, "appointment.scheduled process"), names(trace));
            assertTrue(has(trace, "patient-contact", CONSUMER, "appointment.scheduled process"), names(trace));
            assertTrue(has(trace, "doctor-availability", PRODUCER, "availability.blocked publish"), names(trace));
            assertTrue(has(trace, "appointment", CONSUMER, "availability.blocked process"), names(trace));
            assertTrue(has(trace, "notifications", CONSUMER, "appointment.confirmed process"), names(trace));
            assertTrue(has(trace, "notifications", PRODUCER, "notification.sent publish"), names(trace));
            for (String service : Stack.SERVICES) {
                assertTrue(trace.stream().anyMatch(s -> s.service().equals(service) && s.kind() == CLIENT
                        && s.attributes().stream().anyMatch(a -> a.startsWith("db.system"))),
                        service + "'s SQL is in the trace: " + names(trace));
            }
        });

        List<ReceivedSpan> trace = traces.trace(traceId);
        Set<String> spanIds = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        for (ReceivedSpan span : trace) {
            // One tree: every span hangs from another span of the trace, or from the client's span.
            assertTrue(spanIds.contains(span.parentSpanId()) || span.parentSpanId().equals(clientSpan),
                    span.service() + " " + span.name() + " has a parent in the trace");
        }
        ReceivedSpan request = trace.stream().filter(s -> s.kind() == SERVER && s.name().equals("POST /appointments"))
                .findFirst().orElseThrow();
        assertEquals(clientSpan, request.parentSpanId(), "the request continues the trace the gateway passed on");
        ReceivedSpan blocked = find(trace, "doctor-availability", CONSUMER, "appointment.scheduled process");
        assertTrue(blocked.hasAttribute("messaging.message.id", eventId(trace, "appointment.scheduled")));
        assertFalse(trace.stream().anyMatch(s -> s.name().contains(id) && s.kind() == SERVER),
                "span names carry the route, not ids");

        // Log lines carry the trace id: the appointment service's handling of the answer, and the gateway's line.
        String log;
        try (var logs = Files.list(Path.of("target", "service-logs"))) {
            log = logs.filter(file -> file.getFileName().toString().startsWith("appointment-")).map(file -> {
                try {
                    // Logs may hold bytes of any encoding (bad-input tests send them): read byte for byte.
                    return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
        assertTrue(log.lines().anyMatch(line -> line.contains("trace=" + traceId) && line.contains("handled")
                && line.contains("availability.blocked")), "the appointment log names the trace");
        String access = Files.readString(Path.of("target", "gateway", "logs", "access.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(access.contains("\"traceparent\":\"00-" + traceId + "-" + clientSpan + "-01\""),
                "the gateway logs the traceparent it passed on");
    }

    private static String eventId(List<ReceivedSpan> trace, String type) {
        return trace.stream().filter(s -> s.kind() == PRODUCER && s.name().equals(type + " publish"))
                .flatMap(s -> s.attributes().stream()).filter(a -> a.startsWith("messaging.message.id="))
                .map(a -> a.substring("messaging.message.id=".length())).findFirst().orElse("?");
    }

    private static boolean has(List<ReceivedSpan> trace, String service, int kind, String name) {
        return trace.stream().anyMatch(s -> s.service().equals(service) && s.kind() == kind && s.name().equals(name));
    }

    private static ReceivedSpan find(List<ReceivedSpan> trace, String service, int kind, String name) {
        return trace.stream().filter(s -> s.service().equals(service) && s.kind() == kind && s.name().equals(name))
                .findFirst().orElseThrow();
    }

    private static String names(List<ReceivedSpan> trace) {
        return trace.stream().map(s -> s.service() + ":" + s.kind() + ":" + s.name()).sorted().toList().toString();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
