package clinic.doctoravailability.rest;

import java.net.URI;
import java.time.Clock;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import clinic.doctoravailability.config.AvailabilityConfig;
import clinic.doctoravailability.rest.Views.WaitlistEntryView;
import clinic.doctoravailability.service.Waitlist;
import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.Paging;
import clinic.http.PathIds;
import clinic.http.Problem;
import clinic.http.ProblemException;
import clinic.http.Roles;
import clinic.http.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/** The waitlist: patients waiting for a doctor's time, offered one when it frees. */
@Path("/waitlist")
@Produces(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictJson.class)
@Tag(name = "Waitlist", description = "Waiting for a doctor's time: a freed time that fits is offered and held")
public class WaitlistResource {

    static final String EXAMPLE_ID = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";

    private final Waitlist waitlist;
    private final AvailabilityConfig config;
    private final Caller caller;
    private final Audit audit;
    private final Clock clock = Clock.systemUTC();

    public WaitlistResource(Waitlist waitlist, AvailabilityConfig config, Caller caller, Audit audit) {
        this.waitlist = waitlist;
        this.config = config;
        this.caller = caller;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "joinWaitlist", summary = "Wait for a doctor's time",
            description = "When a time of the doctor frees (a cancellation, a no-show, a move away, an offer let"
                    + " go; a window opened, time off removed) that meets the wishes, the first waiting patient is"
                    + " offered it: an event, a notification, and the time held for them (15 minutes by default),"
                    + " then the next. A patient waits for themselves; staff and admin for anyone.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CalendarRequests.NewWaitlistEntry.class),
            examples = @ExampleObject(name = "mornings", value = """
                    {"patient_id": "patient-123", "doctor_id": "doctor-456", "from": "2027-09-13", "to": "2027-09-30",
                     "days_of_week": ["monday", "wednesday"], "earliest_time": "08:00", "latest_time": "12:00",
                     "duration_minutes": 30}""")))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = WaitlistEntryView.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> join(@Valid @NotNull CalendarRequests.NewWaitlistEntry body) {
        Waitlist.Wish wish = body.wish(clock);
        audit.access(Audit.CREATE, "waitlist_entry", null, wish.patientId());
        if (!caller.scope().covers(wish.patientId(), null) || caller.is(Roles.DOCTOR)) {
            throw ProblemException.forbidden("A patient joins the waitlist for themselves only.");
        }
        return waitlist.join(wish, caller.subject()).map(entry -> Response.created(URI.create("/waitlist/"
                + entry.id)).entity(WaitlistEntryView.of(entry)).build());
    }

    @GET
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listWaitlist", summary = "Waitlist entries, oldest first",
            description = "Those still waiting or offered a time (all=true: also accepted and cancelled); a patient"
                    + " sees their own, a doctor those waiting for them. X-Total-Count and Link as for appointments.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = WaitlistEntryView.class)))
    public Uni<Response> list(@Context UriInfo uri, @RestQuery String page, @RestQuery String size,
            @Parameter(description = "Also accepted and cancelled entries", schema = @Schema(type = SchemaType.BOOLEAN))
            @RestQuery String all) {
        Paging paging = Paging.fromQuery(page, size, config.defaultPageSize(), config.maxPageSize());
        if (all != null && !all.equals("true") && !all.equals("false")) {
            throw ProblemException.badField("all", "must be true or false");
        }
        return waitlist.list(caller.scope(), "true".equals(all), paging).map(found -> {
            audit.listed("waitlist_entry", found.items(), entry -> entry.patientId);
            return paging.respond(uri, found, WaitlistEntryView::of);
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "getWaitlistEntry", summary = "One waitlist entry, with the time offered if any")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WaitlistEntryView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<WaitlistEntryView> get(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        Audit.Entry entry = audit.access(Audit.READ, "waitlist_entry", id, null);
        return waitlist.find(PathIds.uuid(id, "waitlist entry"), caller.scope()).invoke(found -> entry.patient(found.patientId))
                .map(WaitlistEntryView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "leaveWaitlist", summary = "Leave the waitlist",
            description = "200 with the entry, cancelled; a time held for it goes to the next waiting patient."
                    + " Repeating it answers the same.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WaitlistEntryView.class)))
    public Uni<WaitlistEntryView> leave(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        Audit.Entry entry = audit.access(Audit.DELETE, "waitlist_entry", id, null);
        return waitlist.cancel(PathIds.uuid(id, "waitlist entry"), caller.scope(), caller.origin())
                .invoke(found -> entry.patient(found.patientId)).map(WaitlistEntryView::of);
    }

    @POST
    @Path("/{id}/accept")
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "acceptWaitlistOffer", summary = "Accept the time offered",
            description = "200 with the entry, accepted: the appointment service books the time as"
                    + " offer.appointment_id through the saga (GET /appointments/{id} follows it). 409 when the"
                    + " offer expired (the patient still waits) or there is none. Repeating it answers the same.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WaitlistEntryView.class)))
    @APIResponse(responseCode = "409", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<WaitlistEntryView> accept(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        Audit.Entry entry = audit.access(Audit.UPDATE, "waitlist_entry", id, null);
        return waitlist.accept(PathIds.uuid(id, "waitlist entry"), caller.scope(), caller.origin())
                .invoke(found -> entry.patient(found.patientId)).map(WaitlistEntryView::of);
    }
}
