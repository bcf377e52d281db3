package clinic.patientcontact.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import clinic.http.Problem;
import clinic.http.ProblemMappers;
import clinic.patientcontact.identity.Accounts;
import io.quarkus.logging.Log;

/** The identity provider's answers to a login or registration, as problems. */
public class AccountProblemMapper {

    @ServerExceptionMapper
    public Response invalidCredentials(Accounts.InvalidCredentialsException e) {
        return Response.fromResponse(ProblemMappers.response(new Problem("about:blank", "Unauthorized", 401,
                e.getMessage(), null, null))).header("WWW-Authenticate", "Bearer realm=\"clinic\"").build();
    }

    @ServerExceptionMapper
    public Response accountExists(Accounts.AccountExistsException e) {
        return ProblemMappers.response(new Problem("about:blank", "Conflict", 409, e.getMessage(), null, null));
    }

    @ServerExceptionMapper
    public Response passwordRefused(Accounts.PasswordRefusedException e) {
        return ProblemMappers.response(new Problem("about:blank", "Invalid request", 400, "password " + e.getMessage(),
                List.of(new Problem.FieldError("password", e.getMessage())), null));
    }

    @ServerExceptionMapper
    public Response identityUnavailable(Accounts.IdentityUnavailableException e) {
        Log.warnf("Identity provider: %s", e.getMessage());
        return Response.fromResponse(ProblemMappers.response(new Problem("about:blank", "Service unavailable", 503,
                "The clinic's identity provider cannot be reached right now; nothing was changed. Try again in a few"
                        + " seconds.", null, null))).header("Retry-After", "5").build();
    }
}
