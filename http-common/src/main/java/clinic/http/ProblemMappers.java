package clinic.http;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import clinic.eventbus.DatabaseErrors;
import clinic.eventbus.Queries;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.logging.Log;

/** Every failure answered as problem+json; anything unexpected is logged and answered without internals. */
public class ProblemMappers {

    @jakarta.inject.Inject
    io.quarkus.security.identity.CurrentIdentityAssociation identities;

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return response(e.toProblem());
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = fieldPath(e);
        if (field == null) {
            String detail = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    && !isTrailing(e) ? "The request body must be " + shape(mismatch.getTargetType()) + "."
                    : "The request body is not valid JSON: " + (isTrailing(e)
                            ? "something follows the JSON document; send exactly one JSON value"
                            : e.getOriginalMessage());
            return response(new Problem("about:blank", "Invalid request", 400, detail, List.of(), null));
        }
        String message = fieldMessage((MismatchedInputException) e);
        return response(new Problem("about:blank", "Invalid request", 400, field + " " + message,
                List.of(new Problem.FieldError(field, message)), null));
    }

    /** Every field a body's record does not have, named with its path. */
    @ServerExceptionMapper
    public Response unknownFields(StrictJson.UnknownFieldsException e) {
        String at = fieldPath(e);
        List<Problem.FieldError> errors = e.names().stream().map(name -> new Problem.FieldError(
                at == null ? name : at + "." + name, "is not a field of this request")).toList();
        return response(new Problem("about:blank", "Invalid request", 400, "Fields this request does not have: "
                + String.join(", ", errors.stream().map(Problem.FieldError::field).toList()), errors, null));
    }

    /**
     * Quarkus' own mapper for this subtype answers a bare 400 with no body, and the more specific mapper wins
     * over {@link #unreadableJson}: e.g. for a body with a second JSON document after the first.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        if (e instanceof StrictJson.UnknownFieldsException unknown) {
            return unknownFields(unknown);
        }
        return unreadableJson(e);
    }

    /**
     * A body that breaks its record's constraints: every broken one named by its JSON path ({@code
     * appointment_time}, {@code [0].day_of_week}). Quarkus' own mapper for this subtype would answer its own
     * format; a broken constraint on what a method returns is a bug, answered 500.
     */
    @ServerExceptionMapper
    public Response invalidBody(ResteasyReactiveViolationException e) {
        if (e.getConstraintViolations().stream().anyMatch(v -> v.getExecutableReturnValue() != null
                || isReturnValue(v.getPropertyPath()))) {
            return unexpected(e);
        }
        return invalidBean(e);
    }

    @ServerExceptionMapper
    public Response invalidBean(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(jsonPath(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        if (errors.stream().anyMatch(error -> error.field().isEmpty())) {
            return response(new Problem("about:blank", "Invalid request", 400, "A JSON body is required.",
                    List.of(), null));
        }
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).reduce((a, b) -> a + "; " + b)
                .orElse("Invalid request");
        return response(new Problem("about:blank", "Invalid request", 400, detail, errors, null));
    }

    /** No token, or a token that could not be verified (forged, expired, another issuer or audience). */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e) {
        boolean presented = e instanceof AuthenticationFailedException;
        String detail = presented
                ? "The bearer token is not valid here: expired, not signed by the clinic's identity provider, or"
                        + " issued for another audience. Log in again."
                : "This endpoint needs Authorization: Bearer <token> from the clinic's identity provider.";
        String challenge = presented ? "Bearer realm=\"clinic\", error=\"invalid_token\"" : "Bearer realm=\"clinic\"";
        return Response.fromResponse(response(new Problem("about:blank", "Unauthorized", 401, detail, null, null)))
                .header("WWW-Authenticate", challenge).build();
    }

    /**
     * A valid token whose role may not do this (or a SMART app's token outside its scopes, {@link SmartScopes});
     * never used to hide or reveal a record (that is a 404).
     */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        // Refused by the security check, so the identity is known by now: no wait.
        Object refusal = identities.getIdentity().getAttribute(SmartScopes.REFUSAL);
        return response(new Problem("about:blank", "Forbidden", 403, refusal != null ? refusal.toString()
                : "Your role may not do this.", null, null));
    }

    @ServerExceptionMapper
    public Response unrecordedChange(AuditInTransaction.UnrecordedChangeException e) {
        Log.errorf("A change was refused: its audit row could not be written (%s)", e.getCause().toString());
        return Response.fromResponse(response(new Problem("about:blank", "Service unavailable", 503, e.getMessage(),
                null, null))).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response auditIncomplete(AuditTrail.IncompleteException e) {
        return Response.fromResponse(response(new Problem("about:blank", "Service unavailable", 503, e.getMessage(),
                null, null))).header("Retry-After", "5").build();
    }

    /** A question another service answers (the audit trail's, the FHIR API's) found no answer in time. */
    @ServerExceptionMapper
    public Response noAnswer(Queries.NoAnswerException e) {
        Log.warnf("A question was not answered: %s", e.getMessage());
        return Response.fromResponse(response(new Problem("about:blank", "Service unavailable", 503,
                "A service this answer needs cannot be reached right now; nothing was changed. Try again in a few"
                        + " seconds.", null, null))).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return response(new Problem("about:blank", "Not found", 404, "No resource at this path.", null, null));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return response(new Problem("about:blank", "Method not allowed", 405,
                "This path does not accept that method; allowed: " + e.getResponse().getAllowedMethods(), null,
                null));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return response(new Problem("about:blank", "Unsupported media type", 415,
                "Send the body as application/json.", null, null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            Log.errorf(e, "Request failed");
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return response(new Problem("about:blank", title, status, e.getMessage(), null, null));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (DatabaseErrors.isRetryableConflict(e)) {
            // Transactions ran it again several times and it lost every race: the request itself was fine.
            return response(new Problem("about:blank", "Conflict", 409, "Other changes to the same records were"
                    + " being made at the same moment; nothing was changed. Send the request again.", null, null));
        }
        if (DatabaseErrors.isTransient(e)) {
            Log.warnf("Database unavailable: %s", e.toString());
            return Response.fromResponse(response(new Problem("about:blank", "Service unavailable", 503,
                    "The database cannot be reached right now; nothing was changed. Try again in a few seconds.",
                    null, null))).header("Retry-After", "5").build();
        }
        Log.errorf(e, "Unexpected failure");
        return response(new Problem("about:blank", "Internal error", 500,
                "The request could not be completed; it was logged. Try again later.", null, null));
    }

    private static boolean isTrailing(JsonProcessingException e) {
        return e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token");
    }

    /** The JSON path of the field a read failed on, e.g. {@code [0].start}; null for the body as a whole. */
    private static String fieldPath(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
        }
        return null;
    }

    private static String fieldMessage(MismatchedInputException e) {
        if (e instanceof StrictJson.BadValueException) {
            return e.getOriginalMessage();
        }
        return e.getTargetType() == null ? "has the wrong type" : "must be " + shape(e.getTargetType());
    }

    private static String shape(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    /**
     * A constraint's path in the body's JSON names: the method and its parameter left out, each property in
     * snake_case as the request records are written, an element of a list as {@code [i]}.
     */
    static String jsonPath(Path path) {
        StringBuilder json = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.CONSTRUCTOR || node.getKind() == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null) {
                json.append('[').append(node.getIndex()).append(']');
            }
            String name = node.getName();
            if (name == null || name.startsWith("<")) {
                continue;
            }
            if (!json.isEmpty()) {
                json.append('.');
            }
            json.append(SNAKE_CASE.translate(name));
        }
        return json.toString();
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }
}
