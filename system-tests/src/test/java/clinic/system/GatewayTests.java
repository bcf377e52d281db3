package clinic.system;

import static clinic.system.SharedStack.api;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;

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
                .post("/appointments").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void natsMonitoringShowsTheFiveStreams() throws Exception {
        Path conf = Path.of(System.getenv().getOrDefault("CLINIC_TEST_NATS_CONF", "/nonexistent"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(conf), "needs the NATS of ./clinic test");
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
}
