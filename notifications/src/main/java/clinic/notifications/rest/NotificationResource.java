package clinic.notifications.rest;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import clinic.http.Paging;
import clinic.http.ProblemException;
import clinic.notifications.config.NotificationConfig;
import clinic.notifications.service.NotificationService;
import io.smallrye.mutiny.Uni;

/** The prototype's notification lists, paged like appointments. */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class NotificationResource {

    private final NotificationService notifications;
    private final NotificationConfig config;

    public NotificationResource(NotificationService notifications, NotificationConfig config) {
        this.notifications = notifications;
        this.config = config;
    }

    @GET
    @Operation(summary = "Every notification, oldest first")
    public Uni<Response> all(@Context UriInfo uri, @RestQuery String page, @RestQuery String size) {
        return list(uri, null, null, page, size);
    }

    @GET
    @Path("/appointment/{appointmentId}")
    @Operation(summary = "The notifications about one appointment")
    public Uni<Response> byAppointment(@Context UriInfo uri, @RestPath String appointmentId, @RestQuery String page,
            @RestQuery String size) {
        UUID id;
        try {
            id = UUID.fromString(appointmentId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("appointment_id", "must be an appointment id (a UUID)");
        }
        return list(uri, "appointmentId", id, page, size);
    }

    @GET
    @Path("/patient/{patientId}")
    @Operation(summary = "The notifications sent to one patient")
    public Uni<Response> byPatient(@Context UriInfo uri, @RestPath String patientId, @RestQuery String page,
            @RestQuery String size) {
        return list(uri, "patientId", patientId, page, size);
    }

    private Uni<Response> list(UriInfo uri, String field, Object value, String page, String size) {
        Paging paging = Paging.fromQuery(page, size, config.defaultPageSize(), config.maxPageSize());
        return notifications.list(field, value, paging).map(found -> paging.respond(uri, found, NotificationView::of));
    }
}
