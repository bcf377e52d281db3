package clinic.eventbus.testing;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * Records what is published on a subject, as a test subscriber sees it. A core subscription sees every publish
 * (JetStream's stream is one more listener on the subject), so a duplicate publish shows up here even when the
 * stream dropped it: what a test needs to prove that something was published once.
 */
public final class EventCapture implements AutoCloseable {

    private final Connection connection;
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    private EventCapture(Connection connection) {
        this.connection = connection;
    }

    public static EventCapture subscribe(String subject) throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        Connection connection = Nats.connect(TestNats.options("operator").maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(200)).build());
        EventCapture capture = new EventCapture(connection);
        Dispatcher dispatcher = connection.createDispatcher(capture.messages::add);
        dispatcher.subscribe(subject);
        connection.flush(Duration.ofSeconds(5));
        return capture;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<Message> matching(Predicate<Message> filter) {
        List<Message> found = new ArrayList<>();
        for (Message message : messages) {
            if (filter.test(message)) {
                found.add(message);
            }
        }
        return found;
    }

    /** Waits until {@code count} matching messages arrived, then returns them. */
    public List<Message> await(Predicate<Message> filter, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<Message> found = matching(filter);
        while (found.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            found = matching(filter);
        }
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " messages, saw " + found.size() + " in " + timeout);
        }
        return found;
    }

    /**
     * Reads a stream from its start for a stored message that matches: for a test that cannot subscribe before
     * the publish (e.g. while NATS is down). Waits up to {@code timeout} for it to arrive.
     */
    public static Message awaitStored(String stream, String filterSubject, Predicate<Message> filter,
            Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection connection = TestNats.connect()) {
            while (Instant.now().isBefore(deadline)) {
                var consumer = connection.getStreamContext(stream).createOrderedConsumer(
                        new io.nats.client.api.OrderedConsumerConfiguration().filterSubject(filterSubject));
                Message message;
                while ((message = consumer.next(Duration.ofSeconds(1))) != null) {
                    if (filter.test(message)) {
                        return message;
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no stored message on " + filterSubject + " matched within " + timeout);
    }

    public static String body(Message message) {
        return new String(message.getData(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
