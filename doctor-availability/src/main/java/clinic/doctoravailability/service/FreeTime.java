package clinic.doctoravailability.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.doctoravailability.Doctor;
import clinic.doctoravailability.repository.CalendarRepository;
import io.smallrye.mutiny.Uni;

/**
 * A doctor's free time as a booking would find it ({@link FreeSlots}: working time, time off, the other
 * appointments with the doctor's buffers, the booking notice), read in the current session: for the free-slot
 * search and for the waitlist offering time that became bookable.
 */
@ApplicationScoped
public class FreeTime {

    private final CalendarRepository calendar;
    private final Clock clock = Clock.systemUTC();

    public FreeTime(CalendarRepository calendar) {
        this.calendar = calendar;
    }

    /** The free slots of a local day in the doctor's zone ({@code doctor} null: not registered, a UTC day). */
    public Uni<List<FreeSlots.Slot>> ofDay(Doctor doctor, String doctorId, LocalDate date, Duration length) {
        ZoneId zone = CalendarRepository.zone(doctor);
        Optional<TimeRange> realDay = WallClock.day(date, zone);
        if (realDay.isEmpty()) {
            return Uni.createFrom().item(List.of()); // the zone skipped this date
        }
        TimeRange day = realDay.get();
        Instant notBefore = clock.instant().plus(Duration.ofMinutes(doctor == null ? 0
                : doctor.minBookingNoticeMinutes));
        return calendar.calendar(doctor, doctorId, day).chain(doctorCalendar -> calendar
                .blocks(doctorId, day.widened(doctorCalendar.clearance()))
                .map(busy -> FreeSlots.of(doctorCalendar, date, length, busy, notBefore)));
    }
}
