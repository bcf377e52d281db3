package clinic.appointment.service;

/** Strong entity tags over the appointment version: {@code "3"}. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** If-Match: absent or {@code *} matches; otherwise one of the listed strong tags must be the version's. */
    public static boolean matches(String ifMatch, long version) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return true;
        }
        String wanted = of(version);
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
