package clinic.appointment.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.NoticeTooShortException;
import clinic.appointment.repository.DoctorSettingRepository;
import io.smallrye.mutiny.Uni;

/**
 * The doctor's least notice to book, and to cancel or move, as doctor-availability last announced it. Applied
 * where the caller is known: a patient is refused, staff pass and are audited. Until a doctor's settings reach
 * this service no notice applies to them.
 */
@ApplicationScoped
public class Notices {

    /** The longest notice a doctor may ask for: an appointment further ahead than this needs no lookup. */
    static final Duration LONGEST = Duration.ofDays(30);

    private final DoctorSettingRepository settings;
    private final Clock clock = Clock.systemUTC();

    public Notices(DoctorSettingRepository settings) {
        this.settings = settings;
    }

    /** Within the current session: whether a booking at {@code start} comes sooner than the notice to book. */
    public Uni<Boolean> checkBooking(Notice notice, String doctorId, Instant start) {
        return check(notice, doctorId, start, true);
    }

    /** Likewise for a change (a cancellation or a move) of an appointment that starts at {@code start}. */
    public Uni<Boolean> checkChange(Notice notice, String doctorId, Instant start) {
        return check(notice, doctorId, start, false);
    }

    /**
     * Answers true when the notice is set aside (only ever for a {@linkplain Notice#overridable staff} request),
     * fails with {@link NoticeTooShortException} when a patient is too late.
     */
    private Uni<Boolean> check(Notice notice, String doctorId, Instant start, boolean booking) {
        Instant now = clock.instant();
        if (!start.isBefore(now.plus(LONGEST))) {
            return Uni.createFrom().item(false);
        }
        return settings.find(doctorId).map(setting -> {
            Duration needed = setting == null ? Duration.ZERO : Duration.ofMinutes(booking
                    ? setting.minBookingNoticeMinutes : setting.minCancelNoticeMinutes);
            if (!start.isBefore(now.plus(needed))) {
                return false;
            }
            if (notice.enforced()) {
                throw new NoticeTooShortException((booking ? "The doctor takes bookings at least "
                        : "The doctor asks for at least ") + words(needed) + (booking ? " ahead" : " notice to cancel"
                        + " or move an appointment") + "; please call the clinic.");
            }
            return true;
        });
    }

    private static String words(Duration notice) {
        long minutes = notice.toMinutes();
        if (minutes % 1440 == 0) {
            return plural(minutes / 1440, "day");
        }
        return minutes % 60 == 0 ? plural(minutes / 60, "hour") : plural(minutes, "minute");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
