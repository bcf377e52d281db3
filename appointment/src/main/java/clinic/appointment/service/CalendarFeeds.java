package clinic.appointment.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentNotFoundException;
import clinic.appointment.AppointmentStatus;
import clinic.appointment.CalendarFeed;
import clinic.appointment.repository.AppointmentRepository;
import clinic.eventbus.Transactions;
import clinic.http.ICalendar;
import clinic.http.Paging;
import clinic.http.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * A patient's or a doctor's appointments as an iCalendar feed, and the tokens that let a calendar client read one
 * without a bearer header. A feed holds times, a title and a status: no notes, no names, no contact details, since
 * calendar clients copy what they read to places the clinic does not control.
 */
@ApplicationScoped
public class CalendarFeeds {

    /** How far back a feed reaches, and how many appointments it holds at most (the first from then on). */
    static final Duration PAST = Duration.ofDays(90);
    static final int MOST = 1000;
    private static final List<String> SHOWN = List.of(AppointmentStatus.SCHEDULED.code(),
            AppointmentStatus.CONFIRMED.code(), AppointmentStatus.COMPLETED.code(), AppointmentStatus.NO_SHOW.code());

    private final AppointmentService appointments;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    public CalendarFeeds(AppointmentService appointments) {
        this.appointments = appointments;
    }

    /** Whose calendar a feed is: a patient's or a doctor's. */
    public record Of(String patientId, String doctorId) {
    }

    /** A token just made: the record, and the token itself (shown this once). */
    public record Made(CalendarFeed feed, String token) {
    }

    /** The appointments of the calendar the scope may see, as iCalendar text. */
    public Uni<Feed> render(Of of, Scope scope) {
        Optional<Scope> visible = scope.narrow(of.patientId(), of.doctorId());
        if (visible.isEmpty()) {
            return Uni.createFrom().item(new Feed(of, List.of(), text(of, List.of())));
        }
        Instant now = clock.instant();
        AppointmentRepository.Filter filter = new AppointmentRepository.Filter(visible.get().patientId(),
                visible.get().doctorId(), now.minus(PAST), null, SHOWN);
        return appointments.list(filter, Paging.of(1, MOST, MOST, MOST))
                .map(page -> new Feed(of, page.items(), text(of, page.items())));
    }

    /** A rendered feed, with the appointments it shows (for the audit). */
    public record Feed(Of of, List<Appointment> appointments, String text) {
    }

    private String text(Of of, List<Appointment> shown) {
        String name = of.doctorId() != null ? "Appointments of doctor " + of.doctorId()
                : "Clinic appointments";
        return ICalendar.feed(name, shown.stream().map(CalendarFeeds::event).toList(), clock.instant());
    }

    /** The event of an appointment, the same in a feed and in its e-mails. */
    public static ICalendar.Event event(Appointment appointment) {
        ICalendar.Status status = switch (appointment.status()) {
            case SCHEDULED -> ICalendar.Status.TENTATIVE;
            case REJECTED, CANCELLED -> ICalendar.Status.CANCELLED;
            default -> ICalendar.Status.CONFIRMED;
        };
        return new ICalendar.Event(ICalendar.uid(appointment.id.toString()), appointment.startAt, appointment.endAt,
                "Appointment", status, appointment.version);
    }

    /** Makes a token for one calendar; the caller's scope must cover it (the resource checks the role). */
    public Uni<Made> make(String owner, Scope ownerScope, Of of) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        CalendarFeed feed = new CalendarFeed();
        feed.id = UUID.randomUUID();
        feed.owner = owner;
        feed.patientId = of.patientId();
        feed.doctorId = of.doctorId();
        feed.scopePatientId = ownerScope.patientId();
        feed.scopeDoctorId = ownerScope.doctorId();
        feed.tokenHash = hash(token);
        feed.createdAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return Transactions.withTransaction(feed::persist).replaceWith(new Made(feed, token));
    }

    /** The owner's feeds still in force, oldest first. */
    public Uni<List<CalendarFeed>> ownedBy(String owner) {
        return Panache.withSession(() -> CalendarFeed.<CalendarFeed>find("owner = ?1 and revokedAt is null",
                Sort.by("createdAt").and("id"), owner).list());
    }

    /** Revokes the feed: its owner's, or anyone's for an admin; another's is not found, as an unknown one. */
    public Uni<Void> revoke(UUID id, String owner, boolean admin) {
        return Transactions.withTransaction(() -> CalendarFeed.<CalendarFeed>findById(id).invoke(feed -> {
            if (feed == null || (!admin && !feed.owner.equals(owner))) {
                throw new AppointmentNotFoundException(id, "calendar feed");
            }
            if (feed.revokedAt == null) {
                feed.revokedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            }
        })).replaceWithVoid();
    }

    /** The feed a token reads, if it is one in force; empty for anything else. */
    public Uni<Optional<CalendarFeed>> byToken(String token) {
        if (token == null || token.length() != 43) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Panache.withSession(() -> CalendarFeed.<CalendarFeed>find("tokenHash = ?1 and revokedAt is null",
                hash(token)).firstResult()).map(Optional::ofNullable);
    }

    private static String hash(String token) {
        return Sha256.hex(token);
    }
}
