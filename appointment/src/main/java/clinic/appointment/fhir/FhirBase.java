package clinic.appointment.fhir;

import java.net.URI;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

/**
 * The FHIR base URL as the client sees it, for the absolute URLs FHIR asks for (a Bundle's links and full URLs,
 * a Location): behind the gateway its {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}, otherwise the
 * request's own. It only ever shapes the answer to the request that sent it.
 */
final class FhirBase {

    private FhirBase() {
    }

    static String of(UriInfo uri, HttpHeaders headers) {
        URI request = uri.getBaseUri();
        String proto = first(headers.getHeaderString("X-Forwarded-Proto"));
        String host = first(headers.getHeaderString("X-Forwarded-Host"));
        String scheme = proto != null && (proto.equals("http") || proto.equals("https")) ? proto : request.getScheme();
        String authority = host != null && host.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?")
                ? host : request.getRawAuthority();
        return scheme + "://" + authority + FhirConventions.BASE;
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }
}
