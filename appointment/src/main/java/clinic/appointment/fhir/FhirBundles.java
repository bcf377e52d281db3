package clinic.appointment.fhir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import clinic.http.Paging;

/** Searchset Bundles: one page of matches, the total, and links to the search's other pages. */
final class FhirBundles {

    private FhirBundles() {
    }

    /**
     * A page of {@code resources} of the search {@code query} (the parameters the server used) over
     * {@code base/type}, with {@code total} matches in all; {@code path} is where the search was sent (the type,
     * or an operation such as {@code Appointment/$find}).
     */
    static Bundle searchset(String base, String path, Map<String, List<String>> query, Paging paging, long total,
            List<? extends Resource> resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal((int) total);
        bundle.getMeta().setLastUpdated(Date.from(Instant.now()));
        long pages = Math.max(1, (total + paging.size() - 1) / paging.size());
        String search = base + "/" + path;
        bundle.addLink().setRelation("self").setUrl(pageUrl(search, query, paging.page(), paging.size()));
        bundle.addLink().setRelation("first").setUrl(pageUrl(search, query, 1, paging.size()));
        if (paging.page() > 1) {
            bundle.addLink().setRelation("previous").setUrl(pageUrl(search, query, Math.min(paging.page() - 1, pages),
                    paging.size()));
        }
        if (paging.page() < pages) {
            bundle.addLink().setRelation("next").setUrl(pageUrl(search, query, paging.page() + 1, paging.size()));
        }
        bundle.addLink().setRelation("last").setUrl(pageUrl(search, query, pages, paging.size()));
        for (Resource resource : resources) {
            bundle.addEntry().setFullUrl(base + "/" + resource.fhirType() + "/" + resource.getIdPart())
                    .setResource(resource).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    /** The search as this server understood it (the parameters it used), on one page. */
    private static String pageUrl(String search, Map<String, List<String>> query, long page, int size) {
        Map<String, List<String>> used = new LinkedHashMap<>(query);
        used.remove("_page");
        used.remove("_count");
        used.remove("_format");
        StringBuilder url = new StringBuilder(search).append('?');
        used.forEach((name, values) -> values.forEach(value -> url.append(encode(name)).append('=')
                .append(encode(value)).append('&')));
        return url.append("_count=").append(size).append("&_page=").append(page).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
