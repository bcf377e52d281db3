package clinic.http;

import java.util.UUID;

/**
 * Ids read from a path. A path that does not hold a well-formed id names nothing: 404 in the kind's words, as for a
 * well-formed id of nothing, so the two cannot be told apart.
 */
public final class PathIds {

    private PathIds() {
    }

    /** The UUID in {@code text}, or a 404 "No {kind} {text}." */
    public static UUID uuid(String text, String kind) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No " + kind + " " + text + ".");
        }
    }
}
