package clinic.eventbus;

import java.util.Optional;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * One PostgreSQL LISTEN connection per service process, shared by every channel it listens to. NOTIFY is
 * delivered only when the notifying transaction commits, and to every replica: what makes it the right
 * after-commit signal across processes. The connection is re-established on loss; {@code onSubscribed}
 * callbacks run after every (re)subscription, because notifications sent while disconnected are lost.
 */
@ApplicationScoped
public class PgNotifications {

    private final Vertx vertx;
    private final String databaseUrl;
    private final Optional<String> databaseUser;
    private final Optional<String> databasePassword;
    private PgSubscriber subscriber;

    public PgNotifications(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String databaseUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> databaseUser,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> databasePassword) {
        this.vertx = vertx;
        this.databaseUrl = databaseUrl;
        this.databaseUser = databaseUser;
        this.databasePassword = databasePassword;
    }

    @PostConstruct
    void create() {
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl.replaceFirst("^vertx-reactive:", ""));
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        options.setMetricsName("pg-notifications");
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempts -> 1000L);
    }

    /** Calls {@code handler} with each notification's payload on {@code channel}. */
    public void listen(String channel, Consumer<String> handler, Runnable onSubscribed) {
        subscriber.channel(channel).handler(handler).subscribeHandler(onSubscribed);
    }

    /** Connects after every bean registered its channels in its own start-up observer. */
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_AFTER + 500) StartupEvent event) {
        subscriber.connect().subscribe().with(
                ok -> Log.debug("Listening for PostgreSQL notifications"),
                failure -> Log.warnf("Cannot listen for PostgreSQL notifications (%s); timers still catch up",
                        failure.getMessage()));
    }

    void onStop(@Observes ShutdownEvent event) {
        subscriber.closeAndForget();
    }
}
