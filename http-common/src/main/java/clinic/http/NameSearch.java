package clinic.http;

import java.util.Locale;

import io.quarkus.panache.common.Parameters;

/**
 * A search by name as FHIR's string search reads it: the text matches from the start of any word of the name, in
 * any case ({@code aud} finds Ann Audit); {@code %}, {@code _} and the escape character match themselves.
 */
public final class NameSearch {

    private NameSearch() {
    }

    /** The query clause over the entity's field; its parameters come from {@link #bind}. */
    public static String clause(String field) {
        return "(lower(" + field + ") like :namePrefix escape '!' or lower(" + field + ") like :wordPrefix"
                + " escape '!')";
    }

    public static Parameters bind(Parameters parameters, String text) {
        String literal = text.trim().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                .replace("_", "!_");
        return parameters.and("namePrefix", literal + "%").and("wordPrefix", "% " + literal + "%");
    }
}
