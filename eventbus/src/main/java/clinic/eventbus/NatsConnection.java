package clinic.eventbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import io.nats.client.AuthHandler;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The service's one NATS connection. It connects in the background and keeps retrying while NATS is down,
 * so a service starts (and takes bookings into its outbox) without NATS; once connected it creates the streams
 * it publishes to and announces {@link NatsConnected}.
 */
@ApplicationScoped
class NatsConnection implements ConnectionListener, ErrorListener {

    private final EventBusConfig config;
    private final StreamCatalogue catalogue;
    private final Event<NatsConnected> connected;
    /** Stream set-up makes blocking JetStream API calls; it must not run on jnats' own callback threads. */
    private final ExecutorService setup = Executors.newSingleThreadExecutor(r -> new Thread(r, "eventbus-setup"));

    private volatile Connection connection;
    private volatile JetStream jetStream;
    private volatile boolean streamsReady;

    public NatsConnection(EventBusConfig config, StreamCatalogue catalogue, Event<NatsConnected> connected) {
        this.config = config;
        this.catalogue = catalogue;
        this.connected = connected;
    }

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        Options options = options(config.nats(), config.service(), Options.builder())
                .connectionName(config.service() + "@" + ProcessHandle.current().pid())
                // Replies come to a subject only this service's user may subscribe to (NatsAccess).
                .inboxPrefix(NatsAccess.inboxPrefix(config.service()))
                .maxReconnects(-1)
                .reconnectWait(config.nats().reconnectWait())
                .connectionListener(this)
                .errorListener(this)
                .build();
        Log.infof("Connecting to NATS at %s", config.nats().url());
        Nats.connectAsynchronously(options, true);
    }

    /** The servers and how to authenticate to them; the secrets themselves are never logged. */
    static Options.Builder options(EventBusConfig.Nats nats, String service, Options.Builder builder) {
        builder.servers(nats.url().split(","));
        if (nats.user().isPresent()) {
            builder.userInfo(nats.user().get(), nats.password().orElse(""));
        }
        if (nats.credentialsFile().isPresent()) {
            builder.authHandler(Nats.credentials(nats.credentialsFile().get()));
        } else if (nats.nkeyFile().isPresent()) {
            builder.authHandler(nkey(Path.of(nats.nkeyFile().get())));
        } else if (nats.nkeyDir().isPresent()) {
            builder.authHandler(nkey(Path.of(nats.nkeyDir().get(), nats.nkeyUser().orElse(service) + ".nk")));
        }
        return builder;
    }

    private static AuthHandler nkey(Path seedFile) {
        try {
            char[] seed = Files.readString(seedFile).trim().toCharArray();
            return Nats.staticCredentials(null, seed);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the NATS NKey seed file " + seedFile, e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        setup.shutdownNow();
        Connection current = connection;
        if (current == null) {
            return;
        }
        try {
            current.drain(config.nats().drainTimeout()).get(config.nats().drainTimeout().toMillis() + 1000,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Log.warnf("NATS drain did not finish cleanly: %s", e.getMessage());
        }
    }

    /** The connection once it was made, else {@code null}. */
    public Connection current() {
        return connection;
    }

    /** The JetStream context for publishing, or {@code null} before the first connect. */
    public JetStream jetStream() {
        return jetStream;
    }

    /** True while connected and the streams of the catalogue exist: what readiness reports. */
    public boolean isReady() {
        Connection current = connection;
        return streamsReady && current != null && current.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void connectionEvent(Connection conn, Events type) {
        switch (type) {
            case CONNECTED -> {
                Log.infof("Connected to NATS %s", conn.getConnectedUrl());
                adopt(conn);
                setup.execute(() -> prepare(conn, false));
            }
            case RECONNECTED -> {
                Log.infof("Reconnected to NATS %s", conn.getConnectedUrl());
                if (connection == null) {
                    // The first connect failed after the socket opened (e.g. the server's authentication timeout
                    // on a loaded machine): jnats then reports the first success as a reconnect.
                    adopt(conn);
                }
                // A server restarted without its store has lost the streams: make sure they exist again.
                setup.execute(() -> prepare(conn, true));
            }
            case DISCONNECTED -> Log.warnf("Disconnected from NATS; reconnecting every %s",
                    config.nats().reconnectWait());
            case CLOSED -> Log.info("NATS connection closed");
            default -> Log.debugf("NATS connection event %s", type);
        }
    }

    private void adopt(Connection conn) {
        try {
            jetStream = conn.jetStream();
        } catch (IOException e) {
            Log.errorf(e, "Could not open the JetStream context");
        }
        connection = conn;
    }

    private void prepare(Connection conn, boolean reconnect) {
        try {
            var created = catalogue.ensureStreams(conn.jetStreamManagement(), config.service());
            streamsReady = true;
            connected.fire(new NatsConnected(conn, reconnect, created));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            Log.errorf(e, "Could not prepare the JetStream streams; retrying in %s", config.nats().reconnectWait());
            retryLater(conn, reconnect);
        }
    }

    private void retryLater(Connection conn, boolean reconnect) {
        if (setup.isShutdown()) {
            return;
        }
        try {
            Thread.sleep(config.nats().reconnectWait().toMillis());
            setup.execute(() -> prepare(conn, reconnect));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            Log.debug("Shutting down: stream set-up abandoned");
        }
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        Log.warnf("NATS error: %s", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        if (exp instanceof IOException || exp instanceof TimeoutException) {
            Log.debugf("NATS connection problem: %s", exp.toString());
        } else {
            Log.warnf(exp, "NATS client exception");
        }
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        Log.warn("NATS reports a slow consumer in this service");
    }
}
