package clinic.eventbus;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.nats.client.impl.Headers;

/**
 * Lists, replays and discards the pending dead letters of the DEADLETTER stream: what {@code ./clinic
 * deadletters} runs, outside any service (no CDI, no logging; the caller reports the outcomes).
 * <p>
 * A replay re-publishes the original message unchanged to its original subject, so the consumer handles it
 * again, and then deletes the dead letter: the stream's own count is what "pending" means, for the listing,
 * the metric and the health warning alike. Keeping the CloudEvent id is what makes a replay safe: the consumer
 * that gave up never recorded the id (its transaction failed), so it handles the event; every other consumer of
 * the stream finds the id in its inbox and only acknowledges. The publish comes before the delete, so a replay
 * that dies in between leaves the dead letter pending rather than losing it; its next replay uses the same
 * {@link DeadLetter#replayMessageId() message id} and is dropped by JetStream inside the duplicate window.
 */
public final class DeadLetters {

    /** Header on a replayed message naming the dead letter it came from, for whoever reads the stream later. */
    public static final String REPLAY_OF_HEADER = "Clinic-Replay-Of";

    /** JetStream's "no message found": past the last message for a subject, or a deleted one. */
    static final int NO_MESSAGE_FOUND = 10037;
    /** JetStream's "sequence not found" on a delete: another replay deleted it first. */
    static final int SEQUENCE_NOT_FOUND = 10043;

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final String STREAM = EventStream.DEADLETTER.name();

    private final JetStreamManagement jsm;
    private final JetStream jetStream;
    private final EventCodec codec;

    public DeadLetters(Connection connection) throws IOException {
        this.jsm = connection.jetStreamManagement();
        this.jetStream = connection.jetStream();
        this.codec = new EventCodec(new ObjectMapper(), "deadletters");
    }

    /** Which dead letters an operator means: one by DEADLETTER sequence, those of one event, or all. */
    public record Selection(Long sequence, String eventId) {

        public static final Selection ALL = new Selection(null, null);

        /** {@code --all}, a DEADLETTER sequence (digits), or an event id. */
        public static Selection parse(String argument) {
            String value = argument == null ? "" : argument.strip();
            if (value.equals("--all")) {
                return ALL;
            }
            if (value.isEmpty() || value.startsWith("-")) {
                throw new IllegalArgumentException("name a dead letter by its event id or sequence, or --all");
            }
            if (value.chars().allMatch(Character::isDigit)) {
                try {
                    return new Selection(Long.parseLong(value), null);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("sequence " + value + " is out of range");
                }
            }
            return new Selection(null, value);
        }

        public boolean all() {
            return sequence == null && eventId == null;
        }

        boolean matches(DeadLetter letter) {
            return all() || (sequence != null ? sequence == letter.sequence() : eventId.equals(letter.originalEventId()));
        }
    }

    public enum Result {
        /** Published to the original subject and removed from the pending dead letters. */
        REPLAYED,
        /** JetStream had this replay already (an earlier one that stopped before the delete): removed. */
        REPLAYED_BEFORE,
        /** The same event was replayed for another dead letter in this run (two services gave up on it): removed. */
        SAME_EVENT_REPLAYED,
        /** Not a CloudEvent: it would fail again at once, so {@code --all} leaves it; name its sequence to force it. */
        SKIPPED_UNREADABLE,
        /** A DEADLETTER message that is not a dead letter: nothing to replay; discard it. */
        NOT_REPLAYABLE,
        /** Removed without a replay. */
        DISCARDED
    }

    public record Outcome(DeadLetter letter, Result result) {
    }

    /** The number of pending dead letters of a service: one stream-info request, whatever the count. */
    public static long count(JetStreamManagement jsm, String service) throws IOException, JetStreamApiException {
        String subject = subjectOf(service);
        StreamInfo info;
        try {
            info = jsm.getStreamInfo(STREAM, StreamInfoOptions.filterSubjects(subject));
        } catch (JetStreamApiException e) {
            // A server that lost its store has no dead letters either (the stream comes back on reconnect).
            if (e.getApiErrorCode() == StreamCatalogue.STREAM_NOT_FOUND) {
                return 0;
            }
            throw e;
        }
        List<Subject> subjects = info.getStreamState().getSubjects();
        if (subjects == null) {
            return 0;
        }
        return subjects.stream().filter(s -> s.getName().equals(subject)).mapToLong(Subject::getCount).sum();
    }

    /** The pending dead letters, oldest first; of one service, or of all when {@code service} is null. */
    public List<DeadLetter> pending(String service) throws IOException, JetStreamApiException {
        String filter = service == null ? EventStream.DEADLETTER.wildcard() : subjectOf(service);
        List<DeadLetter> letters = new ArrayList<>();
        long next = 1;
        while (true) {
            MessageInfo message;
            try {
                // One direct read per dead letter: no consumer to create or clean up, and a definite end.
                message = jsm.getNextMessage(STREAM, next, filter);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NO_MESSAGE_FOUND || e.getApiErrorCode() == StreamCatalogue.STREAM_NOT_FOUND) {
                    return letters;
                }
                throw e;
            }
            letters.add(read(message));
            next = message.getSeq() + 1;
        }
    }

    /**
     * Replays the selected pending dead letters (of one service, or all when {@code service} is null), oldest
     * first. An empty answer means nothing matched: no dead letter is pending under that name, e.g. because
     * it was replayed already.
     */
    public List<Outcome> replay(Selection selection, String service) throws IOException, JetStreamApiException {
        List<Outcome> outcomes = new ArrayList<>();
        Set<String> replayedEvents = new HashSet<>();
        for (DeadLetter letter : select(selection, service)) {
            if (!letter.replayable()) {
                outcomes.add(new Outcome(letter, Result.NOT_REPLAYABLE));
            } else if (!letter.readable() && selection.sequence() == null) {
                outcomes.add(new Outcome(letter, Result.SKIPPED_UNREADABLE));
            } else if (letter.readable() && replayedEvents.contains(letter.originalEventId())) {
                remove(letter);
                outcomes.add(new Outcome(letter, Result.SAME_EVENT_REPLAYED));
            } else {
                PublishAck ack = publish(letter);
                remove(letter);
                if (letter.readable()) {
                    replayedEvents.add(letter.originalEventId());
                }
                outcomes.add(new Outcome(letter, ack.isDuplicate() ? Result.REPLAYED_BEFORE : Result.REPLAYED));
            }
        }
        return outcomes;
    }

    /** Removes the selected dead letters without replaying them, e.g. an unreadable message. */
    public List<Outcome> discard(Selection selection, String service) throws IOException, JetStreamApiException {
        List<Outcome> outcomes = new ArrayList<>();
        for (DeadLetter letter : select(selection, service)) {
            remove(letter);
            outcomes.add(new Outcome(letter, Result.DISCARDED));
        }
        return outcomes;
    }

    /** The replay's publish alone; the original subject must belong to the stream it came from. */
    PublishAck publish(DeadLetter letter) throws IOException, JetStreamApiException {
        Headers headers = new Headers().put(REPLAY_OF_HEADER,
                EventStream.DEADLETTER.name() + "/" + letter.sequence());
        PublishOptions options = PublishOptions.builder()
                .messageId(letter.replayMessageId())
                .expectedStream(EventStream.of(letter.originalSubject()).name())
                .build();
        return jetStream.publish(letter.originalSubject(), headers, letter.originalBytes(), options);
    }

    private List<DeadLetter> select(Selection selection, String service) throws IOException, JetStreamApiException {
        if (selection.sequence() != null) {
            return one(selection.sequence(), service);
        }
        return pending(service).stream().filter(selection::matches).toList();
    }

    private List<DeadLetter> one(long sequence, String service) throws IOException, JetStreamApiException {
        MessageInfo message;
        try {
            message = jsm.getMessage(STREAM, sequence);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND || e.getApiErrorCode() == StreamCatalogue.STREAM_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        DeadLetter letter = read(message);
        boolean wanted = service == null || message.getSubject().equals(subjectOf(service));
        return wanted ? List.of(letter) : List.of();
    }

    private DeadLetter read(MessageInfo message) {
        Instant storedAt = message.getTime() == null ? null : message.getTime().toInstant();
        return DeadLetter.read(codec, message.getSeq(), message.getSubject(), storedAt, message.getData());
    }

    /** Deleting (and erasing: the original may carry health data) is what takes it off the pending list. */
    private void remove(DeadLetter letter) throws IOException, JetStreamApiException {
        try {
            jsm.deleteMessage(STREAM, letter.sequence(), true);
        } catch (JetStreamApiException e) {
            // A concurrent replay removed it first: the outcome is the same.
            if (e.getApiErrorCode() != SEQUENCE_NOT_FOUND && e.getApiErrorCode() != NO_MESSAGE_FOUND) {
                throw e;
            }
        }
    }

    /** {@code deadletter.<service>}; the name is checked so that it cannot widen the subject with wildcards. */
    static String subjectOf(String service) {
        if (service == null || !SERVICE_NAME.matcher(service).matches()) {
            throw new IllegalArgumentException("not a service name: " + service);
        }
        return Subjects.deadLetter(service);
    }
}
