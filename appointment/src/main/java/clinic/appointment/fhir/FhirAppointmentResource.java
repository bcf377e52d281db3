package clinic.appointment.fhir;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import clinic.appointment.Appointment;
import clinic.appointment.config.AppointmentConfig;
import clinic.appointment.repository.AppointmentRepository.Filter;
import clinic.appointment.rest.AppointmentRequests;
import clinic.appointment.rest.AppointmentResource;
import clinic.appointment.rest.AppointmentRoles;
import clinic.appointment.service.AppointmentService;
import clinic.appointment.service.Bookings;
import clinic.appointment.service.IdempotencyKey;
import clinic.appointment.service.StateWaits;
import clinic.appointment.AppointmentStatus;
import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.Paging;
import clinic.http.ProblemException;
import clinic.http.Roles;
import clinic.http.Scope;
import io.smallrye.mutiny.Uni;

/**
 * FHIR R4 Appointment: read, search, create (a booking through the saga) and update (cancel or record by status,
 * reschedule by start and end, notes by comment), with the REST API's roles, scope, audit, rules, idempotency,
 * {@code Prefer: wait} and versions ({@code meta.versionId}, weak ETags, {@code If-Match}). Described by the
 * CapabilityStatement at {@code /fhir/r4/metadata}, not by the OpenAPI document.
 */
@Path(FhirConventions.BASE + "/Appointment")
@Produces({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
public class FhirAppointmentResource {

    /** The search parameters, as the CapabilityStatement lists them. */
    public static final List<FhirSearch.Param> SEARCH = List.of(
            new FhirSearch.Param("_id", SearchParamType.TOKEN, "Appointment ids, comma separated"),
            new FhirSearch.Param("identifier", SearchParamType.TOKEN, FhirAppointments.APPOINTMENT_ID + "|<id>"),
            new FhirSearch.Param("patient", SearchParamType.REFERENCE, "Patient/<id>"),
            new FhirSearch.Param("practitioner", SearchParamType.REFERENCE, "Practitioner/<id>"),
            new FhirSearch.Param("actor", SearchParamType.REFERENCE, "Patient/<id> or Practitioner/<id>"),
            new FhirSearch.Param("date", SearchParamType.DATE, "Appointment.start, with eq, ge, gt, le or lt;"
                    + " repeat to AND"),
            new FhirSearch.Param("status", SearchParamType.TOKEN, "FHIR appointment statuses, comma separated"));

    private final AppointmentService service;
    private final Bookings bookings;
    private final StateWaits waits;
    private final AppointmentConfig config;
    private final Caller caller;
    private final Audit audit;
    private final Validator validator;
    private final Clock clock = Clock.systemUTC();

    public FhirAppointmentResource(AppointmentService service, Bookings bookings, StateWaits waits,
            AppointmentConfig config, Caller caller, Audit audit, Validator validator) {
        this.service = service;
        this.bookings = bookings;
        this.waits = waits;
        this.config = config;
        this.caller = caller;
        this.audit = audit;
        this.validator = validator;
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Response> read(@RestPath String id) {
        Audit.Entry entry = audit.access(Audit.READ, "appointment", id, null);
        return service.find(appointmentId(id), caller.scope())
                .invoke(appointment -> entry.patient(appointment.patientId))
                .map(appointment -> versioned(Response.ok(), appointment).build());
    }

    @GET
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Bundle> search(@Context UriInfo uri, @Context HttpHeaders headers,
            @RestHeader("Prefer") String prefer) {
        Map<String, List<String>> query = FhirSearch.accepted(uri.getQueryParameters(), SEARCH,
                FhirSearch.lenient(prefer));
        Integer count = FhirSearch.number(query, "_count", 1, config.maxPageSize());
        Integer page = FhirSearch.number(query, "_page", 1, Integer.MAX_VALUE);
        Paging paging = Paging.of(page, count, config.defaultPageSize(), config.maxPageSize());
        FhirSearch.Window window = FhirSearch.window(query, "date");
        List<UUID> ids = ids(query);
        List<String> statuses = statuses(query);
        String patient = FhirSearch.reference(FhirSearch.single(query, "patient"), FhirAppointments.PATIENT,
                "patient");
        String doctor = FhirSearch.reference(FhirSearch.single(query, "practitioner"),
                FhirAppointments.PRACTITIONER, "practitioner");
        String actor = FhirSearch.single(query, "actor");
        if (actor != null) {
            boolean isPatient = actor.contains(FhirAppointments.PATIENT + "/");
            if (!isPatient && !actor.contains(FhirAppointments.PRACTITIONER + "/")) {
                throw ProblemException.badField("actor", "must say its type: Patient/<id> or Practitioner/<id>");
            }
            String id = FhirSearch.reference(actor, isPatient ? FhirAppointments.PATIENT
                    : FhirAppointments.PRACTITIONER, "actor");
            patient = isPatient ? both(patient, id, "patient") : patient;
            doctor = isPatient ? doctor : both(doctor, id, "practitioner");
        }
        String patientId = patient;
        String doctorId = doctor;
        return restId(true, patientId).chain(restPatient -> restId(false, doctorId).chain(restDoctor -> {
            if (restPatient != null) {
                // A look at one patient's appointments is recorded as such, also when it finds none.
                audit.access(Audit.SEARCH, "appointment", null, restPatient);
            }
            Scope asked = new Scope(restPatient, restDoctor);
            java.util.Optional<Scope> visible = caller.scope().narrow(asked.patientId(), asked.doctorId());
            boolean none = window.empty() || (statuses != null && statuses.isEmpty()) || visible.isEmpty()
                    || (patientId != null && restPatient == null) || (doctorId != null && restDoctor == null);
            if (none) {
                return Uni.createFrom().item(bundle(FhirBase.of(uri, headers), query, paging, new Paging.PageOf<Appointment>(List.of(), 0)));
            }
            Filter filter = new Filter(visible.get().patientId(), visible.get().doctorId(), window.from(),
                    window.to(), statuses, ids);
            return service.list(filter, paging).map(found -> {
                if (restPatient == null) {
                    audit.listed("appointment", found.items(), appointment -> appointment.patientId);
                }
                return bundle(FhirBase.of(uri, headers), query, paging, found);
            });
        }));
    }

    @POST
    @Consumes({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    public Uni<Response> create(org.hl7.fhir.r4.model.Appointment body,
            @RestHeader("Idempotency-Key") String idempotencyKey, @RestHeader("Prefer") String prefer,
            @RestHeader("If-None-Exist") String ifNoneExist, @Context UriInfo uri, @Context HttpHeaders headers) {
        if (ifNoneExist != null) {
            throw ProblemException.badField("If-None-Exist", "is not supported by this server (conditionalCreate"
                    + " is false); send an Idempotency-Key to book safely more than once");
        }
        Bookings.Booking booking = FhirAppointments.booking(body, validator, clock);
        Audit.Entry entry = audit.access(Audit.CREATE, "appointment", null, booking.patientId());
        AppointmentRoles.requireMayBookFor(caller, booking.patientId());
        String key = AppointmentRequests.idempotencyKey(idempotencyKey);
        Integer wait = AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds());
        return bookings.book(booking, key == null ? null : new IdempotencyKey(caller.subject(), key),
                caller.origin())
                .invoke(booked -> entry.id(booked.appointment().id.toString()))
                .chain(booked -> waits.settled(booked.appointment(), wait).map(appointment -> {
                    Response.ResponseBuilder response = versioned(Response.created(URI.create(FhirBase.of(uri, headers)
                            + "/Appointment/" + appointment.id)),
                            appointment);
                    if (booked.replayed()) {
                        response.header("Idempotent-Replayed", "true");
                    }
                    return AppointmentResource.preferenceApplied(response, wait, appointment).build();
                }));
    }

    @PUT
    @Path("/{id}")
    @Consumes({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Response> update(@RestPath String id, org.hl7.fhir.r4.model.Appointment body,
            @RestHeader("If-Match") String ifMatch, @RestHeader("Prefer") String prefer) {
        Audit.Entry entry = audit.access(Audit.UPDATE, "appointment", id, null);
        UUID appointmentId = appointmentId(id);
        Integer wait = AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds());
        String strongTag = strong(ifMatch);
        return service.find(appointmentId, caller.scope()).chain(current -> {
            AppointmentService.Update update = FhirAppointments.update(current, body, validator, clock);
            AppointmentRoles.requireMayChange(caller, update);
            return service.update(appointmentId, caller.scope(), update, strongTag, caller.origin())
                    .invoke(appointment -> entry.patient(appointment.patientId))
                    .chain(appointment -> update.status() == AppointmentStatus.CONFIRMED
                            ? waits.confirmed(appointment).map(a -> versioned(Response.ok(), a).build())
                            : waits.settled(appointment, wait).map(a -> AppointmentResource.preferenceApplied(
                                    versioned(Response.ok(), a), wait, a).build()));
        });
    }

    private Bundle bundle(String base, Map<String, List<String>> query, Paging paging,
            Paging.PageOf<Appointment> found) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal((int) found.total());
        bundle.getMeta().setLastUpdated(Date.from(clock.instant()));
        long pages = Math.max(1, (found.total() + paging.size() - 1) / paging.size());
        bundle.addLink().setRelation("self").setUrl(pageUrl(base, query, paging.page(), paging.size()));
        bundle.addLink().setRelation("first").setUrl(pageUrl(base, query, 1, paging.size()));
        if (paging.page() > 1) {
            bundle.addLink().setRelation("previous").setUrl(pageUrl(base, query, Math.min(paging.page() - 1, pages),
                    paging.size()));
        }
        if (paging.page() < pages) {
            bundle.addLink().setRelation("next").setUrl(pageUrl(base, query, paging.page() + 1, paging.size()));
        }
        bundle.addLink().setRelation("last").setUrl(pageUrl(base, query, pages, paging.size()));
        for (Appointment appointment : found.items()) {
            bundle.addEntry().setFullUrl(base + "/Appointment/" + appointment.id)
                    .setResource(FhirAppointments.toFhir(appointment))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    /** The search as this server understood it (the parameters it used), on one page. */
    private static String pageUrl(String base, Map<String, List<String>> query, long page, int size) {
        Map<String, List<String>> used = new LinkedHashMap<>(query);
        used.remove("_page");
        used.remove("_count");
        used.remove("_format");
        StringBuilder url = new StringBuilder(base).append("/Appointment?");
        used.forEach((name, values) -> values.forEach(value -> url.append(encode(name)).append('=')
                .append(encode(value)).append('&')));
        return url.append("_count=").append(size).append("&_page=").append(page).toString();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code _id} and {@code identifier} together: the ids both allow; null when neither is given. */
    private static List<UUID> ids(Map<String, List<String>> query) {
        List<UUID> ids = null;
        for (String name : List.of("_id", "identifier")) {
            for (String value : query.getOrDefault(name, List.of())) {
                List<UUID> these = new ArrayList<>();
                for (String one : value.split(",")) {
                    String text = one.trim();
                    if (name.equals("identifier")) {
                        int bar = text.indexOf('|');
                        if (bar >= 0) {
                            String system = text.substring(0, bar);
                            if (!system.isEmpty() && !system.equals(FhirAppointments.APPOINTMENT_ID)) {
                                continue;
                            }
                            text = text.substring(bar + 1);
                        }
                    }
                    try {
                        these.add(UUID.fromString(text));
                    } catch (IllegalArgumentException e) {
                        // An id that is no appointment's matches nothing, as an unknown one does.
                    }
                }
                ids = ids == null ? these : ids.stream().filter(these::contains).toList();
            }
        }
        return ids;
    }

    /** The REST statuses the {@code status} terms match; null when not given, empty when none can match. */
    private static List<String> statuses(Map<String, List<String>> query) {
        List<String> values = query.get("status");
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.badField("status", "takes one list of codes (comma separated)");
        }
        String value = values.get(0);
        List<String> statuses = new ArrayList<>();
        for (String term : value.split(",")) {
            String code = term.trim();
            int bar = code.indexOf('|');
            if (bar >= 0) {
                String system = code.substring(0, bar);
                if (!system.isEmpty() && !system.equals("http://hl7.org/fhir/appointmentstatus")) {
                    throw ProblemException.badField("status", "system must be http://hl7.org/fhir/appointmentstatus");
                }
                code = code.substring(bar + 1);
            }
            try {
                statuses.addAll(FhirAppointments.statuses(
                        org.hl7.fhir.r4.model.Appointment.AppointmentStatus.fromCode(code)));
            } catch (org.hl7.fhir.exceptions.FHIRException e) {
                throw ProblemException.badField("status", "must be FHIR appointment statuses ("
                        + Arrays.stream(org.hl7.fhir.r4.model.Appointment.AppointmentStatus.values())
                                .filter(s -> s != org.hl7.fhir.r4.model.Appointment.AppointmentStatus.NULL)
                                .map(org.hl7.fhir.r4.model.Appointment.AppointmentStatus::toCode)
                                .reduce((a, b) -> a + ", " + b).orElse("") + "), comma separated");
            }
        }
        return statuses;
    }

    private static String both(String given, String actor, String name) {
        if (given != null && !given.equals(actor)) {
            throw ProblemException.badField("actor", "names another " + name + " than the " + name + " parameter");
        }
        return actor;
    }

    /** A REST id from a FHIR id: itself, or the one a mapped id stands for (null when none is known). */
    private Uni<String> restId(boolean patient, String fhirId) {
        if (fhirId == null || !FhirIds.isMapped(fhirId)) {
            return Uni.createFrom().item(fhirId);
        }
        return service.idMappedTo(patient, fhirId);
    }

    private static UUID appointmentId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No Appointment/" + id + ".");
        }
    }

    /** FHIR's version tags are weak ({@code W/"3"}); the service compares strong ones. */
    private static String strong(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        return String.join(",", Arrays.stream(ifMatch.split(",")).map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag).toList());
    }

    private static Response.ResponseBuilder versioned(Response.ResponseBuilder response, Appointment appointment) {
        return response.entity(FhirAppointments.toFhir(appointment))
                .header(HttpHeaders.ETAG, "W/\"" + appointment.version + "\"")
                .header(HttpHeaders.LAST_MODIFIED, Date.from(appointment.updatedAt));
    }

}
