package clinic.doctoravailability.service;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import clinic.doctoravailability.CalendarEntryNotFoundException;
import clinic.doctoravailability.Doctor;
import clinic.doctoravailability.WaitlistEntry;
import clinic.doctoravailability.config.AvailabilityConfig;
import clinic.doctoravailability.repository.CalendarRepository;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Outbox;
import clinic.eventbus.Subjects;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.WaitlistEventData;
import clinic.http.Paging;
import clinic.http.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The waitlist: patients waiting for a doctor's time. A time freed in the calendar (a cancellation, a no-show, a
 * move away, an offer let go; a window opened or time off removed) is offered, in the transaction that freed it, to the first waiting patient whose
 * wishes it meets: held for them by a block whose appointment id is the offer's (so no booking can take it) until
 * the offer expires, then offered to the next. Accepting announces {@code availability.waitlist_accepted}, which the
 * appointment service books under that id through the saga; its block is already there.
 */
@ApplicationScoped
public class Waitlist {

    /** Waiting entries looked at per freed time: the first that fits is offered it. */
    private static final int LOOKED_AT = 200;
    /** Days of a time made bookable looked through for each waiting entry. */
    static final int DAYS_LOOKED_AT = 31;

    private final CalendarRepository calendar;
    private final FreeTime freeTime;
    private final EventCodec codec;
    private final Outbox outbox;
    private final AvailabilityConfig config;
    private final Clock clock = Clock.systemUTC();

    public Waitlist(CalendarRepository calendar, FreeTime freeTime, EventCodec codec, Outbox outbox,
            AvailabilityConfig config) {
        this.calendar = calendar;
        this.freeTime = freeTime;
        this.codec = codec;
        this.outbox = outbox;
        this.config = config;
    }

    /** What a patient waits for, already validated: null days, earliest or latest mean any. */
    public record Wish(String patientId, String doctorId, LocalDate from, LocalDate to, Set<DayOfWeek> days,
            LocalTime earliest, LocalTime latest, int durationMinutes) {
    }

    public Uni<WaitlistEntry> join(Wish wish, String createdBy) {
        WaitlistEntry entry = new WaitlistEntry();
        entry.id = UUID.randomUUID();
        entry.patientId = wish.patientId();
        entry.doctorId = wish.doctorId();
        entry.fromDate = wish.from();
        entry.toDate = wish.to();
        entry.daysOfWeek = wish.days() == null ? null : wish.days().stream().sorted()
                .map(day -> Integer.toString(day.getValue())).collect(Collectors.joining(","));
        entry.earliestTime = wish.earliest();
        entry.latestTime = wish.latest();
        entry.durationMinutes = wish.durationMinutes();
        entry.status = WaitlistEntry.WAITING;
        entry.createdBy = createdBy;
        entry.createdAt = clock.instant();
        entry.updatedAt = entry.createdAt;
        return Transactions.withTransaction(entry::persist).replaceWith(entry);
    }

    /** The entries within the scope (still waiting or offered unless {@code all}), oldest first. */
    public Uni<Paging.PageOf<WaitlistEntry>> list(Scope scope, boolean all, Paging paging) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (scope.patientId() != null) {
            query.append(" and patientId = :patient");
            parameters.and("patient", scope.patientId());
        }
        if (scope.doctorId() != null) {
            query.append(" and doctorId = :doctor");
            parameters.and("doctor", scope.doctorId());
        }
        if (!all) {
            query.append(" and status in ('waiting', 'offered')");
        }
        return Panache.withSession(() -> paging.fetch(WaitlistEntry.<WaitlistEntry>find(query.toString(),
                Sort.by("createdAt").and("id"), parameters)));
    }

    public Uni<WaitlistEntry> find(UUID id, Scope scope) {
        return Panache.withSession(() -> visible(WaitlistEntry.findById(id), id, scope));
    }

    /** Leaves the waitlist; an offer held for the entry is let go (and offered to the next). */
    public Uni<WaitlistEntry> cancel(UUID id, Scope scope, Origin origin) {
        return Transactions.withTransaction(() -> visible(WaitlistEntry.findById(id, LockModeType.PESSIMISTIC_WRITE),
                id, scope).chain(entry -> {
                    if (WaitlistEntry.CANCELLED.equals(entry.status) || WaitlistEntry.ACCEPTED.equals(entry.status)) {
                        return Uni.createFrom().item(entry);
                    }
                    Uni<Void> released = WaitlistEntry.OFFERED.equals(entry.status) ? letGo(entry, origin)
                            : Uni.createFrom().voidItem();
                    return released.invoke(() -> {
                        entry.status = WaitlistEntry.CANCELLED;
                        entry.updatedAt = clock.instant();
                    }).replaceWith(entry);
                }));
    }

    /** Accepts the time offered: announced for the appointment service to book; refused once expired. */
    public Uni<WaitlistEntry> accept(UUID id, Scope scope, Origin origin) {
        return Transactions.withTransaction(() -> visible(WaitlistEntry.findById(id, LockModeType.PESSIMISTIC_WRITE),
                id, scope).chain(entry -> {
                    if (WaitlistEntry.ACCEPTED.equals(entry.status)) {
                        return Uni.createFrom().item(entry); // accepted before: the same answer
                    }
                    if (!WaitlistEntry.OFFERED.equals(entry.status)
                            || !clock.instant().isBefore(entry.offerExpiresAt)) {
                        throw new WaitlistOfferGoneException(WaitlistEntry.OFFERED.equals(entry.status)
                                ? "The offer has expired; you are still on the waitlist."
                                : "There is no time offered to accept; you are " + (WaitlistEntry.WAITING.equals(
                                        entry.status) ? "still on the waitlist." : "no longer on the waitlist."));
                    }
                    entry.status = WaitlistEntry.ACCEPTED;
                    entry.offerExpiresAt = null;
                    entry.updatedAt = clock.instant();
                    return calendar.zone(entry.doctorId).chain(zone -> announce(
                            Subjects.AVAILABILITY_WAITLIST_ACCEPTED, entry, zone, origin)).replaceWith(entry);
                }));
    }

    /**
     * A range of the doctor's calendar was freed in the current transaction: offers it to the first waiting entry
     * (after {@code after}, when a later one is to have it) that it fits.
     */
    public Uni<Void> offerFreed(String doctorId, TimeRange freed, ZoneId zone, Origin origin, Instant after) {
        Instant now = clock.instant();
        if (!freed.start().isAfter(now)) {
            return Uni.createFrom().voidItem(); // a time already begun or past is of no use to anyone
        }
        LocalDate day = freed.start().atZone(zone).toLocalDate();
        return waiting(doctorId, day, day, after).chain(waiting -> {
            for (WaitlistEntry entry : waiting) {
                Optional<TimeRange> offered = fit(entry, freed, zone);
                if (offered.isPresent()) {
                    return offer(entry, offered.get(), zone, origin);
                }
            }
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Time became bookable in the current transaction (a window opened, time off removed): each waiting entry of the
     * doctor, in asking order, is offered the first free time in it that meets its wishes, as a booking would find
     * it (working time, time off, the other appointments and the doctor's buffers, the booking notice), looking
     * {@value #DAYS_LOOKED_AT} days into the range at most. Each offer holds its time, so the next entry finds the
     * time after it.
     *
     * @param doctor the doctor, null when not registered
     */
    public Uni<Void> offerOpened(Doctor doctor, String doctorId, TimeRange opened, Origin origin) {
        Instant now = clock.instant();
        if (!opened.end().isAfter(now)) {
            return Uni.createFrom().voidItem();
        }
        ZoneId zone = CalendarRepository.zone(doctor);
        LocalDate firstDay = (opened.start().isAfter(now) ? opened.start() : now).atZone(zone).toLocalDate();
        LocalDate lastDay = opened.end().minusNanos(1).atZone(zone).toLocalDate();
        return waiting(doctorId, firstDay, lastDay, null).chain(waiting -> Multi.createFrom().iterable(waiting).onItem()
                        .transformToUniAndConcatenate(entry -> firstFit(doctor, doctorId, entry, opened, zone,
                                max(firstDay, entry.fromDate), min(lastDay, entry.toDate))
                                .chain(fit -> fit.isEmpty() ? Uni.createFrom().voidItem()
                                        : offer(entry, fit.get(), zone, origin)))
                        .collect().last().replaceWithVoid());
    }

    /**
     * The doctor's waiting entries whose days meet {@code first}..{@code last} (and that asked after {@code after},
     * when given), in asking order, locked for the offer.
     */
    private Uni<List<WaitlistEntry>> waiting(String doctorId, LocalDate first, LocalDate last, Instant after) {
        return Panache.getSession().chain(session -> session.createSelectionQuery("from WaitlistEntry where"
                + " doctorId = :doctor and status = 'waiting' and fromDate <= :last and toDate >= :first"
                + " and createdAt > :after order by createdAt, id", WaitlistEntry.class)
                .setParameter("doctor", doctorId).setParameter("first", first).setParameter("last", last)
                .setParameter("after", after == null ? Instant.EPOCH : after)
                .setMaxResults(LOOKED_AT)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList());
    }

    /** The first free time of the entry's length in {@code opened}, on the days given, that its wishes take. */
    private Uni<Optional<TimeRange>> firstFit(Doctor doctor, String doctorId, WaitlistEntry entry, TimeRange opened,
            ZoneId zone, LocalDate from, LocalDate to) {
        Duration length = Duration.ofMinutes(entry.durationMinutes);
        Uni<Optional<TimeRange>> found = Uni.createFrom().item(Optional.empty());
        for (LocalDate day : from.datesUntil(to.plusDays(1)).limit(DAYS_LOOKED_AT).toList()) {
            found = found.chain(earlier -> earlier.isPresent() ? Uni.createFrom().item(earlier)
                    : freeTime.ofDay(doctor, doctorId, day, length).map(slots -> slots.stream()
                            .map(slot -> new TimeRange(slot.start(), slot.end()))
                            .filter(opened::contains)
                            .flatMap(slot -> fit(entry, slot, zone).stream())
                            .findFirst()));
        }
        return found;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    /** The time of the freed range the entry would take: from its start, the entry's length, within its wishes. */
    static Optional<TimeRange> fit(WaitlistEntry entry, TimeRange freed, ZoneId zone) {
        TimeRange wanted = new TimeRange(freed.start(), freed.start().plus(entry.durationMinutes, ChronoUnit.MINUTES));
        if (!freed.contains(wanted)) {
            return Optional.empty();
        }
        ZonedDateTime start = wanted.start().atZone(zone);
        ZonedDateTime end = wanted.end().atZone(zone);
        if (start.toLocalDate().isBefore(entry.fromDate) || start.toLocalDate().isAfter(entry.toDate)) {
            return Optional.empty();
        }
        if (entry.daysOfWeek != null && Arrays.stream(entry.daysOfWeek.split(",")).map(Integer::parseInt)
                .noneMatch(day -> day == start.getDayOfWeek().getValue())) {
            return Optional.empty();
        }
        if (entry.earliestTime != null && start.toLocalTime().isBefore(entry.earliestTime)) {
            return Optional.empty();
        }
        if (entry.latestTime != null && (end.toLocalTime().isAfter(entry.latestTime)
                || !end.toLocalDate().equals(start.toLocalDate()))) {
            return Optional.empty();
        }
        return Optional.of(wanted);
    }

    private Uni<Void> offer(WaitlistEntry entry, TimeRange range, ZoneId zone, Origin origin) {
        UUID appointmentId = UUID.randomUUID();
        Instant now = clock.instant();
        return calendar.block(UUID.randomUUID(), appointmentId, entry.doctorId, range, now).chain(held -> {
            if (!held) {
                return Uni.createFrom().voidItem(); // taken meanwhile by a booking: nothing to offer
            }
            entry.status = WaitlistEntry.OFFERED;
            entry.offerAppointmentId = appointmentId;
            entry.offerStartAt = range.start();
            entry.offerEndAt = range.end();
            Instant hold = now.plus(config.waitlistHold()).truncatedTo(ChronoUnit.SECONDS);
            entry.offerExpiresAt = hold.isBefore(range.start()) ? hold : range.start();
            entry.updatedAt = now;
            Log.debugf("Waitlist entry %s offered %s", entry.id, range.start());
            return announce(Subjects.AVAILABILITY_WAITLIST_OFFERED, entry, zone, origin);
        });
    }

    /**
     * Offers past their time: the entry waits again, the hold goes, and the time is offered to the next entry
     * (one that asked later). Each replica takes its own ({@code SKIP LOCKED}).
     */
    @Scheduled(every = "${clinic.availability.waitlist-sweep:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireOffers() {
        return Transactions.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select id from waitlist_entry where status in (:offered) and offer_expires_at"
                        + " <= :now order by offer_expires_at limit 20 for update skip locked", UUID.class)
                // A list parameter: Hibernate Reactive keeps no query plan cache entry per execution then (see
                // CalendarRepository.calendar).
                .setParameter("offered", List.of(WaitlistEntry.OFFERED))
                .setParameter("now", clock.instant())
                .getResultList())
                .chain(due -> Multi.createFrom().iterable(due).onItem()
                        .transformToUniAndConcatenate(id -> WaitlistEntry.<WaitlistEntry>findById(id)
                                .chain(entry -> letGo(entry, Origin.service())))
                        .collect().last()))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Expiring waitlist offers failed (tried again at the next sweep): %s", failure.toString());
                    return null;
                });
    }

    /** Lets an offer go: the entry waits again, its hold is released and the time offered to a later entry. */
    private Uni<Void> letGo(WaitlistEntry entry, Origin origin) {
        TimeRange range = new TimeRange(entry.offerStartAt, entry.offerEndAt);
        UUID held = entry.offerAppointmentId;
        entry.status = WaitlistEntry.WAITING;
        entry.offerAppointmentId = null;
        entry.offerStartAt = null;
        entry.offerEndAt = null;
        entry.offerExpiresAt = null;
        entry.updatedAt = clock.instant();
        return Panache.flush().chain(() -> calendar.release(held, null))
                .chain(() -> calendar.zone(entry.doctorId))
                .chain(zone -> offerFreed(entry.doctorId, range, zone, origin, entry.createdAt));
    }

    private Uni<Void> announce(String type, WaitlistEntry entry, ZoneId zone, Origin origin) {
        WaitlistEventData data = new WaitlistEventData(entry.id.toString(), entry.offerAppointmentId.toString(),
                entry.patientId, entry.doctorId, entry.offerStartAt, entry.offerEndAt, entry.durationMinutes,
                zone.getId(), entry.offerExpiresAt);
        return outbox.enqueue(codec.create(type, entry.id.toString(), data, origin)).replaceWithVoid();
    }

    private static Uni<WaitlistEntry> visible(Uni<WaitlistEntry> found, UUID id, Scope scope) {
        return found.map(entry -> {
            if (entry == null || !scope.covers(entry.patientId, entry.doctorId)) {
                throw new CalendarEntryNotFoundException("No waitlist entry " + id + ".");
            }
            return entry;
        });
    }

    /** An offer that cannot be accepted (expired, or none): answered 409 with this message. */
    public static class WaitlistOfferGoneException extends RuntimeException {
        WaitlistOfferGoneException(String message) {
            super(message);
        }
    }
}
