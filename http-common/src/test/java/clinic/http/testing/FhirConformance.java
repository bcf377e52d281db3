package clinic.http.testing;

import java.util.List;
import java.util.stream.Collectors;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Holds every FHIR answer a test receives to the FHIR R4 specification, offline: HAPI's instance validator over the
 * R4 core profiles, value sets and code systems. Any error fails the test; so does an answer under {@code /fhir/}
 * that is not FHIR JSON.
 */
public final class FhirConformance implements Filter {

    private static final FhirValidator VALIDATOR = validator();

    private static FhirValidator validator() {
        FhirContext context = FhirContext.forR4Cached();
        ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context));
        return context.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    /** The errors the validator finds in a FHIR JSON resource; empty when it conforms. */
    public static List<String> errors(String json) {
        return VALIDATOR.validateWithResult(json).getMessages().stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
                        || message.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString).toList();
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        // The SMART configuration is OAuth's JSON, not a FHIR resource.
        if (!request.getURI().contains("/fhir/") || request.getURI().contains("/.well-known/")) {
            return response;
        }
        String type = response.getContentType();
        if (type == null || !type.startsWith("application/fhir+json") && !type.startsWith("application/json")) {
            throw new AssertionError(request.getMethod() + " " + request.getURI() + " answered " + type
                    + ", not FHIR JSON");
        }
        List<String> errors = errors(response.asString());
        if (!errors.isEmpty()) {
            throw new AssertionError(request.getMethod() + " " + request.getURI() + " answered a resource that is not"
                    + " valid FHIR R4:\n  " + errors.stream().collect(Collectors.joining("\n  ")) + "\nbody: "
                    + response.asString());
        }
        return response;
    }
}
