package clinic.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import clinic.eventbus.testing.TestNats;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfo;

/**
 * What the services have written, as one comparable picture: every table of the four {@code *_test} databases
 * (its row count and a digest of its rows, so an update shows as well as an insert or a delete) and every
 * JetStream stream's last sequence (which any published event moves, whatever the stream's limits remove).
 * The audit logs are left out: recording every attempt, refused ones too, is what they are for.
 */
record SideEffects(Map<String, String> tables, Map<String, Long> streams) {

    static final List<String> DATABASES = List.of("appointment_test", "doctor_availability_test",
            "patient_contact_test", "notifications_test");

    static SideEffects now() throws Exception {
        Map<String, String> tables = new TreeMap<>();
        for (String database : DATABASES) {
            try (Connection db = connect(database); Statement statement = db.createStatement()) {
                List<String> names = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("select table_name from information_schema.tables"
                        + " where table_schema = 'public' and table_type = 'BASE TABLE'"
                        + " and table_name not in ('flyway_schema_history', 'audit_log') order by table_name")) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
                for (String table : names) {
                    try (ResultSet rows = statement.executeQuery("select count(*), coalesce(md5(string_agg(md5(t::text),"
                            + " '' order by md5(t::text))), '-') from \"" + table + "\" t")) {
                        rows.next();
                        tables.put(database + "." + table, rows.getLong(1) + " rows, digest " + rows.getString(2));
                    }
                }
            }
        }
        Map<String, Long> streams = new TreeMap<>();
        try (io.nats.client.Connection nats = TestNats.connect()) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            for (StreamInfo stream : jsm.getStreams()) {
                streams.put(stream.getConfiguration().getName(), stream.getStreamState().getLastSequence());
            }
        }
        return new SideEffects(tables, streams);
    }

    /**
     * The picture once nothing has changed for {@code quiet}: what earlier requests set going (events, their
     * consumers, notifications) has settled. Fails after {@code timeout}.
     */
    static SideEffects settled(Duration quiet, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        SideEffects last = now();
        Instant since = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            SideEffects next = now();
            if (!next.equals(last)) {
                last = next;
                since = Instant.now();
            } else if (Duration.between(since, Instant.now()).compareTo(quiet) >= 0) {
                return last;
            }
        }
        throw new IllegalStateException("the services kept writing for " + timeout + ": " + last);
    }

    /** Each table or stream that differs, with both values; empty when nothing was written. */
    List<String> differencesFrom(SideEffects before) {
        List<String> differences = new ArrayList<>();
        compare(before.tables, tables, "table", differences);
        compare(before.streams, streams, "stream", differences);
        return differences;
    }

    private static <V> void compare(Map<String, V> before, Map<String, V> after, String what, List<String> out) {
        TreeMap<String, Object> keys = new TreeMap<>(before);
        keys.putAll(after);
        for (String key : keys.keySet()) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                out.add(what + " " + key + ": " + before.get(key) + " -> " + after.get(key));
            }
        }
    }

    private static Connection connect(String database) throws SQLException {
        String host = System.getenv().getOrDefault("CLINIC_DB_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("CLINIC_DB_PORT", "5432");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database,
                System.getenv().getOrDefault("CLINIC_DB_USER", "clinic"),
                System.getenv().getOrDefault("CLINIC_DB_PASSWORD", "clinic"));
    }
}
