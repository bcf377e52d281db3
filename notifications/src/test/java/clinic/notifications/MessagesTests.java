package clinic.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.Reason;
import clinic.notifications.service.Messages;

class MessagesTests {

    private static AppointmentEventData at(String time, String zone, String previous, Reason reason) {
        Instant start = Instant.parse(time);
        return new AppointmentEventData("a", "p", "d", start, start.plusSeconds(1800), 30, "confirmed", 2, zone,
                previous == null ? null : Instant.parse(previous), reason);
    }

    @Test
    void timesAreShownInTheDoctorsZoneAcrossDaylightSaving() {
        assertEquals("Sunday 28 March 2027 at 03:00 (Europe/Berlin)",
                Messages.localTime(Instant.parse("2027-03-28T01:00:00Z"), "Europe/Berlin"));
        assertEquals("Sunday 7 November 2027 at 01:30 (America/New_York)",
                Messages.localTime(Instant.parse("2027-11-07T06:30:00Z"), "America/New_York"));
    }

    @Test
    void anUnknownZoneFallsBackToUtc() {
        assertEquals("Wednesday 15 September 2027 at 10:00 (UTC)",
                Messages.localTime(Instant.parse("2027-09-15T10:00:00Z"), "Nowhere/Special"));
    }

    @Test
    void eachAppointmentOutcomeHasItsMessage() {
        var confirmed = Messages.forEvent(Subjects.APPOINTMENT_CONFIRMED, at("2027-09-15T10:00:00Z", "UTC", null, null));
        assertEquals("appointment_confirmed", confirmed.type());
        assertEquals("Your appointment on Wednesday 15 September 2027 at 10:00 (UTC) is confirmed.", confirmed.body());
        assertEquals("Your appointment on Wednesday 15 September 2027 at 10:00 (UTC) could not be booked: Busy.",
                Messages.forEvent(Subjects.APPOINTMENT_REJECTED,
                        at("2027-09-15T10:00:00Z", "UTC", null, new Reason("overlap", "Busy."))).body());
        assertEquals("Your appointment on Tuesday 14 September 2027 at 10:00 (UTC) has moved to Wednesday"
                + " 15 September 2027 at 10:00 (UTC).", Messages.forEvent(Subjects.APPOINTMENT_RESCHEDULED,
                        at("2027-09-15T10:00:00Z", "UTC", "2027-09-14T10:00:00Z", null)).body());
        assertEquals("appointment_cancelled", Messages.forEvent(Subjects.APPOINTMENT_CANCELLED,
                at("2027-09-15T10:00:00Z", "UTC", null, null)).type());
    }

    @Test
    void aSeriesRefusedAllOrNoneIsToldOnceByTheOccurrenceRefusedForItsOwnReason() {
        String own = "The doctor is away. The series is booked all or none: none of its appointments were booked.";
        assertEquals("Your appointment on Wednesday 15 September 2027 at 10:00 (UTC) could not be booked: " + own,
                Messages.forEvent(Subjects.APPOINTMENT_REJECTED,
                        at("2027-09-15T10:00:00Z", "UTC", null, new Reason("time_off", own))).body());
        assertNull(Messages.forEvent(Subjects.APPOINTMENT_REJECTED, at("2027-09-22T10:00:00Z", "UTC", null,
                new Reason(Reason.SERIES, "The series is booked all or none, and ..."))));
    }

    @Test
    void theTypesSaidToBeToldAreExactlyTheOnesWithAMessage() {
        for (String type : List.of(Subjects.APPOINTMENT_SCHEDULED, Subjects.APPOINTMENT_UPDATED,
                Subjects.APPOINTMENT_RESCHEDULED, Subjects.APPOINTMENT_RESCHEDULE_REFUSED,
                Subjects.APPOINTMENT_CONFIRMED, Subjects.APPOINTMENT_REJECTED, Subjects.APPOINTMENT_CANCELLED,
                Subjects.APPOINTMENT_COMPLETED, Subjects.APPOINTMENT_NO_SHOW)) {
            boolean hasMessage = Messages.forEvent(type, at("2027-09-15T10:00:00Z", "UTC", null, null)) != null;
            assertEquals(hasMessage, Messages.tells(type), type);
        }
    }

    @Test
    void otherEventsTellThePatientNothing() {
        assertNull(Messages.forEvent(Subjects.APPOINTMENT_SCHEDULED, at("2027-09-15T10:00:00Z", "UTC", null, null)));
        assertNull(Messages.forEvent(Subjects.APPOINTMENT_RESCHEDULE_REFUSED,
                at("2027-09-15T10:00:00Z", "UTC", null, null)));
    }
}
