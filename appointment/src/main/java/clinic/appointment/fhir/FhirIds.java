package clinic.appointment.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The REST API's ids as FHIR ids. Patient and doctor ids are free text; FHIR allows {@code [A-Za-z0-9\-.]{1,64}}.
 * An id that fits is used as it is; any other is mapped to {@code x.} and 40 hex digits of its SHA-256 (so the
 * mapped form never names the record's own text), and the reference carries the REST id as an identifier. No id
 * used as it is starts with {@code x.}, so the two forms never meet.
 */
public final class FhirIds {

    /** The database's own computation of {@link #of} over a text column (pgcrypto is not needed: PG 11+). */
    public static final String MAPPED_SQL = "'x.' || left(encode(sha256(convert_to(%s, 'UTF8')), 'hex'), 40)";
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final String MAPPED = "x.";

    private FhirIds() {
    }

    public static String of(String restId) {
        if (fits(restId) && !restId.startsWith(MAPPED)) {
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

    /** Whether a FHIR id is the mapped form of a REST id that does not fit, rather than the REST id itself. */
    public static boolean isMapped(String fhirId) {
        return fhirId.startsWith(MAPPED);
    }
}
