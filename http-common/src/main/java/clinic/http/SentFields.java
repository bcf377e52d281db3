package clinic.http;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The fields a partial update sent. Such a request record holds each field as an {@link Optional} read by
 * {@link StrictJson}: null when the field was left out (unchanged), empty when it was sent as {@code null}
 * (cleared), else its value.
 */
public final class SentFields {

    private final Set<String> names = new HashSet<>();

    /** Notes {@code name} (as JSON writes it) when {@code field} was sent, as a value or as null. */
    public SentFields add(String name, Optional<?> field) {
        if (field != null) {
            names.add(name);
        }
        return this;
    }

    public Set<String> names() {
        return Set.copyOf(names);
    }

    /** The value sent, or null when the field was left out or sent as null. */
    public static <T> T value(Optional<T> field) {
        return field == null ? null : field.orElse(null);
    }
}
