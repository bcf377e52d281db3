package clinic.patientcontact.rest;

import java.net.URI;

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

import clinic.http.Audit;
import clinic.http.Caller;
import clinic.http.Paging;
import clinic.http.Problem;
import clinic.http.ProblemException;
import clinic.http.Roles;
import clinic.http.StrictJson;
import clinic.patientcontact.config.PatientConfig;
import clinic.patientcontact.identity.Accounts;
import clinic.patientcontact.rest.PatientViews.PatientView;
import clinic.patientcontact.rest.PatientViews.TrackingView;
import clinic.patientcontact.service.PatientService;
import clinic.patientcontact.service.PhoneNumbers;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/** Patients, their contact details and their tracked appointments. */
@Path("/patients")
@Produces(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictJson.class)
@Tag(name = "Patients",
        description = "Patients, their contact details and their appointments as tracked from events")
public class PatientResource {

    /** Examples of the path parameters in the API document. */
    static final String EXAMPLE_ID = "patient-123";
    static final String EXAMPLE_EMAIL = "jane@example.org";
    static final String EXAMPLE_PHONE = "+4930123456";

    private final PatientService patients;
    private final PatientConfig config;
    private final Caller caller;
    private final Audit audit;
    private final Accounts accounts;

    public PatientResource(PatientService patients, PatientConfig config, Caller caller, Audit audit,
            Accounts accounts) {
        this.patients = patients;
        this.config = config;
        this.caller = caller;
        this.audit = audit;
        this.accounts = accounts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "createPatient",
            summary = "Register a patient", description = "id is optional: send the id the appointments already"
            + " use to link them. E-mail is unique; the phone is stored in E.164.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PatientRequests.PatientFields.class),
            examples = @ExampleObject(name = "patient",
            value = "{\"id\": \"patient-123\", \"name\": \"Jane Doe\", \"email\": \"jane@example.org\","
                    + " \"phone\": \"+49 30 123456\","
                    + " \"notification_preferences\": {\"email\": true, \"sms\": false}}")))
    @APIResponse(responseCode = "201", description = "Registered",
            headers = @Header(name = "Location", ref = "Location"),
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "409", description = "The id or e-mail is taken", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@Valid @NotNull PatientRequests.PatientFields body) {
        Audit.Entry entry = audit.access(Audit.CREATE, "patient", null, null);
        return patients.create(body.change(true, config.defaultPhoneRegion()), caller.origin())
                .invoke(patient -> entry.id(patient.id).patient(patient.id))
                .map(patient -> Response.created(URI.create("/patients/" + patient.id))
                        .entity(PatientView.of(patient)).build());
    }

    @GET
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listPatients",
            summary = "List patients", description = "By name; X-Total-Count and Link as for appointments")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = PatientView.class)))
    public Uni<Response> list(@Context UriInfo uri, @RestQuery String page, @RestQuery String size) {
        Paging paging = Paging.fromQuery(page, size, config.defaultPageSize(), config.maxPageSize());
        return patients.list(paging, caller.scope()).map(found -> {
            audit.listed("patient", found.items(), patient -> patient.id);
            return paging.respond(uri, found, PatientView::of);
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "getPatient", summary = "One patient")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PatientView.class)))
    public Uni<PatientView> get(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        audit.access(Audit.READ, "patient", id, id);
        return patients.find(id, caller.scope()).map(PatientView::of);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PATIENT, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "updatePatient", summary = "Change a patient", description = "Only the fields sent change")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PatientRequests.PatientFields.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PatientView.class)))
    public Uni<PatientView> update(@Parameter(example = EXAMPLE_ID) @RestPath String id,
            @Valid @NotNull PatientRequests.PatientFields body) {
        audit.access(Audit.UPDATE, "patient", id, id);
        return patients.update(id, caller.scope(), body.change(false, config.defaultPhoneRegion()),
                caller.origin())
                .map(PatientView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "erasePatient",
            summary = "Erase a patient", description = "Removes the personal data here and, through"
            + " patient.deleted, in the notifications service; destroys the key their contact details were sealed"
            + " under in every patient event; removes their account at the identity provider. The tracked"
            + " appointments stay, anonymous.")
    @APIResponse(responseCode = "204", description = "Erased")
    @APIResponse(responseCode = "503", description = "The identity provider could not be reached; nothing was erased",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> erase(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        audit.access(Audit.DELETE, "patient", id, id).succeedsWith(204);
        // The account first: an erasure that stops after it is done again in full, one that stopped after the
        // record could not find the account any more.
        return patients.find(id, caller.scope())
                .chain(patient -> accounts.removeAccount(patient.accountId))
                .chain(() -> patients.erase(id, caller.origin()))
                .map(done -> Response.noContent().build());
    }

    @GET
    @Path("/search/email/{email}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "findPatientByEmail", summary = "The patient with this e-mail address")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PatientView.class)))
    public Uni<PatientView> byEmail(@Parameter(example = EXAMPLE_EMAIL) @RestPath String email) {
        Audit.Entry entry = audit.access(Audit.SEARCH, "patient", null, null);
        return patients.byEmail(email, caller.scope()).invoke(patient -> entry.id(patient.id).patient(patient.id))
                .map(PatientView::of);
    }

    @GET
    @Path("/search/phone/{phone}")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "findPatientByPhone",
            summary = "The patient with this phone number", description = "Any writing of the number works:"
            + " it is compared in E.164.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PatientView.class)))
    public Uni<PatientView> byPhone(@Parameter(example = EXAMPLE_PHONE) @RestPath String phone) {
        Audit.Entry entry = audit.access(Audit.SEARCH, "patient", null, null);
        String e164 = PhoneNumbers.toE164(phone, config.defaultPhoneRegion())
                .orElseThrow(() -> ProblemException.badField("phone", "is not a phone number we can read"));
        return patients.byPhone(e164, caller.scope()).invoke(patient -> entry.id(patient.id).patient(patient.id))
                .map(PatientView::of);
    }

    @GET
    @Path("/{id}/appointments")
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    @Operation(operationId = "listTrackedAppointments",
            summary = "The patient's appointments, tracked from appointment events",
            description = "Also for an id not registered (yet); with counts of upcoming, completed, cancelled and"
                    + " no-show appointments.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TrackingView.class)))
    public Uni<TrackingView> appointments(@Parameter(example = EXAMPLE_ID) @RestPath String id) {
        audit.access(Audit.READ, "patient_appointments", id, id);
        return patients.tracking(id, caller.scope()).map(TrackingView::of);
    }
}
