package clinic.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/** One packaged service (its Quarkus runner jar) running as a separate JVM on a free port. */
final class ServiceProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String service;
    final String instance;
    final int port;
    final Path log;
    private final Process process;
    private final Instant startedAt = Instant.now();

    private ServiceProcess(String service, String instance, int port, Path log, Process process) {
        this.service = service;
        this.instance = instance;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * What a service takes from the test run's own environment; everything else it gets is named by the caller. The
     * run's environment holds every service's database credentials, the owners' among them, and the operator's: a
     * service is given its own and nothing more, as ./clinic up does.
     */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR",
            "JAVA_HOME", "CLINIC_DB_HOST", "CLINIC_DB_PORT", "CLINIC_DB_SSL_MODE", "CLINIC_EVENTBUS_STREAMS_REPLICAS");

    /** Starts {@code <root>/<service>/target/quarkus-app/quarkus-run.jar} with the given environment. */
    static ServiceProcess start(Path root, String service, String instance, Map<String, String> environment)
            throws IOException {
        int port = freePort();
        Path log = logs(root).resolve(instance + ".log");
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        LOG.infof("starting %s on port %d (log %s)", instance, port, log);
        return new ServiceProcess(service, instance, port, log, builder(root, service, env, log).start());
    }

    /**
     * Migrates the service's database as its owner and exits (Quarkus' init-and-exit: Flyway runs, nothing starts),
     * the step before a service starts without the owner's credentials.
     */
    static void migrate(Path root, String service, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path log = logs(root).resolve(service + "-migrate.log");
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_INIT_AND_EXIT", "true");
        env.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
        env.put("QUARKUS_FLYWAY_VALIDATE_AT_START", "false");
        Process process = builder(root, service, env, log).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("migrating " + service + " took over 2 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("migrating " + service + " failed (" + process.exitValue() + "); see "
                    + log);
        }
    }

    private static ProcessBuilder builder(Path root, String service, Map<String, String> environment, Path log) {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged " + service + " at " + jar + "; run mvn package first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(INHERITED);
        env.putAll(environment);
        return builder;
    }

    private static Path logs(Path root) throws IOException {
        Path logs = root.resolve("system-tests/target/service-logs");
        Files.createDirectories(logs);
        return logs;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits for {@code /q/health/ready} to answer 200; returns the time from start to ready. */
    Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(instance + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return Duration.between(startedAt, Instant.now());
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(instance + " was not ready within " + timeout + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no drain, whatever was in flight is cut off. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
