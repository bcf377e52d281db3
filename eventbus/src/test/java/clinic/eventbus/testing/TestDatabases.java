package clinic.eventbus.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * JDBC connections to the test PostgreSQL as the test run sets it up ({@code CLINIC_DB_*}): as the operator,
 * who may act as the owner of every service database (not Keycloak's), or as any role with its password.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static String url(String database) {
        String host = System.getenv().getOrDefault("CLINIC_DB_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("CLINIC_DB_PORT", "5432");
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public static Connection operator(String database) throws SQLException {
        return as(System.getenv().getOrDefault("CLINIC_DB_USER", "clinic"),
                System.getenv().getOrDefault("CLINIC_DB_PASSWORD", ""), database);
    }

    public static Connection as(String role, String password, String database) throws SQLException {
        return DriverManager.getConnection(url(database), role, password == null ? "" : password);
    }

    /** The database the test application's JDBC URL names (without the parameters after its name). */
    public static String current() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class).split("\\?")[0];
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** The role the test application connects as: the service's runtime role. */
    public static String serviceRole() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
    }
}
