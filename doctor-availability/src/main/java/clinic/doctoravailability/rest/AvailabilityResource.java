package clinic.doctoravailability.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import clinic.doctoravailability.config.AvailabilityConfig;
import clinic.doctoravailability.rest.Views.SlotView;
import clinic.doctoravailability.service.DoctorService;
import clinic.http.Caller;
import clinic.http.Paging;
import clinic.http.Roles;
import clinic.http.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/** The prototype's availability slots: windows opened for booking, and the blocks appointments hold. */
@Path("/availability")
@Produces(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictJson.class)
@Tag(name = "Availability",
        description = "Availability windows and the blocks booked appointments hold")
public class AvailabilityResource {

    /** Examples of the path parameters in the API document. */
    static final String EXAMPLE_DOCTOR = "5b0c2f7e-1d4a-4c3e-9a2b-6f8e1d0c4a77";

    private final DoctorService doctors;
    private final AvailabilityConfig config;
    private final Caller caller;

    public AvailabilityResource(DoctorService doctors, AvailabilityConfig config, Caller caller) {
        this.doctors = doctors;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "openAvailabilityWindow",
            summary = "Open a window for booking", description = "duration_hours 1 to 24, default 1. A doctor"
            + " with windows (or working hours) is bookable only inside them.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CalendarRequests.NewWindow.class),
            examples = @ExampleObject(name = "window",
            value = "{\"doctor_id\": \"doctor-456\", \"start_time\": \"2027-09-15T09:00:00Z\","
                    + " \"duration_hours\": 3}")))
    @APIResponse(responseCode = "201", description = "Opened",
            headers = @Header(name = "Location", ref = "Location"),
            content = @Content(schema = @Schema(implementation = SlotView.class)))
    public Uni<Response> open(@Valid @NotNull CalendarRequests.NewWindow body) {
        DoctorResource.requireOwnCalendar(caller, body.doctorId());
        // The doctor id is free text: the Location escapes it (a space or '%' in it made URI.create fail, a 500
        // after the window was stored).
        return doctors.openWindow(body.doctorId(), body.range(), caller.origin()).map(window -> Response
                .created(UriBuilder.fromPath("/availability/doctor/{id}").build(window.doctorId))
                .entity(SlotView.of(window)).build());
    }

    @GET
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listAvailability", summary = "Every window and block")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = SlotView.class)))
    public Uni<Response> all(@Context UriInfo uri, @RestQuery String page, @RestQuery String size) {
        return list(uri, null, false, page, size);
    }

    @GET
    @Path("/doctor/{doctorId}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listDoctorAvailability", summary = "A doctor's windows and blocks")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = SlotView.class)))
    public Uni<Response> byDoctor(@Context UriInfo uri,
            @Parameter(example = EXAMPLE_DOCTOR) @RestPath String doctorId, @RestQuery String page,
            @RestQuery String size) {
        return list(uri, doctorId, false, page, size);
    }

    @GET
    @Path("/available/{doctorId}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listDoctorWindows", summary = "A doctor's windows only")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = SlotView.class)))
    public Uni<Response> available(@Context UriInfo uri,
            @Parameter(example = EXAMPLE_DOCTOR) @RestPath String doctorId, @RestQuery String page,
            @RestQuery String size) {
        return list(uri, doctorId, true, page, size);
    }

    private Uni<Response> list(UriInfo uri, String doctorId, boolean windowsOnly, String page, String size) {
        Paging paging = Paging.fromQuery(page, size, config.defaultPageSize(), config.maxPageSize());
        return doctors.slots(doctorId, windowsOnly, paging).map(found -> paging.respond(uri, found, SlotView::of));
    }
}
