package clinic.appointment.rest;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentStatus;
import clinic.appointment.config.AppointmentConfig;
import clinic.appointment.repository.AppointmentRepository.Filter;
import clinic.appointment.service.AppointmentService;
import clinic.appointment.service.Bookings;
import clinic.appointment.service.ETags;
import clinic.appointment.service.IdempotencyKey;
import clinic.appointment.service.StateWaits;
import clinic.eventbus.EventTimeline;
import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.Paging;
import clinic.http.Problem;
import clinic.http.Roles;
import clinic.http.Scope;
import clinic.http.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The appointment API; HTTP in, calls to {@link Bookings}, {@link AppointmentService} and {@link StateWaits},
 * status codes out.
 */
@Path("/appointments")
@Produces(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictJson.class)
@Tag(name = "Appointments",
        description = "Booking, changing and cancelling appointments; the booking saga answers confirmed or rejected")
public class AppointmentResource {

    /** Examples of the path parameters in the API document. */
    static final String EXAMPLE_ID = "3f2a9c1e-7b5d-4c1a-9e8f-2b6d4a1c0e55";
    static final String EXAMPLE_PATIENT = "patient-123";
    static final String EXAMPLE_DOCTOR = "doctor-456";
    private static final String WAIT = "wait=N: answer once the saga has settled the appointment, or after N s";
    private static final String IF_MATCH = "The ETag the change was based on: 412 when the appointment changed since";

    private static final String BOOKING_EXAMPLE = """
            {"patient_id": "patient-123", "doctor_id": "doctor-456", "appointment_time": "2027-09-15T10:00:00Z",
             "duration_minutes": 30, "notes": "Regular checkup"}""";

    private final AppointmentService service;
    private final Bookings bookings;
    private final StateWaits waits;
    private final AppointmentConfig config;
    private final Caller caller;
    private final Audit audit;
    private final EventTimeline timeline;
    private final Clock clock = Clock.systemUTC();

    public AppointmentResource(AppointmentService service, Bookings bookings, StateWaits waits,
            AppointmentConfig config, Caller caller, Audit audit, EventTimeline timeline) {
        this.timeline = timeline;
        this.service = service;
        this.bookings = bookings;
        this.waits = waits;
        this.config = config;
        this.caller = caller;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "bookAppointment",
            summary = "Book an appointment", description = "Always 201 with the current state: scheduled until"
            + " the doctor's availability answers (confirmed or rejected). Prefer: wait=N waits up to N seconds"
            + " (at most 30) for that answer. An Idempotency-Key replays the same booking.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppointmentRequests.NewAppointment.class),
            examples = @ExampleObject(name = "booking", value = BOOKING_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Booked", headers = { @Header(name = "Location", ref = "Location"),
            @Header(name = "ETag", ref = "ETag"), @Header(name = "Preference-Applied", ref = "Preference-Applied"),
            @Header(name = "Idempotent-Replayed", ref = "Idempotent-Replayed") },
            content = @Content(schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "400", description = "Invalid field, named in the problem",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The doctor already has an appointment overlapping that time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for a different booking",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> book(@Valid @NotNull AppointmentRequests.NewAppointment body,
            @Parameter(description = "Repeat a booking safely: the same key answers the same booking for 24 h",
                    example = "7c9e6679-7425-40de-944b-e07fc1f90ae7")
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @Parameter(description = WAIT, example = "wait=10") @RestHeader("Prefer") String prefer,
            @Context HttpServerRequest http) {
        Bookings.Booking booking = body.booking(clock);
        Audit.Entry entry = audit.access(Audit.CREATE, "appointment", null, booking.patientId());
        AppointmentRoles.requireMayBookFor(caller, booking.patientId());
        // The header parameter reads a key sent empty as no key at all: a client that asked for a replay-safe
        // booking with an empty key would get an unprotected one. The request's own header tells them apart.
        String key = AppointmentRequests.idempotencyKey(idempotencyKey != null ? idempotencyKey
                : http.getHeader("Idempotency-Key"));
        Integer wait = AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds());
        return bookings.book(booking, key == null ? null : new IdempotencyKey(caller.subject(), key),
                AppointmentRoles.notice(caller, audit, AppointmentRoles.BOOKING_NOTICE), caller.origin())
                .invoke(booked -> entry.id(booked.appointment().id.toString()))
                .chain(booked -> waits.settled(booked.appointment(), wait).map(appointment -> {
                    Response.ResponseBuilder response = withTag(Response.created(location(appointment)), appointment);
                    if (booked.replayed()) {
                        response.header("Idempotent-Replayed", "true");
                    }
                    return preferenceApplied(response, wait, appointment).build();
                }));
    }

    @GET
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listAppointments",
            summary = "List appointments", description = "Sorted by time, then id; X-Total-Count has the total"
            + " and Link the neighbouring pages.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = AppointmentView.class)))
    public Uni<Response> list(@Context UriInfo uri, @BeanParam AppointmentRequests.ListQuery query) {
        return list(uri, null, null, query);
    }

    @GET
    @Path("/patient/{patientId}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listPatientAppointments", summary = "A patient's appointments")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = AppointmentView.class)))
    public Uni<Response> byPatient(@Context UriInfo uri,
            @Parameter(example = EXAMPLE_PATIENT) @RestPath String patientId,
            @BeanParam AppointmentRequests.ListQuery query) {
        return list(uri, patientId, null, query);
    }

    @GET
    @Path("/doctor/{doctorId}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listDoctorAppointments", summary = "A doctor's appointments")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = AppointmentView.class)))
    public Uni<Response> byDoctor(@Context UriInfo uri, @Parameter(example = EXAMPLE_DOCTOR) @RestPath String doctorId,
            @BeanParam AppointmentRequests.ListQuery query) {
        return list(uri, null, doctorId, query);
    }

    private Uni<Response> list(UriInfo uri, String patientId, String doctorId, AppointmentRequests.ListQuery query) {
        Paging paging = Paging.fromQuery(query.page(), query.size(), config.defaultPageSize(), config.maxPageSize());
        Filter filter = query.filter(patientId, doctorId);
        if (patientId != null) {
            // A look at one patient's appointments is recorded as such, also when it finds none.
            audit.access(Audit.READ, "appointment", null, patientId);
        }
        // A patient sees their own appointments, a doctor theirs: another's list is as empty as an unknown one's.
        Optional<Scope> visible = caller.scope().narrow(patientId, doctorId);
        if (visible.isEmpty()) {
            return Uni.createFrom().item(paging.respond(uri, new Paging.PageOf<Appointment>(List.of(), 0),
                    AppointmentView::of));
        }
        Filter scoped = new Filter(visible.get().patientId(), visible.get().doctorId(), filter.from(), filter.to(),
                filter.statuses());
        return service.list(scoped, paging).map(found -> {
            if (patientId == null) {
                audit.listed("appointment", found.items(), appointment -> appointment.patientId);
            }
            return paging.respond(uri, found, AppointmentView::of);
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "getAppointment",
            summary = "One appointment", description = "With a strong ETag of its version")
    @APIResponse(responseCode = "200", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> get(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        Audit.Entry entry = audit.access(Audit.READ, "appointment", id, null);
        return service.find(AppointmentRequests.id(id), caller.scope())
                .invoke(a -> entry.patient(a.patientId))
                .map(a -> withTag(Response.ok(), a).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "updateAppointment",
            summary = "Change an appointment", description = "A partial update: appointment_time and/or"
            + " duration_minutes (a reschedule, answered with pending_reschedule until the doctor's availability"
            + " decides; honours Prefer: wait), notes, or status (confirmed, cancelled, completed, no_show) on its"
            + " own. status confirmed on a scheduled appointment waits up to 5 s for the booking to be confirmed.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppointmentRequests.AppointmentChange.class), examples = {
            @ExampleObject(name = "confirm", value = "{\"status\": \"confirmed\"}"),
            @ExampleObject(name = "reschedule", value = "{\"appointment_time\": \"2027-09-16T14:00:00Z\"}") }))
    @APIResponse(responseCode = "200", headers = { @Header(name = "ETag", ref = "ETag"),
            @Header(name = "Preference-Applied", ref = "Preference-Applied") },
            content = @Content(schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "409", description = "Not allowed in the current status, or the new time overlaps",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match names an older version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> update(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Valid @NotNull AppointmentRequests.AppointmentChange body,
            @Parameter(description = IF_MATCH, example = "\"2\"") @RestHeader("If-Match") String ifMatch,
            @Parameter(description = WAIT, example = "wait=10") @RestHeader("Prefer") String prefer) {
        Audit.Entry entry = audit.access(Audit.UPDATE, "appointment", id, null);
        UUID appointmentId = AppointmentRequests.id(id);
        AppointmentService.Update update = body.update(clock);
        AppointmentRoles.requireMayChange(caller, update);
        Integer wait = AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds());
        return service.update(appointmentId, caller.scope(), update, ifMatch,
                AppointmentRoles.notice(caller, audit, AppointmentRoles.CANCEL_NOTICE), caller.origin())
                .invoke(appointment -> entry.patient(appointment.patientId)).chain(appointment -> {
            if (update.status() == AppointmentStatus.CONFIRMED) {
                return waits.confirmed(appointment).map(a -> withTag(Response.ok(), a).build());
            }
            return waits.settled(appointment, wait)
                    .map(a -> preferenceApplied(withTag(Response.ok(), a), wait, a).build());
        });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "cancelAppointment",
            summary = "Cancel an appointment", description = "200 with the cancelled appointment; repeating it"
            + " answers the same.")
    @APIResponse(responseCode = "200", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "409", description = "Already completed, no-show or rejected",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> cancel(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Parameter(description = IF_MATCH, example = "\"2\"") @RestHeader("If-Match") String ifMatch) {
        Audit.Entry entry = audit.access(Audit.DELETE, "appointment", id, null);
        return service.cancel(AppointmentRequests.id(id), caller.scope(), ifMatch,
                AppointmentRoles.notice(caller, audit, AppointmentRoles.CANCEL_NOTICE), caller.origin())
                .invoke(a -> entry.patient(a.patientId))
                .map(a -> withTag(Response.ok(), a).build());
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "getAppointmentHistory", summary = "Every change of an appointment, oldest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = HistoryEntryView.class)))
    public Uni<List<HistoryEntryView>> history(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        Audit.Entry entry = audit.access(Audit.READ, "appointment_history", id, null);
        return service.history(AppointmentRequests.id(id), caller.scope())
                .invoke(history -> entry.patient(history.appointment().patientId))
                .map(history -> history.changes().stream().map(HistoryEntryView::of).toList());
    }

    @GET
    @Path("/{id}/timeline")
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_HTML })
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "getAppointmentTimeline", summary = "Every step of the appointment across the services",
            description = "In time order: each event a service published about it and each handling of one, with the"
                    + " time since the step before. JSON, or with Accept: text/html a page with one swim lane per"
                    + " service and an arrow for each event.")
    @APIResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TimelineView.class)),
            @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)) })
    public Uni<Response> timeline(@Parameter(example = EXAMPLE_ID) @RestPath String id, @Context HttpHeaders headers) {
        Audit.Entry entry = audit.access(Audit.READ, "appointment_timeline", id, null);
        return service.find(AppointmentRequests.id(id), caller.scope())
                .invoke(appointment -> entry.patient(appointment.patientId))
                .chain(appointment -> timeline.across(appointment.id.toString())
                        .map(steps -> TimelineView.of(appointment, steps)))
                .map(view -> wantsPage(headers)
                        ? Response.ok(TimelinePage.render(view), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build()
                        : Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build());
    }

    /** The page when the client prefers HTML to JSON (a browser); JSON for anything else. */
    private static boolean wantsPage(HttpHeaders headers) {
        for (MediaType acceptable : headers.getAcceptableMediaTypes()) {
            if (acceptable.isWildcardType()) {
                return false;
            }
            if (acceptable.isCompatible(MediaType.TEXT_HTML_TYPE)) {
                return true;
            }
            if (acceptable.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    /** {@code Preference-Applied: wait=N} when the wait was asked for and the saga has settled. */
    public static Response.ResponseBuilder preferenceApplied(Response.ResponseBuilder response, Integer wait,
            Appointment appointment) {
        if (wait != null && appointment.settled()) {
            response.header("Preference-Applied", "wait=" + wait);
        }
        return response;
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder response, Appointment appointment) {
        return response.entity(AppointmentView.of(appointment)).header("ETag", ETags.of(appointment.version));
    }

    private static URI location(Appointment appointment) {
        return URI.create("/appointments/" + appointment.id);
    }
}
