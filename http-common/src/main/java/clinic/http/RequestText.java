package clinic.http;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Paths and query parameters are text the services store or search for (patient ids, e-mail addresses): the
 * same {@link Text} rules as body fields, checked once for every request, before any resource sees it.
 */
public class RequestText {

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        var uri = request.getUriInfo();
        for (PathSegment segment : uri.getPathSegments(true)) {
            String problem = Text.problem(segment.getPath());
            if (problem != null) {
                throw ProblemException.badField("path", problem);
            }
        }
        for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters(true).entrySet()) {
            String problem = Text.problem(parameter.getKey());
            for (String value : parameter.getValue()) {
                problem = problem != null ? problem : Text.problem(value);
            }
            if (problem != null) {
                throw ProblemException.badField(parameter.getKey(), problem);
            }
        }
    }
}
