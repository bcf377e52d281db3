package clinic.http;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a JSON request body field by field, collecting every problem so one 400 names all bad fields.
 * Call {@link #validate()} after reading: it throws if anything was wrong, and nothing has been changed yet.
 */
public final class JsonBody {

    private final JsonNode node;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody of(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ProblemException.badFields("A JSON object body is required.", List.of());
        }
        if (!body.isObject()) {
            throw ProblemException.badFields("The request body must be a JSON object.", List.of());
        }
        return new JsonBody(body);
    }

    /** Fields only the server sets: a request that sets any of them is refused, naming them. */
    public JsonBody refuseServerOwned(Set<String> serverOwned) {
        List<String> present = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (serverOwned.contains(name)) {
                present.add(name);
            }
        }
        if (!present.isEmpty()) {
            throw ProblemException.badFields("Fields set by the server cannot be sent: " + String.join(", ", present),
                    present.stream().map(f -> new Problem.FieldError(f, "is set by the server")).toList());
        }
        return this;
    }

    /** Fields this request does not know are refused rather than silently dropped. */
    public JsonBody allowOnly(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new Problem.FieldError(name, "is not a field of this request"));
            }
        }
        return this;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public boolean isEmpty() {
        return node.isEmpty();
    }

    public String text(String field, boolean required, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Problem.FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return null;
        }
        // Checked before stripping: strip() takes U+000B, U+000C and U+001C-U+001F off the ends as whitespace,
        // which would accept a control character there by dropping it silently.
        String problem = Text.problem(value.asText());
        if (problem != null) {
            errors.add(new Problem.FieldError(field, problem));
            return null;
        }
        String text = value.asText().strip();
        if (required && text.isEmpty()) {
            errors.add(new Problem.FieldError(field, "must not be blank"));
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(new Problem.FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        return text;
    }

    /** An integer in [min, max], or {@code null} when absent. */
    public Integer integer(String field, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            errors.add(new Problem.FieldError(field, "must be a whole number"));
            return null;
        }
        int number = value.intValue();
        if (number < min || number > max) {
            errors.add(new Problem.FieldError(field, "must be between " + min + " and " + max));
            return null;
        }
        return number;
    }

    /** An instant with an explicit offset, or {@code null} when absent (and not required). */
    public Instant instant(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Problem.FieldError(field, "is required, e.g. " + Times.EXAMPLE));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 string, e.g. " + Times.EXAMPLE));
            return null;
        }
        try {
            return Times.parse(value.asText(), field);
        } catch (ProblemException e) {
            errors.add(e.toProblem().errors().get(0));
            return null;
        }
    }

    /** A calendar date within the years {@link Times#parseDate} accepts, or {@code null} when absent. */
    public LocalDate date(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a date like 1980-04-23"));
            return null;
        }
        try {
            return Times.parseDate(value.asText(), field);
        } catch (ProblemException e) {
            errors.add(e.toProblem().errors().get(0));
            return null;
        }
    }

    public JsonNode raw(String field) {
        return node.get(field);
    }

    /** Adds a problem found by the caller's own rule. */
    public void reject(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public void validate() {
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b)
                    .orElseThrow();
            throw ProblemException.badFields(detail, errors);
        }
    }
}
