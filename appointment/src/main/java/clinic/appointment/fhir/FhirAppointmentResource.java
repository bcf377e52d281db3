package clinic.appointment.fhir;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
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
import clinic.appointment.service.Sha256;
import clinic.appointment.service.StateWaits;
import clinic.appointment.AppointmentStatus;
import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.FhirIds;
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
    private final FhirFind find;
    private final Clock clock = Clock.systemUTC();

    public FhirAppointmentResource(AppointmentService service, Bookings bookings, StateWaits waits,
            AppointmentConfig config, Caller caller, Audit audit, Validator validator, FhirFind find) {
        this.service = service;
        this.bookings = bookings;
        this.waits = waits;
        this.config = config;
        this.caller = caller;
        this.audit = audit;
        this.validator = validator;
        this.find = find;
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
        Paging paging = FhirSearch.paging(query, config.defaultPageSize(), config.maxPageSize());
        return matching(query, paging).map(found -> FhirBundles.searchset(FhirBase.of(uri, headers), "Appointment",
                query, paging, found.total(), found.items().stream().map(FhirAppointments::toFhir).toList()));
    }

    /** The appointments within the caller's scope that a search's parameters match, one page of them; audited. */
    private Uni<Paging.PageOf<Appointment>> matching(Map<String, List<String>> query, Paging paging) {
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
            java.util.Optional<Scope> visible = caller.scope().narrow(restPatient, restDoctor);
            boolean none = window.empty() || (statuses != null && statuses.isEmpty()) || visible.isEmpty()
                    || (patientId != null && restPatient == null) || (doctorId != null && restDoctor == null);
            if (none) {
                return Uni.createFrom().item(new Paging.PageOf<Appointment>(List.of(), 0));
            }
            Filter filter = new Filter(visible.get().patientId(), visible.get().doctorId(), window.from(),
                    window.to(), statuses, ids);
            return service.list(filter, paging).invoke(found -> {
                if (restPatient == null) {
                    audit.listed("appointment", found.items(), appointment -> appointment.patientId);
                }
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
        if (ifNoneExist == null) {
            return created(book(body, idempotencyKey, prefer), uri, headers);
        }
        if (idempotencyKey != null) {
            throw ProblemException.badField("If-None-Exist", "and Idempotency-Key cannot go together: send one");
        }
        // FHIR's conditional create: the search in the header (the caller's own scope) finds the appointment
        // already made (200), or too many (412), or none, and then books. The criteria are the booking's
        // Idempotency-Key too, so two such creates at once make one appointment, not two.
        Map<String, List<String>> criteria = FhirSearch.accepted(FhirSearch.parseQuery(ifNoneExist, "If-None-Exist"),
                SEARCH, false);
        return matching(criteria, Paging.of(1, 2, 2, 2)).chain(found -> {
            // Judged by the rows read, not the count: the two are read apart, and a create of the same criteria
            // committing between them would make the count 1 over an empty page. No row: the booking's key
            // answers what that other create booked.
            if (found.items().size() > 1) {
                throw ProblemException.preconditionFailed("If-None-Exist matches " + Math.max(found.total(),
                        found.items().size()) + " appointments; it must name one at most.");
            }
            if (found.items().size() == 1) {
                Appointment existing = found.items().get(0);
                return Uni.createFrom().item(versioned(Response.ok(), existing).build());
            }
            return created(book(body, criteriaKey(ifNoneExist), prefer), uri, headers);
        });
    }

    /** The Idempotency-Key a conditional create books under: its criteria, hashed to a key's length. */
    private static String criteriaKey(String criteria) {
        return "If-None-Exist " + Sha256.hex(criteria.trim());
    }

    private static Uni<Response> created(Uni<Booked> booking, UriInfo uri, HttpHeaders headers) {
        return booking.map(booked -> booked.answer(Response.created(URI.create(FhirBase.of(uri, headers)
                + "/Appointment/" + booked.appointment().id)), FhirAppointments.toFhir(booked.appointment())).build());
    }

    /** {@code Appointment/$find} (IHE ITI-115) with its parameters in the query. */
    @GET
    @Path("/$find")
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Bundle> find(@Context UriInfo uri, @Context HttpHeaders headers, @RestHeader("Prefer") String prefer) {
        return find.find(uri.getQueryParameters(), prefer, uri, headers);
    }

    /** {@code Appointment/$find} (IHE ITI-115) with its parameters in a Parameters body. */
    @POST
    @Path("/$find")
    @Consumes({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Bundle> find(org.hl7.fhir.r4.model.Parameters body, @Context UriInfo uri,
            @Context HttpHeaders headers, @RestHeader("Prefer") String prefer) {
        return find.find(FhirFind.asQuery(body), prefer, uri, headers);
    }

    /**
     * {@code Appointment/$book} (IHE ITI-117): books the Appointment a Parameters body carries (one $find
     * proposed, say) through the same saga, rules and idempotency as a create, and answers it in a Bundle. An
     * appointment of this server's (its id) sent back cancelled or with another time is cancelled or moved, as
     * an update would.
     */
    @POST
    @Path("/$book")
    @Consumes({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    public Uni<Response> bookOperation(org.hl7.fhir.r4.model.Parameters body,
            @RestHeader("Idempotency-Key") String idempotencyKey, @RestHeader("Prefer") String prefer,
            @RestHeader("If-Match") String ifMatch, @Context UriInfo uri, @Context HttpHeaders headers) {
        List<org.hl7.fhir.r4.model.Appointment> given = body.getParameter().stream()
                .filter(parameter -> parameter.getResource() instanceof org.hl7.fhir.r4.model.Appointment)
                .map(parameter -> (org.hl7.fhir.r4.model.Appointment) parameter.getResource()).toList();
        if (given.size() != 1 || body.getParameter().size() != 1) {
            throw ProblemException.badField("Parameters.parameter", "must be one parameter holding the"
                    + " Appointment to book (found " + body.getParameter().size() + " parameters, " + given.size()
                    + " Appointments)");
        }
        String base = FhirBase.of(uri, headers);
        org.hl7.fhir.r4.model.Appointment appointment = given.get(0);
        String id = appointment.getIdElement().getIdPart();
        if (id != null && isUuid(id)) {
            // An appointment of this server's, sent back changed: cancelled (status) or moved (start and end),
            // under the version it carries (meta.versionId) or If-Match, as an update does.
            String version = appointment.getMeta().hasVersionId() ? "\"" + appointment.getMeta().getVersionId()
                    + "\"" : strong(ifMatch);
            return changed(id, appointment, version, prefer).map(changed -> AppointmentResource.preferenceApplied(
                    Response.ok(inBundle(base, changed)).header(HttpHeaders.ETAG, "W/\"" + changed.version + "\""),
                    AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds()), changed)
                    .build());
        }
        return book(appointment, idempotencyKey, prefer).map(booked -> booked.answer(Response.ok()
                .location(URI.create(base + "/Appointment/" + booked.appointment().id)),
                inBundle(base, booked.appointment())).build());
    }

    private static Bundle inBundle(String base, Appointment appointment) {
        return FhirBundles.searchset(base, "Appointment/$book", Map.of(), Paging.of(1, 1, 1, 1), 1,
                List.of(FhirAppointments.toFhir(appointment)));
    }

    private static boolean isUuid(String id) {
        try {
            UUID.fromString(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A booking made (or replayed), in the state the saga reached within the wait asked for. */
    private record Booked(Appointment appointment, boolean replayed, Integer waitSeconds) {

        Response.ResponseBuilder answer(Response.ResponseBuilder response, Object entity) {
            response.entity(entity).header(HttpHeaders.ETAG, "W/\"" + appointment.version + "\"");
            if (replayed) {
                response.header("Idempotent-Replayed", "true");
            }
            return AppointmentResource.preferenceApplied(response, waitSeconds, appointment);
        }
    }

    private Uni<Booked> book(org.hl7.fhir.r4.model.Appointment body, String idempotencyKey, String prefer) {
        Bookings.Booking booking = FhirAppointments.booking(body, validator, clock);
        Audit.Entry entry = audit.access(Audit.CREATE, "appointment", null, booking.patientId());
        AppointmentRoles.requireMayBookFor(caller, booking.patientId());
        String key = AppointmentRequests.idempotencyKey(idempotencyKey);
        Integer wait = AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds());
        return bookings.book(booking, key == null ? null : new IdempotencyKey(caller.subject(), key),
                AppointmentRoles.notice(caller, audit, AppointmentRoles.BOOKING_NOTICE), caller.origin())
                .invoke(booked -> entry.id(booked.appointment().id.toString()))
                .chain(booked -> waits.settled(booked.appointment(), wait)
                        .map(appointment -> new Booked(appointment, booked.replayed(), wait)));
    }

    @PUT
    @Path("/{id}")
    @Consumes({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Response> update(@RestPath String id, org.hl7.fhir.r4.model.Appointment body,
            @RestHeader("If-Match") String ifMatch, @RestHeader("Prefer") String prefer) {
        Integer wait = AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds());
        return changed(id, body, strong(ifMatch), prefer).map(changed -> AppointmentResource.preferenceApplied(
                versioned(Response.ok(), changed), wait, changed).build());
    }

    /**
     * The appointment changed as the FHIR Appointment says (see {@link FhirAppointments#update}), with the REST
     * API's roles, version check and waits: a confirmation waits for the saga, anything else as Prefer: wait asks.
     */
    private Uni<Appointment> changed(String id, org.hl7.fhir.r4.model.Appointment body, String strongTag,
            String prefer) {
        Audit.Entry entry = audit.access(Audit.UPDATE, "appointment", id, null);
        UUID appointmentId = appointmentId(id);
        Integer wait = AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds());
        return service.find(appointmentId, caller.scope()).chain(current -> {
            AppointmentService.Update update = FhirAppointments.update(current, body, validator, clock);
            AppointmentRoles.requireMayChange(caller, update);
            return service.update(appointmentId, caller.scope(), update, strongTag,
                    AppointmentRoles.notice(caller, audit, AppointmentRoles.CANCEL_NOTICE), caller.origin())
                    .invoke(appointment -> entry.patient(appointment.patientId))
                    .chain(appointment -> update.status() == AppointmentStatus.CONFIRMED
                            ? waits.confirmed(appointment) : waits.settled(appointment, wait));
        });
    }

    /** {@code _id} and {@code identifier} together: the ids both allow; null when neither is given. */
    private static List<UUID> ids(Map<String, List<String>> query) {
        List<UUID> ids = null;
        for (List<String> these : java.util.Arrays.asList(FhirSearch.tokens(query, "_id", null),
                FhirSearch.tokens(query, "identifier", FhirAppointments.APPOINTMENT_ID))) {
            if (these == null) {
                continue;
            }
            List<UUID> uuids = new ArrayList<>();
            for (String text : these) {
                try {
                    uuids.add(UUID.fromString(text));
                } catch (IllegalArgumentException e) {
                    // An id that is no appointment's matches nothing, as an unknown one does.
                }
            }
            ids = ids == null ? uuids : ids.stream().filter(uuids::contains).toList();
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
