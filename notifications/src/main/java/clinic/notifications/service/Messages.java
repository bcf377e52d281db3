package clinic.notifications.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

import clinic.eventbus.Subjects;
import clinic.eventbus.payload.WaitlistEventData;
import clinic.http.ICalendar;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.Reason;

/**
 * What a patient reads. Times are shown in the doctor's time zone (the one the appointment event carries),
 * since that is where the patient has to be.
 */
public final class Messages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm",
            Locale.ENGLISH);

    private Messages() {
    }

    /** A message, and the calendar event an e-mail of it carries as an invitation (null: none). */
    public record Text(String type, String subject, String body, ICalendar.Event event) {

        Text(String type, String subject, String body) {
            this(type, subject, body, null);
        }
    }

    private static final Set<String> TOLD = Set.of(Subjects.APPOINTMENT_CONFIRMED, Subjects.APPOINTMENT_REJECTED,
            Subjects.APPOINTMENT_RESCHEDULED, Subjects.APPOINTMENT_CANCELLED);

    /** Whether patients are told of events of this type: {@link #forEvent} has a message for exactly these. */
    public static boolean tells(String eventType) {
        return TOLD.contains(eventType);
    }

    /**
     * The message for an appointment event, or null for events patients are not told about. Of a series booked all
     * or none and refused, the patient is told once: by the occurrence refused for its own reason, which says so;
     * the others, rejected because of it ({@link Reason#SERIES}), tell nothing more.
     */
    public static Text forEvent(String eventType, AppointmentEventData data) {
        if (Subjects.APPOINTMENT_REJECTED.equals(eventType) && data.reason() != null
                && Reason.SERIES.equals(data.reason().code())) {
            return null;
        }
        String when = localTime(data.appointmentTime(), data.timeZone());
        return switch (eventType) {
            case Subjects.APPOINTMENT_CONFIRMED -> new Text("appointment_confirmed", "Your appointment is confirmed",
                    "Your appointment on " + when + " is confirmed.", event(data, ICalendar.Status.CONFIRMED));
            case Subjects.APPOINTMENT_REJECTED -> new Text("appointment_rejected", "Your appointment could not be booked",
                    "Your appointment on " + when + " could not be booked"
                            + (data.reason() == null ? "." : ": " + data.reason().message()));
            case Subjects.APPOINTMENT_RESCHEDULED -> new Text("appointment_rescheduled", "Your appointment was moved",
                    "Your appointment"
                            + (data.previousAppointmentTime() == null ? ""
                                    : " on " + localTime(data.previousAppointmentTime(), data.timeZone()))
                            + " has moved to " + when + ".", event(data, ICalendar.Status.CONFIRMED));
            case Subjects.APPOINTMENT_CANCELLED -> new Text("appointment_cancelled", "Your appointment was cancelled",
                    "Your appointment on " + when + " has been cancelled.", event(data, ICalendar.Status.CANCELLED));
            default -> null;
        };
    }

    /** The appointment as a calendar event: its times, its status, its version as the sequence. */
    private static ICalendar.Event event(AppointmentEventData data, ICalendar.Status status) {
        return new ICalendar.Event(ICalendar.uid(data.appointmentId()), data.appointmentTime(), data.endTime(),
                "Appointment", status, data.version());
    }

    /** A time offered from the waitlist, and how to take it before the offer expires. */
    public static Text waitlistOffer(WaitlistEventData offer, String publicUrl) {
        return new Text("waitlist_offer", "A time with your doctor is free",
                "A time you were waiting for is free: " + localTime(offer.startTime(), offer.timeZone()) + ". It is"
                        + " held for you until " + localTime(offer.expiresAt(), offer.timeZone()) + "; to take it,"
                        + " accept it at " + publicUrl.replaceAll("/+$", "") + "/waitlist/" + offer.entryId()
                        + "/accept (POST, signed in).");
    }

    public static Text reminder(Instant appointmentTime, String timeZone) {
        return new Text("appointment_reminder", "Reminder: your appointment",
                "A reminder: your appointment is on " + localTime(appointmentTime, timeZone) + ".");
    }

    /** E.g. {@code Wednesday 15 September 2027 at 09:00 (Europe/Berlin)}. */
    public static String localTime(Instant instant, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null || timeZone.isBlank() ? "UTC" : timeZone);
        } catch (DateTimeException e) {
            zone = ZoneId.of("UTC");
        }
        return WHEN.format(instant.atZone(zone)) + " (" + zone.getId() + ")";
    }
}
