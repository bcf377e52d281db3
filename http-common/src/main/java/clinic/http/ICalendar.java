package clinic.http;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * Appointments as RFC 5545 iCalendar text (ical4j writes it: escaping, CRLF, lines folded at 75 octets): a feed
 * of a calendar ({@code METHOD:PUBLISH}) and an invitation or its cancellation ({@code REQUEST}, {@code CANCEL},
 * RFC 5546). An event carries times, a title, a status and its version, never notes or contact details; an
 * appointment is the same event (the same {@code UID}) wherever it appears, and its version is the
 * {@code SEQUENCE} a calendar client keeps the newest of.
 */
public final class ICalendar {

    public static final String MEDIA_TYPE = "text/calendar";
    private static final String PRODUCT = "-//Clinic//Scheduling//EN";

    private ICalendar() {
    }

    public enum Status {
        TENTATIVE, CONFIRMED, CANCELLED
    }

    /** One appointment as an event; {@code uid} is unique to it and stays the same through its changes. */
    public record Event(String uid, Instant start, Instant end, String summary, Status status, long sequence) {
    }

    /** An appointment's event UID, the same in every feed and every e-mail, so clients keep one event for it. */
    public static String uid(String appointmentId) {
        return appointmentId + "@clinic";
    }

    /** A calendar to subscribe to. */
    public static String feed(String name, List<Event> events, Instant stamp) {
        Calendar calendar = calendar();
        calendar.add(ImmutableMethod.PUBLISH);
        calendar.add(new XProperty("X-WR-CALNAME", name));
        for (Event event : events) {
            calendar.add(event(event, stamp));
        }
        return write(calendar);
    }

    /**
     * One appointment sent to its attendee: an invitation a mail client adds to the calendar, or (cancelled) the
     * message that removes it.
     */
    public static String invitation(Event event, String organizerEmail, String attendeeEmail, Instant stamp) {
        Calendar calendar = calendar();
        boolean cancel = event.status() == Status.CANCELLED;
        calendar.add(cancel ? ImmutableMethod.CANCEL : ImmutableMethod.REQUEST);
        VEvent vevent = event(event, stamp);
        vevent.add(new Organizer(URI.create("mailto:" + organizerEmail)));
        vevent.add(new Attendee(URI.create("mailto:" + attendeeEmail)));
        calendar.add(vevent);
        return write(calendar);
    }

    private static Calendar calendar() {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODUCT));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        return calendar;
    }

    private static VEvent event(Event event, Instant stamp) {
        VEvent vevent = new VEvent(event.start(), event.end(), event.summary());
        vevent.replace(new DtStamp(stamp));
        vevent.add(new Uid(event.uid()));
        vevent.add(new Sequence((int) Math.min(Integer.MAX_VALUE, event.sequence())));
        vevent.add(switch (event.status()) {
            case TENTATIVE -> ImmutableStatus.VEVENT_TENTATIVE;
            case CONFIRMED -> ImmutableStatus.VEVENT_CONFIRMED;
            case CANCELLED -> ImmutableStatus.VEVENT_CANCELLED;
        });
        return vevent;
    }

    private static String write(Calendar calendar) {
        StringWriter text = new StringWriter();
        try {
            // Not validated on the way out: every calendar here is made above, and validation walks rule sets
            // that cost more than the writing.
            new CalendarOutputter(false).output(calendar, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
