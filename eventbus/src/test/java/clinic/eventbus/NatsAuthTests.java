package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;

/** A NATS server that asks for a user and password, or for an NKey, is connected to with them from configuration. */
class NatsAuthTests {

    @TempDir
    Path dir;

    @Test
    void connectsWithTheConfiguredUserAndPasswordAndNotWithout() throws Exception {
        int port = freePort();
        try (ServerProcess server = start(port, "authorization { user: clinic, password: \"s3cret-pass\" }")) {
            String url = "nats://127.0.0.1:" + port;
            try (Connection connection = connect(settings(url, "clinic", "s3cret-pass", null))) {
                assertEquals(Connection.Status.CONNECTED, connection.getStatus());
            }
            assertThrows(Exception.class, () -> connect(settings(url, "clinic", "wrong", null)).close());
            assertThrows(Exception.class, () -> connect(settings(url, null, null, null)).close());
        }
    }

    @Test
    void connectsWithTheConfiguredNKeySeed() throws Exception {
        NKey user = NKey.createUser(null);
        Path seed = dir.resolve("clinic.nk");
        Files.writeString(seed, new String(user.getSeed()));
        int port = freePort();
        try (ServerProcess server = start(port, "authorization { users: [ { nkey: " + new String(user.getPublicKey())
                + " } ] }")) {
            String url = "nats://127.0.0.1:" + port;
            try (Connection connection = connect(settings(url, null, null, seed.toString()))) {
                assertEquals(Connection.Status.CONNECTED, connection.getStatus());
            }
            assertThrows(Exception.class, () -> connect(settings(url, null, null, null)).close());
        }
    }

    private static Connection connect(EventBusConfig.Nats settings) throws Exception {
        Options options = NatsConnection.options(settings, "eventbus-test", Options.builder()).connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(0).noReconnect().build();
        return Nats.connect(options);
    }

    private static EventBusConfig.Nats settings(String url, String user, String password, String nkeyFile) {
        return new EventBusConfig.Nats() {
            public String url() {
                return url;
            }

            public Duration reconnectWait() {
                return Duration.ofMillis(100);
            }

            public Duration drainTimeout() {
                return Duration.ofSeconds(1);
            }

            public Optional<String> nkeyDir() {
                return Optional.empty();
            }

            public Optional<String> nkeyUser() {
                return Optional.empty();
            }

            public Optional<String> user() {
                return Optional.ofNullable(user);
            }

            public Optional<String> password() {
                return Optional.ofNullable(password);
            }

            public Optional<String> credentialsFile() {
                return Optional.empty();
            }

            public Optional<String> nkeyFile() {
                return Optional.ofNullable(nkeyFile);
            }
        };
    }

    private record ServerProcess(Process process) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    private ServerProcess start(int port, String authorization) throws IOException, InterruptedException {
        Path conf = dir.resolve("nats-" + port + ".conf");
        Files.writeString(conf, "listen: 127.0.0.1:" + port + "\n" + authorization + "\n", StandardCharsets.UTF_8);
        Process process = new ProcessBuilder("nats-server", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nats-" + port + ".log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return new ServerProcess(process);
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        process.destroy();
        throw new IllegalStateException("nats-server did not start on " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
