package clinic.eventbus.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The NATS server of the test run. Maven starts a nats-server of the run's own (scripts/test-environment.sh:
 * random port, temporary store) and passes {@code NATS_URL} and {@code CLINIC_TEST_NATS_CONF}, its configuration
 * file; with that file a test can stop the server and start it again on the same port and store.
 */
public final class TestNats {

    private TestNats() {
    }

    public static String url() {
        String url = System.getenv("NATS_URL");
        return url == null || url.isBlank() ? "nats://127.0.0.1:4222" : url;
    }

    /**
     * The folder of NKey seeds of the run ({@code CLINIC_EVENTBUS_NATS_NKEY_DIR}: one seed per
     * service and the operator's), or null against a NATS without users.
     */
    public static Path keys() {
        String dir = System.getenv("CLINIC_EVENTBUS_NATS_NKEY_DIR");
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /** Connection options for a user of the run's NATS: the tests' own checks connect as the operator. */
    public static io.nats.client.Options.Builder options(String user) {
        io.nats.client.Options.Builder builder = io.nats.client.Options.builder().servers(url().split(","));
        Path keys = keys();
        if (keys != null) {
            try {
                char[] seed = Files.readString(keys.resolve(user + ".nk")).trim().toCharArray();
                builder.authHandler(io.nats.client.Nats.staticCredentials(null, seed));
            } catch (IOException e) {
                throw new IllegalStateException("no NKey seed for " + user + " in " + keys, e);
            }
        }
        return builder;
    }

    /** A connection as the operator, who may publish and read everything: what the tests drive and watch with. */
    public static io.nats.client.Connection connect() throws IOException, InterruptedException {
        return io.nats.client.Nats.connect(options("operator").build());
    }

    /** True when this run's server can be stopped and started (the test run started it). */
    public static boolean controllable() {
        String conf = System.getenv("CLINIC_TEST_NATS_CONF");
        return conf != null && Files.isReadable(Path.of(conf));
    }

    public static void stop() throws IOException, InterruptedException {
        end(ProcessHandle::destroy);
    }

    /** kill -9: the server gets no chance to flush or say goodbye. */
    public static void kill() throws IOException, InterruptedException {
        end(ProcessHandle::destroyForcibly);
    }

    private static void end(java.util.function.Consumer<ProcessHandle> how) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(pidFile()).trim());
        ProcessHandle.of(pid).ifPresent(process -> {
            how.accept(process);
            process.onExit().orTimeout(15, TimeUnit.SECONDS).join();
        });
        awaitPort(false);
    }

    public static void start() throws IOException, InterruptedException {
        Path conf = Path.of(System.getenv("CLINIC_TEST_NATS_CONF"));
        File log = conf.resolveSibling("nats-server.log").toFile();
        new ProcessBuilder("nats-server", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        awaitPort(true);
    }

    /** Deletes the stopped server's store, as a machine that lost its disk (or never synced it) comes back. */
    public static void wipeStore() throws IOException {
        Path store = Path.of(System.getenv("CLINIC_TEST_NATS_CONF")).resolveSibling("store");
        if (Files.exists(store)) {
            try (var paths = Files.walk(store)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!path.equals(store)) {
                        Files.delete(path);
                    }
                }
            }
        }
    }

    private static Path pidFile() {
        return Path.of(System.getenv("CLINIC_TEST_NATS_CONF")).resolveSibling("nats-server.pid");
    }

    private static void awaitPort(boolean open) throws InterruptedException {
        URI uri = URI.create(url().split(",")[0]);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (isOpen(uri.getHost(), uri.getPort()) == open) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("NATS at " + uri + " did not " + (open ? "open" : "close") + " in time");
    }

    private static boolean isOpen(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
