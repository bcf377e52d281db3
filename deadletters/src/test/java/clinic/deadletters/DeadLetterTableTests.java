package clinic.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import clinic.eventbus.DeadLetter;
import clinic.eventbus.DeadLetters;

/** The lines the command prints: no NATS needed. */
class DeadLetterTableTests {

    private static final Instant AT = Instant.parse("2026-11-25T10:15:02.123Z");
    private static final String EVENT = "5f0c8a52-0d7e-4a53-9b1e-2f6d0c1e9a11";
    private static final String ORIGINAL = "{\"data\": {\"contact\": \"sealed patient details\"}}";

    @Test
    void theListingShowsIdsSubjectsAndErrorsInAlignedColumnsButNeverTheOriginal() {
        DeadLetter first = new DeadLetter(9, "notifications", AT, "notifications-PATIENTS", "patient.updated", EVENT,
                17, 5, "java.lang.IllegalStateException: no template for x", ORIGINAL);
        DeadLetter unreadable = new DeadLetter(12, "doctor-availability", AT, "doctor-availability-APPOINTMENTS",
                "appointment.scheduled", null, 4, 1, "not a CloudEvents JSON message", "garbage");
        DeadLetter notALetter = new DeadLetter(3, "appointment", AT, null, null, null, 0, 0, "not a dead letter: x",
                null);

        List<String> lines = DeadLetterTable.lines(List.of(first, unreadable, notALetter));

        assertEquals(4, lines.size());
        String all = String.join("\n", lines);
        assertFalse(all.contains("sealed patient details"), "no original: " + all);
        assertFalse(all.contains("garbage"), "no original: " + all);
        assertTrue(lines.get(1).startsWith("9 "));
        assertTrue(lines.get(1).contains("PATIENTS/17"));
        assertTrue(lines.get(1).contains("patient.updated"));
        assertTrue(lines.get(1).contains("no template for x"));
        assertTrue(lines.get(2).contains("(not a CloudEvent)"));
        assertTrue(lines.get(2).contains("APPOINTMENTS/4"));
        assertTrue(lines.get(3).startsWith("3 "));
        int column = lines.get(0).indexOf("EVENT ID");
        assertEquals(EVENT, lines.get(1).substring(column, column + EVENT.length()));
        assertEquals("(not a CloudEvent)", lines.get(2).substring(column, column + "(not a CloudEvent)".length()));
    }

    @Test
    void aLongOrMultiLineErrorStaysOnOneShortLine() {
        String error = "java.lang.IllegalStateException: first line\n\tat somewhere\n" + "x".repeat(500);

        String shown = DeadLetterTable.error(error);

        assertFalse(shown.contains("\n"));
        assertFalse(shown.contains("\t"));
        assertEquals(DeadLetterTable.ERROR_WIDTH, shown.length());
        assertTrue(shown.endsWith("..."));
        assertEquals("-", DeadLetterTable.error(null));
    }

    @Test
    void anOutcomeLineNamesTheDeadLetterAndWhatHappened() {
        DeadLetter letter = new DeadLetter(9, "notifications", AT, "notifications-PATIENTS", "patient.updated", EVENT,
                17, 5, "boom", ORIGINAL);

        assertEquals("seq 9 (notifications event " + EVENT + "): replayed to patient.updated",
                DeadLetterTable.outcome(new DeadLetters.Outcome(letter, DeadLetters.Result.REPLAYED)));
        assertTrue(DeadLetterTable.outcome(new DeadLetters.Outcome(letter, DeadLetters.Result.DISCARDED))
                .endsWith(": discarded"));
    }
}
