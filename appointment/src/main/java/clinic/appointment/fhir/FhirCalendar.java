package clinic.appointment.fhir;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.config.AppointmentConfig;
import clinic.appointment.repository.HoldRepository;
import clinic.appointment.service.AppointmentService;
import clinic.eventbus.payload.CalendarQuery;
import clinic.http.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Doctors' free times for Slot and {@code $find}: as doctor-availability's free-slot search computes them (from
 * working hours, windows, time off and its blocks), less the times this service's own bookings hold that
 * doctor-availability has not answered yet, so nothing held or booked is ever offered.
 */
@ApplicationScoped
public class FhirCalendar {

    /** The longest range one search of free times may span, as doctor-availability answers it. */
    static final Duration MAX_RANGE = Duration.ofDays(31);
    static final Duration DEFAULT_RANGE = Duration.ofDays(7);

    private final FhirDirectory directory;
    private final AppointmentService appointments;
    private final AppointmentConfig config;
    private final Clock clock = Clock.systemUTC();

    public FhirCalendar(FhirDirectory directory, AppointmentService appointments, AppointmentConfig config) {
        this.directory = directory;
        this.appointments = appointments;
        this.config = config;
    }

    /**
     * A search's range of start times: open ends from now and for {@link #DEFAULT_RANGE}, never before now, at most
     * {@link #MAX_RANGE} long.
     */
    public FhirSearch.Window range(FhirSearch.Window asked, String name) {
        Instant now = clock.instant();
        Instant from = asked.from() == null || asked.from().isBefore(now) ? now : asked.from();
        Instant to = asked.to() == null ? from.plus(DEFAULT_RANGE) : asked.to();
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ProblemException.badField(name, "may span at most " + MAX_RANGE.toDays() + " days");
        }
        return new FhirSearch.Window(from, to);
    }

    /**
     * The doctors (by FHIR id, or all active ones of a specialty when no id is given) with their free times in
     * [from, to), less what this service's bookings hold; by earliest free time.
     */
    public Uni<List<CalendarQuery.DoctorRecord>> freeTimes(List<String> fhirIds, String specialty, Instant from,
            Instant to, int minutes) {
        if (!to.isAfter(from)) {
            return Uni.createFrom().item(List.of());
        }
        CalendarQuery query = new CalendarQuery(null, fhirIds, null, fhirIds == null ? Boolean.TRUE : null, specialty,
                1, config.maxPageSize(), from, to, minutes);
        return directory.calendar(query).chain(found -> appointments.held(found.doctors().stream()
                .map(CalendarQuery.DoctorRecord::id).toList(), from, to).map(held -> found.doctors().stream()
                        .map(doctor -> withoutHeld(doctor, held)).toList()));
    }

    private static CalendarQuery.DoctorRecord withoutHeld(CalendarQuery.DoctorRecord doctor,
            List<HoldRepository.Held> held) {
        List<CalendarQuery.FreeTime> free = doctor.free() == null ? List.of() : doctor.free().stream()
                .filter(time -> held.stream().noneMatch(hold -> hold.doctorId().equals(doctor.id())
                        && hold.start().isBefore(time.end()) && time.start().isBefore(hold.end())))
                .sorted(Comparator.comparing(CalendarQuery.FreeTime::start)).toList();
        return new CalendarQuery.DoctorRecord(doctor.id(), doctor.name(), doctor.specialty(), doctor.email(),
                doctor.phone(), doctor.timeZone(), doctor.active(), doctor.createdAt(), doctor.updatedAt(), free);
    }
}
