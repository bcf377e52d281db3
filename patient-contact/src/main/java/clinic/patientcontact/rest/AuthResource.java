package clinic.patientcontact.rest;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import clinic.eventbus.Origin;
import clinic.http.Audit;
import clinic.http.Problem;
import clinic.http.RequestIds;
import clinic.http.StrictJson;
import clinic.patientcontact.config.PatientConfig;
import clinic.patientcontact.identity.Accounts;
import clinic.patientcontact.rest.PatientViews.PatientView;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/**
 * Registration and login, done by the identity provider: the only endpoints that need no token. A registered
 * patient's account is linked to their new patient record; a login answers the provider's tokens.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictJson.class)
@Tag(name = "Accounts",
        description = "Self-registration and login through the identity provider")
@SecurityRequirements
@PermitAll
public class AuthResource {

    private final Accounts accounts;
    private final PatientConfig config;
    private final Audit audit;

    public AuthResource(Accounts accounts, PatientConfig config, Audit audit) {
        this.accounts = accounts;
        this.config = config;
        this.audit = audit;
    }

    @POST
    @Path("/register")
    @Operation(operationId = "register",
            summary = "Register as a patient", description = "Makes an account at the identity provider and the"
            + " patient record it is linked to; log in afterwards. The username defaults to the e-mail address.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AuthRequests.Registration.class),
            examples = @ExampleObject(name = "patient",
            value = "{\"email\": \"jane@example.org\", \"password\": \"a long passphrase\", \"name\": \"Jane Doe\","
                    + " \"phone\": \"+49 30 123456\"}")))
    @APIResponse(responseCode = "201", description = "Registered; Location names the patient record",
            headers = @Header(name = "Location", ref = "Location"),
            content = @Content(schema = @Schema(implementation = AuthViews.RegisteredView.class)))
    @APIResponse(responseCode = "400", description = "Invalid field, named in the problem",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "An account or patient with this e-mail address exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The identity provider cannot be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> register(@Valid @NotNull AuthRequests.Registration body) {
        Accounts.Registration registration = body.registration(config.defaultPhoneRegion());
        Audit.Entry entry = audit.access(Audit.CREATE, "patient", null, null);
        // Self-registration: nobody signed in acts, the service does (the new account is not the caller yet).
        return accounts.register(registration, Origin.request(RequestIds.current(), null))
                .invoke(r -> entry.id(r.patient().id).patient(r.patient().id))
                .map(registered -> Response.created(URI.create("/patients/" + registered.patient().id))
                        .entity(new AuthViews.RegisteredView(registered.username(),
                                PatientView.of(registered.patient())))
                        .build());
    }

    @POST
    @Path("/login")
    @Operation(operationId = "login",
            summary = "Log in", description = "The identity provider's password grant: an access token to send"
            + " as Authorization: Bearer <token>, and a refresh token.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AuthRequests.Login.class),
            examples = @ExampleObject(name = "login",
            value = "{\"username\": \"jane@example.org\", \"password\": \"a long passphrase\"}")))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AuthViews.TokenView.class)))
    @APIResponse(responseCode = "401", description = "Wrong username or password",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The identity provider cannot be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AuthViews.TokenView> login(@Valid @NotNull AuthRequests.Login body) {
        return accounts.login(body.username(), body.password()).map(AuthViews.TokenView::of);
    }
}
