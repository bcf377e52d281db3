package clinic.appointment.rest;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import clinic.appointment.config.AppointmentConfig;
import clinic.appointment.service.AppointmentService;
import clinic.appointment.service.IdempotencyKey;
import clinic.appointment.service.Series;
import clinic.appointment.service.StateWaits;
import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.PathIds;
import clinic.http.Problem;
import clinic.http.Roles;
import clinic.http.StrictJson;
import clinic.http.Times;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/** Recurring series of appointments: booked, read, cancelled from an occurrence on, moved from one on. */
@Path("/appointments/series")
@Produces(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictJson.class)
@Tag(name = "Series", description = "Recurring appointments: an RFC 5545 rule, each occurrence booked through the saga")
public class SeriesResource {

    static final String EXAMPLE_ID = "9d5e1c3a-2b4f-4e6a-8c7d-1f0e2d3c4b5a";
    private static final String WAIT = "wait=N: answer once the saga has settled every occurrence, or after N s";

    private final Series series;
    private final StateWaits waits;
    private final AppointmentConfig config;
    private final Caller caller;
    private final Audit audit;
    private final Clock clock = Clock.systemUTC();

    public SeriesResource(Series series, StateWaits waits, AppointmentConfig config, Caller caller, Audit audit) {
        this.series = series;
        this.waits = waits;
        this.config = config;
        this.caller = caller;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "bookSeries", summary = "Book a recurring series",
            description = "201 with every occurrence: each is an appointment booked through the saga (scheduled"
                    + " until the doctor's availability answers it: confirmed or rejected with the reason), and"
                    + " refused lists those this service refused at once. The rule is expanded in the doctor's time"
                    + " zone. Prefer: wait=N waits up to N seconds for every answer; an Idempotency-Key answers the"
                    + " same series again. With atomic: true the series is booked all or none: 409 with nothing"
                    + " booked when one occurrence's time is taken here (or too soon for a patient), and the doctor's"
                    + " availability holds every occurrence or rejects every one.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppointmentRequests.NewSeries.class),
            examples = @ExampleObject(name = "weekly", value = """
                    {"patient_id": "patient-123", "doctor_id": "doctor-456", "appointment_time": "2027-09-15T10:00:00Z",
                     "duration_minutes": 30, "notes": "Physiotherapy", "rrule": "FREQ=WEEKLY;COUNT=10"}""")))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = SeriesView.class)))
    @APIResponse(responseCode = "400", description = "A bad field, or a rule outside the limits (named rrule)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A series booked all or none (atomic) with an occurrence whose"
            + " time the doctor has taken, or too soon for a patient: the problem names it, and nothing is booked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for a different series",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> book(@Valid @NotNull AppointmentRequests.NewSeries body,
            @Parameter(description = "Repeat a series safely: the same key answers the same series",
                    example = "7c9e6679-7425-40de-944b-e07fc1f90ae7")
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @Parameter(description = WAIT, example = "wait=10") @RestHeader("Prefer") String prefer) {
        var first = body.first(clock);
        var rule = body.recurrence();
        Audit.Entry entry = audit.access(Audit.CREATE, "appointment_series", null, first.patientId());
        AppointmentRoles.requireMayBookFor(caller, first.patientId());
        String key = AppointmentRequests.idempotencyKey(idempotencyKey);
        Integer wait = AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds());
        return series.book(first, rule, body.allOrNone(), caller.subject(),
                key == null ? null : new IdempotencyKey(caller.subject(), key),
                AppointmentRoles.notice(caller, audit, AppointmentRoles.BOOKING_NOTICE), caller.origin())
                .invoke(outcome -> entry.id(outcome.series().id.toString()))
                .chain(outcome -> settled(outcome, wait).map(view -> {
                    Response.ResponseBuilder response = Response.created(URI.create("/appointments/series/"
                            + view.id())).entity(view);
                    if (outcome.replayed()) {
                        response.header("Idempotent-Replayed", "true");
                    }
                    return preferenceApplied(response, wait, view).build();
                }));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "getSeries", summary = "A series and its occurrences")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SeriesView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<SeriesView> get(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        Audit.Entry entry = audit.access(Audit.READ, "appointment_series", id, null);
        return series.find(PathIds.uuid(id, "series"), caller.scope()).invoke(found -> entry.patient(found.series().patientId))
                .map(SeriesView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "cancelSeries", summary = "Cancel the rest of a series",
            description = "Cancels every occurrence still to come that starts at or after from (now when not"
                    + " given: the rest of the series; an occurrence's time: this and following), each as a"
                    + " cancellation of its own. One a patient may no longer cancel (the doctor's notice) stays, and"
                    + " is listed in refused. Repeating it answers the same.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SeriesView.class)))
    public Uni<SeriesView> cancel(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Parameter(description = "Cancel the occurrences from this time on", example = "2027-09-22T10:00:00Z",
                    schema = @Schema(implementation = String.class, format = "date-time")) @RestQuery String from) {
        Instant since = from == null ? clock.instant() : Times.parse(from, "from");
        Audit.Entry entry = audit.access(Audit.DELETE, "appointment_series", id, null);
        return series.cancelFrom(PathIds.uuid(id, "series"), caller.scope(), since,
                AppointmentRoles.notice(caller, audit, AppointmentRoles.CANCEL_NOTICE), caller.origin())
                .invoke(found -> entry.patient(found.series().patientId)).map(SeriesView::of);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "moveSeries", summary = "Move an occurrence and the following ones",
            description = "The occurrence moves to appointment_time, and every later one still to come by the same"
                    + " step on the doctor's wall clock, each as a reschedule through the saga (pending_reschedule"
                    + " until the doctor's availability answers). One that cannot move at once is listed in refused.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppointmentRequests.SeriesMove.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SeriesView.class)))
    public Uni<Response> move(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Valid @NotNull AppointmentRequests.SeriesMove body,
            @Parameter(description = WAIT, example = "wait=10") @RestHeader("Prefer") String prefer) {
        Instant newTime = body.newTime(clock);
        AppointmentRoles.requireMayChange(caller, new AppointmentService.Update(newTime, null, false, null, null));
        Audit.Entry entry = audit.access(Audit.UPDATE, "appointment_series", id, null);
        Integer wait = AppointmentRequests.preferWait(prefer, (int) config.maxPreferWait().toSeconds());
        return series.moveFrom(PathIds.uuid(id, "series"), caller.scope(), body.fromAppointmentId(), newTime,
                AppointmentRoles.notice(caller, audit, AppointmentRoles.CANCEL_NOTICE), caller.origin())
                .invoke(found -> entry.patient(found.series().patientId))
                .chain(outcome -> settled(outcome, wait))
                .map(view -> preferenceApplied(Response.ok(view), wait, view).build());
    }

    /** The series with each occurrence as it stands once settled (Prefer: wait), or at once. */
    private Uni<SeriesView> settled(Series.Outcome outcome, Integer wait) {
        SeriesView view = SeriesView.of(outcome);
        if (wait == null || outcome.occurrences().isEmpty()) {
            return Uni.createFrom().item(view);
        }
        List<Uni<AppointmentView>> each = outcome.occurrences().stream()
                .map(occurrence -> waits.settled(occurrence, wait).map(AppointmentView::of)).toList();
        return Uni.join().all(each).andFailFast().map(view::withOccurrences);
    }

    /** As for one appointment: the wait was honoured when every occurrence is settled. */
    private static Response.ResponseBuilder preferenceApplied(Response.ResponseBuilder response, Integer wait,
            SeriesView view) {
        if (wait != null && view.occurrences().stream().allMatch(o -> !"scheduled".equals(o.status())
                && o.pendingReschedule() == null)) {
            response.header("Preference-Applied", "wait=" + wait);
        }
        return response;
    }
}
