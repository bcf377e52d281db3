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

    /** Starts {@code <root>/<service>/target/quarkus-app/quarkus-run.jar} with the given extra environment. */
    static ServiceProcess start(Path root, String service, String instance, Map<String, String> environment)
            throws IOException {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged " + service + " at " + jar + "; run mvn package first");
        }
        int port = freePort();
        Path logs = root.resolve("system-tests/target/service-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(instance + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        LOG.infof("starting %s on port %d (log %s)", instance, port, log);
        return new ServiceProcess(service, instance, port, log, builder.start());
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
