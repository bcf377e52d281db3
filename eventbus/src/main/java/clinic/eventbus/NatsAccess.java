package clinic.eventbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import clinic.eventbus.EventType.Services;
import io.nats.client.NKey;

/**
 * Who may do what on NATS, generated from the event catalogue ({@link EventType}) and the questions
 * ({@link QuestionType}), so a change to either carries its permissions along. Each service is a user of its own,
 * known by an NKey, that may publish only the events the catalogue says it publishes (and its dead letters, and the
 * answers to questions it is asked, into the askers' inboxes), consume only through its own durable consumers,
 * create and change only the streams it publishes to, ask only the questions it is listed for, and read replies
 * only under its own inbox prefix, so nobody else's answers (audit trails among them). An operator user (./clinic's
 * tools, the tests) may do everything; without a key, nothing. {@code ./clinic} runs {@link #main} to write
 * nats-server's authorization block before NATS starts.
 */
public final class NatsAccess {

    /** The user of ./clinic's own tools (dead letters, the benchmark) and of the tests' checks. */
    public static final String OPERATOR = "operator";

    private NatsAccess() {
    }

    /** What one user may publish and subscribe to, as nats-server's permissions take them. */
    public record Permissions(List<String> publish, List<String> subscribe) {
    }

    /**
     * Where a service's connection takes replies (jnats' inbox prefix): a subject only that service may subscribe
     * to, so no other user reads what NATS or another service answers it.
     */
    public static String inboxPrefix(String service) {
        return "_INBOX_" + service;
    }

    /** The streams a service publishes to: those of its events, and DEADLETTER when it consumes anything. */
    public static Set<EventStream> publishedStreams(String service) {
        Set<EventStream> streams = new LinkedHashSet<>();
        for (EventType type : EventType.values()) {
            if (type.publisher().equals(service)) {
                streams.add(type.stream());
            }
        }
        if (!consumedStreams(service).isEmpty()) {
            streams.add(EventStream.DEADLETTER);
        }
        return streams;
    }

    /** The streams a service consumes, each through its one durable consumer. */
    public static Set<EventStream> consumedStreams(String service) {
        Set<EventStream> streams = new LinkedHashSet<>();
        for (EventType type : EventType.values()) {
            if (type.consumers().contains(service)) {
                streams.add(type.stream());
            }
        }
        return streams;
    }

    public static Permissions permissions(String service) {
        if (!Services.ALL.contains(service)) {
            throw new IllegalArgumentException(service + " is not a service of the event catalogue");
        }
        Set<String> publish = new LinkedHashSet<>();
        Set<String> subscribe = new LinkedHashSet<>();
        subscribe.add(inboxPrefix(service) + ".>");
        // JetStream's account information, which jnats may ask for when it opens its contexts.
        publish.add("$JS.API.INFO");
        for (EventType type : EventType.values()) {
            if (type.publisher().equals(service)) {
                publish.add(type.subject());
            }
        }
        for (EventStream stream : publishedStreams(service)) {
            publish.add("$JS.API.STREAM.INFO." + stream.name());
            publish.add("$JS.API.STREAM.CREATE." + stream.name());
            publish.add("$JS.API.STREAM.UPDATE." + stream.name());
            if (stream != EventStream.DEADLETTER) {
                // The service hears its own events as they are published (EventBroadcast), e.g. to wake requests.
                subscribe.add(stream.wildcard());
            }
        }
        if (publishedStreams(service).contains(EventStream.DEADLETTER)) {
            publish.add(Subjects.deadLetter(service));
        }
        for (EventStream stream : consumedStreams(service)) {
            String consumer = stream.name() + "." + stream.durableName(service);
            publish.add("$JS.API.STREAM.INFO." + stream.name());
            publish.add("$JS.API.CONSUMER.INFO." + consumer);
            // The names of the consumer create request: by server version and filter (jnats picks one).
            publish.add("$JS.API.CONSUMER.CREATE." + consumer);
            publish.add("$JS.API.CONSUMER.CREATE." + consumer + ".>");
            publish.add("$JS.API.CONSUMER.DURABLE.CREATE." + consumer);
            publish.add("$JS.API.CONSUMER.MSG.NEXT." + consumer);
            publish.add("$JS.ACK." + consumer + ".>");
        }
        for (QuestionType question : QuestionType.values()) {
            if (question.answerers().contains(service)) {
                subscribe.add(question.subject(service));
                // Its answers go to the askers' inboxes. (Not nats-server's allow_responses: that tracks every
                // message delivered with a reply subject, every JetStream delivery included, and cost NATS ten
                // times its CPU per booking.)
                for (String asker : question.askers()) {
                    if (!asker.equals(service)) {
                        publish.add(inboxPrefix(asker) + ".>");
                    }
                }
            }
            if (question.askers().contains(service)) {
                for (String other : question.answerers()) {
                    if (!other.equals(service)) {
                        publish.add(question.subject(other));
                    }
                }
            }
        }
        return new Permissions(List.copyOf(publish), List.copyOf(subscribe));
    }

    /**
     * nats-server's {@code authorization} block: a user per service with its permissions, and the operator;
     * {@code publicKeys} names each user's public NKey.
     */
    public static String authorization(Map<String, String> publicKeys) {
        StringBuilder conf = new StringBuilder();
        conf.append("# Written by ./clinic from the event catalogue (clinic.eventbus.NatsAccess): edit the catalogue,"
                + " not this file.\n");
        // Seconds a client has to authenticate: a JVM signing its first NKey challenge while three more start on
        // two cores took over the default two.
        conf.append("authorization {\n    timeout: 10\n    users: [\n");
        for (String service : Services.ALL) {
            Permissions permissions = permissions(service);
            conf.append("        # ").append(service).append('\n');
            conf.append("        {\n            nkey: ").append(key(publicKeys, service)).append('\n');
            conf.append("            permissions: {\n");
            conf.append("                publish: { allow: ").append(list(permissions.publish())).append(" }\n");
            conf.append("                subscribe: { allow: ").append(list(permissions.subscribe())).append(" }\n");
            conf.append("            }\n        }\n");
        }
        conf.append("        # ").append(OPERATOR).append(": ./clinic's tools and the tests\n");
        conf.append("        { nkey: ").append(key(publicKeys, OPERATOR))
                .append(", permissions: { publish: \">\", subscribe: \">\" } }\n");
        conf.append("    ]\n}\n");
        return conf.toString();
    }

    private static String key(Map<String, String> publicKeys, String user) {
        String key = publicKeys.get(user);
        if (key == null || !key.matches("U[A-Z2-7]{55}")) {
            throw new IllegalArgumentException("no user NKey for " + user);
        }
        return key;
    }

    private static String list(List<String> subjects) {
        List<String> quoted = new ArrayList<>();
        for (String subject : subjects) {
            if (!subject.matches("[A-Za-z0-9_$.>*-]+")) {
                throw new IllegalArgumentException("not a subject: " + subject);
            }
            // Quoted: unquoted, nats-server would read "$JS..." as a variable.
            quoted.add('"' + subject + '"');
        }
        return "[" + String.join(", ", quoted) + "]";
    }

    /**
     * {@code NatsAccess <keys-dir> <authorization-file>}: makes an NKey seed for every user that has none in
     * {@code keys-dir} ({@code <user>.nk}, readable by its owner only) and writes the authorization block.
     */
    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: NatsAccess <keys-dir> <authorization-file>");
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Map<String, String> publicKeys = new LinkedHashMap<>();
        List<String> users = new ArrayList<>(Services.ALL);
        users.add(OPERATOR);
        for (String user : users) {
            Path seed = dir.resolve(user + ".nk");
            if (!Files.exists(seed)) {
                NKey key = NKey.createUser(new SecureRandom());
                Files.createFile(seed, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(seed, new String(key.getSeed()) + "\n", StandardCharsets.US_ASCII);
            }
            NKey key = NKey.fromSeed(Files.readString(seed, StandardCharsets.US_ASCII).trim().toCharArray());
            publicKeys.put(user, new String(key.getPublicKey()));
        }
        Path out = Path.of(args[1]);
        Files.writeString(out, authorization(publicKeys), StandardCharsets.UTF_8);
    }
}
