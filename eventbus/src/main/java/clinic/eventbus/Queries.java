package clinic.eventbus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

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
    private final ObjectMapper json;
    private final Vertx vertx;
    /** Where answers are made: jnats calls on its own threads, where Hibernate Reactive cannot run. */
    private volatile Context answering;
    private final List<Responder> responders = new CopyOnWriteArrayList<>();
    private volatile Dispatcher dispatcher;
    private volatile Connection connection;

    public Queries(NatsConnection nats, EventBusConfig config, ObjectMapper json, Vertx vertx) {
        this.nats = nats;
        this.config = config;
        this.json = json;
        this.vertx = vertx;
    }

    /** Answers questions of a JSON record type with JSON records, as {@link #answer(String, Function)}. */
    public <Q, A> void answer(String subject, Class<Q> question, Function<Q, Uni<A>> answer) {
        answer(subject, body -> answer.apply(read(body, question)).map(this::write));
    }

    /** Asks a question as a JSON record and reads the answer as one, as {@link #ask(String, byte[], Duration)}. */
    public <Q, A> Uni<A> ask(String subject, Q question, Class<A> answer, Duration timeout) {
        return ask(subject, write(question), timeout).map(body -> read(body, answer));
    }

    private <T> T read(byte[] body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Answers questions on {@code subject}, from the first NATS connection on (at once when that is made already);
     * jnats renews the subscription after a reconnect.
     */
    public synchronized void answer(String subject, Function<byte[], Uni<byte[]>> answer) {
        Responder responder = new Responder(subject, answer);
        responders.add(responder);
        if (dispatcher != null) {
            subscribe(responder);
        }
    }

    synchronized void onNatsConnected(@Observes NatsConnected event) {
        if (dispatcher != null) {
            return;
        }
        connection = event.connection();
        answering = ((VertxInternal) vertx).createEventLoopContext();
        dispatcher = connection.createDispatcher();
        responders.forEach(this::subscribe);
    }

    private void subscribe(Responder responder) {
        Connection replies = connection;
        Context context = answering;
        dispatcher.subscribe(responder.subject(), config.service(), message -> {
            if (message.getReplyTo() != null) {
                SafeContexts.run(context, () -> reply(replies, responder, message));
            }
        });
    }

    private static void reply(Connection connection, Responder responder, Message message) {
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

    /** What the services answered to one question, and the services that did not answer in time. */
    public record Answers<T>(List<T> answers, List<String> missing) {
    }

    /**
     * Asks every service of {@code services} on the question type's subject for it at once, this service answering for
     * itself through {@code own}; a service that fails or does not answer within {@code timeout} is named missing.
     */
    public <T> Uni<Answers<T>> askEach(List<String> services, QuestionType type, byte[] question,
            Duration timeout, Supplier<Uni<T>> own, Function<byte[], T> read) {
        List<Uni<T>> parts = new ArrayList<>();
        for (String service : services) {
            Uni<T> part = service.equals(config.service()) ? own.get()
                    : ask(type.subject(service), question, timeout).map(read);
            parts.add(part.onFailure().recoverWithItem((T) null));
        }
        return Uni.join().all(parts).andFailFast().map(replies -> {
            List<T> answers = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < replies.size(); i++) {
                if (replies.get(i) == null) {
                    missing.add(services.get(i));
                } else {
                    answers.add(replies.get(i));
                }
            }
            return new Answers<>(answers, missing);
        });
    }

    /**
     * Asks the question and waits up to {@code timeout} for the answer, which goes on on the asker's Vert.x context
     * (jnats completes on a thread of its own, where a transaction of the asker's could not go on).
     */
    public Uni<byte[]> ask(String subject, byte[] question, Duration timeout) {
        Connection connection = nats.current();
        if (connection == null || connection.getStatus() != Connection.Status.CONNECTED) {
            return Uni.createFrom().failure(new NoAnswerException("NATS is not connected", null));
        }
        java.util.concurrent.Executor asker = SafeContexts.on(io.vertx.core.Vertx.currentContext());
        return Uni.createFrom().completionStage(() -> connection.requestWithTimeout(subject, question, timeout))
                .emitOn(asker)
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
