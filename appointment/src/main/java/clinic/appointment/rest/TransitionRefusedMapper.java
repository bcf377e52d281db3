package clinic.appointment.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import clinic.appointment.TransitionRefusedException;
import clinic.http.ProblemException;
import clinic.http.ProblemMappers;

/** A change the appointment's state does not allow is a 409 that says why. */
public class TransitionRefusedMapper {

    @ServerExceptionMapper
    public Response refused(TransitionRefusedException e) {
        return ProblemMappers.response(ProblemException.conflict(e.getMessage()).toProblem());
    }
}
