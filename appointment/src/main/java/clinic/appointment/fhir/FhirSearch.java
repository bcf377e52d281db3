package clinic.appointment.fhir;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

import clinic.http.FhirIds;
import clinic.http.Paging;
import clinic.http.ProblemException;

/**
 * FHIR search as this server reads it: which parameters a resource type answers (the CapabilityStatement lists
 * the same), strict handling of any other (400) unless the client sent {@code Prefer: handling=lenient}, and the
 * value types the parameters use.
 */
public final class FhirSearch {

    /** A search parameter of a resource type, as the CapabilityStatement describes it. */
    public record Param(String name, SearchParamType type, String documentation) {
    }

    /** Parameters about the result rather than the match, answered by every search. */
    public static final List<Param> RESULT_PARAMS = List.of(
            new Param("_count", SearchParamType.NUMBER, "Entries per page, 1 to " + Paging.MAX_SIZE + " (default "
                    + Paging.DEFAULT_SIZE + ")"),
            new Param("_page", SearchParamType.NUMBER, "The page, from 1; the Bundle's links lead to the others"),
            new Param("_format", SearchParamType.TOKEN, "json or application/fhir+json: FHIR in JSON only"));

    private static final Pattern PREFER_HANDLING = Pattern.compile("(?:^|[,;\\s])handling\\s*=\\s*\"?(\\w+)");
    private static final Pattern DATE_PREFIX = Pattern.compile("^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.*)$");
    private static final Set<String> DATE_PREFIXES = Set.of("eq", "gt", "lt", "ge", "le");

    private FhirSearch() {
    }

    /** {@code Prefer: handling=lenient}: parameters the server does not know are ignored rather than refused. */
    public static boolean lenient(String prefer) {
        if (prefer == null) {
            return false;
        }
        Matcher matcher = PREFER_HANDLING.matcher(prefer.toLowerCase(Locale.ROOT));
        return matcher.find() && matcher.group(1).equals("lenient");
    }

    /**
     * The query's parameters this search answers, in the order sent; any other (an unknown name, a modifier such as
     * {@code :exact}, an empty value) is refused naming it, or left out when lenient.
     */
    public static Map<String, List<String>> accepted(Map<String, List<String>> query, List<Param> params,
            boolean lenient) {
        Set<String> known = new java.util.HashSet<>();
        params.forEach(param -> known.add(param.name()));
        RESULT_PARAMS.forEach(param -> known.add(param.name()));
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        query.forEach((name, values) -> {
            if (!known.contains(name)) {
                unknown.add(name);
            } else if (values.stream().anyMatch(value -> value == null || value.isBlank())) {
                if (!lenient) {
                    throw ProblemException.badField(name, "has no value");
                }
            } else {
                accepted.put(name, values);
            }
        });
        if (!unknown.isEmpty() && !lenient) {
            throw ProblemException.badFields("This search does not support " + String.join(", ", unknown)
                    + "; it supports " + String.join(", ", known.stream().sorted().toList())
                    + " (or send Prefer: handling=lenient to have unknown parameters ignored).",
                    unknown.stream().map(name -> new clinic.http.Problem.FieldError(name,
                            "is not a parameter of this search")).toList());
        }
        return accepted;
    }

    /** A search written as a query string ({@code patient=Patient/p-1&date=2027-09-15}), as a header sends one. */
    public static Map<String, List<String>> parseQuery(String text, String name) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        String search = text.trim().startsWith("?") ? text.trim().substring(1) : text.trim();
        for (String pair : search.split("&")) {
            int equals = pair.indexOf('=');
            if (pair.isBlank() || equals <= 0) {
                throw ProblemException.badField(name, "must be search parameters, e.g. identifier=<system>|<value>"
                        + " or patient=Patient/<id>&date=<day>");
            }
            try {
                query.computeIfAbsent(java.net.URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        key -> new ArrayList<>()).add(java.net.URLDecoder.decode(pair.substring(equals + 1),
                                StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badField(name, "has a bad %-escape");
            }
        }
        return query;
    }

    /** The single value of a parameter given at most once; null when absent. */
    public static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1 || values.get(0).contains(",")) {
            throw ProblemException.badField(name, "takes one value here");
        }
        return values.get(0).trim();
    }

    /** A whole number parameter within bounds; null when absent. */
    public static Integer number(Map<String, List<String>> query, String name, int min, int max) {
        String value = single(query, name);
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw ProblemException.badField(name, "must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ProblemException.badField(name, "must be a whole number");
        }
    }

    /** The page {@code _count} and {@code _page} ask for. */
    public static Paging paging(Map<String, List<String>> query, int defaultSize, int maxSize) {
        return Paging.of(number(query, "_page", 1, Integer.MAX_VALUE), number(query, "_count", 1, maxSize),
                defaultSize, maxSize);
    }

    /**
     * A token parameter's values, comma separated (any of them matches): each {@code system|code}, {@code code} or
     * {@code |code}; a value of another system is left out (it matches nothing here). Null when absent.
     */
    public static List<String> tokens(Map<String, List<String>> query, String name, String system) {
        List<String> values = query.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.badField(name, "takes one list of values (comma separated)");
        }
        List<String> codes = new ArrayList<>();
        for (String term : values.get(0).split(",")) {
            String code = term.trim();
            int bar = code.indexOf('|');
            if (bar >= 0) {
                String given = code.substring(0, bar);
                code = code.substring(bar + 1);
                if (!given.isEmpty() && !given.equals(system)) {
                    continue;
                }
            }
            if (!code.isEmpty()) {
                codes.add(code);
            }
        }
        return codes;
    }

    /** The instants a set of date parameters allows, ANDed: from inclusive, to exclusive, null for unbounded. */
    public record Window(Instant from, Instant to) {

        public static final Window ALL = new Window(null, null);

        /** Whether no instant can match (a lower bound at or after the upper). */
        public boolean empty() {
            return from != null && to != null && !to.isAfter(from);
        }

        Window and(Window other) {
            Instant lower = from == null ? other.from : other.from == null ? from
                    : from.isAfter(other.from) ? from : other.from;
            Instant upper = to == null ? other.to : other.to == null ? to : to.isBefore(other.to) ? to : other.to;
            return new Window(lower, upper);
        }
    }

    /**
     * Date parameters ({@code date=ge2027-09-15&date=lt2027-09-16T12:00:00Z}) over an instant: each value has the
     * precision it is written with (a year, a month, a day in UTC, or a time with its offset) and one of the
     * prefixes eq, ge, gt, le, lt.
     */
    public static Window window(Map<String, List<String>> query, String name) {
        Window window = Window.ALL;
        for (String value : query.getOrDefault(name, List.of())) {
            if (value.contains(",")) {
                throw ProblemException.badField(name, "takes one value at a time (repeat the parameter to AND)");
            }
            window = window.and(bound(value.trim(), name));
        }
        return window;
    }

    private static Window bound(String value, String name) {
        Matcher matcher = DATE_PREFIX.matcher(value);
        matcher.matches();
        String prefix = matcher.group(1) == null ? "eq" : matcher.group(1);
        if (!DATE_PREFIXES.contains(prefix)) {
            throw ProblemException.badField(name, "prefix " + prefix + " is not supported; use eq, ge, gt, le or lt");
        }
        Instant[] range = range(matcher.group(2), name);
        return switch (prefix) {
            case "ge" -> new Window(range[0], null);
            case "gt" -> new Window(range[1], null);
            case "le" -> new Window(null, range[1]);
            case "lt" -> new Window(null, range[0]);
            default -> new Window(range[0], range[1]);
        };
    }

    /** The range of instants a FHIR date or dateTime of its precision stands for: [start, end). */
    static Instant[] range(String text, String name) {
        try {
            if (text.matches("\\d{4}")) {
                LocalDate start = LocalDate.of(Integer.parseInt(text), 1, 1);
                return new Instant[] { utc(start), utc(start.plusYears(1)) };
            }
            if (text.matches("\\d{4}-\\d{2}")) {
                YearMonth month = YearMonth.parse(text);
                return new Instant[] { utc(month.atDay(1)), utc(month.plusMonths(1).atDay(1)) };
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate day = LocalDate.parse(text);
                return new Instant[] { utc(day), utc(day.plusDays(1)) };
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})")) {
                Instant minute = OffsetDateTime.parse(text.replaceFirst("(T\\d{2}:\\d{2})", "$1:00")).toInstant();
                return new Instant[] { minute, minute.plusSeconds(60) };
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})")) {
                Instant instant = OffsetDateTime.parse(text).toInstant();
                return new Instant[] { instant, instant.plusNanos(text.contains(".") ? 1 : 1_000_000_000) };
            }
        } catch (DateTimeException e) {
            // Falls through to the refusal below: the shape was right, the date does not exist.
        }
        throw ProblemException.badField(name, "must be a FHIR date or dateTime with an offset, e.g. ge2027-09-15"
                + " or lt2027-09-15T10:00:00Z");
    }

    private static Instant utc(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * A reference parameter's id for the given type: {@code Patient/123}, an absolute URL ending so, or a bare
     * {@code 123}; null when absent. Another type is refused.
     */
    public static String reference(String value, String type, String name) {
        if (value == null) {
            return null;
        }
        int slash = value.lastIndexOf('/');
        String id = slash < 0 ? value : value.substring(slash + 1);
        if (slash >= 0) {
            String before = value.substring(0, slash);
            String givenType = before.substring(before.lastIndexOf('/') + 1);
            if (!givenType.equals(type)) {
                throw ProblemException.badField(name, "must refer to a " + type + " (" + type + "/<id>)");
            }
        }
        if (!FhirIds.fits(id)) {
            throw ProblemException.badField(name, "is not a FHIR id");
        }
        return id;
    }
}
