package clinic.patientcontact.identity;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * The clinic's OpenID Connect provider as Keycloak speaks it: the token endpoint (logins, the registration
 * client's own token) and the admin API's users (accounts made at registration). Answers come back as they are;
 * {@link Accounts} reads their status.
 */
@RegisterRestClient(configKey = "identity-provider")
public interface IdentityProvider {

    @POST
    @Path("/realms/{realm}/protocol/openid-connect/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> token(@PathParam("realm") String realm, MultivaluedMap<String, String> form);

    @POST
    @Path("/admin/realms/{realm}/users")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createUser(@PathParam("realm") String realm, @HeaderParam("Authorization") String authorization,
            Map<String, Object> user);

    /** Login events (LOGIN, LOGIN_ERROR) of one account, newest first. */
    @GET
    @Path("/admin/realms/{realm}/events")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> events(@PathParam("realm") String realm, @QueryParam("user") String user,
            @QueryParam("type") java.util.List<String> types, @QueryParam("max") int max,
            @HeaderParam("Authorization") String authorization);

    @DELETE
    @Path("/admin/realms/{realm}/users/{id}")
    Uni<Response> deleteUser(@PathParam("realm") String realm, @PathParam("id") String id,
            @HeaderParam("Authorization") String authorization);
}
