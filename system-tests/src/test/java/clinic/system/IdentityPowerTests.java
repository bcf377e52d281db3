package clinic.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * What the identity provider lets whom do. The registration client (patient-contact's service account) may make,
 * find and remove the accounts of self-registered patients and nothing more: no role for anyone, no change to a
 * staff or admin account, no account outside /patients. Staff and admin log in with a second factor (the demo
 * accounts are exempt, so ./clinic token works). Logins, good and failed, are in the patient's audit trail.
 */
@ExtendWith(SharedStack.class)
class IdentityPowerTests {

    private static String adminApi() {
        return Identity.url() + "/admin/realms/clinic";
    }

    /** The Keycloak's own administrator (the bootstrap admin of the test run's server). */
    private static RequestSpecification asKeycloakAdmin() {
        String password = System.getenv("CLINIC_TEST_KEYCLOAK_ADMIN_PASSWORD");
        assumeTrue(password != null, "needs the test run's Keycloak");
        String token = given().formParams(Map.of("grant_type", "password", "client_id", "admin-cli", "username",
                "keycloak-admin", "password", password)).post(Identity.url() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        return given().header("Authorization", "Bearer " + token);
    }

    private static RequestSpecification asRegistrationClient() {
        String secret = System.getenv("CLINIC_TEST_KEYCLOAK_REGISTRATION_SECRET");
        assumeTrue(secret != null && !secret.isBlank(), "needs the test run's Keycloak");
        String token = given().formParams(Map.of("grant_type", "client_credentials", "client_id",
                "clinic-registration", "client_secret", secret)).post(Identity.issuer()
                + "/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
        return given().header("Authorization", "Bearer " + token);
    }

    private static String userId(String username) {
        List<String> ids = asKeycloakAdmin().queryParam("username", username).queryParam("exact", true)
                .get(adminApi() + "/users").then().statusCode(200).extract().jsonPath().getList("id");
        return ids.get(0);
    }

    @Test
    void theRegistrationClientMayGrantNoRoleNorTouchStaffOrAdminNorMakeAnAccountOutsidePatients() {
        Map<String, Object> adminRole = asKeycloakAdmin().get(adminApi() + "/roles/admin").then().statusCode(200)
                .extract().jsonPath().getMap("$");
        String email = "power-" + UUID.randomUUID() + "@example.org";
        String patient = given().baseUri(SharedStack.get().gateway().baseUri()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "power test password", "name", "Pat Power"))
                .post("/auth/register").then().statusCode(201).extract().path("patient.id");
        String account = userId(email);
        RequestSpecification registration = asRegistrationClient();

        // No role for anyone, its own accounts included.
        registration.contentType(ContentType.JSON).body(List.of(Map.of("id", adminRole.get("id"), "name", "admin")))
                .post(adminApi() + "/users/" + account + "/role-mappings/realm").then().statusCode(403);
        // No change to staff or admin accounts: not their details, password, roles, nor their removal.
        for (String user : List.of("staff", "admin")) {
            String id = userId(user);
            registration.contentType(ContentType.JSON).body(Map.of("firstName", "Mallory"))
                    .put(adminApi() + "/users/" + id).then().statusCode(403);
            registration.contentType(ContentType.JSON).body(Map.of("type", "password", "value", "taken over 12",
                    "temporary", false)).put(adminApi() + "/users/" + id + "/reset-password").then().statusCode(403);
            registration.delete(adminApi() + "/users/" + id).then().statusCode(403);
        }
        // No account outside /patients (an account with a staff attribute or in no group at all).
        registration.contentType(ContentType.JSON).body(Map.of("username", "outside-" + UUID.randomUUID(),
                "enabled", true)).post(adminApi() + "/users").then().statusCode(403);
        // What it is for still works: its own patients' accounts are found and removed (erasure).
        SharedStack.api().delete("/patients/" + patient).then().statusCode(204);
        asKeycloakAdmin().queryParam("username", email).queryParam("exact", true).get(adminApi() + "/users").then()
                .statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void staffAndAdminNeedASecondFactorTheDemoAccountsAreExempt() {
        String username = "staff-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "staff test password";
        RequestSpecification admin = asKeycloakAdmin();
        admin.contentType(ContentType.JSON).body(Map.of("username", username, "enabled", true, "email",
                username + "@clinic.test", "firstName", "Sam", "lastName", "Staff", "credentials", List.of(Map.of(
                "type", "password", "value", password, "temporary", false))))
                .post(adminApi() + "/users").then().statusCode(201);
        String id = userId(username);
        Map<String, Object> staffRole = asKeycloakAdmin().get(adminApi() + "/roles/staff").then().statusCode(200)
                .extract().jsonPath().getMap("$");
        asKeycloakAdmin().contentType(ContentType.JSON).body(List.of(staffRole))
                .post(adminApi() + "/users/" + id + "/role-mappings/realm").then().statusCode(204);

        // Password alone is not enough for staff; the demo staff (exempt) still logs in.
        given().baseUri(SharedStack.get().gateway().baseUri()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/auth/login").then().statusCode(401);
        int direct = given().formParams(Map.of("grant_type", "password", "client_id", "clinic-web", "username",
                username, "password", password)).post(Identity.issuer() + "/protocol/openid-connect/token")
                .statusCode();
        assertNotEquals(200, direct, "the password grant refuses staff without a second factor");
        Identity.token("staff");
    }

    /**
     * Keycloak survives its database connections being cut (as a PostgreSQL restart cuts them): the first token
     * requests after it are answered, not refused with 500 from dead pooled connections.
     */
    @Test
    void keycloakAnswersRightAfterItsDatabaseConnectionsAreCut() throws Exception {
        Identity.freshToken("staff");
        try (java.sql.Connection operator = clinic.eventbus.testing.TestDatabases.operator("postgres");
                java.sql.Statement statement = operator.createStatement()) {
            statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'keycloak_test'");
        }
        for (String user : List.of("staff", "admin", "patient", "doctor")) {
            Identity.freshToken(user);
        }
    }

    @Test
    void loginsGoodAndFailedAreInThePatientsAuditTrail() {
        String email = "logins-" + UUID.randomUUID() + "@example.org";
        String password = "login audit password";
        RequestSpecification gateway = given().baseUri(SharedStack.get().gateway().baseUri());
        String patient = gateway.contentType(ContentType.JSON).body(Map.of("email", email, "password", password,
                "name", "Lou Login")).post("/auth/register").then().statusCode(201).extract().path("patient.id");
        given().baseUri(SharedStack.get().gateway().baseUri()).contentType(ContentType.JSON)
                .body(Map.of("username", email, "password", "wrong password")).post("/auth/login").then()
                .statusCode(401);
        given().baseUri(SharedStack.get().gateway().baseUri()).contentType(ContentType.JSON)
                .body(Map.of("username", email, "password", password)).post("/auth/login").then().statusCode(200);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                SharedStack.api().queryParam("patient_id", patient).get("/audit").then().statusCode(200)
                        .body("findAll { it.service == 'identity' && it.action == 'login' }.outcome", hasItem(200))
                        .body("findAll { it.service == 'identity' && it.action == 'login' }.outcome", hasItem(401)));
    }
}
