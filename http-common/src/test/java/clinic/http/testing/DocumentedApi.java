package clinic.http.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Holds every request a test sends, and its answer, to the OpenAPI document the service under test publishes at
 * {@code /q/openapi}, so the document cannot drift from the service:
 * <ul>
 * <li>every answer to a documented path must match the document: status, headers, media type and body;</li>
 * <li>a request the document calls invalid must be refused (4xx): a service that accepts what its document
 * forbids has a document that is too narrow. Tests of bad input send such requests on purpose.</li>
 * </ul>
 * A path or method the document does not describe must be refused (404, 405), but for Quarkus's own
 * {@code /q/...} endpoints, the Swagger UI and the FHIR API under {@code /fhir/}, which its CapabilityStatement
 * describes and whose tests hold every answer to the FHIR R4 specification instead.
 */
public final class DocumentedApi implements Filter {

    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final String PATH_MISSING = "validation.request.path.missing";
    private static final String OPERATION_NOT_ALLOWED = "validation.request.operation.notAllowed";

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        String base = request.getURI().replaceFirst("^(https?://[^/]+).*$", "$1");
        OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(base,
                b -> OpenApiInteractionValidator.createForSpecificationUrl(b + "/q/openapi?format=json").build());
        com.atlassian.oai.validator.model.Request documented = RestAssuredRequest.of(request);
        ValidationReport requestReport = validator.validateRequest(documented);
        int status = response.getStatusCode();
        if (has(requestReport, PATH_MISSING) || has(requestReport, OPERATION_NOT_ALLOWED)) {
            // Not in the document: Quarkus's own endpoints and the Swagger UI, or a path or method refused as such.
            String path = documented.getPath();
            if (path.startsWith("/q/") || path.startsWith("/docs") || path.startsWith("/fhir/") || status == 404
                    || status == 405) {
                return response;
            }
            throw new AssertionError(request.getMethod() + " " + path + " answered " + status
                    + " but is not in the service's OpenAPI document");
        }
        if (requestReport.hasErrors() && status < 400) {
            throw new AssertionError(request.getMethod() + " " + documented.getPath() + " answered " + status
                    + " to a request its OpenAPI document refuses:\n" + describe(requestReport));
        }
        ValidationReport responseReport = validator.validateResponse(documented.getPath(), documented.getMethod(),
                RestAssuredResponse.of(response));
        if (responseReport.hasErrors()) {
            throw new AssertionError(request.getMethod() + " " + documented.getPath() + " answered " + status
                    + " differently from its OpenAPI document:\n" + describe(responseReport)
                    + "\nbody: " + response.asString());
        }
        return response;
    }

    private static boolean has(ValidationReport report, String key) {
        return report.getMessages().stream().anyMatch(m -> m.getKey().equals(key));
    }

    private static String describe(ValidationReport report) {
        List<String> lines = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> "  " + m.getKey() + ": " + m.getMessage())
                .toList();
        return lines.stream().collect(Collectors.joining("\n"));
    }
}
