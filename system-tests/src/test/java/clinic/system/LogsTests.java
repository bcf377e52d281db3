package clinic.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import clinic.eventbus.testing.TestDatabases;

/**
 * No log of the run holds patient data or a token: every log the system tests made (the services', the migration
 * steps', the gateways' access and error logs, the test NATS's and Keycloak's) is read after all other tests ran, for
 * the names, e-mail addresses and phone numbers of the patients they registered, any e-mail address at the tests'
 * domain, and anything shaped as a bearer token.
 */
@ExtendWith(SharedStack.class)
@Order(Integer.MAX_VALUE)
class LogsTests {

    private static final Pattern TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}");
    private static final Pattern TEST_EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@example\\.org");
    private static final Pattern PHONE = Pattern.compile("\\+49 ?30 ?\\d{5,}");

    @Test
    void noLogHoldsAPatientsDetailsOrAToken() throws Exception {
        List<String> details = patientDetails();
        List<Path> logs = logs();
        // Not vacuous: the services' logs and the gateway's access log of this run are among them, and patients.
        assertTrue(logs.stream().anyMatch(p -> p.toString().endsWith("access.log")), logs.toString());
        assertTrue(logs.stream().anyMatch(p -> p.toString().contains("service-logs")), logs.toString());
        assertTrue(details.size() > 3, details.size() + " patient details");
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            String lower = text.toLowerCase(Locale.ROOT);
            for (Pattern pattern : List.of(TOKEN, TEST_EMAIL, PHONE)) {
                Matcher matcher = pattern.matcher(text);
                if (matcher.find()) {
                    found.add(log + ": " + pattern.pattern() + " at " + context(text, matcher.start()));
                }
            }
            for (String detail : details) {
                int at = lower.indexOf(detail.toLowerCase(Locale.ROOT));
                if (at >= 0) {
                    found.add(log + ": \"" + detail + "\" at " + context(text, at));
                }
            }
        }
        assertEquals(List.of(), found, "patient data or tokens in the logs");
    }

    /** The names, e-mails and phones of every patient the run registered that is not erased (theirs are gone). */
    private static List<String> patientDetails() throws Exception {
        List<String> details = new ArrayList<>();
        try (Connection connection = TestDatabases.operator("patient_contact_test");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select name, email, phone from patient"
                        + " where erased_at is null")) {
            while (rows.next()) {
                for (int column = 1; column <= 3; column++) {
                    String value = rows.getString(column);
                    // Short names ("A") would match anywhere; the tests' are longer.
                    if (value != null && value.length() >= 6) {
                        details.add(value);
                    }
                }
            }
        }
        return details;
    }

    private static List<Path> logs() throws IOException {
        Path target = Stack.projectRoot().resolve("system-tests/target");
        List<Path> logs = new ArrayList<>();
        // This run's: written since this test JVM started (an earlier run's files stay in target/).
        long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        try (Stream<Path> files = Files.walk(target, 4)) {
            files.filter(p -> p.toString().endsWith(".log") && Files.isRegularFile(p) && modifiedSince(p, started))
                    .forEach(logs::add);
        }
        for (String variable : List.of("CLINIC_TEST_KEYCLOAK_LOG", "CLINIC_TEST_NATS_CONF")) {
            String value = System.getenv(variable);
            if (value != null) {
                Path path = variable.endsWith("CONF") ? Path.of(value).resolveSibling("nats-server.log") : Path.of(value);
                if (Files.isReadable(path)) {
                    logs.add(path);
                }
            }
        }
        return logs;
    }

    private static boolean modifiedSince(Path file, long millis) {
        try {
            return Files.getLastModifiedTime(file).toMillis() >= millis;
        } catch (IOException e) {
            return false;
        }
    }

    private static String context(String text, int at) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 60)).replace('\n', ' ');
    }
}
