package clinic.eventbus.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A service's database refusing every connection, as a real outage looks to it: the database takes no new
 * connections (SQLSTATE 53300) and the open ones are terminated (57P01). Done by the database's owner from the
 * {@code postgres} database, so no superuser is needed; {@link #close()} ends it.
 */
public final class DatabaseOutage implements AutoCloseable {

    private final Connection admin;
    private final String database;

    private DatabaseOutage(Connection admin, String database) {
        this.admin = admin;
        this.database = database;
    }

    /** Begins an outage of the database the test application's JDBC URL names. */
    public static DatabaseOutage begin() throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String database = url.substring(url.lastIndexOf('/') + 1);
        Connection admin = DriverManager.getConnection(url.substring(0, url.lastIndexOf('/') + 1) + "postgres",
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        try (Statement statement = admin.createStatement()) {
            statement.execute("alter database \"" + database + "\" connection limit 0");
        }
        try (PreparedStatement terminate = admin.prepareStatement(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
            terminate.setString(1, database);
            terminate.execute();
        }
        return new DatabaseOutage(admin, database);
    }

    @Override
    public void close() throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("alter database \"" + database + "\" connection limit -1");
        } finally {
            admin.close();
        }
    }
}
