package clinic.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The gateway's own hardening: security headers on every answer, rate limits per caller and per address, a bound
 * on the changes in progress per service.
 */
@ExtendWith(SharedStack.class)
class GatewaySecurityTests {

    @Test
    void everyAnswerCarriesSecurityHeadersAndApiAnswersAreNeverStored() {
        SharedStack.api().get("/appointments").then().statusCode(200)
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY").header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .header("Server", "nginx").header("Strict-Transport-Security", nullValue());
        // Also on the gateway's own answers and on refusals.
        given().baseUri(SharedStack.get().gateway().baseUri()).get("/nowhere").then().statusCode(404)
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
        given().baseUri(SharedStack.get().gateway().baseUri()).get("/patients").then().statusCode(401)
                .header("Cache-Control", "no-store");
        // The Swagger UI holds no patient data: its own caching stands.
        given().baseUri(SharedStack.get().gateway().baseUri()).get("/docs/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Cache-Control", org.hamcrest.Matchers.not(containsString("no-store")));
    }

    @Test
    void writesAndReadsAreLimitedPerCallerWith429ProblemAndRetryAfter() throws Exception {
        try (Gateway limited = Gateway.start(SharedStack.get().stack(), "gateway-rate-limited",
                new Gateway.RateLimits(2, 3, 0))) {
            String staff = Identity.bearer("staff");
            assertRefusedSoon(() -> write(limited, staff), "12 writes at once from one caller at 2/s");
            // Another caller is not held back by the first one's writes.
            assertEquals(201, write(limited, Identity.bearer("admin")).statusCode());

            assertRefusedSoon(() -> read(limited, staff), "12 reads at once from one caller at 3/s");
            assertEquals(200, read(limited, Identity.bearer("admin")).statusCode());
        }
    }

    /**
     * A forged token that names another caller (their subject and every claim, unsigned or signed with anything)
     * is counted apart from that caller's real token: nobody can spend someone else's budget, as counting by the
     * unverified subject allowed.
     */
    @Test
    void aForgedTokenNamingACallerCannotSpendTheirBudget() throws Exception {
        try (Gateway limited = Gateway.start(SharedStack.get().stack(), "gateway-forged-limit",
                new Gateway.RateLimits(2, 0, 0))) {
            String staff = Identity.bearer("staff");
            String[] parts = staff.substring("Bearer ".length()).split("\\.");
            String unsigned = "Bearer " + parts[0] + "." + parts[1] + ".";
            String resigned = "Bearer " + parts[0] + "." + parts[1] + "." + "A".repeat(parts[2].length());
            for (int i = 0; i < 12; i++) {
                assertTrue(List.of(401, 429).contains(write(limited, unsigned).statusCode()));
                assertTrue(List.of(401, 429).contains(write(limited, resigned).statusCode()));
            }
            assertEquals(201, write(limited, staff).statusCode(), "staff's own budget is untouched");
        }
    }

    /** Every request counts against its client address as well: tokens made up by the thousand do not help. */
    @Test
    void requestsAreLimitedPerAddressWhateverTokenTheyCarry() throws Exception {
        try (Gateway limited = Gateway.start(SharedStack.get().stack(), "gateway-address-limit",
                new Gateway.RateLimits(0, 0, 3))) {
            String[] parts = Identity.bearer("staff").substring("Bearer ".length()).split("\\.");
            int[] forgery = { 0 };
            assertRefusedSoon(() -> read(limited, "Bearer " + parts[0] + "." + parts[1] + "."
                    + String.format("%0" + parts[2].length() + "d", forgery[0]++)), "12 forged tokens from one address");
        }
    }

    /**
     * Changes in progress at once per service are bounded: one more is answered 503 with Retry-After at once,
     * without reaching the service; reads and another service's changes are not held back, and once the change
     * in progress ends the next one passes.
     */
    @Test
    void changesBeyondThoseInProgressAreAnswered503WithRetryAfterAtOnce() throws Exception {
        try (Gateway limited = Gateway.start(SharedStack.get().stack(), "gateway-changes-limit",
                new Gateway.RateLimits(0, 0, 0, 1))) {
            String staff = Identity.bearer("staff");
            String before = read(limited, staff).header("X-Total-Count");
            Response busy;
            try (Socket slow = new Socket("127.0.0.1", limited.port)) {
                // A change whose body never comes: in progress at the gateway until its connection closes.
                slow.getOutputStream().write(("POST /doctors HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + staff
                        + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> write(limited, staff).statusCode() == 503);
                busy = write(limited, staff);
                assertEquals(200, read(limited, staff).statusCode(), "reads are not counted");
                given().baseUri(limited.baseUri()).header("Authorization", staff).contentType(ContentType.JSON)
                        .body(Map.of("patient_id", "patient-" + UUID.randomUUID(), "doctor_id",
                                "doctor-" + UUID.randomUUID(), "appointment_time", "2031-03-03T10:00:00Z"))
                        .post("/appointments").then().statusCode(201);
            }
            assertEquals(503, busy.statusCode());
            assertEquals("1", busy.header("Retry-After"));
            assertTrue(busy.contentType().startsWith("application/problem+json"), busy.contentType());
            assertTrue(busy.jsonPath().getString("detail").contains("nothing was changed"), busy.asString());
            assertEquals(before, read(limited, staff).header("X-Total-Count"), "no doctor was added");
            await().atMost(Duration.ofSeconds(10)).until(() -> write(limited, staff).statusCode() == 201);
        }
    }

    /** Of 12 requests sent at once, some are refused with 429 problem+json and Retry-After. */
    private static void assertRefusedSoon(java.util.function.Supplier<Response> send, String what) {
        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < 12; i++) {
            Response response = send.get();
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                refused = response;
            }
        }
        assertTrue(statuses.contains(429), what + ": " + statuses);
        assertEquals("1", refused.header("Retry-After"));
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        assertEquals(429, refused.jsonPath().getInt("status"));
    }

    private static Response read(Gateway gateway, String authorization) {
        return given().baseUri(gateway.baseUri()).header("Authorization", authorization).get("/doctors");
    }

    private static Response write(Gateway gateway, String authorization) {
        return given().baseUri(gateway.baseUri()).header("Authorization", authorization).contentType(ContentType.JSON)
                .body(Map.of("name", "Dr. Rate Limit")).post("/doctors");
    }

    @Test
    void corsIsOffUnlessConfigured() {
        SharedStack.api().header("Origin", "https://evil.example").get("/appointments").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
