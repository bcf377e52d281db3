package clinic.appointment.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.appointment.CalendarFeed;
import clinic.appointment.service.CalendarFeeds;
import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.PathIds;
import clinic.http.Problem;
import clinic.http.ProblemException;
import clinic.http.Roles;
import clinic.http.Scope;
import clinic.http.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** Feed tokens: made for one calendar by whoever may read it, listed and revoked by their owner. */
@Path(CalendarFeedResource.FEEDS)
@CustomDeserialization(StrictJson.class)
@Tag(name = "Calendar feeds", description = "Appointments as iCalendar (RFC 5545) feeds for calendar clients")
public class CalendarFeedResource {

    static final String FEEDS = "/appointments/calendar-feeds";

    private final CalendarFeeds feeds;
    private final Caller caller;
    private final Audit audit;

    public CalendarFeedResource(CalendarFeeds feeds, Caller caller, Audit audit) {
        this.feeds = feeds;
        this.caller = caller;
        this.audit = audit;
    }

    /** What a feed token is for: one calendar, a patient's or a doctor's. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "NewCalendarFeed", additionalProperties = Schema.False.class, minProperties = 1, maxProperties = 1,
            description = "The calendar the token reads: patient_id or doctor_id, one of them")
    public record NewFeed(
            @Size(min = 1, max = AppointmentRequests.MAX_ID_LENGTH, message = "must be 1 to 100 characters")
            @Schema(example = "patient-123") String patientId,
            @Size(min = 1, max = AppointmentRequests.MAX_ID_LENGTH, message = "must be 1 to 100 characters")
            @Schema(example = "doctor-456") String doctorId) {

        CalendarFeeds.Of of() {
            if ((patientId == null) == (doctorId == null)) {
                throw ProblemException.badField(patientId == null ? "patient_id" : "doctor_id",
                        "send patient_id or doctor_id, one of them");
            }
            return new CalendarFeeds.Of(patientId, doctorId);
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "CalendarFeed")
    public record FeedView(@Schema(example = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f") String id,
            @Schema(nullable = true, example = "patient-123") String patientId,
            @Schema(nullable = true) String doctorId,
            @Schema(nullable = true, description = "The feed's address with its token: shown once, when made",
                    example = "/patients/patient-123/calendar.ics?feed_token=q3Zy8dP1mW0sVb2kR7tL9xN4cF6hJ5gA1eU0oI3yT8w")
            String url,
            Instant createdAt) {

        static FeedView of(CalendarFeed feed, String token) {
            String url = token == null ? null : (feed.doctorId != null ? "/doctors/" + feed.doctorId
                    : "/patients/" + feed.patientId) + "/calendar.ics?feed_token=" + token;
            return new FeedView(feed.id.toString(), feed.patientId, feed.doctorId, url, feed.createdAt);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "createCalendarFeed", summary = "Make a feed token for a calendar client",
            description = "201 with the feed's address, its token in it: shown this once, kept only as a hash. A"
                    + " patient makes feeds of their own calendar, a doctor of theirs; staff and admin of anyone's.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NewFeed.class),
            examples = @ExampleObject(name = "patient", value = "{\"patient_id\": \"patient-123\"}")))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = FeedView.class)))
    public Uni<Response> create(@Valid @NotNull NewFeed body) {
        CalendarFeeds.Of of = body.of();
        Scope scope = caller.scope();
        boolean own = scope.equals(Scope.EVERYONE) || (of.patientId() != null && of.patientId().equals(
                scope.patientId())) || (of.doctorId() != null && of.doctorId().equals(scope.doctorId()));
        if (!own) {
            throw ProblemException.forbidden("A patient makes feeds of their own calendar, a doctor of theirs.");
        }
        audit.access(Audit.CREATE, "calendar_feed", null, of.patientId());
        return feeds.make(caller.subject(), scope, of).map(made -> Response.created(URI.create(FEEDS + "/"
                + made.feed().id)).entity(FeedView.of(made.feed(), made.token())).type(MediaType.APPLICATION_JSON)
                .build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listCalendarFeeds", summary = "The caller's feed tokens in force (without the tokens)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = FeedView.class)))
    public Uni<List<FeedView>> list() {
        return feeds.ownedBy(caller.subject()).map(found -> found.stream().map(f -> FeedView.of(f, null)).toList());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "revokeCalendarFeed", summary = "Revoke a feed token",
            description = "The token reads nothing from now on. Its owner's, or anyone's for an admin; repeating it"
                    + " answers the same.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> revoke(@Parameter(example = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f") @RestPath String id) {
        return feeds.revoke(PathIds.uuid(id, "calendar feed"), caller.subject(), caller.is(Roles.ADMIN)).map(done -> Response.noContent()
                .build());
    }
}
