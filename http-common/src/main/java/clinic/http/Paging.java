package clinic.http;

import java.util.List;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;

/**
 * The list conventions: {@code page} from 1, {@code size} up to a maximum, the total in {@code X-Total-Count}
 * and neighbours in a {@code Link} header (relative references, so they are right behind the gateway too).
 */
public record Paging(int page, int size) {

    public static final String TOTAL_COUNT = "X-Total-Count";
    /** The defaults of every service's page sizes (their configuration may change them; the document says these). */
    public static final String DEFAULT_SIZE = "50";
    public static final String MAX_SIZE = "500";

    /** One page of a list and the size of the whole list. */
    public record PageOf<T>(List<T> items, long total) {
    }

    /** This page of the query's results, and how many results there are in all. */
    public <T> Uni<PageOf<T>> fetch(PanacheQuery<T> query) {
        return query.page(Page.of(page - 1, size)).list()
                .chain(items -> query.count().map(total -> new PageOf<>(items, total)));
    }

    /** 200 with the page's items as views, and the total and neighbouring pages in the headers. */
    public <T> Response respond(UriInfo uri, PageOf<T> found, Function<T, ?> view) {
        return headers(Response.ok(found.items().stream().map(view).toList()), uri, found.total()).build();
    }

    /** From the query parameters as sent; a value that is not a whole number is a 400 naming it. */
    public static Paging fromQuery(String page, String size, int defaultSize, int maxSize) {
        return of(wholeNumber(page, "page"), wholeNumber(size, "size"), defaultSize, maxSize);
    }

    private static Integer wholeNumber(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badField(name, "must be a whole number");
        }
    }

    public static Paging of(Integer page, Integer size, int defaultSize, int maxSize) {
        if (page != null && page < 1) {
            throw ProblemException.badField("page", "must be 1 or more");
        }
        if (size != null && (size < 1 || size > maxSize)) {
            throw ProblemException.badField("size", "must be between 1 and " + maxSize);
        }
        Paging paging = new Paging(page == null ? 1 : page, size == null ? defaultSize : size);
        // The query skips (page - 1) * size rows, counted in an int.
        if ((long) (paging.page - 1) * paging.size > Integer.MAX_VALUE) {
            throw ProblemException.badField("page", "must be at most " + (Integer.MAX_VALUE / paging.size + 1)
                    + " with size " + paging.size);
        }
        return paging;
    }

    public Response.ResponseBuilder headers(Response.ResponseBuilder response, UriInfo uri, long total) {
        response.header(TOTAL_COUNT, total);
        StringBuilder links = new StringBuilder();
        long pages = Math.max(1, (total + size - 1) / size);
        if (page < pages) {
            append(links, uri, page + 1, "next");
        }
        if (page > 1) {
            append(links, uri, Math.min(page - 1, pages), "prev");
        }
        append(links, uri, 1, "first");
        append(links, uri, pages, "last");
        return response.header("Link", links.toString());
    }

    private void append(StringBuilder links, UriInfo uri, long target, String rel) {
        UriBuilder builder = uri.getRequestUriBuilder().replaceQueryParam("page", target)
                .replaceQueryParam("size", size);
        String query = builder.build().getRawQuery();
        if (!links.isEmpty()) {
            links.append(", ");
        }
        links.append('<').append(uri.getRequestUri().getRawPath()).append('?').append(query).append(">; rel=\"")
                .append(rel).append('"');
    }
}
