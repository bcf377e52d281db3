package clinic.eventbus;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Messaging settings shared by every service; each key can be set by environment variable. */
@ConfigMapping(prefix = "clinic.eventbus")
public interface EventBusConfig {

    /** The service name: the CloudEvents source, the consumer name prefix and the dead-letter subject suffix. */
    @WithDefault("${quarkus.application.name}")
    String service();

    /** NATS connection. */
    Nats nats();

    /** Durable consumers. */
    Consumer consumer();

    /** Transactional outbox and its relay. */
    Outbox outbox();

    /** Processed-event records of the idempotent consumer. */
    Inbox inbox();

    /** Stream definitions created at start. */
    Streams streams();

    /** The pruning of published outbox rows and old inbox records. */
    Housekeeping housekeeping();

    /** The count of this service's pending dead letters (metric and health warning). */
    DeadLetters deadLetters();

    interface Nats {
        /** NATS server URL(s), comma separated. */
        @WithDefault("nats://127.0.0.1:4222")
        String url();

        /** Pause between reconnect attempts, also while NATS is down at start. */
        @WithDefault("1s")
        Duration reconnectWait();

        /** How long shutdown waits for in-flight messages to drain. */
        @WithDefault("10s")
        Duration drainTimeout();

        /**
         * A user and password for NATS (its authorization block), if it asks for one. TLS: a {@code tls://} URL,
         * with the JVM's trust store (javax.net.ssl.trustStore) holding the server's CA.
         */
        Optional<String> user();

        Optional<String> password();

        /** A NATS credentials file (a user JWT and its NKey seed), for servers run with decentralised auth. */
        Optional<String> credentialsFile();

        /** An NKey seed file, for servers that authenticate users by NKey. */
        Optional<String> nkeyFile();

        /**
         * A folder of NKey seeds, one per user ({@code <user>.nk}, as ./clinic keeps them): the service takes
         * {@code <nkey-user>.nk} from it unless {@link #nkeyFile()} names one. For the tests of all services at once.
         */
        Optional<String> nkeyDir();

        /** The user whose seed {@link #nkeyDir()} holds; the service's own name unless set. */
        Optional<String> nkeyUser();
    }

    interface Consumer {
        /** Start the durable consumers of the handlers this service declares. */
        @WithDefault("true")
        boolean enabled();

        /** Deliveries before a failing message goes to deadletter.<service> and is terminated. */
        @WithDefault("5")
        int maxDeliver();

        /** Time the server waits for an ack before redelivering. */
        @WithDefault("30s")
        Duration ackWait();

        /** Delay before the first redelivery of a failed message; doubles per attempt. */
        @WithDefault("1s")
        Duration backoffInitial();

        /** Longest redelivery delay. */
        @WithDefault("30s")
        Duration backoffMax();

        /** Messages taken and not yet acknowledged per consumer (also the consumer's MaxAckPending). */
        @WithDefault("64")
        int maxInFlight();

        /**
         * Batches handled at once per consumer, each on its own event loop. The events of one aggregate always
         * share a lane, so they are applied in stream order.
         */
        @WithDefault("4")
        int lanes();
    }

    interface Outbox {
        /** Interval of the sweep that publishes rows left behind (NATS down, process died). */
        @WithDefault("2s")
        Duration sweepInterval();

        /**
         * Age from which the timer's relay round takes an unpublished row. Younger rows are being published by
         * the transaction that wrote them (right after its commit; a publish may take its timeout and retries);
         * the rounds are for rows that publication missed. After a reconnect or a failed publication the relay
         * takes rows of any age until it has caught up.
         */
        @WithDefault("20s")
        Duration sweepAfter();

        /** Rows published per relay round. */
        @WithDefault("500")
        int batchSize();

        /** How long published rows are kept for re-publishing. */
        @WithDefault("P7D")
        Duration retention();
    }

    interface Inbox {
        /** How long processed event ids are remembered; keep it longer than any redelivery or replay. */
        @WithDefault("P30D")
        Duration retention();
    }

    interface Housekeeping {
        /** How often expired rows are deleted (the first time this long after start). */
        @WithDefault("1h")
        Duration interval();
    }

    interface Streams {
        /** How long a stream keeps its events. */
        @WithDefault("P30D")
        Duration maxAge();

        /** Window in which JetStream drops a publish whose Nats-Msg-Id it has seen. */
        @WithDefault("2m")
        Duration duplicateWindow();

        /** Stream replicas (1 for a single server). */
        @WithDefault("1")
        int replicas();

        /** A file-backed store survives a NATS restart; memory is for throwaway setups. */
        @WithName("storage")
        @WithDefault("file")
        String storage();

        /** Max bytes per stream, unlimited when empty. */
        Optional<Long> maxBytes();
    }

    interface DeadLetters {
        /** How often the pending dead letters are counted (one JetStream request); scrapes read the last count. */
        @WithDefault("30s")
        Duration refreshInterval();
    }
}
