package clinic.patientcontact;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import clinic.http.testing.AdminByDefault;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Registration and login need no token, check what they are sent before asking the identity provider, and
 * answer 503 without changing anything when it cannot be reached (in this module's tests it never can: the
 * system tests register and log in at a real Keycloak).
 */
@QuarkusTest
class AuthTests {

    private static Map<String, Object> registration() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Reg Istered");
        body.put("email", "reg-" + UUID.randomUUID() + "@example.org");
        body.put("password", "a long passphrase");
        return body;
    }

    private static io.restassured.response.ValidatableResponse post(String path, Object body) {
        return given().header("Authorization", AdminByDefault.ANONYMOUS).contentType(ContentType.JSON).body(body)
                .post(path).then().contentType(containsString("application/problem+json"));
    }

    @Test
    void aRegistrationIsCheckedBeforeTheProviderIsAsked() {
        for (String[] bad : new String[][] { { "password", null }, { "password", "short" }, { "email", null },
                { "email", "not-an-address" }, { "name", null }, { "id", "patient-123" },
                { "username", "has spaces" }, { "phone", "not a phone" } }) {
            Map<String, Object> body = registration();
            if (bad[1] == null) {
                body.remove(bad[0]);
            } else {
                body.put(bad[0], bad[1]);
            }
            post("/auth/register", body).statusCode(400).body("errors[0].field", equalTo(bad[0]));
        }
        Map<String, Object> same = registration();
        same.put("password", same.get("email"));
        post("/auth/register", same).statusCode(400).body("errors[0].field", equalTo("password"));
    }

    @Test
    void anUnreachableProviderIs503AndNoPatientIsMade() {
        Map<String, Object> body = registration();
        post("/auth/register", body).statusCode(503).header("Retry-After", "5")
                .body("detail", containsString("identity provider"));
        given().get("/patients/search/email/" + body.get("email")).then().statusCode(404);
        post("/auth/login", Map.of("username", "patient", "password", "whatever-it-is")).statusCode(503);
    }

    @Test
    void aTokenThatDoesNotVerifyIs401AlsoWhereAnyoneMayCall() {
        Map<String, Object> body = registration();
        given().header("Authorization", "Bearer not.a.token").contentType(ContentType.JSON).body(body)
                .post("/auth/register").then().statusCode(401).contentType(containsString("application/problem+json"));
        given().get("/patients/search/email/" + body.get("email")).then().statusCode(404);
    }

    @Test
    void aLoginIsCheckedBeforeTheProviderIsAsked() {
        post("/auth/login", Map.of("username", "patient")).statusCode(400).body("errors[0].field", equalTo("password"));
        post("/auth/login", Map.of("password", "x")).statusCode(400).body("errors[0].field", equalTo("username"));
        post("/auth/login", Map.of("username", "u", "password", "p", "grant_type", "client_credentials"))
                .statusCode(400);
    }
}
