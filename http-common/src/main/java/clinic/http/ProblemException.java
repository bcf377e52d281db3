package clinic.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A failure a client can act on, answered as problem+json with its status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors,
            Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.extensions = extensions == null ? Map.of() : new LinkedHashMap<>(extensions);
    }

    /** 400 naming the field. */
    public static ProblemException badField(String field, String message) {
        return new ProblemException(400, "Invalid request", field + " " + message,
                List.of(new Problem.FieldError(field, message)), null);
    }

    /** 400 naming several fields. */
    public static ProblemException badFields(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(400, "Invalid request", detail, errors, null);
    }

    /** 403: the caller's role may not do this (a record outside their scope is a 404 instead). */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, null, null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail, null, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, null, null);
    }

    public static ProblemException conflict(String detail, Map<String, Object> extensions) {
        return new ProblemException(409, "Conflict", detail, null, extensions);
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "Precondition failed", detail, null, null);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable request", detail, null, null);
    }

    public int status() {
        return status;
    }

    public Problem toProblem() {
        return new Problem("about:blank", title, status, getMessage(), errors, extensions);
    }
}
