package clinic.http;

import java.util.Locale;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What the API document promises about media types, settled for every request before a resource is matched:
 * <ul>
 * <li>A body must say what it is: a write whose body comes without {@code Content-Type} is 415, rather than read
 * as JSON on a guess.</li>
 * <li>A client that accepts {@code application/problem+json} (what the document lists for every error) but not
 * JSON gets its answer rather than 406: an error is a problem either way, and a success answers in the one type
 * the operation has ({@code application/json}, or none at all for a 204), as HTTP allows a server to do rather than
 * refuse.</li>
 * </ul>
 */
public class MediaTypeRules {

    static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);
    /** Added to such an Accept header: JSON at the lowest weight, so any type the client prefers still wins. */
    static final String JSON_LAST = MediaType.APPLICATION_JSON + ";q=0.001";

    // After RequestIds (Priorities.USER): a refusal here still carries the request's id.
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 10)
    public void check(ContainerRequestContext request) {
        if (hasBody(request) && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null) {
            throw new ProblemException(415, "Unsupported media type", "The request has a body but no Content-Type;"
                    + " send it with Content-Type: application/json.", null, null);
        }
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains(Problem.MEDIA_TYPE)
                && acceptsProblemsButNotJson(accept)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, accept + ", " + JSON_LAST);
        }
    }

    /** A write with a body: a length above zero, or one sent in chunks. */
    static boolean hasBody(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!HttpMethod.POST.equals(method) && !HttpMethod.PUT.equals(method) && !HttpMethod.PATCH.equals(method)) {
            return false;
        }
        if (request.getHeaderString("Transfer-Encoding") != null) {
            return true;
        }
        return request.getLength() > 0;
    }

    /**
     * Whether the Accept header lists problem+json and nothing JSON is; false for one that does not parse, and for
     * one that refuses JSON outright ({@code application/json;q=0}): that client gets its 406.
     */
    static boolean acceptsProblemsButNotJson(String accept) {
        boolean problems = false;
        for (String listed : accept.split(",")) {
            MediaType type;
            try {
                type = MediaType.valueOf(listed.trim());
            } catch (IllegalArgumentException e) {
                // Left to RESTEasy, which answers a header it cannot read as it always did.
                return false;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                // application/json, application/* or */*: accepted already, or refused outright.
                return false;
            }
            problems |= type.isCompatible(PROBLEM) && weight(type) > 0;
        }
        return problems;
    }

    private static double weight(MediaType type) {
        String q = type.getParameters().get("q");
        try {
            return q == null ? 1 : Double.parseDouble(q);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
