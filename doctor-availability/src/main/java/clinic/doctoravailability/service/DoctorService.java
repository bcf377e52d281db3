package clinic.doctoravailability.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.doctoravailability.AvailabilitySlot;
import clinic.doctoravailability.CalendarEntryNotFoundException;
import clinic.doctoravailability.Doctor;
import clinic.doctoravailability.TimeOff;
import clinic.doctoravailability.WorkingHours;
import clinic.doctoravailability.repository.CalendarRepository;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Outbox;
import clinic.eventbus.Subjects;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.DoctorSettings;
import clinic.http.FhirIds;
import clinic.http.NameSearch;
import clinic.http.Paging;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Doctors and their calendars as the API changes them. A change to working hours or time off announces
 * {@code availability.updated} (with the doctor's id) in the same transaction.
 */
@ApplicationScoped
public class DoctorService {

    private final CalendarRepository calendar;
    private final FreeTime freeTime;
    private final Waitlist waitlist;
    private final EventCodec codec;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    public DoctorService(CalendarRepository calendar, FreeTime freeTime, Waitlist waitlist, EventCodec codec,
            Outbox outbox) {
        this.calendar = calendar;
        this.freeTime = freeTime;
        this.waitlist = waitlist;
        this.codec = codec;
        this.outbox = outbox;
    }

    /** The fields a request may set; null means "leave as it is" (or the default on create). */
    public record DoctorChange(String name, String specialty, String email, String phone, String timeZone,
            Boolean active, Settings settings, java.util.Set<String> given) {
    }

    /** Buffers and notices in minutes; null means "leave as it is" (0 on create). */
    public record Settings(Integer bufferBeforeMinutes, Integer bufferAfterMinutes, Integer minBookingNoticeMinutes,
            Integer minCancelNoticeMinutes) {
    }

    public Uni<Doctor> create(DoctorChange change, Origin origin) {
        Doctor doctor = new Doctor();
        doctor.id = UUID.randomUUID().toString();
        doctor.timeZone = "UTC";
        doctor.active = true;
        doctor.createdAt = now();
        // inserted as announced (the announcement follows in the same transaction): no UPDATE after the INSERT
        doctor.settingsAnnounced = true;
        apply(doctor, change);
        return Transactions.withTransaction(() -> doctor.persist().chain(() -> announceUpdated(doctor, null, origin)))
                .replaceWith(doctor);
    }

    public Uni<Doctor> update(String id, DoctorChange change, Origin origin) {
        return Transactions.withTransaction(() -> lockedForChange(id).invoke(doctor -> apply(doctor, change))
                .call(doctor -> announceUpdated(doctor, null, origin)));
    }

    /** Deleting keeps the record (bookings name it) but stops new bookings: they are refused as inactive. */
    public Uni<Doctor> deactivate(String id, Origin origin) {
        return Transactions.withTransaction(() -> lockedForChange(id).invoke(doctor -> {
            doctor.active = false;
            doctor.updatedAt = now();
        }).call(doctor -> announceUpdated(doctor, null, origin)));
    }

    /**
     * The doctor, locked until the change commits: two changes of one doctor then announce their settings in the
     * order they commit, so the appointment service's copy (which keeps the newest by event time) ends as here.
     */
    private Uni<Doctor> lockedForChange(String id) {
        return Doctor.<Doctor>findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).onItem().ifNull()
                .failWith(() -> new CalendarEntryNotFoundException("No doctor " + id + "."));
    }

    public Uni<Doctor> find(String id) {
        return Panache.withSession(() -> existing(id));
    }

    public Uni<Paging.PageOf<Doctor>> list(Paging paging) {
        return Panache.withSession(() -> paging.fetch(Doctor.<Doctor>findAll(Sort.by("name").and("id"))));
    }

    /** The ids of the doctors whose mapped FHIR ids ({@link FhirIds}) these are. */
    public Uni<List<String>> idsMappedTo(List<String> fhirIds) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "select id from doctor where " + String.format(FhirIds.MAPPED_SQL, "id") + " in (:ids)",
                String.class).setParameter("ids", fhirIds).getResultList()));
    }

    /** What a search of doctors narrows to (the FHIR API's Practitioner and Schedule searches); null: any. */
    public record Search(List<String> ids, String name, Boolean active, String specialty) {
    }

    /**
     * The doctors matching the search, by name then id: a name as {@link NameSearch} reads it, a specialty as a
     * whole in any case.
     */
    public Uni<Paging.PageOf<Doctor>> search(Search search, Paging paging) {
        if (search.ids() != null && search.ids().isEmpty()) {
            return Uni.createFrom().item(new Paging.PageOf<>(List.of(), 0));
        }
        List<String> clauses = new java.util.ArrayList<>();
        io.quarkus.panache.common.Parameters parameters = new io.quarkus.panache.common.Parameters();
        if (search.ids() != null) {
            clauses.add("id in :ids");
            parameters.and("ids", search.ids());
        }
        if (search.name() != null) {
            clauses.add(NameSearch.clause("name"));
            NameSearch.bind(parameters, search.name());
        }
        if (search.active() != null) {
            clauses.add("active = :active");
            parameters.and("active", search.active());
        }
        if (search.specialty() != null) {
            clauses.add("lower(specialty) = :specialty");
            parameters.and("specialty", search.specialty().trim().toLowerCase(java.util.Locale.ROOT));
        }
        Sort byName = Sort.by("name").and("id");
        return Panache.withSession(() -> paging.fetch(clauses.isEmpty() ? Doctor.<Doctor>findAll(byName)
                : Doctor.<Doctor>find(String.join(" and ", clauses), byName, parameters)));
    }

    /**
     * The doctor's free slots of the length starting in {@code [from, to)}, day by local day (at most
     * {@code maxDays} of them), as {@link #freeSlots} finds them.
     */
    public Uni<List<FreeSlots.Slot>> freeSlotsBetween(Doctor doctor, Instant from, Instant to, Duration length,
            int maxDays) {
        ZoneId zone = CalendarRepository.zone(doctor);
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.minusNanos(1).atZone(zone).toLocalDate();
        List<LocalDate> days = first.datesUntil(last.plusDays(1)).limit(maxDays).toList();
        Uni<List<FreeSlots.Slot>> found = Uni.createFrom().item(new java.util.ArrayList<>());
        for (LocalDate date : days) {
            found = found.chain(slots -> freeSlots(doctor.id, date, length).map(more -> {
                more.stream().filter(slot -> !slot.start().isBefore(from) && slot.start().isBefore(to))
                        .forEach(slots::add);
                return slots;
            }));
        }
        return found;
    }

    public Uni<List<WorkingHours>> workingHours(String doctorId) {
        return Panache.withSession(() -> existing(doctorId).chain(() -> calendar.workingHours(doctorId)));
    }

    public Uni<List<WorkingHours>> replaceWorkingHours(String doctorId, List<WorkingRange> ranges, Origin origin) {
        return Transactions.withTransaction(() -> existing(doctorId)
                .chain(doctor -> WorkingHours.delete("doctorId = ?1", doctorId)
                        .chain(() -> Panache.flush())
                        .chain(() -> Multi.createFrom().iterable(ranges)
                                .onItem().transformToUniAndConcatenate(range -> {
                                    WorkingHours hours = new WorkingHours();
                                    hours.doctorId = doctorId;
                                    hours.dayOfWeek = (short) range.day().getValue();
                                    hours.startTime = range.start();
                                    hours.endTime = range.end();
                                    return hours.persist();
                                }).collect().last())
                        .chain(() -> announceUpdated(doctor, null, origin)))
                .chain(() -> calendar.workingHours(doctorId)));
    }

    public Uni<TimeOff> addTimeOff(String doctorId, TimeRange range, String reason, Origin origin) {
        return Transactions.withTransaction(() -> existing(doctorId).chain(doctor -> {
            TimeOff off = new TimeOff();
            off.id = UUID.randomUUID();
            off.doctorId = doctorId;
            off.startAt = range.start();
            off.endAt = range.end();
            off.reason = reason;
            off.createdAt = now();
            return off.persist().chain(() -> announceUpdated(doctor, range, origin)).replaceWith(off);
        }));
    }

    public Uni<List<TimeOff>> timeOff(String doctorId) {
        return Panache.withSession(() -> existing(doctorId)
                .chain(() -> TimeOff.<TimeOff>find("doctorId = ?1", Sort.by("startAt"), doctorId).list()));
    }

    public Uni<Void> removeTimeOff(String doctorId, UUID timeOffId, Origin origin) {
        return Transactions.withTransaction(() -> existing(doctorId)
                .chain(doctor -> TimeOff.<TimeOff>find("id = ?1 and doctorId = ?2", timeOffId, doctorId).firstResult()
                        .onItem().ifNull().failWith(() -> new CalendarEntryNotFoundException("No time off " + timeOffId
                                + " for doctor " + doctorId + "."))
                        .chain(off -> off.delete()
                                .chain(() -> announceUpdated(doctor, new TimeRange(off.startAt, off.endAt), origin))
                                .chain(() -> Panache.flush())
                                .chain(() -> waitlist.offerOpened(doctor, doctorId,
                                        new TimeRange(off.startAt, off.endAt), origin)))));
    }

    /**
     * Opens a window for booking, and offers its time to those waiting for the doctor; the doctor need not be
     * registered (ids are free text).
     */
    public Uni<AvailabilitySlot> openWindow(String doctorId, TimeRange range, Origin origin) {
        AvailabilitySlot window = new AvailabilitySlot();
        window.id = UUID.randomUUID();
        window.doctorId = doctorId;
        window.startAt = range.start();
        window.endAt = range.end();
        window.isAvailable = true;
        window.createdAt = now();
        window.updatedAt = window.createdAt;
        return Transactions.withTransaction(() -> window.persistAndFlush()
                .chain(() -> Doctor.<Doctor>findById(doctorId))
                .chain(doctor -> waitlist.offerOpened(doctor, doctorId, range, origin))).replaceWith(window);
    }

    /** Slots of one doctor or of all; {@code windowsOnly} leaves out the blocks. */
    public Uni<Paging.PageOf<AvailabilitySlot>> slots(String doctorId, boolean windowsOnly, Paging paging) {
        String query = doctorId == null ? (windowsOnly ? "isAvailable = true" : "")
                : "doctorId = :doctor" + (windowsOnly ? " and isAvailable = true" : "");
        io.quarkus.panache.common.Parameters params = doctorId == null ? new io.quarkus.panache.common.Parameters()
                : io.quarkus.panache.common.Parameters.with("doctor", doctorId);
        Sort order = Sort.by("startAt").and("id");
        return Panache.withSession(() -> paging.fetch(query.isEmpty() ? AvailabilitySlot.<AvailabilitySlot>findAll(order)
                : AvailabilitySlot.<AvailabilitySlot>find(query, order, params)));
    }

    /** The free slots of a local day in the doctor's zone; an unregistered doctor has all of a UTC day. */
    public Uni<List<FreeSlots.Slot>> freeSlots(String doctorId, LocalDate date, Duration length) {
        return Panache.withSession(() -> Doctor.<Doctor>findById(doctorId)
                .chain(doctor -> freeTime.ofDay(doctor, doctorId, date, length)));
    }

    private Uni<Doctor> existing(String id) {
        return Doctor.<Doctor>findById(id).onItem().ifNull()
                .failWith(() -> new CalendarEntryNotFoundException("No doctor " + id + "."));
    }

    /**
     * Announces the settings of doctors registered before {@code availability.updated} carried them, a few at a
     * time, each replica its own ({@code SKIP LOCKED}); after that it finds none.
     */
    @Scheduled(every = "${clinic.availability.announce-sweep:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> announceUnannounced() {
        return Transactions.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "select id from doctor where settings_announced in (:unannounced) order by created_at limit 200"
                        + " for update skip locked", String.class)
                // A list parameter: no query plan cache entry per run (see CalendarRepository.calendar).
                .setParameter("unannounced", List.of(false))
                .getResultList())
                .chain(ids -> Multi.createFrom().iterable(ids).onItem()
                        .transformToUniAndConcatenate(id -> Doctor.<Doctor>findById(id)
                                .chain(doctor -> announceUpdated(doctor, null, Origin.service())))
                        .collect().last()))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Announcing doctors' settings failed (tried again at the next"
                            + " sweep): %s", failure.toString());
                    return null;
                });
    }

    private Uni<Void> announceUpdated(Doctor doctor, TimeRange range, Origin origin) {
        doctor.settingsAnnounced = true;
        DoctorSettings settings = new DoctorSettings(doctor.active, doctor.bufferBeforeMinutes,
                doctor.bufferAfterMinutes, doctor.minBookingNoticeMinutes, doctor.minCancelNoticeMinutes);
        AvailabilityEventData data = new AvailabilityEventData(null, doctor.id, range == null ? null : range.start(),
                range == null ? null : range.end(), doctor.timeZone, null, null, settings);
        return outbox.enqueue(codec.create(Subjects.AVAILABILITY_UPDATED, doctor.id, data, origin))
                .replaceWithVoid();
    }

    private void apply(Doctor doctor, DoctorChange change) {
        if (change.given().contains("name")) {
            doctor.name = change.name();
        }
        if (change.given().contains("specialty")) {
            doctor.specialty = change.specialty();
        }
        if (change.given().contains("email")) {
            doctor.email = change.email();
        }
        if (change.given().contains("phone")) {
            doctor.phone = change.phone();
        }
        if (change.timeZone() != null) {
            doctor.timeZone = change.timeZone();
        }
        if (change.active() != null) {
            doctor.active = change.active();
        }
        Settings settings = change.settings();
        if (settings.bufferBeforeMinutes() != null) {
            doctor.bufferBeforeMinutes = settings.bufferBeforeMinutes();
        }
        if (settings.bufferAfterMinutes() != null) {
            doctor.bufferAfterMinutes = settings.bufferAfterMinutes();
        }
        if (settings.minBookingNoticeMinutes() != null) {
            doctor.minBookingNoticeMinutes = settings.minBookingNoticeMinutes();
        }
        if (settings.minCancelNoticeMinutes() != null) {
            doctor.minCancelNoticeMinutes = settings.minCancelNoticeMinutes();
        }
        doctor.updatedAt = now();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
