package clinic.doctoravailability.rest;

import java.net.URI;
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
import clinic.doctoravailability.rest.Views.DoctorView;
import clinic.doctoravailability.rest.Views.FreeSlotView;
import clinic.doctoravailability.rest.Views.TimeOffView;
import clinic.doctoravailability.rest.Views.WorkingHoursView;
import clinic.doctoravailability.service.DoctorService;
import clinic.http.Caller;
import clinic.http.Paging;
import clinic.http.PathIds;
import clinic.http.Problem;
import clinic.http.ProblemException;
import clinic.http.Roles;
import clinic.http.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/** Doctors, their working hours, time off and free slots. */
@Path("/doctors")
@Produces(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictJson.class)
@Tag(name = "Doctors",
        description = "Doctors, their working hours, time off and free slots")
public class DoctorResource {

    /** Examples of the path parameters in the API document. */
    static final String EXAMPLE_ID = "5b0c2f7e-1d4a-4c3e-9a2b-6f8e1d0c4a77";
    static final String EXAMPLE_TIME_OFF = "8e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

    private final DoctorService doctors;
    private final AvailabilityConfig config;
    private final Caller caller;

    public DoctorResource(DoctorService doctors, AvailabilityConfig config, Caller caller) {
        this.doctors = doctors;
        this.config = config;
        this.caller = caller;
    }

    /** A doctor manages their own calendar; staff and admin every doctor's. */
    static void requireOwnCalendar(Caller caller, String doctorId) {
        if (caller.is(Roles.DOCTOR) && !caller.doctorId().map(doctorId::equals).orElse(false)) {
            throw ProblemException.forbidden("A doctor manages their own calendar only.");
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "createDoctor", summary = "Register a doctor")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CalendarRequests.DoctorFields.class),
            examples = @ExampleObject(name = "doctor",
            value = "{\"name\": \"Dr. Ada Lovelace\", \"specialty\": \"cardiology\", \"email\": \"ada@clinic.example\","
                    + " \"phone\": \"+4930123456\", \"time_zone\": \"Europe/Berlin\"}")))
    @APIResponse(responseCode = "201", description = "Registered",
            headers = @Header(name = "Location", ref = "Location"),
            content = @Content(schema = @Schema(implementation = DoctorView.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@Valid @NotNull CalendarRequests.DoctorFields body) {
        return doctors.create(body.change(true), caller.origin()).map(doctor -> Response
                .created(URI.create("/doctors/" + doctor.id)).entity(DoctorView.of(doctor)).build());
    }

    @GET
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listDoctors",
            summary = "List doctors", description = "By name; X-Total-Count and Link as for appointments")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = DoctorView.class)))
    public Uni<Response> list(@Context UriInfo uri, @RestQuery String page, @RestQuery String size) {
        Paging paging = Paging.fromQuery(page, size, config.defaultPageSize(), config.maxPageSize());
        return doctors.list(paging).map(found -> paging.respond(uri, found, DoctorView::of));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "getDoctor", summary = "One doctor")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DoctorView.class)))
    public Uni<DoctorView> get(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        return doctors.find(id).map(DoctorView::of);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "updateDoctor", summary = "Change a doctor", description = "Only the fields sent change."
            + " Buffers and notices apply to bookings and changes asked for after the change.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CalendarRequests.DoctorFields.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DoctorView.class)))
    public Uni<DoctorView> update(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Valid @NotNull CalendarRequests.DoctorFields body) {
        return doctors.update(id, body.change(false), caller.origin()).map(DoctorView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "retireDoctor",
            summary = "Retire a doctor", description = "The doctor stays on record, inactive: new bookings are"
            + " rejected with doctor_inactive.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DoctorView.class)))
    public Uni<DoctorView> retire(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        return doctors.deactivate(id, caller.origin()).map(DoctorView::of);
    }

    @GET
    @Path("/{id}/working-hours")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "getWorkingHours",
            summary = "The doctor's weekly working hours, local to the doctor's time zone")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = WorkingHoursView.class)))
    public Uni<List<WorkingHoursView>> workingHours(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        return doctors.workingHours(id).map(hours -> hours.stream().map(WorkingHoursView::of).toList());
    }

    @PUT
    @Path("/{id}/working-hours")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "replaceWorkingHours",
            summary = "Replace the doctor's weekly working hours", description = "Several ranges a day, not"
            + " overlapping, local to the doctor's time zone (DST-correct). A doctor with none (and no windows)"
            + " is bookable at any time.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = CalendarRequests.WorkingHoursRange.class), examples = @ExampleObject(name = "week",
            value = "[{\"day_of_week\": \"monday\", \"start\": \"09:00\", \"end\": \"12:00\"},"
                    + " {\"day_of_week\": \"monday\", \"start\": \"13:00\", \"end\": \"17:00\"}]")))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = WorkingHoursView.class)))
    public Uni<List<WorkingHoursView>> replaceWorkingHours(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Valid @NotNull List<CalendarRequests.@NotNull WorkingHoursRange> body) {
        requireOwnCalendar(caller, id);
        return doctors.replaceWorkingHours(id, CalendarRequests.workingHours(body), caller.origin())
                .map(hours -> hours.stream().map(WorkingHoursView::of).toList());
    }

    @POST
    @Path("/{id}/time-off")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "addTimeOff",
            summary = "Add time off", description = "Bookings that touch it are rejected with time_off")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CalendarRequests.NewTimeOff.class),
            examples = @ExampleObject(name = "leave",
            value = "{\"start_time\": \"2027-09-20T00:00:00Z\", \"end_time\": \"2027-09-25T00:00:00Z\","
                    + " \"reason\": \"Conference\"}")))
    @APIResponse(responseCode = "201", description = "Added",
            headers = @Header(name = "Location", ref = "Location"),
            content = @Content(schema = @Schema(implementation = TimeOffView.class)))
    public Uni<Response> addTimeOff(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Valid @NotNull CalendarRequests.NewTimeOff body) {
        requireOwnCalendar(caller, id);
        return doctors.addTimeOff(id, body.range(), body.reason(), caller.origin()).map(off -> Response
                .created(UriBuilder.fromPath("/doctors/{id}/time-off/{timeOffId}").build(id, off.id))
                .entity(TimeOffView.of(off)).build());
    }

    @GET
    @Path("/{id}/time-off")
    @RolesAllowed({ Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listTimeOff", summary = "The doctor's time off")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = TimeOffView.class)))
    public Uni<List<TimeOffView>> timeOff(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        requireOwnCalendar(caller, id);
        return doctors.timeOff(id).map(list -> list.stream().map(TimeOffView::of).toList());
    }

    @DELETE
    @Path("/{id}/time-off/{timeOffId}")
    @RolesAllowed({ Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "removeTimeOff", summary = "Remove time off")
    @APIResponse(responseCode = "204", description = "Removed")
    public Uni<Response> removeTimeOff(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Parameter(example = EXAMPLE_TIME_OFF) @RestPath String timeOffId) {
        requireOwnCalendar(caller, id);
        return doctors.removeTimeOff(id, PathIds.uuid(timeOffId, "time off"), caller.origin()).map(done -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/slots")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listFreeSlots",
            summary = "Free slots of a local day", description = "For that day in the doctor's time zone: a"
            + " local time a DST change skips does not exist, a repeated hour appears twice as two instants. Times"
            + " within the doctor's buffers of another appointment, or sooner than the doctor's booking notice, are"
            + " not listed.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = FreeSlotView.class)))
    public Uni<List<FreeSlotView>> slots(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Parameter(description = "Local date", required = true, example = "2027-03-28",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @RestQuery String date,
            @Parameter(description = "Minutes", example = "30", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "" + CalendarRequests.MIN_SLOT_MINUTES, maximum = "" + CalendarRequests.MAX_SLOT_MINUTES,
                    defaultValue = "" + CalendarRequests.DEFAULT_SLOT_MINUTES)) @RestQuery String duration) {
        return doctors.freeSlots(id, CalendarRequests.date(date), CalendarRequests.slotLength(duration))
                .map(slots -> slots.stream().map(FreeSlotView::of).toList());
    }
}
