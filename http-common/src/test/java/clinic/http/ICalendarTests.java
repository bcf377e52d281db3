package clinic.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;

class ICalendarTests {

    private static final Instant STAMP = Instant.parse("2027-01-01T00:00:00Z");
    private static final ICalendar.Event CONFIRMED = new ICalendar.Event("a1@clinic", Instant.parse(
            "2027-09-15T10:00:00Z"), Instant.parse("2027-09-15T10:30:00Z"),
            "Appointment; with, punctuation \\ and a title long enough to be folded over two lines of the file",
            ICalendar.Status.CONFIRMED, 3);

    @Test
    void aFeedReadsBackAsTheSameEventsInFoldedCrlfLines() throws Exception {
        ICalendar.Event tentative = new ICalendar.Event("a2@clinic", Instant.parse("2027-09-16T08:00:00Z"),
                Instant.parse("2027-09-16T08:45:00Z"), "Appointment", ICalendar.Status.TENTATIVE, 1);
        String text = ICalendar.feed("Dr. Who's appointments", List.of(CONFIRMED, tentative), STAMP);
        for (String line : text.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
            assertTrue(!line.contains("\n"), "CRLF only");
        }
        Calendar calendar = new CalendarBuilder().build(new StringReader(text));
        assertEquals("PUBLISH", calendar.getProperty("METHOD").get().getValue());
        List<VEvent> events = calendar.getComponents("VEVENT");
        assertEquals(2, events.size());
        VEvent first = events.get(0);
        assertEquals(CONFIRMED.summary(), first.getSummary().getValue());
        assertEquals("a1@clinic", first.getUid().get().getValue());
        assertEquals("20270915T100000Z", first.getProperty("DTSTART").get().getValue());
        assertEquals("20270915T103000Z", first.getProperty("DTEND").get().getValue());
        assertEquals("3", first.getProperty("SEQUENCE").get().getValue());
        assertEquals("CONFIRMED", first.getProperty("STATUS").get().getValue());
        assertEquals("TENTATIVE", events.get(1).getProperty("STATUS").get().getValue());
        assertEquals(2, text.split("DTSTAMP", -1).length - 1, "one DTSTAMP per event");
    }

    @Test
    void anInvitationAndItsCancellation() throws Exception {
        String request = ICalendar.invitation(CONFIRMED, "clinic@example.org", "pat@example.org", STAMP);
        Calendar invited = new CalendarBuilder().build(new StringReader(request));
        assertEquals("REQUEST", invited.getProperty("METHOD").get().getValue());
        VEvent event = invited.<VEvent>getComponents("VEVENT").get(0);
        assertEquals("mailto:clinic@example.org", event.getProperty("ORGANIZER").get().getValue());
        assertEquals("mailto:pat@example.org", event.getProperty("ATTENDEE").get().getValue());

        ICalendar.Event cancelled = new ICalendar.Event(CONFIRMED.uid(), CONFIRMED.start(), CONFIRMED.end(),
                "Appointment", ICalendar.Status.CANCELLED, 4);
        Calendar cancel = new CalendarBuilder().build(new StringReader(ICalendar.invitation(cancelled,
                "clinic@example.org", "pat@example.org", STAMP)));
        assertEquals("CANCEL", cancel.getProperty("METHOD").get().getValue());
        assertEquals("CANCELLED", cancel.getComponents("VEVENT").get(0).getProperty("STATUS").get().getValue());
    }
}
