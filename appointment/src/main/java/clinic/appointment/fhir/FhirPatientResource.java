package clinic.appointment.fhir;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Patient;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import clinic.appointment.config.AppointmentConfig;
import clinic.eventbus.payload.PatientQuery;
import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.Paging;
import clinic.http.ProblemException;
import clinic.http.Roles;
import clinic.http.Scope;
import io.smallrye.mutiny.Uni;

/**
 * FHIR R4 Patient, read and search, answered from patient-contact's own records ({@link FhirDirectory}) with its
 * rule of who sees whom: a patient themselves, a doctor their patients, staff and admin everyone. Another's id
 * answers 404 as an unknown one does. Every read is audited here, with the patient's id.
 */
@Path(FhirConventions.BASE + "/Patient")
@Produces({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
public class FhirPatientResource {

    public static final List<FhirSearch.Param> SEARCH = List.of(
            new FhirSearch.Param("_id", SearchParamType.TOKEN, "Patient ids, comma separated"),
            new FhirSearch.Param("identifier", SearchParamType.TOKEN, FhirAppointments.PATIENT_ID + "|<id>"),
            new FhirSearch.Param("name", SearchParamType.STRING, "From the start of any word of the name, any case"),
            new FhirSearch.Param("birthdate", SearchParamType.DATE, "The day of birth, YYYY-MM-DD"),
            new FhirSearch.Param("email", SearchParamType.TOKEN, "The e-mail address, any case"),
            new FhirSearch.Param("phone", SearchParamType.TOKEN, "The phone number, in any writing"));

    private final FhirDirectory directory;
    private final AppointmentConfig config;
    private final Caller caller;
    private final Audit audit;

    public FhirPatientResource(FhirDirectory directory, AppointmentConfig config, Caller caller, Audit audit) {
        this.directory = directory;
        this.config = config;
        this.caller = caller;
        this.audit = audit;
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Patient> read(@RestPath String id) {
        Audit.Entry entry = audit.access(Audit.READ, "patient", id, null);
        return directory.patients(query(null, List.of(id), null, null, null, null, Paging.of(1, 1, 1, 1)))
                .map(found -> {
                    if (found.patients().isEmpty()) {
                        throw ProblemException.notFound("No Patient/" + id + ".");
                    }
                    PatientQuery.PatientRecord patient = found.patients().get(0);
                    entry.id(patient.id()).patient(patient.id());
                    return FhirPeople.patient(patient);
                });
    }

    @GET
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Bundle> search(@Context UriInfo uri, @Context HttpHeaders headers,
            @RestHeader("Prefer") String prefer) {
        Map<String, List<String>> query = FhirSearch.accepted(uri.getQueryParameters(), SEARCH,
                FhirSearch.lenient(prefer));
        Paging paging = FhirSearch.paging(query, config.defaultPageSize(), config.maxPageSize());
        PatientQuery asked = query(FhirSearch.tokens(query, "identifier", FhirAppointments.PATIENT_ID),
                FhirSearch.tokens(query, "_id", null), FhirSearch.single(query, "name"),
                FhirSearch.single(query, "email"), FhirSearch.single(query, "phone"), birthDate(query), paging);
        return directory.patients(asked).map(found -> {
            audit.listed("patient", found.patients(), PatientQuery.PatientRecord::id);
            return FhirBundles.searchset(FhirBase.of(uri, headers), "Patient", query, paging, found.total(),
                    found.patients().stream().map(FhirPeople::patient).toList());
        });
    }

    private PatientQuery query(List<String> ids, List<String> fhirIds, String name, String email, String phone,
            LocalDate birthDate, Paging paging) {
        Scope scope = caller.scope();
        return new PatientQuery(scope.patientId(), scope.doctorId(), ids, fhirIds, name, email, phone, birthDate,
                paging.page(), paging.size());
    }

    /** {@code birthdate}: a day, as it is or with {@code eq}. */
    private static LocalDate birthDate(Map<String, List<String>> query) {
        String value = FhirSearch.single(query, "birthdate");
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.startsWith("eq") ? value.substring(2) : value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badField("birthdate", "must be a day, YYYY-MM-DD (prefixes other than eq are"
                    + " not supported)");
        }
    }
}
