package clinic.deadletters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import clinic.eventbus.DeadLetter;
import clinic.eventbus.DeadLetters;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code ./clinic deadletters}: the operator's front of {@link DeadLetters} (eventbus holds the logic and its
 * tests), a tool of its own so that no service ships it. Prints sequences, ids, subjects and errors, never the
 * original messages, which can carry patient data. Exit status: 0 done, 1 nothing pending under that name or NATS
 * unreachable or refusing, 2 a usage error.
 */
@Command(name = "deadletters", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The dead letters of the stack's NATS: events a service's consumer gave up on.")
public final class DeadLettersCommand implements Callable<Integer> {

    static final int NOT_FOUND = 1;

    @Option(names = "--nats", paramLabel = "URL", scope = ScopeType.INHERIT,
            defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4222}",
            description = "NATS servers, comma separated (default: NATS_URL, else ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--nkey-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            defaultValue = "${env:CLINIC_NATS_NKEY_FILE}",
            description = "The operator's NKey seed (default: CLINIC_NATS_NKEY_FILE); the stack's NATS takes no one"
                    + " without")
    Path nkeyFile;

    @Option(names = "--service", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Only this service's dead letters, e.g. doctor-availability")
    String service;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new DeadLettersCommand());
        // --all names a selection, not an option; an option picocli does not know is refused by the selection.
        line.setUnmatchedOptionsArePositionalParams(true);
        // Refusals of the selection or the service name are the operator's mistakes: usage errors, not crashes.
        line.setExecutionExceptionHandler((exception, command, parsed) -> {
            if (exception instanceof IllegalArgumentException) {
                command.getErr().println("error: " + exception.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            throw exception;
        });
        return line;
    }

    /** Without a subcommand: the list. */
    @Override
    public Integer call() throws Exception {
        return list(service);
    }

    private int list(String onlyService) throws Exception {
        return withDeadLetters((deadLetters, out) -> {
            List<DeadLetter> letters = deadLetters.pending(onlyService);
            if (letters.isEmpty()) {
                out.println("No dead letters pending" + (onlyService == null ? "." : " for " + onlyService + "."));
                return CommandLine.ExitCode.OK;
            }
            DeadLetterTable.lines(letters).forEach(out::println);
            out.println();
            out.println(letters.size() + (letters.size() == 1 ? " dead letter" : " dead letters")
                    + " pending. Replay: ./clinic deadletters replay <event-id|seq> (or --all); "
                    + "drop: ./clinic deadletters discard <event-id|seq>");
            return CommandLine.ExitCode.OK;
        });
    }

    private int act(String argument, boolean replay) throws Exception {
        DeadLetters.Selection selection = DeadLetters.Selection.parse(argument);
        return withDeadLetters((deadLetters, out) -> {
            List<DeadLetters.Outcome> outcomes = replay ? deadLetters.replay(selection, service)
                    : deadLetters.discard(selection, service);
            outcomes.forEach(outcome -> out.println(DeadLetterTable.outcome(outcome)));
            if (!outcomes.isEmpty()) {
                return CommandLine.ExitCode.OK;
            }
            if (selection.all()) {
                out.println("No dead letters pending.");
                return CommandLine.ExitCode.OK;
            }
            out.println("No pending dead letter is " + argument.strip()
                    + " (replayed or discarded already?); ./clinic deadletters lists them.");
            return NOT_FOUND;
        });
    }

    private interface Action {
        int run(DeadLetters deadLetters, PrintWriter out) throws IOException, JetStreamApiException;
    }

    /** One connection as the operator for the command; a NATS out of reach or refusing is reported once. */
    private int withDeadLetters(Action action) throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Options.Builder builder = Options.builder().servers(url.split(",")).connectionName("clinic-deadletters")
                .connectionTimeout(Duration.ofSeconds(3)).noReconnect()
                // The failure is reported below, once, instead of logged by the client as well.
                .errorListener(new ErrorListener() {
                });
        if (nkeyFile != null) {
            if (!Files.isReadable(nkeyFile)) {
                err.println("error: cannot read the NKey seed " + nkeyFile);
                return CommandLine.ExitCode.USAGE;
            }
            builder.authHandler(Nats.staticCredentials(null, Files.readString(nkeyFile).trim().toCharArray()));
        }
        Connection connection;
        try {
            connection = Nats.connect(builder.build());
        } catch (IOException e) {
            err.println("error: cannot reach NATS at " + url + " (" + e.getMessage() + "); is the stack up?"
                    + " ./clinic status");
            return NOT_FOUND;
        }
        try (connection) {
            return action.run(new DeadLetters(connection), spec.commandLine().getOut());
        } catch (JetStreamApiException e) {
            err.println("error: JetStream refused: " + e.getMessage());
            return NOT_FOUND;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per pending dead letter: sequence,"
            + " time, service, original subject and stream position, event id, deliveries, error.")
    int listCommand() throws Exception {
        return list(service);
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, description = "Publish the original event again to"
            + " its subject (same CloudEvent id: consumers that had handled it only acknowledge), then remove the"
            + " dead letter.")
    int replay(@Parameters(paramLabel = "EVENT-ID|SEQ|--all", description = "Which dead letters") String selection)
            throws Exception {
        return act(selection, true);
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Remove dead letters without a replay"
            + " (e.g. a message that is not a CloudEvent).")
    int discard(@Parameters(paramLabel = "EVENT-ID|SEQ|--all", description = "Which dead letters") String selection)
            throws Exception {
        return act(selection, false);
    }
}
