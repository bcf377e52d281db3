package clinic.system;

import static clinic.system.SharedStack.api;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The gateway as users meet it: docs, health, NATS monitoring, and replicas behind it. */
@ExtendWith(SharedStack.class)
class GatewayTests {

    @Test
    void docsListTheFourServicesDocuments() {
        String page = api().get("/docs/").then().statusCode(200).contentType(containsString("text/html")).extract()
                .asString();
        for (String service : Stack.SERVICES) {
            assertTrue(page.contains("/openapi/" + service), "/docs lists " + service);
            api().queryParam("format", "json").get("/openapi/" + service).then().statusCode(200)
                    .body("openapi", org.hamcrest.Matchers.startsWith("3."));
        }
    }

    @Test
    void healthIsUpWithEachServicesAnswer() {
        api().get("/health").then().statusCode(200).contentType(containsString("application/json"))
                .body("status", equalTo("UP"))
                .body("services.appointment.status", equalTo("UP"))
                .body("services.'doctor-availability'.status", equalTo("UP"))
                .body("services.'patient-contact'.status", equalTo("UP"))
                .body("services.notifications.status", equalTo("UP"))
                .body("services.appointment.checks.name", org.hamcrest.Matchers.hasItem("nats"));
    }

    @Test
    void aTooLargeBodyIs413ProblemJson() {
        api().contentType(ContentType.JSON).body("{\"notes\": \"" + "x".repeat(1_100_000) + "\"}")
                .post("/appointments").then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));
    }

    /**
     * A body larger than nginx's default in-memory buffer (16 kB) but within the limit reaches the service: it was
     * written to a temp file the workers could not create when the run directory lay under a private path (500).
     */
    @Test
    void aLargeBodyWithinTheLimitReachesTheService() {
        api().contentType(ContentType.JSON).body("{\"name\": \"" + "x".repeat(300_000) + "\"}")
                .post("/doctors").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/nothing-here", "/_ready/appointment" })
    void pathsNoLocationServesAre404ProblemJson(String path) {
        api().get(path).then().statusCode(404).contentType("application/problem+json")
                .header("X-Request-Id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("type", equalTo("about:blank")).body("status", equalTo(404))
                .body("detail", containsString("/appointments"));
    }

    @Test
    void aPathWithAQuoteStillGetsValidJson() throws IOException {
        RawAnswer answer = raw("GET /nothing%22here\\ HTTP/1.1\r\n" + HOST + "\r\n");
        assertProblem(answer, 404);
    }

    /**
     * Requests nginx refuses while reading them, before any service sees them; sent as raw bytes, since an HTTP
     * client would not send most of them.
     */
    static Stream<Arguments> requestsTheGatewayRefusesItself() {
        return Stream.of(
                Arguments.of("an invalid %-escape", 400, "GET /appointments/%zz HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a NUL %-escape", 400, "GET /appointments/%00 HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a malformed request line", 400, "GET /appointments HTTP/1.1 extra\r\n" + HOST + "\r\n"),
                // The services' HTTP layer would refuse these with a bare 400 and no body; the gateway refuses them.
                Arguments.of("a raw brace in the path", 400, "GET /appointments/{id} HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a raw non-ASCII byte in the path", 400,
                        "GET /availability/doctor/\u00ff HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a raw quote in the query", 400, "GET /doctors?page=\"1\" HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a control byte in a header value", 400,
                        "DELETE /appointments/x HTTP/1.1\r\nIf-Match: \"1\u0001\"\r\n" + HOST + "\r\n"),
                Arguments.of("a malformed Host", 400,
                        "GET /appointments HTTP/1.1\r\nHost: a/b\r\nConnection: close\r\n\r\n"),
                Arguments.of("no Host in HTTP/1.1", 400, "GET /appointments HTTP/1.1\r\nConnection: close\r\n\r\n"),
                Arguments.of("an invalid chunked body", 400, "POST /appointments HTTP/1.1\r\n" + HOST
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                Arguments.of("TRACE", 405, "TRACE /appointments HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a 10 kB URI", 414,
                        "GET /appointments/" + "a".repeat(10_000) + " HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a 40 kB header", 431,
                        "GET /appointments HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(40_000) + "\r\n\r\n"),
                Arguments.of("an unknown Transfer-Encoding", 501,
                        "POST /appointments HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip\r\n\r\n"),
                Arguments.of("HTTP/2.0 in the request line", 505, "GET /appointments HTTP/2.0\r\n" + HOST + "\r\n"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("requestsTheGatewayRefusesItself")
    void requestsTheGatewayRefusesAreProblemJson(String what, int status, String request) throws IOException {
        assertProblem(raw(request), status);
    }

    /**
     * What the gateway lets through, the services take: a request line of 6 kB (above the 4 kB Vert.x takes by
     * default) and headers of 28 kB (above its 20 kB) reach the service, whose answer (here: no token, 401) is
     * problem+json, never the HTTP layer's bare 414 or 431.
     */
    @Test
    void aLongRequestLineOrLargeHeadersTheGatewayPassesAreAnsweredByTheService() throws IOException {
        assertProblem(raw("GET /appointments/" + "a".repeat(6_000) + " HTTP/1.1\r\n" + HOST + "\r\n"), 401);
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            headers.append("X-Pad-").append(i).append(": ").append("a".repeat(7_000)).append("\r\n");
        }
        assertProblem(raw("GET /appointments HTTP/1.1\r\n" + HOST + headers + "\r\n"), 401);
    }

    @Test
    void theRequestIdSentIsKeptOnAGatewayError() throws IOException {
        RawAnswer answer = raw("GET /appointments HTTP/1.1\r\nX-Request-Id: gateway-error-1\r\nHost: a/b\r\n"
                + "Connection: close\r\n\r\n");
        assertProblem(answer, 400);
        assertEquals("gateway-error-1", answer.headers().get("x-request-id"));
    }

    @Test
    void aServicesOwnErrorPassesThroughUntouched() {
        UUID id = UUID.randomUUID();
        api().get("/appointments/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No appointment " + id + "."));
    }

    @Test
    void natsMonitoringShowsTheFiveStreams() throws Exception {
        Path conf = Path.of(System.getenv().getOrDefault("CLINIC_TEST_NATS_CONF", "/nonexistent"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(conf), "needs the test run's NATS");
        Matcher http = Pattern.compile("http: 127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(conf));
        assertTrue(http.find());
        List<String> streams = given().baseUri("http://127.0.0.1:" + http.group(1)).queryParam("streams", "true")
                .get("/jsz").then().statusCode(200).extract().jsonPath()
                .getList("account_details[0].stream_detail.name");
        assertTrue(streams.containsAll(List.of("APPOINTMENTS", "AVAILABILITY", "PATIENTS", "NOTIFICATIONS",
                "DEADLETTER")), streams.toString());
    }

    @Test
    void withTwoReplicasOfEveryService50BookingsGive50BlocksAnd50Notifications() throws Exception {
        Stack stack = SharedStack.get().stack();
        List<String> single = Stack.SERVICES.stream().filter(s -> stack.replicas(s).size() < 2).toList();
        stack.startAll(single, false);
        SharedStack.get().gateway().reload(stack);
        String doctor = "doctor-replicas-" + UUID.randomUUID();
        Instant first = Instant.parse("2031-12-01T08:00:00Z");

        ExecutorService clients = Executors.newFixedThreadPool(10);
        List<Callable<String>> bookings = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Instant time = first.plus(30L * i, ChronoUnit.MINUTES);
            bookings.add(() -> api().contentType(ContentType.JSON).header("Prefer", "wait=20")
                    .body(Map.of("patient_id", "patient-" + UUID.randomUUID(), "doctor_id", doctor,
                            "appointment_time", time.toString()))
                    .post("/appointments").then().statusCode(201).body("status", equalTo("confirmed"))
                    .extract().jsonPath().getString("id"));
        }
        List<String> ids = new ArrayList<>();
        try {
            for (Future<String> id : clients.invokeAll(bookings)) {
                ids.add(id.get());
            }
        } finally {
            clients.shutdown();
        }

        api().queryParam("size", 100).get("/availability/doctor/" + doctor).then().statusCode(200)
                .header("X-Total-Count", "50");
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> "sent".equals(
                api().get("/notifications/appointment/" + id).then().extract().jsonPath().getString("[0].status"))));
        Thread.sleep(1000);
        for (String id : ids) {
            assertEquals(1, api().get("/notifications/appointment/" + id).then().extract().jsonPath()
                    .getList("$").size(), "one notification for " + id);
        }
    }

    private static final String HOST = "Host: clinic.test\r\nConnection: close\r\n";

    /** The status line's code, the headers (names in lower case) and the body of one answer to raw bytes. */
    record RawAnswer(int status, Map<String, String> headers, String body) {
    }

    /** Sends the request as it is over a socket to the gateway and reads one answer (its Content-Length body). */
    static RawAnswer raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", SharedStack.get().gateway().port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            String[] parts = statusLine.split(" ");
            assertTrue(parts.length >= 2 && parts[0].startsWith("HTTP/1."), "status line: " + statusLine);
            Map<String, String> headers = new HashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            assertTrue(headers.containsKey("content-length"), "a Content-Length in " + headers);
            byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            return new RawAnswer(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the answer ended within a line: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * An RFC 9457 problem from the gateway: the status, problem+json, a JSON body naming the same status, and an
     * X-Request-Id.
     */
    private static void assertProblem(RawAnswer answer, int status) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.headers().get("content-type"));
        JsonPath problem = JsonPath.from(answer.body());
        assertEquals(status, problem.getInt("status"), answer.body());
        assertEquals("about:blank", problem.getString("type"));
        assertFalse(problem.getString("title").isBlank(), answer.body());
        assertFalse(problem.getString("detail").isBlank(), answer.body());
        assertFalse(answer.headers().getOrDefault("x-request-id", "").isBlank(), "an X-Request-Id");
    }
}
