package clinic.appointment.fhir;

import java.util.Locale;
import java.util.Set;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import clinic.http.Problem;
import clinic.http.ProblemException;

/**
 * What FHIR's HTTP conventions add to the service's own, for every path under {@link #BASE}: {@code _format}
 * chooses the answer's format as {@code Accept} does (JSON only: XML and Turtle are refused with 406), and every
 * error, whichever layer made it, is an {@code OperationOutcome} with the same status and words as the
 * problem+json the REST API answers.
 */
public class FhirConventions {

    public static final String BASE = "/fhir/r4";
    private static final Set<String> JSON_FORMATS = Set.of("json", MediaType.APPLICATION_JSON, FhirJson.MEDIA_TYPE);

    static boolean isFhir(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.equals(BASE) || path.startsWith(BASE + "/");
    }

    // After RequestIds and MediaTypeRules: a refusal here still carries the request's id.
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 20)
    public void format(ContainerRequestContext request) {
        if (!isFhir(request)) {
            return;
        }
        // An operation's name ($find) sent percent-encoded (%24find, as some HTTP clients write it) is the same
        // operation: the path is matched as written, so it is written as FHIR names it.
        java.net.URI uri = request.getUriInfo().getRequestUri();
        if (uri.getRawPath().contains("/%24")) {
            request.setRequestUri(java.net.URI.create(uri.toString().replaceFirst("/%24", "/\\$")));
        }
        String format = request.getUriInfo().getQueryParameters().getFirst("_format");
        if (format == null) {
            return;
        }
        String wanted = format.trim().toLowerCase(Locale.ROOT);
        if (!JSON_FORMATS.contains(wanted)) {
            throw new ProblemException(406, "Not acceptable", "_format " + format + " is not served here: this server"
                    + " speaks FHIR in JSON only (_format=json or application/fhir+json).", null, null);
        }
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, wanted.equals("json") ? FhirJson.MEDIA_TYPE : wanted);
    }

    @ServerResponseFilter
    public void outcome(ContainerRequestContext request, ContainerResponseContext response) {
        if (isFhir(request) && response.getEntity() instanceof Problem problem) {
            response.setEntity(outcome(problem), new java.lang.annotation.Annotation[0],
                    MediaType.valueOf(FhirJson.MEDIA_TYPE));
        }
    }

    /** The problem as FHIR says it: one issue for each field named, or one for the whole. */
    static OperationOutcome outcome(Problem problem) {
        OperationOutcome outcome = new OperationOutcome();
        IssueType type = issueType(problem.status());
        if (problem.errors() == null || problem.errors().isEmpty()) {
            outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(problem.detail());
            return outcome;
        }
        for (Problem.FieldError error : problem.errors()) {
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                    .setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(error.field() + " "
                            + error.message());
            if (isElementPath(error.field())) {
                issue.addExpression(error.field());
            }
        }
        return outcome;
    }

    /** A FHIRPath naming an element ({@code Appointment.start}), not a query parameter or a header. */
    private static boolean isElementPath(String field) {
        return !field.isEmpty() && Character.isUpperCase(field.charAt(0)) && field.contains(".")
                && !field.contains(" ");
    }

    static IssueType issueType(int status) {
        return switch (status) {
            case 400 -> IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            case 413 -> IssueType.TOOLONG;
            case 422 -> IssueType.BUSINESSRULE;
            case 429 -> IssueType.THROTTLED;
            case 503 -> IssueType.TRANSIENT;
            default -> status >= 500 ? IssueType.EXCEPTION : IssueType.PROCESSING;
        };
    }
}
