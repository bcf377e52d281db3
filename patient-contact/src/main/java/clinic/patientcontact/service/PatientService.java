package clinic.patientcontact.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import clinic.eventbus.DatabaseErrors;
import clinic.eventbus.EventCodec;
import clinic.eventbus.Origin;
import clinic.eventbus.Outbox;
import clinic.eventbus.Subjects;
import clinic.eventbus.Transactions;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.ContactDetails;
import clinic.eventbus.payload.PatientEventData;
import clinic.http.FhirIds;
import clinic.http.NameSearch;
import clinic.http.Paging;
import clinic.http.Scope;
import clinic.patientcontact.Patient;
import clinic.patientcontact.PatientConflictException;
import clinic.patientcontact.PatientNotFoundException;
import clinic.patientcontact.TrackedAppointment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Patients and what the clinic knows of their appointments. Every change of a patient is announced
 * ({@code patient.created}, {@code .updated}, {@code .deleted}) in its own transaction, so the notifications
 * service keeps (and erases) its copy of the contact details without ever asking this one.
 */
@ApplicationScoped
public class PatientService {

    private final EventCodec codec;
    private final Outbox outbox;
    private final ContactKeys contactKeys;
    private final Clock clock = Clock.systemUTC();

    public PatientService(EventCodec codec, Outbox outbox, ContactKeys contactKeys) {
        this.codec = codec;
        this.outbox = outbox;
        this.contactKeys = contactKeys;
    }

    /** Validated fields; {@code given} says which a request sent (null then means "clear"). */
    public record PatientChange(String id, String name, String email, String phone, Boolean notifyEmail,
            Boolean notifySms, LocalDate dateOfBirth, Set<String> given) {
    }

    /** A patient's tracked appointments and how many are upcoming, completed, cancelled or missed. */
    public record Tracking(String patientId, boolean registered, List<TrackedAppointment> appointments,
            Map<String, Long> counts) {
    }

    public Uni<Patient> create(PatientChange change, Origin origin) {
        return create(change, null, origin);
    }

    /** A patient registered with an account of the identity provider (self-registration). */
    public Uni<Patient> create(PatientChange change, String accountId, Origin origin) {
        Patient patient = new Patient();
        patient.id = change.id() != null ? change.id() : UUID.randomUUID().toString();
        patient.accountId = accountId;
        patient.notifyEmail = true;
        patient.createdAt = now();
        apply(patient, change);
        return Transactions.withTransaction(() -> Patient.<Patient>findById(patient.id)
                .invoke(existing -> {
                    if (existing != null) {
                        throw new PatientConflictException("A patient with id " + patient.id + " already exists.");
                    }
                })
                .chain(() -> emailFree(patient.email, null))
                .chain(() -> patient.persist())
                .chain(() -> Panache.flush())
                .chain(() -> announce(Subjects.PATIENT_CREATED, patient, origin)))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(this::duplicate)
                .replaceWith(patient);
    }

    public Uni<Patient> update(String id, Scope scope, PatientChange change, Origin origin) {
        return Transactions.withTransaction(() -> lockedForChange(id).call(patient -> requireVisible(patient, scope))
                .call(patient -> change.given().contains("email") ? emailFree(change.email(), id)
                        : Uni.createFrom().voidItem())
                .invoke(patient -> apply(patient, change))
                .call(() -> Panache.flush())
                .call(patient -> announce(Subjects.PATIENT_UPDATED, patient, origin)))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(this::duplicate);
    }

    /**
     * Erases the personal data; the anonymous row and the tracked appointments stay. The key of their contact
     * details goes in the same transaction: every event that carried them, wherever a copy is, is unreadable.
     */
    public Uni<Void> erase(String id, Origin origin) {
        return Transactions.withTransaction(() -> lockedForChange(id).chain(patient -> {
            patient.erase(now());
            return contactKeys.destroy(id).chain(() -> outbox.enqueue(codec.create(Subjects.PATIENT_DELETED, id,
                    PatientEventData.deleted(id), origin)));
        })).replaceWithVoid();
    }

    /** The account a patient registered with, if any (also after an erasure that has not removed it yet: none). */
    public Uni<String> accountOf(String patientId) {
        return Panache.withSession(() -> Patient.<Patient>findById(patientId))
                .map(patient -> patient == null ? null : patient.accountId);
    }

    /** The patient, if registered and within the caller's scope; otherwise not found, whichever it was. */
    public Uni<Patient> find(String id, Scope scope) {
        return Panache.withSession(() -> existing(id).call(patient -> requireVisible(patient, scope)));
    }

    /** The registered patients within the caller's scope: a patient sees themselves, a doctor their patients. */
    public Uni<Paging.PageOf<Patient>> list(Paging paging, Scope scope) {
        return search(Search.ALL, paging, scope);
    }

    /** The ids of the patients whose mapped FHIR ids ({@link FhirIds}) these are. */
    public Uni<List<String>> idsMappedTo(List<String> fhirIds) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "select id from patient where " + String.format(FhirIds.MAPPED_SQL, "id") + " in (:ids)",
                String.class).setParameter("ids", fhirIds).getResultList()));
    }

    /** What a search of patients narrows to (the FHIR API's Patient search); null members do not narrow. */
    public record Search(List<String> ids, String name, String email, String e164Phone, LocalDate birthDate) {

        public static final Search ALL = new Search(null, null, null, null, null);
    }

    /**
     * The registered patients matching the search within the caller's scope, by name then id: a name as
     * {@link NameSearch} reads it, an e-mail address in any case, a phone in E.164.
     */
    public Uni<Paging.PageOf<Patient>> search(Search search, Paging paging, Scope scope) {
        if (search.ids() != null && search.ids().isEmpty()) {
            return Uni.createFrom().item(new Paging.PageOf<>(List.of(), 0));
        }
        List<String> clauses = new ArrayList<>(List.of("erasedAt is null"));
        Parameters parameters = new Parameters();
        if (scope.patientId() != null) {
            clauses.add("id = :scopePatient");
            parameters.and("scopePatient", scope.patientId());
        } else if (scope.doctorId() != null) {
            clauses.add("id in (select t.patientId from TrackedAppointment t where t.doctorId = :scopeDoctor)");
            parameters.and("scopeDoctor", scope.doctorId());
        }
        if (search.ids() != null) {
            clauses.add("id in :ids");
            parameters.and("ids", search.ids());
        }
        if (search.name() != null) {
            clauses.add(NameSearch.clause("name"));
            NameSearch.bind(parameters, search.name());
        }
        if (search.email() != null) {
            clauses.add("lower(email) = :email");
            parameters.and("email", search.email().trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (search.e164Phone() != null) {
            clauses.add("phone = :phone");
            parameters.and("phone", search.e164Phone());
        }
        if (search.birthDate() != null) {
            clauses.add("dateOfBirth = :birthDate");
            parameters.and("birthDate", search.birthDate());
        }
        Sort byName = Sort.by("name").and("id");
        return Panache.withSession(() -> paging.fetch(Patient.<Patient>find(String.join(" and ", clauses), byName,
                parameters)));
    }

    /**
     * The patient with this e-mail address if the caller may see them: a patient outside the caller's scope is
     * answered exactly as an address nobody has, so a search tells a stranger nothing about who holds it.
     */
    public Uni<Patient> byEmail(String email, Scope scope) {
        return Panache.withSession(() -> Patient.<Patient>find("erasedAt is null and lower(email) = ?1",
                email.trim().toLowerCase()).firstResult().chain(patient -> visibleOrNull(patient, scope)))
                .onItem().ifNull().failWith(() -> new PatientNotFoundException("No patient with this e-mail address."));
    }

    /** As {@link #byEmail}: out of scope answers as unknown. */
    public Uni<Patient> byPhone(String e164, Scope scope) {
        return Panache.withSession(() -> Patient.<Patient>find("erasedAt is null and phone = ?1",
                Sort.descending("updatedAt"), e164).firstResult().chain(patient -> visibleOrNull(patient, scope)))
                .onItem().ifNull().failWith(() -> new PatientNotFoundException("No patient with this phone number."));
    }

    /**
     * The appointments tracked for a patient: all of them for staff, the patient's own for the patient, those
     * with the doctor for a doctor (who sees no patient they have no appointment with).
     */
    public Uni<Tracking> tracking(String patientId, Scope scope) {
        Instant now = clock.instant();
        if (scope.patientId() != null && !scope.patientId().equals(patientId)) {
            return Uni.createFrom().failure(notTracked());
        }
        String query = scope.doctorId() != null ? "patientId = ?1 and doctorId = ?2" : "patientId = ?1";
        Object[] parameters = scope.doctorId() != null ? new Object[] { patientId, scope.doctorId() }
                : new Object[] { patientId };
        return Panache.withSession(() -> Patient.<Patient>findById(patientId).chain(patient -> TrackedAppointment
                .<TrackedAppointment>find(query, Sort.by("startAt").and("appointmentId"), parameters).list()
                .map(appointments -> {
                    if (scope.doctorId() != null && appointments.isEmpty()) {
                        throw notTracked();
                    }
                    boolean registered = patient != null && !patient.isErased();
                    if (!registered && appointments.isEmpty()) {
                        throw notTracked();
                    }
                    Map<String, Long> counts = new java.util.LinkedHashMap<>();
                    counts.put("upcoming", appointments.stream().filter(a -> isUpcoming(a, now)).count());
                    for (String status : List.of("completed", "cancelled", "no_show")) {
                        counts.put(status, appointments.stream().filter(a -> a.status.equals(status)).count());
                    }
                    return new Tracking(patientId, registered, appointments, counts);
                })));
    }

    private static boolean isUpcoming(TrackedAppointment appointment, Instant now) {
        return (appointment.status.equals("scheduled") || appointment.status.equals("confirmed"))
                && appointment.startAt.isAfter(now);
    }

    /**
     * Records what an appointment event says, inside the consumer's transaction, unless a newer version of
     * the appointment is already recorded: events may arrive out of order.
     */
    public Uni<Void> track(AppointmentEventData data) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into patient_appointment (appointment_id, patient_id, doctor_id, start_at, end_at, status,
                                                 version, updated_at)
                values (:id, :patient, :doctor, :start, :end, :status, :version, now())
                on conflict (appointment_id) do update set patient_id = excluded.patient_id,
                    doctor_id = excluded.doctor_id, start_at = excluded.start_at, end_at = excluded.end_at,
                    status = excluded.status, version = excluded.version, updated_at = now()
                where patient_appointment.version < excluded.version""")
                .setParameter("id", UUID.fromString(data.appointmentId()))
                .setParameter("patient", data.patientId())
                .setParameter("doctor", data.doctorId())
                .setParameter("start", data.appointmentTime())
                .setParameter("end", data.endTime())
                .setParameter("status", data.status())
                .setParameter("version", data.version())
                .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Patient> existing(String id) {
        return Patient.<Patient>findById(id).map(patient -> found(id, patient));
    }

    /**
     * The patient, locked until the transaction ends: a change and an erasure of one patient run one after the
     * other, so a change never writes back the details an erasure removed, and none follows it.
     */
    private Uni<Patient> lockedForChange(String id) {
        return Patient.<Patient>findById(id, LockModeType.PESSIMISTIC_WRITE).map(patient -> found(id, patient));
    }

    /**
     * Not found unless the caller may see this patient: themselves, or a patient of the doctor. Only for a
     * patient asked for by id: the answer names the id the caller sent, nothing more.
     */
    private Uni<Void> requireVisible(Patient patient, Scope scope) {
        return visible(patient, scope).invoke(visible -> {
            if (!visible) {
                throw noPatient();
            }
        }).replaceWithVoid();
    }

    private Uni<Patient> visibleOrNull(Patient patient, Scope scope) {
        return patient == null ? Uni.createFrom().nullItem()
                : visible(patient, scope).map(visible -> visible ? patient : null);
    }

    private static Uni<Boolean> visible(Patient patient, Scope scope) {
        if (scope.isEveryone() || patient.id.equals(scope.patientId())) {
            return Uni.createFrom().item(true);
        }
        return scope.doctorId() == null ? Uni.createFrom().item(false)
                : TrackedAppointment.count("patientId = ?1 and doctorId = ?2", patient.id, scope.doctorId())
                        .map(count -> count > 0);
    }

    private static Patient found(String id, Patient patient) {
        if (patient == null || patient.isErased()) {
            throw noPatient();
        }
        return patient;
    }

    /** The same words for every id: an answer never carries a patient's id (it may be their e-mail address). */
    private static PatientNotFoundException noPatient() {
        return new PatientNotFoundException("No patient with this id.");
    }

    private static PatientNotFoundException notTracked() {
        return new PatientNotFoundException("No patient with this id and no appointments tracked for it.");
    }

    private Uni<Void> emailFree(String email, String exceptId) {
        if (email == null) {
            return Uni.createFrom().voidItem();
        }
        return Patient.<Patient>find("lower(email) = ?1", email.toLowerCase()).firstResult().invoke(other -> {
            if (other != null && !other.id.equals(exceptId)) {
                // Taken, not by whom: the answer goes to whoever asked, a patient changing their own address too.
                throw new PatientConflictException("The e-mail address " + email + " is taken; use another one.");
            }
        }).replaceWithVoid();
    }

    /** A unique violation that slipped past the checks above: a concurrent request took the id or e-mail. */
    private Throwable duplicate(Throwable failure) {
        return new PatientConflictException("Another request registered the same id or e-mail address at the same"
                + " time; read the patient and retry.");
    }

    /** The patient's event, with their contact details sealed under their key (which erasure destroys). */
    private Uni<Void> announce(String type, Patient patient, Origin origin) {
        return contactKeys.keyOf(patient.id).chain(key -> {
            String sealed = new ContactDetails(patient.name, patient.email, patient.phone).seal(patient.id, key);
            PatientEventData data = new PatientEventData(patient.id, sealed,
                    Map.of("email", patient.notifyEmail, "sms", patient.notifySms));
            return outbox.enqueue(codec.create(type, patient.id, data, origin));
        }).replaceWithVoid();
    }

    private void apply(Patient patient, PatientChange change) {
        Set<String> given = change.given();
        if (given.contains("name")) {
            patient.name = change.name();
        }
        if (given.contains("email")) {
            patient.email = change.email();
        }
        if (given.contains("phone")) {
            patient.phone = change.phone();
        }
        if (change.notifyEmail() != null) {
            patient.notifyEmail = change.notifyEmail();
        }
        if (change.notifySms() != null) {
            patient.notifySms = change.notifySms();
        }
        if (given.contains("date_of_birth")) {
            patient.dateOfBirth = change.dateOfBirth();
        }
        patient.updatedAt = now();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
