package clinic.eventbus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Request and reply over core NATS, for questions one service answers from its own data (nothing is changed and
 * nothing needs to survive a restart, so no stream). One replica of the answering service answers each question
 * (a queue group named after the service). A failed answer carries the header {@code Clinic-Error}.
 */
@ApplicationScoped
public class Queries {

    static final String ERROR_HEADER = "Clinic-Error";

    private record Responder(String subject, Function<byte[], Uni<byte[]>> answer) {
    }

    /** The question was not answered: nobody answers it, the answer took too long, or it was an error. */
    public static class NoAnswerException extends RuntimeException {
        public NoAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final NatsConnection nats;
    private final EventBusConfig config;
    private final List<Responder> responders = new CopyOnWriteArrayList<>();
    private volatile Dispatcher dispatcher;

    public Queries(NatsConnection nats, EventBusConfig config) {
        this.nats = nats;
        this.config = config;
    }

    /**
     * Answers questions on {@code subject}. Register in a start-up observer, before NATS first connects: the
     * subscription is made then, once, and jnats renews it after a reconnect.
     */
    public void answer(String subject, Function<byte[], Uni<byte[]>> answer) {
        responders.add(new Responder(subject, answer));
    }

    void onNatsConnected(@Observes NatsConnected event) {
        if (dispatcher != null || responders.isEmpty()) {
            return;
        }
        Connection connection = event.connection();
        dispatcher = connection.createDispatcher();
        for (Responder responder : responders) {
            dispatcher.subscribe(responder.subject(), config.service(), message -> reply(connection, responder,
                    message));
        }
    }

    private static void reply(Connection connection, Responder responder, Message message) {
        if (message.getReplyTo() == null) {
            return;
        }
        Uni<byte[]> answer;
        try {
            answer = responder.answer().apply(message.getData());
        } catch (RuntimeException e) {
            answer = Uni.createFrom().failure(e);
        }
        answer.subscribe().with(body -> connection.publish(message.getReplyTo(), body), failure -> {
            Log.warnf("Question on %s not answered: %s", responder.subject(), failure.toString());
            Headers headers = new Headers().put(ERROR_HEADER, failure.getClass().getSimpleName());
            connection.publish(message.getReplyTo(), headers, new byte[0]);
        });
    }

    /** Asks the question and waits up to {@code timeout} for the answer. */
    public Uni<byte[]> ask(String subject, byte[] question, Duration timeout) {
        Connection connection = nats.current();
        if (connection == null || connection.getStatus() != Connection.Status.CONNECTED) {
            return Uni.createFrom().failure(new NoAnswerException("NATS is not connected", null));
        }
        return Uni.createFrom().completionStage(() -> connection.requestWithTimeout(subject, question, timeout))
                .onFailure().transform(failure -> new NoAnswerException("No answer on " + subject + " within "
                        + timeout.toMillis() + " ms", failure))
                .map(message -> {
                    if (message.hasHeaders() && message.getHeaders().containsKey(ERROR_HEADER)) {
                        throw new NoAnswerException("The answer on " + subject + " was an error: "
                                + message.getHeaders().getFirst(ERROR_HEADER), null);
                    }
                    if (message.isStatusMessage()) {
                        throw new NoAnswerException("Nobody answers on " + subject + " ("
                                + message.getStatus().getMessage() + ")", null);
                    }
                    return message.getData();
                });
    }
}
