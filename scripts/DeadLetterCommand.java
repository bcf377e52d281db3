import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import clinic.eventbus.DeadLetterTable;
import clinic.eventbus.DeadLetters;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * ./clinic deadletters: the shell front of clinic.eventbus.DeadLetters, which holds the logic (and its tests).
 * Run by scripts/deadletters.sh as a single-file program with the eventbus classes and their dependencies on
 * the class path: java -cp ... scripts/DeadLetterCommand.java NATS_URL [list | replay X | discard X] [--service S]
 * Prints ids, subjects and errors only; never the original messages, which can carry patient data.
 */
public class DeadLetterCommand {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            fail("usage: DeadLetterCommand NATS_URL [list | replay <event-id|seq|--all> | discard <event-id|seq|--all>]"
                    + " [--service NAME]");
        }
        String url = args[0];
        List<String> words = new ArrayList<>();
        String service = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--service")) {
                if (i + 1 >= args.length) {
                    fail("--service needs a service name");
                }
                service = args[++i];
            } else if (args[i].startsWith("--service=")) {
                service = args[i].substring("--service=".length());
            } else {
                words.add(args[i]);
            }
        }
        String command = words.isEmpty() ? "list" : words.get(0);
        Options.Builder builder = Options.builder().servers(url.split(",")).connectionName("clinic-deadletters")
                .connectionTimeout(Duration.ofSeconds(3)).noReconnect()
                // The failure is reported below, once, instead of logged by the client as well.
                .errorListener(new io.nats.client.ErrorListener() {
                });
        // The operator's NKey seed (./clinic keeps it under .clinic/secrets/nats): the stack's NATS takes no one without.
        String seed = System.getenv("CLINIC_NATS_NKEY_FILE");
        if (seed != null && java.nio.file.Files.isReadable(java.nio.file.Path.of(seed))) {
            builder.authHandler(Nats.staticCredentials(null, java.nio.file.Files.readString(java.nio.file.Path.of(seed))
                    .trim().toCharArray()));
        }
        Options options = builder.build();
        Connection connection;
        try {
            connection = Nats.connect(options);
        } catch (java.io.IOException e) {
            System.err.println("error: cannot reach NATS at " + url + " (" + e.getMessage()
                    + "); is the stack up? ./clinic status");
            System.exit(1);
            return;
        }
        try (connection) {
            run(new DeadLetters(connection), command, words, service);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        } catch (io.nats.client.JetStreamApiException e) {
            System.err.println("error: JetStream refused: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(DeadLetters deadLetters, String command, List<String> words, String service)
            throws Exception {
        switch (command) {
            case "list" -> {
                if (words.size() > 1) {
                    fail("list takes no argument but --service");
                }
                list(deadLetters, service);
            }
            case "replay", "discard" -> {
                if (words.size() != 2) {
                    fail(command + " needs one dead letter: its event id or sequence (see the list), or --all");
                }
                DeadLetters.Selection selection = DeadLetters.Selection.parse(words.get(1));
                var outcomes = command.equals("replay") ? deadLetters.replay(selection, service)
                        : deadLetters.discard(selection, service);
                outcomes.forEach(outcome -> System.out.println(DeadLetterTable.outcome(outcome)));
                if (outcomes.isEmpty()) {
                    System.out.println(selection.all() ? "No dead letters pending."
                            : "No pending dead letter is " + words.get(1)
                                    + " (replayed or discarded already?); ./clinic deadletters lists them.");
                    if (!selection.all()) {
                        System.exit(1);
                    }
                }
            }
            default -> fail("unknown deadletters command: " + command + " (list, replay, discard)");
        }
    }

    private static void list(DeadLetters deadLetters, String service) throws Exception {
        var letters = deadLetters.pending(service);
        if (letters.isEmpty()) {
            System.out.println("No dead letters pending" + (service == null ? "." : " for " + service + "."));
            return;
        }
        DeadLetterTable.lines(letters).forEach(System.out::println);
        System.out.println();
        System.out.println(letters.size() + (letters.size() == 1 ? " dead letter" : " dead letters")
                + " pending. Replay: ./clinic deadletters replay <event-id|seq> (or --all); "
                + "drop: ./clinic deadletters discard <event-id|seq>");
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(2);
    }
}
