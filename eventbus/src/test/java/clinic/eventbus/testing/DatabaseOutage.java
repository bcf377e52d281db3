package clinic.eventbus.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;


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

    /**
     * Begins an outage of the database the test application's JDBC URL names, as the operator (who may act as its
     * owner; the service's own role may not change its database).
     */
    public static DatabaseOutage begin() throws SQLException {
        return begin(TestDatabases.current());
    }

    /** Begins an outage of {@code database} on the test PostgreSQL ({@code CLINIC_DB_*}, as the run sets them). */
    public static DatabaseOutage begin(String database) throws SQLException {
        Connection admin = TestDatabases.operator("postgres");
        try (Statement statement = admin.createStatement()) {
            statement.execute("alter database \"" + database + "\" connection limit 0");
        }
        terminateConnections(admin, database);
        return new DatabaseOutage(admin, database);
    }

    /** Every open connection to {@code database} dropped at once, as a restart of PostgreSQL drops them. */
    public static void dropConnections(String database) throws SQLException {
        try (DatabaseOutage outage = begin(database)) {
            // ended at once: only the connections are gone
        }
    }

    private static void terminateConnections(Connection admin, String database) throws SQLException {
        try (PreparedStatement terminate = admin.prepareStatement(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
            terminate.setString(1, database);
            terminate.execute();
        }
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
