package clinic.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import clinic.eventbus.EventStream;
import clinic.eventbus.testing.TestNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import picocli.CommandLine;

/**
 * The command against the run's NATS, as the operator: what it prints and how it ends for each thing an operator
 * types. (Replaying a real dead letter to a consumer is eventbus' DeadLetterReplayTests.)
 */
class DeadLettersCommandTests {

    private static final int STREAM_NAME_IN_USE = 10058;

    private final String service = "command-test-" + UUID.randomUUID().toString().substring(0, 8);

    /** The DEADLETTER stream, as the services make it on start (this module runs none). */
    @BeforeAll
    static void deadLetterStream() throws Exception {
        try (Connection connection = TestNats.connect()) {
            connection.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name(EventStream.DEADLETTER.name()).subjects(EventStream.DEADLETTER.wildcard()).build());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw e;
            }
        }
    }

    @Test
    void listsADeadLetterThenDiscardsItAndSaysWhenNothingHasThatName() throws Exception {
        assertEquals(new Run(0, "No dead letters pending for " + service + ".\n", ""), run("list"));
        long sequence = deadLetter("{not json");

        Run listed = run("list");
        assertEquals(0, listed.status(), listed.err());
        assertTrue(listed.out().startsWith("SEQ "), listed.out());
        assertTrue(listed.out().contains("\n" + sequence + " "), listed.out());
        assertTrue(listed.out().contains("1 dead letter pending."), listed.out());
        assertFalse(listed.out().contains("{not json"), "never the original: " + listed.out());

        Run replayed = run("replay", "--all");
        assertEquals(0, replayed.status());
        assertTrue(replayed.out().contains("not replayable: not a dead letter (discard it)"), replayed.out());

        Run discarded = run("discard", Long.toString(sequence));
        assertEquals(new Run(0, "seq " + sequence + " (" + service + "): discarded\n", ""), discarded);
        Run again = run("discard", Long.toString(sequence));
        assertEquals(DeadLettersCommand.NOT_FOUND, again.status());
        assertTrue(again.out().startsWith("No pending dead letter is " + sequence), again.out());
    }

    @Test
    void aMistypedCommandIsAUsageErrorThatChangesNothing() throws Exception {
        long sequence = deadLetter("{still not json");

        assertEquals(CommandLine.ExitCode.USAGE, run("replay").status());
        assertEquals(CommandLine.ExitCode.USAGE, run("replay", "--al").status());
        assertEquals(CommandLine.ExitCode.USAGE, run("discard", "-3").status());
        assertEquals(CommandLine.ExitCode.USAGE, run("forget", "--all").status());
        Run wildcard = command("--service", ">", "discard", "--all");
        assertEquals(CommandLine.ExitCode.USAGE, wildcard.status());
        assertTrue(wildcard.err().contains("not a service name"), wildcard.err());

        assertTrue(run("list").out().contains("\n" + sequence + " "), "still pending");
    }

    @Test
    void theServiceMayFollowTheSubcommandAsTheUsageShowsIt() throws Exception {
        long sequence = deadLetter("{not json either");
        Run listed = command("list", "--service", service);
        assertEquals(0, listed.status(), listed.err());
        assertTrue(listed.out().contains("\n" + sequence + " "), listed.out());
        assertEquals(0, command("discard", "--service", service, "--all").status());
        assertEquals("No dead letters pending for " + service + ".\n", command("list", "--service", service).out());
    }

    @Test
    void aSeedThatCannotBeReadIsSaidSoInsteadOfConnectingWithout() {
        Run refused = command("--nkey-file", "/nonexistent/operator.nk", "list");
        assertEquals(CommandLine.ExitCode.USAGE, refused.status());
        assertEquals("error: cannot read the NKey seed /nonexistent/operator.nk\n", refused.err());
    }

    @Test
    void aNatsOutOfReachIsSaidOnce() {
        Run unreachable = command("--nats", "nats://127.0.0.1:1", "list");
        assertEquals(DeadLettersCommand.NOT_FOUND, unreachable.status());
        assertTrue(unreachable.err().startsWith("error: cannot reach NATS at nats://127.0.0.1:1"), unreachable.err());
        assertEquals(1, unreachable.err().lines().count(), unreachable.err());
    }

    /** A message on this test's dead-letter subject, as a consumer that gave up would leave one. */
    private long deadLetter(String body) throws Exception {
        try (Connection connection = TestNats.connect()) {
            PublishAck ack = connection.jetStream().publish("deadletter." + service,
                    body.getBytes(StandardCharsets.UTF_8));
            return ack.getSeqno();
        }
    }

    private record Run(int status, String out, String err) {
    }

    /** The command on this test's service, as the operator of the run's NATS. */
    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("--service", service));
        all.addAll(List.of(args));
        return command(all.toArray(String[]::new));
    }

    /** The command as the operator, on the run's NATS unless the arguments name another. */
    private static Run command(String... args) {
        List<String> all = new ArrayList<>();
        if (!List.of(args).contains("--nats")) {
            all.addAll(List.of("--nats", TestNats.url()));
        }
        if (TestNats.keys() != null && !List.of(args).contains("--nkey-file")) {
            all.addAll(List.of("--nkey-file", TestNats.keys().resolve("operator.nk").toString()));
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = DeadLettersCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int status = line.execute(all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }
}
