package clinic.doctoravailability.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import clinic.doctoravailability.CalendarEntryNotFoundException;
import clinic.doctoravailability.service.Waitlist;
import clinic.http.ProblemException;
import clinic.http.ProblemMappers;

/** The calendar rules' refusals, each answered with its status and the rule's own words. */
public class CalendarProblemMappers {

    @ServerExceptionMapper
    public Response notFound(CalendarEntryNotFoundException e) {
        return ProblemMappers.response(ProblemException.notFound(e.getMessage()).toProblem());
    }

    /** An offer that expired, or none to accept: 409 saying which. */
    @ServerExceptionMapper
    public Response offerGone(Waitlist.WaitlistOfferGoneException e) {
        return ProblemMappers.response(ProblemException.conflict(e.getMessage()).toProblem());
    }
}
