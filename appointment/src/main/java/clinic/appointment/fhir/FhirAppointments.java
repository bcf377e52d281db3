package clinic.appointment.fhir;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import clinic.appointment.Appointment;
import clinic.appointment.rest.AppointmentRequests;
import clinic.appointment.service.AppointmentService;
import clinic.appointment.service.Bookings;
import clinic.http.FhirIds;
import clinic.http.Problem;
import clinic.http.ProblemException;
import clinic.http.Times;

/**
 * An appointment as a FHIR R4 Appointment, and a FHIR Appointment read into the REST API's request records, so
 * a booking or a change keeps exactly the REST API's rules (checked by the same constraints, refused in the
 * same words, with the FHIR element named instead of the JSON field).
 */
public final class FhirAppointments {

    public static final String APPOINTMENT_ID = "urn:clinic:appointment-id";
    public static final String PATIENT_ID = "urn:clinic:patient-id";
    public static final String DOCTOR_ID = "urn:clinic:doctor-id";
    public static final String STATUS_REASON = "urn:clinic:appointment-status-reason";
    public static final String PATIENT = "Patient";
    public static final String PRACTITIONER = "Practitioner";

    /** The REST fields as the FHIR elements they are read from. */
    private static final Map<String, String> ELEMENTS = Map.of("patient_id", "Appointment.participant.actor",
            "doctor_id", "Appointment.participant.actor", "appointment_time", "Appointment.start",
            "duration_minutes", "Appointment.end", "notes", "Appointment.comment", "status", "Appointment.status");
    /** What a booking or change may send; anything else would be dropped, so it is refused. */
    private static final Set<String> APPOINTMENT_ELEMENTS = Set.of("id", "meta", "status", "start", "end",
            "minutesDuration", "participant", "comment", "identifier", "created", "cancelationReason", "slot",
            "specialty");
    private static final Set<String> PARTICIPANT_ELEMENTS = Set.of("actor", "status", "required");

    private FhirAppointments() {
    }

    /** FHIR's status of an appointment: waiting for the doctor's time is pending, a refusal is cancelled. */
    public static AppointmentStatus status(clinic.appointment.AppointmentStatus status) {
        return switch (status) {
            case SCHEDULED -> AppointmentStatus.PENDING;
            case CONFIRMED -> AppointmentStatus.BOOKED;
            case REJECTED, CANCELLED -> AppointmentStatus.CANCELLED;
            case COMPLETED -> AppointmentStatus.FULFILLED;
            case NO_SHOW -> AppointmentStatus.NOSHOW;
        };
    }

    /** The statuses a FHIR status search term matches; none for FHIR statuses this system never uses. */
    public static List<String> statuses(AppointmentStatus fhir) {
        return switch (fhir) {
            case PENDING -> List.of("scheduled");
            case BOOKED -> List.of("confirmed");
            case CANCELLED -> List.of("rejected", "cancelled");
            case FULFILLED -> List.of("completed");
            case NOSHOW -> List.of("no_show");
            default -> List.of();
        };
    }

    public static org.hl7.fhir.r4.model.Appointment toFhir(Appointment appointment) {
        org.hl7.fhir.r4.model.Appointment fhir = new org.hl7.fhir.r4.model.Appointment();
        fhir.setId(appointment.id.toString());
        fhir.getMeta().setVersionId(Long.toString(appointment.version))
                .setLastUpdatedElement(instant(appointment.updatedAt));
        fhir.addIdentifier().setSystem(APPOINTMENT_ID).setValue(appointment.id.toString());
        fhir.setStatus(status(appointment.status()));
        if (appointment.statusReasonCode != null) {
            fhir.setCancelationReason(new CodeableConcept()
                    .addCoding(new Coding(STATUS_REASON, appointment.statusReasonCode, null))
                    .setText(appointment.statusReasonMessage));
        }
        fhir.setStartElement(instant(appointment.startAt));
        fhir.setEndElement(instant(appointment.endAt));
        fhir.setMinutesDuration(appointment.durationMinutes);
        fhir.setCreatedElement(utc(new DateTimeType(), appointment.createdAt));
        fhir.setComment(appointment.notes);
        boolean answered = appointment.status() != clinic.appointment.AppointmentStatus.SCHEDULED;
        boolean refused = appointment.status() == clinic.appointment.AppointmentStatus.REJECTED;
        fhir.addParticipant().setActor(reference(PATIENT, appointment.patientId, PATIENT_ID))
                .setRequired(org.hl7.fhir.r4.model.Appointment.ParticipantRequired.REQUIRED)
                .setStatus(ParticipationStatus.ACCEPTED);
        fhir.addParticipant().setActor(reference(PRACTITIONER, appointment.doctorId, DOCTOR_ID))
                .setRequired(org.hl7.fhir.r4.model.Appointment.ParticipantRequired.REQUIRED)
                .setStatus(refused ? ParticipationStatus.DECLINED
                        : answered ? ParticipationStatus.ACCEPTED : ParticipationStatus.NEEDSACTION);
        return fhir;
    }

    /** An instant as the REST API writes it, in UTC with seconds (and milliseconds only when it has them). */
    public static InstantType instant(Instant instant) {
        return utc(new InstantType(), instant);
    }

    private static <T extends BaseDateTimeType> T utc(T written, Instant instant) {
        written.setValue(Date.from(instant), instant.getNano() == 0 ? TemporalPrecisionEnum.SECOND
                : TemporalPrecisionEnum.MILLI);
        written.setTimeZoneZulu(true);
        return written;
    }

    /** A reference by FHIR id; when the REST id had to be mapped, the REST id rides along as its identifier. */
    public static Reference reference(String type, String restId, String system) {
        String id = FhirIds.of(restId);
        Reference reference = new Reference(type + "/" + id);
        if (!id.equals(restId)) {
            reference.setIdentifier(new Identifier().setSystem(system).setValue(restId));
        }
        return reference;
    }

    /** A FHIR Appointment asking to be booked, as the REST API's booking with its rules checked. */
    public static Bookings.Booking booking(org.hl7.fhir.r4.model.Appointment fhir, Validator validator, Clock clock) {
        requireOnly(fhir, APPOINTMENT_ELEMENTS, "Appointment");
        if (fhir.hasStatus() && fhir.getStatus() != AppointmentStatus.PROPOSED
                && fhir.getStatus() != AppointmentStatus.PENDING && fhir.getStatus() != AppointmentStatus.BOOKED) {
            throw ProblemException.badField("Appointment.status", "must be proposed, pending or booked to book");
        }
        Instant start = start(fhir);
        requireSlotsAgree(fhir, start);
        AppointmentRequests.NewAppointment request = new AppointmentRequests.NewAppointment(
                actor(fhir, PATIENT, PATIENT_ID), actor(fhir, PRACTITIONER, DOCTOR_ID), start,
                minutes(fhir, start), fhir.hasComment() ? fhir.getComment() : null);
        requireValid(validator.validate(request));
        return inFhirTerms(() -> request.booking(clock));
    }

    /**
     * A FHIR update (the whole Appointment as it should be) as the REST API's partial change: what differs from
     * the current appointment is changed, one kind of change at a time as there.
     */
    public static AppointmentService.Update update(Appointment current,
            org.hl7.fhir.r4.model.Appointment fhir, Validator validator, Clock clock) {
        requireOnly(fhir, APPOINTMENT_ELEMENTS, "Appointment");
        if (!fhir.hasIdElement() || !current.id.toString().equals(fhir.getIdElement().getIdPart())) {
            throw ProblemException.badField("Appointment.id", "must be the id in the URL: " + current.id);
        }
        if (!Objects.equals(actor(fhir, PATIENT, PATIENT_ID), current.patientId)
                || !Objects.equals(actor(fhir, PRACTITIONER, DOCTOR_ID), current.doctorId)) {
            throw ProblemException.badField("Appointment.participant", "cannot change: an appointment keeps its"
                    + " patient and practitioner (cancel it and book another)");
        }
        Instant start = start(fhir);
        int minutes = minutes(fhir, start);
        boolean moved = !start.equals(current.startAt) || minutes != current.durationMinutes;
        String notes = fhir.hasComment() ? fhir.getComment() : null;
        String status = statusChange(current, fhir);
        boolean notesChanged = !Objects.equals(notes, current.notes);
        if (!moved && !notesChanged && status == null) {
            // The same appointment sent back: FHIR's update of an unchanged resource changes nothing.
            return new AppointmentService.Update(null, null, false, null, null);
        }
        AppointmentRequests.AppointmentChange change = new AppointmentRequests.AppointmentChange(
                moved && !start.equals(current.startAt) ? start : null,
                moved && minutes != current.durationMinutes ? minutes : null,
                notesChanged ? Optional.ofNullable(notes) : null, status);
        requireValid(validator.validate(change));
        return inFhirTerms(() -> change.update(clock));
    }

    /** The REST status a FHIR status asks for; null when it is the appointment's status already. */
    private static String statusChange(Appointment current, org.hl7.fhir.r4.model.Appointment fhir) {
        if (!fhir.hasStatus()) {
            throw ProblemException.badField("Appointment.status", "is required");
        }
        AppointmentStatus wanted = fhir.getStatus();
        if (wanted == status(current.status())) {
            return null;
        }
        return switch (wanted) {
            case BOOKED -> "confirmed";
            case CANCELLED -> "cancelled";
            case FULFILLED -> "completed";
            case NOSHOW -> "no_show";
            default -> throw ProblemException.badField("Appointment.status", "can become booked, cancelled,"
                    + " fulfilled or noshow; " + wanted.toCode() + " is not a status this clinic sets");
        };
    }

    /**
     * A proposed appointment names the Slot it was made from ({@code $find}); the slot and the specialty come from
     * the doctor and the time, so a slot that names another time is refused rather than booked as something else.
     */
    private static void requireSlotsAgree(org.hl7.fhir.r4.model.Appointment fhir, Instant start) {
        for (Reference slot : fhir.getSlot()) {
            String id = slot.getReferenceElement().getIdPart();
            boolean agrees = "Slot".equals(slot.getReferenceElement().getResourceType()) && id != null
                    && FhirSlots.SlotId.parse(id).map(parsed -> parsed.start().equals(start)).orElse(false);
            if (!agrees) {
                throw ProblemException.badField("Appointment.slot", "must be the Slot of the appointment's start");
            }
        }
    }

    private static Instant start(org.hl7.fhir.r4.model.Appointment fhir) {
        if (!fhir.hasStart()) {
            throw ProblemException.badField("Appointment.start", "is required");
        }
        return instant(fhir.getStartElement(), "Appointment.start");
    }

    /**
     * An instant as sent: HAPI's parser takes a date, or a time without an offset, read in the server's zone; a
     * time must say its offset and its seconds, as the REST API's must.
     */
    static Instant instant(BaseDateTimeType element, String path) {
        if (element.getTimeZone() == null || element.getPrecision().ordinal() < TemporalPrecisionEnum.SECOND
                .ordinal()) {
            throw ProblemException.badField(path, "must be a time with seconds and a UTC offset, e.g. "
                    + Times.EXAMPLE);
        }
        return element.getValue().toInstant();
    }

    /** The length: end minus start, or minutesDuration; both given must agree. */
    private static Integer minutes(org.hl7.fhir.r4.model.Appointment fhir, Instant start) {
        Integer fromEnd = null;
        if (fhir.hasEnd()) {
            Duration length = Duration.between(start, instant(fhir.getEndElement(), "Appointment.end"));
            if (length.isNegative() || length.isZero() || length.toSecondsPart() != 0 || length.toMillisPart() != 0) {
                throw ProblemException.badField("Appointment.end", "must be a whole number of minutes after start");
            }
            fromEnd = (int) Math.min(Integer.MAX_VALUE, length.toMinutes());
        }
        if (fhir.hasMinutesDuration()) {
            if (fromEnd != null && fromEnd != fhir.getMinutesDuration()) {
                throw ProblemException.badField("Appointment.minutesDuration", "must equal end minus start");
            }
            return fhir.getMinutesDuration();
        }
        return fromEnd;
    }

    /**
     * The REST id of the one participant of the type: from {@code Type/id}, or the identifier of a mapped id (or
     * of a reference by identifier alone).
     */
    private static String actor(org.hl7.fhir.r4.model.Appointment fhir, String type, String system) {
        List<Reference> found = new ArrayList<>();
        for (AppointmentParticipantComponent participant : fhir.getParticipant()) {
            requireOnly(participant, PARTICIPANT_ELEMENTS, "Appointment.participant");
            Reference actor = participant.getActor();
            String referenced = actor.hasReference() ? actor.getReferenceElement().getResourceType() : null;
            if (actor.hasReference() && referenced == null) {
                throw ProblemException.badField("Appointment.participant.actor", "must be a reference such as"
                        + " Patient/<id> or Practitioner/<id>");
            }
            if (type.equals(referenced) || (!actor.hasReference() && actor.hasIdentifier()
                    && system.equals(actor.getIdentifier().getSystem()))) {
                found.add(actor);
            } else if (referenced != null && !referenced.equals(PATIENT) && !referenced.equals(PRACTITIONER)) {
                throw ProblemException.badField("Appointment.participant.actor", "may be a Patient and a"
                        + " Practitioner; " + referenced + " is not booked here");
            }
        }
        if (found.size() != 1) {
            throw ProblemException.badField("Appointment.participant", "must name exactly one " + type
                    + " (found " + found.size() + ")");
        }
        Reference actor = found.get(0);
        String restId = actor.hasIdentifier() && system.equals(actor.getIdentifier().getSystem())
                ? actor.getIdentifier().getValue() : null;
        if (!actor.hasReference()) {
            return restId;
        }
        String id = actor.getReferenceElement().getIdPart();
        if (restId != null && !FhirIds.of(restId).equals(id)) {
            throw ProblemException.badField("Appointment.participant.actor", "names " + type + "/" + id
                    + " but its identifier is another " + type.toLowerCase(java.util.Locale.ROOT));
        }
        if (FhirIds.isMapped(id) && restId == null) {
            throw ProblemException.badField("Appointment.participant.actor", type + "/" + id + " is a mapped id:"
                    + " send the reference's identifier (" + system + ") with it");
        }
        return restId != null ? restId : id;
    }

    /** Every element with a value must be one this API reads: nothing sent is dropped unread. */
    private static void requireOnly(Base element, Set<String> readable, String path) {
        for (Property property : element.children()) {
            if (property.hasValues() && !readable.contains(property.getName())) {
                throw ProblemException.badField(path + "." + property.getName(), "is not supported here");
            }
        }
    }

    private static <T> void requireValid(Set<ConstraintViolation<T>> violations) {
        if (!violations.isEmpty()) {
            List<Problem.FieldError> errors = violations.stream().map(v -> new Problem.FieldError(
                    element(v.getPropertyPath().toString()), v.getMessage())).sorted(
                            java.util.Comparator.comparing(Problem.FieldError::field)).toList();
            throw ProblemException.badFields(String.join("; ", errors.stream()
                    .map(e -> e.field() + " " + e.message()).toList()), errors);
        }
    }

    /** A record's property (camelCase) or a REST field (snake_case) as the FHIR element it came from. */
    private static String element(String field) {
        String snake = field.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
        return ELEMENTS.getOrDefault(snake, "Appointment");
    }

    /** The REST rules' refusals, with the FHIR elements named instead of the REST fields. */
    private static <T> T inFhirTerms(java.util.function.Supplier<T> rules) {
        try {
            return rules.get();
        } catch (ProblemException e) {
            Problem problem = e.toProblem();
            if (problem.status() != 400 || problem.errors() == null || problem.errors().isEmpty()) {
                throw e;
            }
            List<Problem.FieldError> errors = problem.errors().stream()
                    .map(error -> new Problem.FieldError(element(error.field()), error.message())).toList();
            throw ProblemException.badFields(String.join("; ", errors.stream()
                    .map(error -> error.field() + " " + error.message()).toList()), errors);
        }
    }
}
