package clinic.http;

/**
 * The four roles a token can carry (Keycloak realm roles, read from {@code realm_access.roles}). The strongest
 * decides what a caller may see: admin, then staff, then doctor, then patient.
 */
public final class Roles {

    public static final String PATIENT = "patient";
    public static final String DOCTOR = "doctor";
    public static final String STAFF = "staff";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
