package clinic.deadletters;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import clinic.eventbus.DeadLetter;
import clinic.eventbus.DeadLetters;
import clinic.eventbus.EventStream;

/**
 * What {@code ./clinic deadletters} prints: one line per dead letter, columns aligned, ids, subjects and the
 * error only. The original message is never shown: it can carry patient data.
 */
final class DeadLetterTable {

    /** Errors are exception texts and can run long; the line stays readable and the rest is in the service log. */
    static final int ERROR_WIDTH = 120;
    private static final String NONE = "-";

    private DeadLetterTable() {
    }

    static List<String> lines(List<DeadLetter> letters) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "SEQ", "DEAD-LETTERED", "SERVICE", "ORIGINAL SUBJECT", "FROM", "EVENT ID", "TRIES",
                "ERROR" });
        for (DeadLetter letter : letters) {
            rows.add(new String[] {
                    Long.toString(letter.sequence()),
                    letter.deadLetteredAt() == null ? NONE
                            : letter.deadLetteredAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    letter.service(),
                    orNone(letter.originalSubject()),
                    origin(letter),
                    letter.readable() ? letter.originalEventId() : letter.replayable() ? "(not a CloudEvent)" : NONE,
                    letter.deliveredCount() == 0 ? NONE : Long.toString(letter.deliveredCount()),
                    error(letter.error()) });
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1;
                line.append(last ? row[i] : pad(row[i], widths[i])).append(last ? "" : "  ");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** One line saying what a replay or discard did to a dead letter. */
    static String outcome(DeadLetters.Outcome outcome) {
        DeadLetter letter = outcome.letter();
        String what = switch (outcome.result()) {
            case REPLAYED -> "replayed to " + letter.originalSubject();
            case REPLAYED_BEFORE -> "had been replayed already (JetStream kept the earlier copy); removed";
            case SAME_EVENT_REPLAYED -> "same event as a dead letter replayed above; removed";
            case SKIPPED_UNREADABLE ->
                    "skipped: not a CloudEvent, it would fail again (replay it by its sequence to force it)";
            case NOT_REPLAYABLE -> "not replayable: not a dead letter (discard it)";
            case DISCARDED -> "discarded";
        };
        String event = letter.readable() ? " event " + letter.originalEventId() : "";
        return "seq " + letter.sequence() + " (" + letter.service() + event + "): " + what;
    }

    /** The original's stream and sequence, e.g. {@code APPOINTMENTS/42}. */
    private static String origin(DeadLetter letter) {
        if (letter.originalSubject() == null || letter.originalStreamSequence() == 0) {
            return NONE;
        }
        try {
            return EventStream.of(letter.originalSubject()).name() + "/" + letter.originalStreamSequence();
        } catch (IllegalArgumentException e) {
            return "#" + letter.originalStreamSequence();
        }
    }

    /** On one line, shortened. */
    static String error(String error) {
        if (error == null || error.isBlank()) {
            return NONE;
        }
        String line = error.strip().replaceAll("\\s+", " ");
        return line.length() <= ERROR_WIDTH ? line : line.substring(0, ERROR_WIDTH - 3) + "...";
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(width - value.length());
    }
}
