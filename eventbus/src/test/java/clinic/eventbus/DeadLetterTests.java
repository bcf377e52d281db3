package clinic.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import clinic.eventbus.DeadLetters.Selection;
import clinic.eventbus.payload.ContactDetails;
import clinic.eventbus.payload.DeadLetterData;
import clinic.eventbus.payload.PatientEventData;
import io.cloudevents.CloudEvent;

/** Reading and naming dead letters: no NATS needed. (How the tool shows them: the deadletters module.) */
class DeadLetterTests {

    private static final Instant STORED = Instant.parse("2026-11-25T10:15:02.123Z");
    private final EventCodec codec = new EventCodec(new ObjectMapper(), "notifications");

    @Test
    void digitsNameASequenceAnythingElseAnEventIdAndDashDashAllEverything() {
        assertEquals(42L, Selection.parse("42").sequence());
        assertNull(Selection.parse("42").eventId());
        String id = "5f0c8a52-0d7e-4a53-9b1e-2f6d0c1e9a11";
        assertEquals(id, Selection.parse(" " + id + " ").eventId());
        assertTrue(Selection.parse("--all").all());
        assertFalse(Selection.parse("42").all());
    }

    @Test
    void aSelectionRefusesNothingAndOptionsItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> Selection.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Selection.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Selection.parse("--al"));
        assertThrows(IllegalArgumentException.class, () -> Selection.parse("-3"));
        assertThrows(IllegalArgumentException.class, () -> Selection.parse("99999999999999999999999"));
    }

    @Test
    void aDeadLetterIsReadFromItsCloudEvent() {
        CloudEvent original = patientUpdated();
        DeadLetter letter = read(letterFor(original, "java.lang.IllegalStateException: boom"));

        assertEquals(9, letter.sequence());
        assertEquals("notifications", letter.service());
        assertEquals("notifications-PATIENTS", letter.consumer());
        assertEquals("patient.updated", letter.originalSubject());
        assertEquals(original.getId(), letter.originalEventId());
        assertEquals(17, letter.originalStreamSequence());
        assertEquals(5, letter.deliveredCount());
        assertTrue(letter.readable());
        assertTrue(letter.replayable());
        assertEquals(original.getId(), codec.parse(letter.original().getBytes(StandardCharsets.UTF_8)).getId());
    }

    @Test
    void theReplayMessageIdIsNotTheEventIdAndIsTheSameForEveryReplayOfOneDeadLetter() {
        CloudEvent original = patientUpdated();
        DeadLetter letter = read(letterFor(original, "boom"));

        assertNotEquals(original.getId(), letter.replayMessageId(), "JetStream would drop it inside its window");
        assertEquals(original.getId() + "-replay-9", letter.replayMessageId());
        assertEquals(letter.replayMessageId(), read(letterFor(original, "boom")).replayMessageId());
    }

    @Test
    void aMessageThatIsNotADeadLetterIsListedButCannotBeReplayed() {
        DeadLetter letter = DeadLetter.read(codec, 3, "deadletter.appointment", STORED,
                "{not json".getBytes(StandardCharsets.UTF_8));

        assertEquals("appointment", letter.service());
        assertFalse(letter.replayable());
        assertTrue(letter.error().startsWith("not a dead letter"), letter.error());
        assertEquals(STORED, letter.deadLetteredAt());
    }

    @Test
    void aDeadLetterThatPointsAtTheDeadLetterStreamIsNotReplayed() {
        DeadLetterData data = new DeadLetterData("x-DEADLETTER", "deadletter.x", "id-1", 1, 1, "boom", "{}");
        DeadLetter letter = read(codec.create("deadletter.notifications", "x", data, Origin.service()));

        assertFalse(letter.replayable(), "a replay must not feed the dead letters back into themselves");
    }

    @Test
    void theHealthWarningAppearsWithTheFirstDeadLetterAndNamesTheCommand() {
        assertEquals(Optional.empty(), DeadLetterHealth.warning(0, "deadletter.notifications"));
        assertTrue(DeadLetterHealth.warning(1, "deadletter.notifications").orElseThrow()
                .startsWith("1 dead letter pending on deadletter.notifications"));
        String two = DeadLetterHealth.warning(2, "deadletter.notifications").orElseThrow();
        assertTrue(two.startsWith("2 dead letters pending"), two);
        assertTrue(two.contains("./clinic deadletters replay"), two);
    }

    @Test
    void aServiceNameCannotWidenTheSubject() {
        assertEquals("deadletter.doctor-availability", DeadLetters.subjectOf("doctor-availability"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetters.subjectOf(">"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetters.subjectOf("a.*"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetters.subjectOf(""));
    }

    private static final String SEALED = new ContactDetails("Alice Example", "alice@example.org", null)
            .seal("patient-123", ContactDetails.newKey());

    private CloudEvent patientUpdated() {
        return codec.create(Subjects.PATIENT_UPDATED, "patient-123", new PatientEventData("patient-123", SEALED, null),
                Origin.service());
    }

    private CloudEvent letterFor(CloudEvent original, String error) {
        DeadLetterData data = new DeadLetterData("notifications-PATIENTS", original.getType(), original.getId(), 17, 5,
                error, new String(codec.serialize(original), StandardCharsets.UTF_8));
        return codec.create("deadletter.notifications", original.getSubject(), data, Origin.causedBy(original));
    }

    private DeadLetter read(CloudEvent letter) {
        return DeadLetter.read(codec, 9, "deadletter.notifications", STORED, codec.serialize(letter));
    }
}
