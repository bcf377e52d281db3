package clinic.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real NGINX gateway in front of the test stack, from the project's own template and render script, on a
 * free port and run from a directory of its own (so it never touches the machine's nginx set-up).
 */
final class Gateway implements AutoCloseable {

    final int port;
    final Path dir;
    private final Process process;

    private final RateLimits limits;

    /**
     * Requests per second: writes per caller, reads per caller, all requests per client address; then changes in
     * progress at once per service (the gateway's default is 64). 0 is no limit.
     */
    record RateLimits(int writes, int reads, int perAddress, int changesInProgress) {
        static final RateLimits NONE = new RateLimits(0, 0, 0, 64);

        RateLimits(int writes, int reads, int perAddress) {
            this(writes, reads, perAddress, NONE.changesInProgress());
        }
    }

    private Gateway(int port, Path dir, Process process, RateLimits limits) {
        this.port = port;
        this.dir = dir;
        this.process = process;
        this.limits = limits;
    }

    /** The gateway of the tests: no rate limits. */
    static Gateway start(Stack stack) throws IOException, InterruptedException {
        return start(stack, "gateway", RateLimits.NONE);
    }

    /** A gateway of its own under target/{name}, with these rate limits. */
    static Gateway start(Stack stack, String name, RateLimits limits) throws IOException, InterruptedException {
        Path dir = Stack.projectRoot().resolve("system-tests/target/" + name);
        Files.createDirectories(dir);
        // A run's logs are its own (LogsTests reads them all): an earlier run's are dropped.
        for (String log : List.of("logs/access.log", "logs/error.log")) {
            Files.deleteIfExists(dir.resolve(log));
        }
        int port = freePort();
        render(stack, dir, port, limits);
        Process process = new ProcessBuilder(nginx(), "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        Gateway gateway = new Gateway(port, dir, process, limits);
        gateway.awaitListening();
        return gateway;
    }

    /** Renders the configuration again (e.g. with more replicas) and has nginx load it without a restart. */
    void reload(Stack stack) throws IOException, InterruptedException {
        render(stack, dir, port, limits);
        Process reload = new ProcessBuilder(nginx(), "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString(),
                "-s", "reload").redirectErrorStream(true).redirectOutput(dir.resolve("reload.log").toFile()).start();
        if (reload.waitFor() != 0) {
            throw new IllegalStateException("nginx did not reload; see " + dir.resolve("reload.log"));
        }
        Thread.sleep(500);
    }

    private static String nginx() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    private static void render(Stack stack, Path dir, int port, RateLimits limits)
            throws IOException, InterruptedException {
        Path root = Stack.projectRoot();
        ProcessBuilder render = new ProcessBuilder("bash", root.resolve("scripts/render-nginx.sh").toString(),
                dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("render.log").toFile());
        Map<String, String> env = render.environment();
        env.put("GATEWAY_PORT", Integer.toString(port));
        env.put("CLINIC_WRITE_RATE_LIMIT", Integer.toString(limits.writes()));
        env.put("CLINIC_READ_RATE_LIMIT", Integer.toString(limits.reads()));
        env.put("CLINIC_ADDRESS_RATE_LIMIT", Integer.toString(limits.perAddress()));
        env.put("CLINIC_CHANGES_IN_PROGRESS", Integer.toString(limits.changesInProgress()));
        env.put("APPOINTMENT_UPSTREAMS", upstreams(stack, "appointment"));
        env.put("DOCTOR_AVAILABILITY_UPSTREAMS", upstreams(stack, "doctor-availability"));
        env.put("PATIENT_CONTACT_UPSTREAMS", upstreams(stack, "patient-contact"));
        env.put("NOTIFICATIONS_UPSTREAMS", upstreams(stack, "notifications"));
        if (render.start().waitFor() != 0) {
            throw new IllegalStateException("rendering the gateway configuration failed; see " + dir);
        }
    }

    /** Every replica of the service, as the gateway's upstream servers. */
    private static String upstreams(Stack stack, String service) {
        List<ServiceProcess> replicas = stack.replicas(service);
        return replicas.stream().map(p -> "127.0.0.1:" + p.port).collect(Collectors.joining(" "));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitListening() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited; see " + dir.resolve("nginx.out"));
            }
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
