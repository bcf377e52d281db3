package clinic.eventbus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import clinic.eventbus.payload.DeadLetterData;
import io.cloudevents.CloudEvent;

/**
 * One pending dead letter: a message of the DEADLETTER stream, read. {@code sequence} is its position in
 * DEADLETTER (what an operator names to replay it); {@code originalStreamSequence} the position the original
 * had in its own stream. {@code original} is the message as the consumer received it: it may carry health
 * data, so it is replayed but never shown.
 */
public record DeadLetter(
        long sequence,
        String service,
        Instant deadLetteredAt,
        String consumer,
        String originalSubject,
        String originalEventId,
        long originalStreamSequence,
        long deliveredCount,
        String error,
        String original) {

    static final String SUBJECT_PREFIX = "deadletter.";

    /** Reads a DEADLETTER message; a message that is not a dead letter is kept, described, as not replayable. */
    static DeadLetter read(EventCodec codec, long sequence, String subject, Instant storedAt, byte[] body) {
        String service = subject.startsWith(SUBJECT_PREFIX) ? subject.substring(SUBJECT_PREFIX.length()) : subject;
        try {
            CloudEvent letter = codec.parse(body);
            DeadLetterData data = codec.data(letter, DeadLetterData.class);
            Instant at = letter.getTime() == null ? storedAt : letter.getTime().toInstant();
            return new DeadLetter(sequence, service, at, data.consumer(), data.originalSubject(),
                    data.originalEventId(), data.streamSequence(), data.deliveredCount(), data.error(),
                    data.original());
        } catch (IllegalArgumentException e) {
            return new DeadLetter(sequence, service, storedAt, null, null, null, 0, 0,
                    "not a dead letter: " + e.getMessage(), null);
        }
    }

    /**
     * True when the original was a CloudEvent. An unreadable original fails again on arrival, so replaying
     * all dead letters leaves it alone; named by its sequence it is replayed all the same.
     */
    public boolean readable() {
        return originalEventId != null;
    }

    /** False for a DEADLETTER message that is not a dead letter: there is nothing to put back. */
    public boolean replayable() {
        return original != null && originalSubject != null && !originalSubject.startsWith(SUBJECT_PREFIX);
    }

    /**
     * The {@code Nats-Msg-Id} of the replay. Not the event id: JetStream still remembers that one for its
     * duplicate window and would drop the replay. Derived from this dead letter, so replaying it twice (a
     * replay that died before removing the letter) is dropped as a duplicate inside the window, and past the
     * window the consumer's inbox catches it, since the CloudEvent id is unchanged.
     */
    public String replayMessageId() {
        return (readable() ? originalEventId : "unreadable") + "-replay-" + sequence;
    }

    byte[] originalBytes() {
        return original.getBytes(StandardCharsets.UTF_8);
    }
}
