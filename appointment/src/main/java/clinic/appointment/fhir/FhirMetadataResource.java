package clinic.appointment.fhir;

import java.util.Date;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

/**
 * {@code GET /fhir/r4/metadata}: the CapabilityStatement of the FHIR API, built from the same lists the
 * resources answer by (their search parameters), so it says exactly what is implemented. Open without a token, as
 * FHIR clients discover a server before they log in.
 */
@Path(FhirConventions.BASE + "/metadata")
public class FhirMetadataResource {

    /** When this statement's content last changed. */
    private static final Date PUBLISHED = Date.from(java.time.Instant.parse("2026-12-06T00:00:00Z"));

    /** The definition of {@code Appointment/$book}. */
    public static final String BOOK_DEFINITION =
            "https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/appointment-book";

    @GET
    @PermitAll
    @Operation(hidden = true)
    @Produces({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
    public CapabilityStatement metadata(@Context UriInfo uri, @Context HttpHeaders headers) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(PublicationStatus.ACTIVE).setDate(PUBLISHED).setKind(CapabilityStatementKind.INSTANCE)
                .setFhirVersion(FHIRVersion._4_0_1).setPublisher("Clinic scheduling")
                .setName("ClinicScheduling").setTitle("Clinic scheduling FHIR R4 API");
        statement.addFormat("json").addFormat(FhirJson.MEDIA_TYPE);
        statement.getSoftware().setName("Clinic scheduling");
        statement.getImplementation().setDescription("Appointments booked through the clinic's booking saga")
                .setUrl(FhirBase.of(uri, headers));
        CapabilityStatementRestComponent rest = statement.addRest().setMode(RestfulCapabilityMode.SERVER);
        rest.getSecurity().setCors(false).setDescription("Authorization: Bearer <token> from the clinic's OpenID"
                + " Connect provider; roles patient, doctor, staff and admin, each seeing what the REST API shows it,"
                + " and a SMART app's token only what its scopes grant (.well-known/smart-configuration).")
                .addService().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service")
                .setCode("SMART-on-FHIR").setDisplay("SMART-on-FHIR");
        CapabilityStatementRestResourceComponent appointment = resource(rest, "Appointment",
                FhirAppointmentResource.SEARCH, TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE,
                TypeRestfulInteraction.CREATE, TypeRestfulInteraction.UPDATE)
                .setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE).setConditionalCreate(true);
        appointment.addOperation().setName("find").setDefinition(FhirFind.DEFINITION)
                .setDocumentation("IHE ITI-115: proposed Appointments for free times; start and end required,"
                        + " practitioner, specialty, patient, _count. GET or POST with Parameters.");
        appointment.addOperation().setName("book").setDefinition(BOOK_DEFINITION)
                .setDocumentation("IHE ITI-117: books the Appointment of a Parameters body through the saga;"
                        + " Prefer: wait and Idempotency-Key as for a create.");
        resource(rest, "Patient", FhirPatientResource.SEARCH, TypeRestfulInteraction.READ,
                TypeRestfulInteraction.SEARCHTYPE);
        resource(rest, "Practitioner", FhirPractitionerResource.PRACTITIONER_SEARCH, TypeRestfulInteraction.READ,
                TypeRestfulInteraction.SEARCHTYPE);
        resource(rest, "Schedule", FhirPractitionerResource.SCHEDULE_SEARCH, TypeRestfulInteraction.READ,
                TypeRestfulInteraction.SEARCHTYPE);
        resource(rest, "Slot", FhirSlotResource.SEARCH, TypeRestfulInteraction.READ,
                TypeRestfulInteraction.SEARCHTYPE);
        return statement;
    }

    /** A resource type with its interactions and search parameters; no conditional or history interactions. */
    private static CapabilityStatementRestResourceComponent resource(CapabilityStatementRestComponent rest,
            String type, List<FhirSearch.Param> search, TypeRestfulInteraction... interactions) {
        CapabilityStatementRestResourceComponent resource = rest.addResource().setType(type)
                .setVersioning(ResourceVersionPolicy.NOVERSION).setReadHistory(false).setUpdateCreate(false)
                .setConditionalCreate(false).setConditionalUpdate(false)
                .setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
        resource.getProfileElement().setValue("http://hl7.org/fhir/StructureDefinition/" + type);
        for (TypeRestfulInteraction interaction : interactions) {
            resource.addInteraction().setCode(interaction);
        }
        for (FhirSearch.Param param : search) {
            resource.addSearchParam().setName(param.name()).setType(param.type())
                    .setDocumentation(param.documentation());
        }
        return resource;
    }
}
