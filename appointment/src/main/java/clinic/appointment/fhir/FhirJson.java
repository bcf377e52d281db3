package clinic.appointment.fhir;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import clinic.http.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * FHIR R4 JSON in and out, through HAPI's model and parser. Reading is strict: an element R4 does not define, a
 * value of the wrong type or a second resource type is a 400 naming it, never dropped quietly.
 */
@ApplicationScoped
public class FhirJson {

    public static final String MEDIA_TYPE = "application/fhir+json";
    /** HAPI's message numbers ("HAPI-1825: ") mean nothing to a client. */
    private static final Pattern MESSAGE_CODE = Pattern.compile("HAPI-\\d+: ");

    private final FhirContext context;

    public FhirJson() {
        context = FhirContext.forR4Cached();
        context.setParserErrorHandler(new StrictErrorHandler());
    }

    /**
     * HAPI learns each model class on first use (some 1 s of CPU for the resources this API answers): learned on a
     * worker thread after start, so neither start nor the first FHIR request waits for it.
     */
    void learnModelAfterStart(@Observes StartupEvent started) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            Bundle bundle = new Bundle();
            bundle.addEntry().setResource(new Appointment());
            bundle.addEntry().setResource(new OperationOutcome());
            bundle.addEntry().setResource(new CapabilityStatement());
            read(Bundle.class, write(bundle));
            Log.debug("FHIR model ready");
        });
    }

    public String write(IBaseResource resource) {
        return parser().encodeResourceToString(resource);
    }

    public <T extends IBaseResource> T read(Class<T> type, String json) {
        try {
            return parser().parseResource(type, json);
        } catch (DataFormatException e) {
            throw ProblemException.badFields("The body is not a valid FHIR R4 " + type.getSimpleName() + " in JSON: "
                    + MESSAGE_CODE.matcher(String.valueOf(e.getMessage())).replaceAll(""), null);
        }
    }

    /** A parser is cheap and not thread-safe: one per call. */
    private IParser parser() {
        return context.newJsonParser();
    }
}
