package clinic.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.smallrye.mutiny.Uni;

/**
 * The REST API's ids as FHIR ids. Patient and doctor ids are free text; FHIR allows {@code [A-Za-z0-9\-.]{1,64}}.
 * An id that fits is used as it is; any other is mapped to {@code x.} and 40 hex digits of its SHA-256 (so the
 * mapped form never names the record's own text), and the reference carries the REST id as an identifier. No id
 * used as it is starts with {@code x.}, so the two forms never meet.
 */
public final class FhirIds {

    /**
     * The database's own computation of the mapped form over a text column (pgcrypto is not needed: PG 11+), for
     * finding the record behind a mapped id: {@code String.format(MAPPED_SQL, "patient_id")}.
     */
    public static final String MAPPED_SQL = "'x.' || left(encode(sha256(convert_to(%s, 'UTF8')), 'hex'), 40)";
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final String MAPPED = "x.";

    private FhirIds() {
    }

    public static String of(String restId) {
        return of(restId, 64);
    }

    /**
     * The FHIR id of a REST id within {@code maxLength} characters (at least 42), for ids that are part of a longer
     * one: a REST id that fits but is longer is mapped too.
     */
    public static String of(String restId, int maxLength) {
        if (fits(restId) && !restId.startsWith(MAPPED) && restId.length() <= maxLength) {
            return restId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(restId.getBytes(StandardCharsets.UTF_8));
            return MAPPED + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Whether the text is a FHIR id at all. */
    public static boolean fits(String id) {
        return id != null && FHIR_ID.matcher(id).matches();
    }

    /**
     * The records a question names by REST id ({@code restIds}) and by FHIR id ({@code fhirIds}), both together, as
     * the answering service keeps them: FHIR ids that are REST ids as they are, mapped ones as the ids its
     * {@code lookup} finds behind them (a query over {@link #MAPPED_SQL}). Null where neither narrows.
     */
    public static Uni<List<String>> restIds(List<String> restIds, List<String> fhirIds,
            Function<List<String>, Uni<List<String>>> lookup) {
        if (fhirIds == null) {
            return Uni.createFrom().item(restIds);
        }
        List<String> plain = fhirIds.stream().filter(id -> !isMapped(id)).toList();
        List<String> mapped = fhirIds.stream().filter(FhirIds::isMapped).toList();
        Uni<List<String>> resolved = mapped.isEmpty() ? Uni.createFrom().item(List.of()) : lookup.apply(mapped);
        return resolved.map(found -> {
            List<String> named = new ArrayList<>(plain);
            named.addAll(found);
            return restIds == null ? named : named.stream().filter(restIds::contains).toList();
        });
    }

    /** Whether a FHIR id is the mapped form of a REST id that does not fit, rather than the REST id itself. */
    public static boolean isMapped(String fhirId) {
        return fhirId.startsWith(MAPPED);
    }
}
