package clinic.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.eventbus.testing.TestDatabases;

/**
 * Each service holds a database role that may do its job and nothing more: the rows of its own tables, the audit
 * log only to add and read, no DDL, no other service's database and not Keycloak's (whose database holds the realm's
 * signing keys). The owner that migrates is another role, whose credentials a running service never has.
 */
@ExtendWith(SharedStack.class)
class DatabaseRolesTests {

    private static final String KEYCLOAK_DATABASE = "keycloak_test";

    private record Role(String service, String name, String password) {
        static Role runtime(String service) {
            String prefix = Stack.databaseEnvironmentPrefix(service);
            return new Role(service, System.getenv(prefix + "_USER"), System.getenv(prefix + "_PASSWORD"));
        }

        static Role owner(String service) {
            String prefix = Stack.databaseEnvironmentPrefix(service);
            return new Role(service, System.getenv(prefix + "_OWNER"), System.getenv(prefix + "_OWNER_PASSWORD"));
        }

        String database() {
            return service.replace('-', '_') + "_test";
        }
    }

    @Test
    void aServicesRoleMayAddToAndReadItsAuditLogAndNothingMore() throws Exception {
        for (String service : Stack.SERVICES) {
            Role role = Role.runtime(service);
            Assumptions.assumeTrue(role.name() != null, "needs the database roles the test run makes");
            try (Connection connection = TestDatabases.as(role.name(), role.password(), role.database());
                    Statement statement = connection.createStatement()) {
                statement.execute("select count(*) from audit_log");
                statement.execute("select count(*) from eventbus_outbox");
                for (String forbidden : List.of("update audit_log set outcome = 200", "delete from audit_log",
                        "truncate audit_log", "alter table audit_log disable trigger all",
                        "alter table audit_log disable trigger audit_log_no_change", "drop table audit_log",
                        "drop trigger audit_log_no_change on audit_log", "create table intruder (id int)",
                        "truncate eventbus_outbox", "alter table eventbus_outbox add column x int",
                        "insert into flyway_schema_history (installed_rank, description, type, script, installed_by,"
                                + " execution_time, success) values (9999, 'x', 'SQL', 'x', 'x', 0, true)",
                        "create extension if not exists pgcrypto")) {
                    SQLException refused = assertThrows(SQLException.class, () -> statement.execute(forbidden),
                            role.name() + ": " + forbidden);
                    assertEquals("42501", refused.getSQLState(), role.name() + ": " + forbidden + ": "
                            + refused.getMessage());
                }
            }
        }
    }

    @Test
    void noRoleReachesAnotherServicesDatabaseOrKeycloaks() throws Exception {
        List<Role> roles = new ArrayList<>();
        for (String service : Stack.SERVICES) {
            roles.add(Role.runtime(service));
            roles.add(Role.owner(service));
        }
        Assumptions.assumeTrue(roles.get(0).name() != null, "needs the database roles the test run makes");
        for (Role role : roles) {
            List<String> elsewhere = new ArrayList<>(Stack.SERVICES.stream().filter(s -> !s.equals(role.service()))
                    .map(s -> s.replace('-', '_') + "_test").toList());
            elsewhere.add(KEYCLOAK_DATABASE);
            for (String database : elsewhere) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> TestDatabases.as(role.name(), role.password(), database).close(),
                        role.name() + " connects to " + database);
                assertEquals("42501", refused.getSQLState(), role.name() + " on " + database + ": "
                        + refused.getMessage());
            }
        }
        // Not even the operator, who may act as every service database's owner, reaches Keycloak's.
        SQLException refused = assertThrows(SQLException.class,
                () -> TestDatabases.operator(KEYCLOAK_DATABASE).close());
        assertEquals("42501", refused.getSQLState(), refused.getMessage());
    }

    /** What a running service was given: its own runtime role, no owner's password, no other service's. */
    @Test
    void aRunningServiceHoldsItsOwnRoleOnlyNeverAnOwnersCredentials() throws Exception {
        for (String service : Stack.SERVICES) {
            ServiceProcess process = SharedStack.get().stack().instance(service);
            Path environ = Path.of("/proc/" + process.pid() + "/environ");
            Assumptions.assumeTrue(Files.isReadable(environ), "needs /proc");
            List<String> variables = List.of(new String(Files.readAllBytes(environ), StandardCharsets.UTF_8)
                    .split("\0"));
            Role own = Role.runtime(service);
            assertTrue(variables.contains(Stack.databaseEnvironmentPrefix(service) + "_USER=" + own.name()),
                    service + " runs as " + own.name());
            for (String other : Stack.SERVICES) {
                String owner = Role.owner(other).password();
                String runtime = Role.runtime(other).password();
                for (String variable : variables) {
                    assertFalse(variable.startsWith("QUARKUS_FLYWAY_PASSWORD=") || variable.contains("_OWNER_PASSWORD=")
                            || (owner != null && !owner.isEmpty() && variable.endsWith("=" + owner)),
                            service + " holds an owner's credentials: " + variable.substring(0, variable.indexOf('=')));
                    if (!other.equals(service) && runtime != null && !runtime.isEmpty()) {
                        assertFalse(variable.endsWith("=" + runtime), service + " holds " + other + "'s password");
                    }
                }
            }
            String operator = System.getenv("CLINIC_DB_PASSWORD");
            assertFalse(operator != null && !operator.isEmpty() && variables.stream().anyMatch(
                    v -> v.endsWith("=" + operator)), service + " holds the operator's password");
        }
    }
}
