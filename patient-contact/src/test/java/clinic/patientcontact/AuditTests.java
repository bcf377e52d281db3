package clinic.patientcontact;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.eventbus.testing.TestDatabases;
import clinic.http.testing.AdminByDefault;
import clinic.http.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every read and change of a patient's data is in the audit log exactly once, with who, what, the request id and
 * the answer; the log cannot be changed; a trail with a service missing is refused.
 */
@QuarkusTest
class AuditTests {

    @Inject
    AgroalDataSource database;

    /** One scripted request: its id, the caller, and what the log must say of it. */
    private record Step(String requestId, String subject, String role, String action, String resource, int outcome) {
    }

    @Test
    void everyAccessOfAScriptedSequenceIsRecordedExactlyOnce() throws Exception {
        String patient = "audit-" + UUID.randomUUID();
        String email = patient + "@example.org";
        String stranger = Tokens.patient("someone-else");
        List<Step> steps = new ArrayList<>();

        steps.add(step("POST", "/patients", Map.of("id", patient, "name", "Ann Audit", "email", email), Tokens.staff(),
                "staff-1", "staff", "create", "patient", 201));
        steps.add(step("GET", "/patients/" + patient, null, Tokens.patient(patient), "account-" + patient, "patient",
                "read", "patient", 200));
        steps.add(step("PUT", "/patients/" + patient, Map.of("name", "Ann B. Audit"), Tokens.patient(patient),
                "account-" + patient, "patient", "update", "patient", 200));
        steps.add(step("GET", "/patients/search/email/" + email, null, Tokens.admin(), "admin-1", "admin", "search",
                "patient", 200));
        steps.add(step("GET", "/patients/" + patient, null, stranger, "account-someone-else", "patient", "read",
                "patient", 404));
        steps.add(step("PUT", "/patients/" + patient, Map.of("name", "Mallory"), stranger, "account-someone-else",
                "patient", "update", "patient", 404));
        steps.add(step("GET", "/patients?size=100", null, Tokens.patient(patient), "account-" + patient, "patient",
                "read", "patient", 200));
        steps.add(step("DELETE", "/patients/" + patient, null, Tokens.admin(), "admin-1", "admin", "delete", "patient",
                204));

        List<String> rows = rowsAbout(patient);
        List<String> expected = steps.stream().map(s -> String.join("|", s.requestId(), s.subject(), s.role(),
                s.action(), s.resource(), patient, Integer.toString(s.outcome()))).toList();
        assertThat(String.join("\n", rows), rows, equalTo(expected));
    }

    /**
     * A verified caller refused by their role is recorded (who, role, what they tried, 403) though the resource
     * never ran; a request without a valid token has no caller and writes nothing.
     */
    @Test
    void refusedAttemptsOfAVerifiedCallerAreRecordedWithoutATokenNothingIs() throws Exception {
        String patient = given().contentType(ContentType.JSON).body(Map.of("name", "Ref Used")).post("/patients")
                .then().statusCode(201).extract().jsonPath().getString("id");
        Step refused = step("DELETE", "/patients/" + patient, null, Tokens.patient(patient), "account-" + patient,
                "patient", "delete", "patient", 403);
        Step doctor = step("POST", "/patients", Map.of("name", "Not Allowed"), Tokens.doctor("doctor-x"),
                "account-doctor-x", "doctor", "create", "patient", 403);
        String anonymous = "audit-anonymous-" + UUID.randomUUID();
        given().header("Authorization", AdminByDefault.ANONYMOUS).header("X-Request-Id", anonymous)
                .get("/patients/" + patient).then()
                .statusCode(401);
        assertThat(rowOf(refused.requestId()), equalTo("account-" + patient + "|patient|delete|patient|" + patient
                + "|403"));
        assertThat(rowOf(doctor.requestId()), equalTo("account-doctor-x|doctor|create|patient|null|403"));
        assertThat(rowOf(anonymous), equalTo(null));
    }

    /**
     * A change and its audit row commit together: when the row cannot be written, the change is not made (503,
     * nothing changed), so no change is ever unrecorded.
     */
    @Test
    void aChangeWhoseRowCannotBeWrittenIsNotMade() throws Exception {
        String patient = "unrecorded-" + UUID.randomUUID();
        try (Connection connection = TestDatabases.operator(TestDatabases.current());
                Statement statement = connection.createStatement()) {
            statement.execute("revoke insert on audit_log from " + TestDatabases.serviceRole());
            try {
                given().contentType(ContentType.JSON).body(Map.of("id", patient, "name", "Una Recorded"))
                        .post("/patients").then().statusCode(503).header("Retry-After", "5")
                        .body("detail", containsString("nothing changed"));
            } finally {
                statement.execute("grant insert on audit_log to " + TestDatabases.serviceRole());
            }
        }
        given().get("/patients/" + patient).then().statusCode(404);
        String made = given().contentType(ContentType.JSON).body(Map.of("id", patient, "name", "Una Recorded"))
                .post("/patients").then().statusCode(201).extract().jsonPath().getString("id");
        // The refused attempt left no row (the log refused it too); the read that found nothing and the create did.
        List<String> rows = rowsAbout(made);
        assertThat(rows.toString(), rows.size(), equalTo(2));
        assertThat(rows.get(0), org.hamcrest.Matchers.endsWith("|read|patient|" + made + "|404"));
        assertThat(rows.get(1), org.hamcrest.Matchers.endsWith("|create|patient|" + made + "|201"));
    }

    private String rowOf(String requestId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("select subject, role, action, resource,"
                        + " resource_id, outcome from audit_log where request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? String.join("|", result.getString(1), result.getString(2),
                        result.getString(3), result.getString(4), String.valueOf(result.getString(5)),
                        Integer.toString(result.getInt(6))) : null;
            }
        }
    }

    @Test
    void concurrentReadsAreEachRecordedOnceAndShareCommits() throws Exception {
        String patient = given().contentType(ContentType.JSON).body(Map.of("name", "Conn Current")).post("/patients")
                .then().statusCode(201).extract().jsonPath().getString("id");
        int readers = 40;
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            requestIds.add("audit-concurrent-" + UUID.randomUUID());
        }
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (String requestId : requestIds) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().header("X-Request-Id", requestId).get("/patients/" + patient).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS), equalTo(200));
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> recorded = new ArrayList<>();
        Set<String> transactions = new HashSet<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("select request_id, xmin::text from audit_log"
                        + " where patient_id = ? and action = 'read' order by request_id")) {
            query.setString(1, patient);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    recorded.add(result.getString(1));
                    transactions.add(result.getString(2));
                }
            }
        }
        assertThat(recorded, equalTo(requestIds.stream().sorted().toList()));
        // Rows written in one transaction share its id: requests that arrived during a write were committed together.
        assertThat(transactions.toString(), transactions.size(), lessThan(readers));
    }

    /**
     * The service's role may add to its audit log and read it, nothing more: no change, no removal, and none of the
     * owner's powers (disabling the triggers, dropping or altering the table). Its owner, who migrates, gave up
     * changing and removing rows too, and the triggers refuse it to everyone.
     */
    @Test
    void theLogIsAppendOnlyForTheServicesRoleAndItsOwner() throws Exception {
        given().header("Authorization", Tokens.header(Tokens.staff())).get("/patients").then().statusCode(200);
        List<String> changes = List.of("update audit_log set outcome = 200", "delete from audit_log",
                "truncate audit_log", "alter table audit_log disable trigger all", "drop table audit_log",
                "alter table audit_log add column note text", "create table audit_copy (id bigint)");
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("select count(*) from audit_log");
            for (String change : changes) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(change), change);
                assertThat(change + ": " + refused.getMessage(), refused.getSQLState(), equalTo("42501"));
            }
        }
        try (Connection owner = TestDatabases.operator(TestDatabases.current());
                Statement statement = owner.createStatement()) {
            for (String change : changes.subList(0, 3)) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(change), change);
                assertThat(change + ": " + refused.getMessage(), refused.getSQLState(), equalTo("42501"));
            }
        }
    }

    @Test
    void anAccessThatCannotBeRecordedIsNotAnswered() throws Exception {
        String patient = given().contentType(ContentType.JSON).body(Map.of("name", "Una Recorded")).post("/patients")
                .then().statusCode(201).extract().jsonPath().getString("id");
        // The owner takes the service's right to write its audit log away (as a full or broken log would).
        try (Connection connection = TestDatabases.operator(TestDatabases.current());
                Statement statement = connection.createStatement()) {
            statement.execute("revoke insert on audit_log from " + TestDatabases.serviceRole());
            try {
                given().get("/patients/" + patient).then().statusCode(503).header("Retry-After", "5")
                        .contentType(containsString("application/problem+json"))
                        .body("detail", containsString("audit log")).body(org.hamcrest.Matchers.not(
                                containsString("Una Recorded")));
            } finally {
                statement.execute("grant insert on audit_log to " + TestDatabases.serviceRole());
            }
        }
        given().get("/patients/" + patient).then().statusCode(200).body("name", equalTo("Una Recorded"));
    }

    @Test
    void aTrailWithAServiceMissingIsRefusedNotAnsweredIncomplete() {
        // In this module's tests the other services are not running: their parts of the trail cannot be read.
        given().header("Authorization", Tokens.header(Tokens.admin())).get("/audit?patient_id=patient-1")
                .then().statusCode(503).contentType(containsString("application/problem+json"))
                .header("Retry-After", "5").body("detail", containsString("appointment"));
    }

    @Test
    void onlyAnAdminReadsTheTrail() {
        for (String token : List.of(Tokens.staff(), Tokens.doctor("doctor-1"), Tokens.patient("patient-1"))) {
            given().header("Authorization", Tokens.header(token)).get("/audit?patient_id=patient-1").then()
                    .statusCode(403);
        }
        given().header("Authorization", Tokens.header(Tokens.admin())).get("/audit").then().statusCode(400)
                .body("errors[0].field", equalTo("patient_id"));
    }

    private static Step step(String method, String path, Object body, String token, String subject, String role,
            String action, String resource, int outcome) {
        String requestId = "audit-step-" + UUID.randomUUID();
        var request = given().header("Authorization", Tokens.header(token)).header("X-Request-Id", requestId);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        request.when().request(method, path).then().statusCode(outcome);
        return new Step(requestId, subject, role, action, resource, outcome);
    }

    private List<String> rowsAbout(String patient) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("select request_id, subject, role, action,"
                        + " resource, patient_id, outcome from audit_log where patient_id = ? order by id")) {
            query.setString(1, patient);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(String.join("|", result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), result.getString(5), result.getString(6),
                            Integer.toString(result.getInt(7))));
                }
            }
        }
        return rows;
    }
}
