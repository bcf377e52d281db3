package clinic.eventbus;

/**
 * The stream catalogue. One wildcard subject per stream, because a NATS 2.9 consumer honours only one
 * filter subject: a consumer of a whole stream filters on {@link #wildcard()}.
 */
public enum EventStream {
    APPOINTMENTS("appointment"),
    AVAILABILITY("availability"),
    PATIENTS("patient"),
    NOTIFICATIONS("notification"),
    DEADLETTER("deadletter");

    private final String subjectPrefix;

    EventStream(String subjectPrefix) {
        this.subjectPrefix = subjectPrefix;
    }

    /** The subject filter that covers the whole stream, e.g. {@code appointment.>}. */
    public String wildcard() {
        return subjectPrefix + ".>";
    }

    /** What the subjects of this stream start with, e.g. {@code appointment.}. */
    public String subjectPrefix() {
        return subjectPrefix + ".";
    }

    /** The durable consumer name of a service on this stream: {@code <service>-<STREAM>}. */
    public String durableName(String service) {
        return service + "-" + name();
    }

    /** The stream that stores a subject, if the subject belongs to the catalogue. */
    public static EventStream of(String subject) {
        for (EventStream stream : values()) {
            if (subject.startsWith(stream.subjectPrefix + ".")) {
                return stream;
            }
        }
        throw new IllegalArgumentException("subject " + subject + " belongs to no stream of the catalogue");
    }
}
