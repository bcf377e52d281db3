package clinic.appointment.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import clinic.appointment.AppointmentNotFoundException;
import clinic.appointment.IdempotencyKeyReusedException;
import clinic.appointment.StaleVersionException;
import clinic.appointment.TimeTakenException;
import clinic.appointment.TransitionRefusedException;
import clinic.appointment.service.Recurrence;
import clinic.http.ProblemException;
import clinic.http.ProblemMappers;

/** The appointment rules' refusals, each answered with its status and the rule's own words. */
public class AppointmentProblemMappers {

    @ServerExceptionMapper
    public Response notFound(AppointmentNotFoundException e) {
        return answer(ProblemException.notFound(e.getMessage()));
    }

    /** 409 naming the appointment in the way, so a client can show it. */
    @ServerExceptionMapper
    public Response timeTaken(TimeTakenException e) {
        return answer(ProblemException.conflict(e.getMessage(), e.blocking() == null ? Map.of()
                : Map.of("conflicting_appointment_id", e.blocking().toString())));
    }

    /** A change the appointment's state does not allow is a 409 that says why. */
    @ServerExceptionMapper
    public Response refused(TransitionRefusedException e) {
        return answer(ProblemException.conflict(e.getMessage()));
    }

    /** If-Match named an older version. */
    @ServerExceptionMapper
    public Response stale(StaleVersionException e) {
        return answer(ProblemException.preconditionFailed(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response keyReused(IdempotencyKeyReusedException e) {
        return answer(ProblemException.unprocessable(e.getMessage()));
    }

    /** A recurrence rule that gives too many occurrences, or none, once expanded: the rule is the bad field. */
    @ServerExceptionMapper
    public Response badRule(Recurrence.InvalidRuleException e) {
        return answer(ProblemException.badField("rrule", e.getMessage()));
    }

    private static Response answer(ProblemException problem) {
        return ProblemMappers.response(problem.toProblem());
    }
}
