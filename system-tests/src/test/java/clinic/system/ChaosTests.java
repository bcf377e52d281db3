package clinic.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.eventbus.testing.DatabaseOutage;
import clinic.eventbus.testing.TestNats;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;

/**
 * The chaos suite: faults injected one at a time into the running stack (two replicas of every service behind
 * the gateway) while bookings, reschedules and cancellations flow at a steady rate. Afterwards every request is
 * classified as Jepsen's checkers do (ok, failed, unknown: no answer, resolved by sending the booking again under
 * its Idempotency-Key) and every accepted appointment's effects are counted in the four services' databases.
 * <p>
 * A short run (a few scenarios) is part of {@code ./clinic test}; {@code ./clinic chaos} runs every scenario
 * ({@code -Dclinic.chaos.full=true}). Both print one table and write it to
 * {@code system-tests/target/chaos-report.md}.
 */
@ExtendWith(SharedStack.class)
class ChaosTests {

    private static final Logger LOG = Logger.getLogger(ChaosTests.class);
    private static final boolean FULL = Boolean.getBoolean("clinic.chaos.full");
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Nodes of the NATS cluster under test (./clinic chaos --nats-cluster N); 1 for a single server. */
    private static final int NATS_NODES = Integer.parseInt(System.getenv().getOrDefault("CLINIC_NATS_CLUSTER", "1"));
    private static final String NATS = NATS_NODES > 1 ? "one of " + NATS_NODES + " NATS nodes" : "nats-server";

    /** What a scenario does to the stack during its window, and what it excuses. */
    record Scenario(String name, Fault fault, Set<String> databasesDown, boolean killsReplica, int expectedDeadLetters) {
    }

    @FunctionalInterface
    interface Fault {
        /** Breaks something, keeps it broken for {@code window}, then repairs it. */
        void run(Duration window) throws Exception;
    }

    /** One line of the table. */
    record Outcome(String scenario, int requests, int accepted, int unknown, int unavailable, int lost, int duplicated,
            int unexpected, int unsettled, long deadLetters, int fiveXx, Duration recovery, Duration complete,
            List<String> findings) {

        boolean passed() {
            return lost == 0 && duplicated == 0 && unexpected == 0 && unsettled == 0 && deadLetters == 0
                    && fiveXx == 0;
        }
    }

    @Test
    void everyScenarioLosesNothingDoublesNothingAndSettlesEverything() throws Exception {
        Stack stack = SharedStack.get().stack();
        Gateway gateway = SharedStack.get().gateway();
        List<String> single = Stack.SERVICES.stream().filter(s -> stack.replicas(s).size() < 2).toList();
        if (!single.isEmpty()) {
            stack.startAll(single, false);
            gateway.reload(stack);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Scenario scenario : scenarios(stack, gateway)) {
            outcomes.add(run(scenario, gateway));
        }
        String table = table(outcomes);
        Path report = Stack.projectRoot().resolve("system-tests/target/chaos-report.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table, StandardCharsets.UTF_8);
        LOG.info("\n" + table);
        for (Outcome outcome : outcomes) {
            assertTrue(outcome.passed(), outcome.scenario() + ": " + outcome + "\n" + table);
        }
    }

    private List<Scenario> scenarios(Stack stack, Gateway gateway) {
        List<Scenario> all = new ArrayList<>();
        List<String> killed = FULL ? Stack.SERVICES : List.of("doctor-availability");
        for (String service : killed) {
            all.add(new Scenario("kill -9 of one " + service + " replica", window -> {
                ServiceProcess victim = stack.replicas(service).get(0);
                victim.kill();
                Thread.sleep(window.toMillis());
                stack.replace(victim);
                gateway.reload(stack);
            }, Set.of(), true, 0));
        }
        all.add(new Scenario("kill -9 of " + NATS, window -> {
            TestNats.kill();
            Thread.sleep(window.toMillis() / 2);
            TestNats.start();
        }, Set.of(), false, 0));
        List<String> refusing = FULL ? Stack.SERVICES : List.of("doctor-availability");
        for (String service : refusing) {
            String database = service.replace('-', '_') + "_test";
            all.add(new Scenario(service + " database refusing connections", window -> {
                try (DatabaseOutage outage = DatabaseOutage.begin(database)) {
                    Thread.sleep(window.toMillis());
                }
            }, Set.of(service), false, 0));
        }
        if (FULL) {
            all.add(new Scenario("store of " + NATS + " wiped", window -> {
                TestNats.kill();
                TestNats.wipeStore();
                TestNats.start();
                Thread.sleep(window.toMillis());
            }, Set.of(), false, 0));
            all.add(new Scenario("every database connection dropped", window -> {
                for (String service : Stack.SERVICES) {
                    DatabaseOutage.dropConnections(service.replace('-', '_') + "_test");
                }
                Thread.sleep(window.toMillis());
            }, Set.copyOf(Stack.SERVICES), false, 0));
            // A real restart of the PostgreSQL server (every database, Keycloak's too), where ./clinic can do it
            // (CLINIC_TEST_PG_RESTART: the command for the server the tests use).
            String restart = System.getenv("CLINIC_TEST_PG_RESTART");
            if (restart != null && !restart.isBlank()) {
                all.add(new Scenario("PostgreSQL restarted", window -> {
                    Process process = new ProcessBuilder("bash", "-c", restart).redirectErrorStream(true).start();
                    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (process.waitFor() != 0) {
                        throw new IllegalStateException("PostgreSQL did not restart: " + output);
                    }
                    // Keycloak answers at once, not with 500s from the dead connections of its pool.
                    Identity.freshToken("staff");
                    Thread.sleep(window.toMillis());
                }, Set.copyOf(Stack.SERVICES), false, 0));
            }
        }
        // Under the steady load: cancellations whose times are offered from the waitlist, accepted while the same
        // time is booked directly and the next is cancelled (WaitlistRace checks each round itself).
        all.add(new Scenario("a cancellation while a waitlist offer is accepted", window -> {
            LOG.infof("chaos: %d waitlist rounds", WaitlistRace.runFor(window));
        }, Set.of(), false, 0));
        // Not a CloudEvent: each of the three consumers of appointment.cancelled dead-letters it once.
        all.add(new Scenario("a poison event", window -> {
            try (io.nats.client.Connection nats = TestNats.connect()) {
                nats.jetStream().publish("appointment.cancelled", ("poison " + UUID.randomUUID())
                        .getBytes(StandardCharsets.UTF_8), PublishOptions.builder()
                        .messageId(UUID.randomUUID().toString()).build());
            }
            Thread.sleep(window.toMillis());
        }, Set.of(), false, 3));
        return all;
    }

    private Outcome run(Scenario scenario, Gateway gateway) throws Exception {
        Duration window = FULL ? Duration.ofSeconds(30) : Duration.ofSeconds(10);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long deadLettersBefore = deadLetters();
        LOG.infof("chaos: %s (window %s)", scenario.name(), window);
        List<ChaosLoad.Op> ops;
        Instant faultStart;
        Instant faultEnd;
        Duration recovery;
        try (ChaosLoad load = new ChaosLoad(java.net.URI.create(gateway.baseUri()), tag, 4, 12)) {
            load.start();
            Thread.sleep(2000);
            faultStart = Instant.now();
            scenario.fault().run(window);
            faultEnd = Instant.now();
            Instant recovering = Instant.now();
            while (!load.probeConfirms() && Duration.between(recovering, Instant.now()).compareTo(SETTLE) < 0) {
                Thread.sleep(200);
            }
            recovery = Duration.between(recovering, Instant.now());
            Thread.sleep(3000);
            ops = new ArrayList<>(load.stop());
            // An unknown booking is sent again under its key: the answer says which appointment it became.
            for (ChaosLoad.Op op : List.copyOf(ops)) {
                if (op.kind().equals("book")
                        && (op.status() == 0 || op.status() == 502 || op.gatewayLostUpstream())) {
                    ops.add(load.resolve(op));
                }
            }
        }
        Outcome outcome = classify(scenario, ops, faultStart, faultEnd, recovery, deadLetters() - deadLettersBefore);
        // Every replica ready again before the next scenario (a readiness check may first meet a JDBC
        // connection the fault killed): the stack is left as it was found.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> SharedStack.api().get("/health").statusCode() == 200);
        return outcome;
    }

    private Outcome classify(Scenario scenario, List<ChaosLoad.Op> ops, Instant faultStart, Instant faultEnd,
            Duration recovery, long deadLetters) throws Exception {
        Set<String> accepted = new HashSet<>();
        int unknown = 0;
        int unavailable = 0;
        int unexpected = 0;
        int fiveXx = 0;
        List<String> findings = new ArrayList<>();
        for (ChaosLoad.Op op : ops) {
            // Whether the request overlapped the fault: one sent before it may still be in flight when it starts.
            boolean duringFault = !op.answered().isBefore(faultStart.minusSeconds(1))
                    && op.at().isBefore(faultEnd.plusSeconds(5));
            if (op.status() == 0) {
                unknown++;
            } else if (op.status() >= 500) {
                if (scenario.killsReplica() && duringFault && (op.status() == 502 || op.gatewayLostUpstream())) {
                    // In flight on the replica that was killed: the gateway cannot know what became of it.
                    unknown++;
                } else if (op.status() == 503 && duringFault && scenario.databasesDown().contains("appointment")) {
                    // The appointment service's own database refused or dropped the request's connection: the
                    // answer says so and asks for a retry (Retry-After).
                    unavailable++;
                } else {
                    fiveXx++;
                    findings.add(op.kind() + " answered " + op.status() + " at " + op.at() + " (fault "
                            + faultStart + " to " + faultEnd + ")");
                }
            } else if (op.kind().startsWith("book") && op.status() != 201) {
                unexpected++;
                findings.add(op.kind() + " answered " + op.status() + " at " + op.at());
            }
            if (op.kind().startsWith("book") && op.status() == 201 && op.appointmentId() != null) {
                accepted.add(op.appointmentId());
            }
        }
        Effects effects = Effects.await(accepted, SETTLE);
        findings.addAll(effects.problems);
        // From the end of the fault until every accepted appointment was settled, blocked, tracked and its patient
        // told (the notification sent); at most, as the first look is taken once the load has stopped.
        Duration complete = effects.complete ? Duration.between(faultEnd, effects.countedAt) : null;
        return new Outcome(scenario.name(), ops.size(), accepted.size(), unknown, unavailable, effects.lost,
                effects.duplicated, unexpected + effects.rejected, effects.unsettled,
                Math.max(0, deadLetters) - scenario.expectedDeadLetters(), fiveXx, recovery, complete, findings);
    }

    private static long deadLetters() throws Exception {
        try (io.nats.client.Connection nats = TestNats.connect()) {
            return nats.jetStreamManagement().getStreamInfo("DEADLETTER").getStreamState().getMsgCount();
        }
    }

    /** Each accepted appointment's effects in the four databases, waited for until complete or the time is up. */
    static final class Effects {
        int lost;
        int duplicated;
        int unsettled;
        int rejected;
        boolean complete;
        Instant countedAt;
        final List<String> problems = new ArrayList<>();

        static Effects await(Set<String> ids, Duration timeout) throws Exception {
            Instant deadline = Instant.now().plus(timeout);
            Effects effects = count(ids);
            while (!effects.complete && Instant.now().isBefore(deadline)) {
                Thread.sleep(1000);
                effects = count(ids);
            }
            return effects;
        }

        private static Effects count(Set<String> ids) throws Exception {
            Effects effects = new Effects();
            effects.countedAt = Instant.now();
            Map<String, String[]> appointments = rows("appointment_test", "select id::text, status,"
                    + " (pending_start_at is not null)::text from appointment where id = any(?)", ids);
            Map<String, String[]> blocks = rows("doctor_availability_test", "select appointment_id::text,"
                    + " count(*)::text from availability_slot where not is_available and appointment_id = any(?)"
                    + " group by appointment_id", ids);
            Map<String, String[]> tracked = rows("patient_contact_test", "select appointment_id::text, status"
                    + " from patient_appointment where appointment_id = any(?)", ids);
            // Per appointment: the kinds of message it got, the most of one kind, and the kinds sent.
            Map<String, String[]> notices = rows("notifications_test", "select appointment_id::text,"
                    + " string_agg(notification_type, ','), max(n)::text, coalesce(string_agg(notification_type, ',')"
                    + " filter (where sent), '') from (select appointment_id, notification_type, count(*) as n,"
                    + " bool_or(status = 'sent') as sent from notification where appointment_id = any(?)"
                    + " group by 1, 2) per_type group by appointment_id", ids);
            for (String id : ids) {
                String[] appointment = appointments.get(id);
                if (appointment == null) {
                    effects.lost++;
                    continue;
                }
                String status = appointment[1];
                boolean settled = !status.equals("scheduled") && !Boolean.parseBoolean(appointment[2]);
                if (!settled) {
                    effects.unsettled++;
                    if (effects.problems.size() < 10) {
                        effects.problems.add("unsettled " + id + ": " + status);
                    }
                    continue;
                }
                if (status.equals("rejected")) {
                    effects.rejected++;
                }
                int expectedBlocks = status.equals("confirmed") ? 1 : 0;
                int blockCount = blocks.containsKey(id) ? Integer.parseInt(blocks.get(id)[1]) : 0;
                String[] notice = notices.get(id);
                boolean trackedRight = tracked.containsKey(id) && tracked.get(id)[1].equals(status);
                // The patient is told the state the appointment ended in: its confirmation or its move for a
                // confirmed one, its cancellation for a cancelled one (a confirmation handled after a later
                // change tells nothing, by design).
                List<String> kinds = notice == null ? List.of() : List.of(notice[3].split(","));
                boolean told = switch (status) {
                    case "confirmed" -> kinds.contains("appointment_confirmed")
                            || kinds.contains("appointment_rescheduled");
                    case "cancelled" -> kinds.contains("appointment_cancelled");
                    default -> true;
                };
                String problem = null;
                if (blockCount > expectedBlocks || (notice != null && Integer.parseInt(notice[2]) > 1)) {
                    effects.duplicated++;
                    problem = "duplicated";
                } else if (blockCount < expectedBlocks || !trackedRight || !told) {
                    effects.lost++;
                    problem = "lost";
                }
                if (problem != null && effects.problems.size() < 10) {
                    effects.problems.add(problem + " " + id + ": " + status + ", blocks " + blockCount + ", tracked "
                            + (tracked.containsKey(id) ? tracked.get(id)[1] : "none") + ", told "
                            + (notice == null ? "nothing" : notice[1]));
                }
            }
            effects.complete = effects.lost == 0 && effects.unsettled == 0 && effects.duplicated == 0;
            return effects;
        }

        private static Map<String, String[]> rows(String database, String sql, Set<String> ids) throws Exception {
            String url = "jdbc:postgresql://" + System.getenv().getOrDefault("CLINIC_DB_HOST", "127.0.0.1") + ":"
                    + System.getenv().getOrDefault("CLINIC_DB_PORT", "5432") + "/" + database;
            Map<String, String[]> found = new HashMap<>();
            try (Connection connection = DriverManager.getConnection(url,
                    System.getenv().getOrDefault("CLINIC_DB_USER", "clinic"),
                    System.getenv().getOrDefault("CLINIC_DB_PASSWORD", "clinic"));
                    PreparedStatement query = connection.prepareStatement(sql)) {
                Array array = connection.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray());
                query.setArray(1, array);
                try (ResultSet result = query.executeQuery()) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        String[] row = new String[columns];
                        for (int i = 0; i < columns; i++) {
                            row[i] = result.getString(i + 1);
                        }
                        found.put(row[0], row);
                    }
                }
            }
            return found;
        }
    }

    static String table(List<Outcome> outcomes) {
        StringBuilder table = new StringBuilder();
        table.append("| scenario | requests | accepted | unknown | unavailable | lost | duplicated | unexpected"
                + " | unsettled after 60 s | dead letters | 5xx | recovery | all told | result |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            table.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f s | %s | %s |%n",
                    o.scenario(), o.requests(), o.accepted(), o.unknown(), o.unavailable(), o.lost(), o.duplicated(),
                    o.unexpected(), o.unsettled(), o.deadLetters(), o.fiveXx(), o.recovery().toMillis() / 1000.0,
                    o.complete() == null ? "-" : String.format("≤ %.0f s", o.complete().toMillis() / 1000.0),
                    o.passed() ? "pass" : "FAIL"));
        }
        for (Outcome o : outcomes) {
            if (!o.findings().isEmpty()) {
                table.append("\n").append(o.scenario()).append(":\n");
                o.findings().stream().limit(10).forEach(finding -> table.append("- ").append(finding).append('\n'));
            }
        }
        return table.toString();
    }
}
