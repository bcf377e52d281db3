package clinic.appointment.rest;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import clinic.appointment.CalendarFeed;
import clinic.appointment.service.CalendarFeeds;
import clinic.http.ApiDocumentConventions;
import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.ICalendar;
import clinic.http.Problem;
import clinic.http.ProblemException;
import clinic.http.Scope;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * A patient's or a doctor's appointments as {@code text/calendar}, scoped as the JSON lists are, read with a bearer
 * token or with a feed token ({@code ?feed_token=}), the one way in without a bearer header: it reads the one
 * calendar it was made for, nothing else. The gateway logs routes, never queries, and no log line here names a
 * token.
 */
@Path("/")
@Tag(name = "Calendar feeds")
public class CalendarResource {

    private final CalendarFeeds feeds;
    private final CurrentIdentityAssociation identities;
    private final Audit audit;

    public CalendarResource(CalendarFeeds feeds, CurrentIdentityAssociation identities, Audit audit) {
        this.feeds = feeds;
        this.identities = identities;
        this.audit = audit;
    }

    @GET
    @Path("/{kind: doctors|patients}/{id}/calendar.ics")
    @Produces(ICalendar.MEDIA_TYPE)
    @PermitAll
    // Either of the two: the bearer token every route takes, or a feed token.
    @SecurityRequirement(name = "SecurityScheme")
    @SecurityRequirement(name = ApiDocumentConventions.FEED_TOKEN)
    @Operation(operationId = "getCalendarFeed", summary = "A doctor's or a patient's appointments as iCalendar",
            description = "Scheduled (TENTATIVE) and confirmed, completed or missed (CONFIRMED) appointments from 90"
                    + " days ago on (the first 1,000), as the caller sees them in the JSON lists: times, a title, a"
                    + " status, no notes or contact details. With Authorization: Bearer, or with ?feed_token= for a"
                    + " calendar client that cannot send one.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = ICalendar.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "401", description = "Neither a valid bearer token nor a feed token in force",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> feed(@Parameter(schema = @Schema(enumeration = { "doctors", "patients" }),
            example = "doctors") @RestPath String kind,
            @Parameter(example = "doctor-456") @RestPath String id,
            @Parameter(description = "A feed token made by POST " + CalendarFeedResource.FEEDS + " for this calendar",
                    example = "q3Zy8dP1mW0sVb2kR7tL9xN4cF6hJ5gA1eU0oI3yT8w") @RestQuery("feed_token") String feedToken) {
        CalendarFeeds.Of of = kind.equals("doctors") ? new CalendarFeeds.Of(null, id) : new CalendarFeeds.Of(id, null);
        return scope(of, feedToken).chain(scoped -> feeds.render(of, scoped.scope())).map(feed -> {
            if (of.patientId() != null) {
                audit.access(Audit.READ, "calendar_feed", of.patientId(), of.patientId());
            } else {
                audit.listed("calendar_feed", feed.appointments(), appointment -> appointment.patientId);
            }
            return Response.ok(feed.text(), ICalendar.MEDIA_TYPE + ";charset=utf-8")
                    .header("Cache-Control", "private, max-age=300").build();
        });
    }

    /** The caller's scope (a bearer token), or the feed token's, which reads only the calendar it was made for. */
    private Uni<Scoped> scope(CalendarFeeds.Of of, String feedToken) {
        return identities.getDeferredIdentity().chain(identity -> {
            if (!identity.isAnonymous()) {
                Scope scope = Caller.scopeOf(identity).orElseThrow(() -> ProblemException.forbidden(
                        "This token carries no role of the clinic."));
                return Uni.createFrom().item(new Scoped(scope, null));
            }
            if (feedToken == null) {
                throw new UnauthorizedException();
            }
            return byToken(of, feedToken);
        });
    }

    private Uni<Scoped> byToken(CalendarFeeds.Of of, String feedToken) {
        return feeds.byToken(feedToken).map(found -> {
            CalendarFeed feed = found.orElseThrow(() -> new ProblemException(401, "Unauthorized", "The feed token is"
                    + " not in force: revoked, mistyped, or not one of this clinic's.", null, null));
            if (!of.equals(new CalendarFeeds.Of(feed.patientId, feed.doctorId))) {
                throw ProblemException.notFound("No calendar " + (of.doctorId() != null ? "of doctor " + of.doctorId()
                        : "of patient " + of.patientId()) + " for this feed token.");
            }
            return new Scoped(feed.ownerScope(), feed.id);
        });
    }

    private record Scoped(Scope scope, UUID feedId) {
    }

}
