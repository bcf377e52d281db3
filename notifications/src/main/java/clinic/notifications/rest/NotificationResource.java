package clinic.notifications.rest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.Paging;
import clinic.http.ProblemException;
import clinic.http.Roles;
import clinic.http.Scope;
import clinic.notifications.Notification;
import clinic.notifications.config.NotificationConfig;
import clinic.notifications.service.NotificationService;
import io.smallrye.mutiny.Uni;

/** The prototype's notification lists, paged like appointments. */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications",
        description = "Confirmations, changes, cancellations and reminders sent to patients")
public class NotificationResource {

    /** Examples of the path parameters in the API document. */
    static final String EXAMPLE_APPOINTMENT = "3f2a9c1e-7b5d-4c1a-9e8f-2b6d4a1c0e55";
    static final String EXAMPLE_PATIENT = "patient-123";

    private final NotificationService notifications;
    private final NotificationConfig config;
    private final Caller caller;
    private final Audit audit;

    public NotificationResource(NotificationService notifications, NotificationConfig config, Caller caller,
            Audit audit) {
        this.notifications = notifications;
        this.config = config;
        this.caller = caller;
        this.audit = audit;
    }

    @GET
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listNotifications", summary = "Every notification, oldest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = NotificationView.class)))
    public Uni<Response> all(@Context UriInfo uri, @RestQuery String page, @RestQuery String size) {
        return list(uri, null, null, page, size);
    }

    @GET
    @Path("/appointment/{appointmentId}")
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listAppointmentNotifications", summary = "The notifications about one appointment")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = NotificationView.class)))
    public Uni<Response> byAppointment(@Context UriInfo uri,
            @Parameter(example = EXAMPLE_APPOINTMENT) @RestPath String appointmentId, @RestQuery String page,
            @RestQuery String size) {
        UUID id;
        try {
            id = UUID.fromString(appointmentId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("appointment_id", "must be an appointment id (a UUID)");
        }
        return list(uri, null, id, page, size);
    }

    @GET
    @Path("/patient/{patientId}")
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listPatientNotifications", summary = "The notifications sent to one patient")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = NotificationView.class)))
    public Uni<Response> byPatient(@Context UriInfo uri,
            @Parameter(example = EXAMPLE_PATIENT) @RestPath String patientId, @RestQuery String page,
            @RestQuery String size) {
        return list(uri, patientId, null, page, size);
    }

    /** A patient sees what they were told; another patient's list is as empty as an unknown one's. */
    private Uni<Response> list(UriInfo uri, String patientId, UUID appointmentId, String page, String size) {
        Paging paging = Paging.fromQuery(page, size, config.defaultPageSize(), config.maxPageSize());
        if (patientId != null) {
            // A look at one patient's notifications is recorded as such, also when it finds none.
            audit.access(Audit.READ, "notification", null, patientId);
        }
        Optional<Scope> visible = caller.scope().narrow(patientId, null);
        if (visible.isEmpty()) {
            return Uni.createFrom().item(paging.respond(uri, new Paging.PageOf<Notification>(List.of(), 0),
                    NotificationView::of));
        }
        return notifications.list(visible.get().patientId(), appointmentId, paging).map(found -> {
            if (patientId == null) {
                audit.listed("notification", found.items(), notification -> notification.patientId);
            }
            return paging.respond(uri, found, NotificationView::of);
        });
    }
}
