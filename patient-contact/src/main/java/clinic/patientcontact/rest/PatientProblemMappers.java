package clinic.patientcontact.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import clinic.http.ProblemException;
import clinic.http.ProblemMappers;
import clinic.patientcontact.PatientConflictException;
import clinic.patientcontact.PatientNotFoundException;

/** The patient rules' refusals, each answered with its status and the rule's own words. */
public class PatientProblemMappers {

    @ServerExceptionMapper
    public Response notFound(PatientNotFoundException e) {
        return ProblemMappers.response(ProblemException.notFound(e.getMessage()).toProblem());
    }

    @ServerExceptionMapper
    public Response conflict(PatientConflictException e) {
        return ProblemMappers.response(ProblemException.conflict(e.getMessage()).toProblem());
    }
}
