package clinic.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Paths and query parameters are ids and names the services store or search for (patient ids, e-mail
 * addresses, statuses): checked once for every request, before any resource sees them. Each is read from the
 * request as sent: its %-escapes must spell UTF-8 (a lenient decoder turns %ff or %ed%a0%80 into U+FFFD, and
 * the request then reads an id nobody sent), and the text has no control characters, line breaks included
 * ({@link Text#nameProblem}).
 */
public class RequestText {

    // After RequestIds (Priorities.USER): a refusal here still carries the request's id.
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 10)
    public void check(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path != null) {
            for (String segment : path.split("/")) {
                String problem = problem(segment, false);
                if (problem != null) {
                    throw ProblemException.badField("path", problem);
                }
            }
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String problem = problem(name, true);
                String field = problem == null ? decode(name, true) : "query";
                if (problem == null && equals >= 0) {
                    problem = problem(parameter.substring(equals + 1), true);
                }
                if (problem != null) {
                    throw ProblemException.badField(field, problem);
                }
            }
        }
    }

    /** Why the raw (still %-escaped) text is no id or name, or null when it is one. */
    static String problem(String raw, boolean query) {
        String text = decode(raw, query);
        return text == null ? "is not %-escaped UTF-8; write each character that needs escaping as the"
                + " %-escapes of its UTF-8 bytes (ü is %C3%BC)" : Text.nameProblem(text);
    }

    /** The %-escapes (and in a query, '+' for a space) decoded as strict UTF-8; null when they are not UTF-8. */
    static String decode(String raw, boolean query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean escape = c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0
                    && hex(raw.charAt(i + 2)) >= 0;
            if (escape) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '%') {
                return null;
            } else if (c == '+' && query) {
                bytes.write(' ');
            } else {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < raw.length()
                        && Character.isLowSurrogate(raw.charAt(i + 1));
                if (pair) {
                    bytes.writeBytes(raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return null;
                } else {
                    bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
