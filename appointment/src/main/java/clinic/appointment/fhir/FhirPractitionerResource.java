package clinic.appointment.fhir;

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
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Schedule;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import clinic.appointment.config.AppointmentConfig;
import clinic.eventbus.payload.CalendarQuery;
import clinic.http.Paging;
import clinic.http.ProblemException;
import clinic.http.Roles;
import io.smallrye.mutiny.Uni;

/**
 * FHIR R4 Practitioner and Schedule (one per doctor, with the doctor's id), read and search, answered from
 * doctor-availability's own records ({@link FhirDirectory}); open to every signed-in role, as the doctors' list is.
 */
public final class FhirPractitionerResource {

    private FhirPractitionerResource() {
    }

    public static final List<FhirSearch.Param> PRACTITIONER_SEARCH = List.of(
            new FhirSearch.Param("_id", SearchParamType.TOKEN, "Practitioner ids, comma separated"),
            new FhirSearch.Param("identifier", SearchParamType.TOKEN, FhirAppointments.DOCTOR_ID + "|<id>"),
            new FhirSearch.Param("name", SearchParamType.STRING, "From the start of any word of the name, any case"),
            new FhirSearch.Param("active", SearchParamType.TOKEN, "true or false"));

    public static final List<FhirSearch.Param> SCHEDULE_SEARCH = List.of(
            new FhirSearch.Param("_id", SearchParamType.TOKEN, "Schedule ids (the doctors'), comma separated"),
            new FhirSearch.Param("actor", SearchParamType.REFERENCE, "Practitioner/<id>"),
            new FhirSearch.Param("active", SearchParamType.TOKEN, "true or false"));

    /** The doctors a search names, one page of them. */
    static Uni<CalendarQuery.Found> doctors(FhirDirectory directory, List<String> ids, List<String> fhirIds,
            String name, Boolean active, Paging paging) {
        return directory.calendar(new CalendarQuery(ids, fhirIds, name, active, null, paging.page(), paging.size(),
                null, null, null));
    }

    /** The one doctor with this FHIR id, or 404 naming the resource asked for. */
    static Uni<CalendarQuery.DoctorRecord> doctor(FhirDirectory directory, String type, String id) {
        return doctors(directory, null, List.of(id), null, null, Paging.of(1, 1, 1, 1)).map(found -> {
            if (found.doctors().isEmpty()) {
                throw ProblemException.notFound("No " + type + "/" + id + ".");
            }
            return found.doctors().get(0);
        });
    }

    static Boolean active(Map<String, List<String>> query) {
        String value = FhirSearch.single(query, "active");
        if (value == null) {
            return null;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw ProblemException.badField("active", "must be true or false");
        }
        return Boolean.valueOf(value);
    }

    @Path(FhirConventions.BASE + "/Practitioner")
    @Produces({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
    public static class Practitioners {

        private final FhirDirectory directory;
        private final AppointmentConfig config;

        public Practitioners(FhirDirectory directory, AppointmentConfig config) {
            this.directory = directory;
            this.config = config;
        }

        @GET
        @Path("/{id}")
        @Operation(hidden = true)
        @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
        public Uni<Practitioner> read(@RestPath String id) {
            return doctor(directory, "Practitioner", id).map(FhirPeople::practitioner);
        }

        @GET
        @Operation(hidden = true)
        @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
        public Uni<Bundle> search(@Context UriInfo uri, @Context HttpHeaders headers,
                @RestHeader("Prefer") String prefer) {
            Map<String, List<String>> query = FhirSearch.accepted(uri.getQueryParameters(), PRACTITIONER_SEARCH,
                    FhirSearch.lenient(prefer));
            Paging paging = FhirSearch.paging(query, config.defaultPageSize(), config.maxPageSize());
            return doctors(directory, FhirSearch.tokens(query, "identifier", FhirAppointments.DOCTOR_ID),
                    FhirSearch.tokens(query, "_id", null), FhirSearch.single(query, "name"), active(query), paging)
                    .map(found -> FhirBundles.searchset(FhirBase.of(uri, headers), "Practitioner", query, paging,
                            found.total(), found.doctors().stream().map(FhirPeople::practitioner).toList()));
        }
    }

    @Path(FhirConventions.BASE + "/Schedule")
    @Produces({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
    public static class Schedules {

        private final FhirDirectory directory;
        private final AppointmentConfig config;

        public Schedules(FhirDirectory directory, AppointmentConfig config) {
            this.directory = directory;
            this.config = config;
        }

        @GET
        @Path("/{id}")
        @Operation(hidden = true)
        @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
        public Uni<Schedule> read(@RestPath String id) {
            return doctor(directory, "Schedule", id).map(FhirPeople::schedule);
        }

        @GET
        @Operation(hidden = true)
        @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
        public Uni<Bundle> search(@Context UriInfo uri, @Context HttpHeaders headers,
                @RestHeader("Prefer") String prefer) {
            Map<String, List<String>> query = FhirSearch.accepted(uri.getQueryParameters(), SCHEDULE_SEARCH,
                    FhirSearch.lenient(prefer));
            Paging paging = FhirSearch.paging(query, config.defaultPageSize(), config.maxPageSize());
            List<String> ids = FhirSearch.tokens(query, "_id", null);
            String actor = FhirSearch.reference(FhirSearch.single(query, "actor"), FhirAppointments.PRACTITIONER,
                    "actor");
            if (actor != null) {
                ids = ids == null || ids.contains(actor) ? List.of(actor) : List.of();
            }
            return doctors(directory, null, ids, null, active(query), paging)
                    .map(found -> FhirBundles.searchset(FhirBase.of(uri, headers), "Schedule", query, paging,
                            found.total(), found.doctors().stream().map(FhirPeople::schedule).toList()));
        }
    }
}
