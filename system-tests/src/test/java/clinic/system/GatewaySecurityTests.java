package clinic.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The gateway's own hardening: security headers on every answer, and writes rate-limited per caller. */
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
    void writesAreLimitedPerCallerWith429ProblemAndRetryAfter() throws Exception {
        try (Gateway limited = Gateway.start(SharedStack.get().stack(), "gateway-rate-limited", 2)) {
            List<Integer> staff = new ArrayList<>();
            Response refused = null;
            for (int i = 0; i < 12; i++) {
                Response response = write(limited, Identity.bearer("staff"));
                staff.add(response.statusCode());
                if (response.statusCode() == 429) {
                    refused = response;
                }
            }
            assertTrue(staff.contains(429), "12 writes at once from one caller at 2/s: " + staff);
            assertEquals("1", refused.header("Retry-After"));
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
            assertEquals(429, refused.jsonPath().getInt("status"));
            // Another caller is not held back by the first one's writes; reads are never limited.
            assertEquals(201, write(limited, Identity.bearer("admin")).statusCode());
            for (int i = 0; i < 12; i++) {
                given().baseUri(limited.baseUri()).header("Authorization", Identity.bearer("staff"))
                        .get("/doctors").then().statusCode(200);
            }
        }
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
