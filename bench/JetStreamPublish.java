import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * The JetStream ceiling: 400-byte messages published with acknowledgement (windows of asynchronous publishes,
 * each acked before the window closes, as the outbox relay publishes) to a file-backed stream of its own.
 * Prints "BENCH jetstream_publish_ack_per_s=<n>". Run: java -cp <eventbus class path> bench/JetStreamPublish.java URL
 * SECONDS (CLINIC_NATS_NKEY_FILE: the operator's seed)
 */
public class JetStreamPublish {

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "nats://127.0.0.1:4222";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        io.nats.client.Options.Builder options = io.nats.client.Options.builder().servers(url.split(","));
        // As the operator (its NKey seed): the stack's NATS takes no one without a key.
        String seed = System.getenv("CLINIC_NATS_NKEY_FILE");
        if (seed != null) {
            options.authHandler(Nats.staticCredentials(null,
                    java.nio.file.Files.readString(java.nio.file.Path.of(seed)).trim().toCharArray()));
        }
        try (Connection connection = Nats.connect(options.build())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            String stream = "BENCH_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream.toLowerCase() + ".>")
                    .storageType(StorageType.File).build());
            try {
                JetStream js = connection.jetStream();
                byte[] body = new byte[400];
                long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                long start = System.nanoTime();
                long published = 0;
                while (System.nanoTime() < deadline) {
                    List<CompletableFuture<PublishAck>> window = new ArrayList<>(256);
                    for (int i = 0; i < 256; i++) {
                        window.add(js.publishAsync(stream.toLowerCase() + ".event", body,
                                PublishOptions.builder().messageId(UUID.randomUUID().toString()).build()));
                    }
                    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
                    published += window.size();
                }
                double rate = published / ((System.nanoTime() - start) / 1e9);
                System.out.printf("BENCH jetstream_publish_ack_per_s=%.0f%n", rate);
            } finally {
                jsm.deleteStream(stream);
            }
        }
    }
}
