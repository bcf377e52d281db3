package clinic.appointment.fhir;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;

import clinic.eventbus.payload.CalendarQuery;
import clinic.http.FhirIds;

/**
 * Computed Slots: a doctor's time of the free-slot search's length, free or busy, with an id made of its start
 * (minutes since the epoch), its length and its Schedule's id, so that it reads back without being stored. And
 * the proposed Appointments {@code $find} answers, one per free slot.
 */
final class FhirSlots {

    /** Room left in a FHIR id (64) for the start and the length before the schedule's id. */
    private static final int SCHEDULE_ID_LENGTH = 48;
    private static final Pattern SLOT_ID = Pattern.compile("(\\d{1,10})-(\\d{1,3})-([A-Za-z0-9\\-.]{1,48})");

    private FhirSlots() {
    }

    /** What a Slot id says: the Schedule (a doctor's FHIR id, mapped to fit if need be) and the time. */
    record SlotId(String scheduleId, Instant start, Instant end) {

        String value() {
            return start.getEpochSecond() / 60 + "-" + Duration.between(start, end).toMinutes() + "-" + scheduleId;
        }

        static SlotId of(String doctorId, Instant start, Instant end) {
            return new SlotId(FhirIds.of(doctorId, SCHEDULE_ID_LENGTH), start, end);
        }

        static Optional<SlotId> parse(String id) {
            Matcher matcher = SLOT_ID.matcher(id);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            Instant start = Instant.ofEpochSecond(Long.parseLong(matcher.group(1)) * 60);
            int minutes = Integer.parseInt(matcher.group(2));
            return minutes == 0 ? Optional.empty()
                    : Optional.of(new SlotId(matcher.group(3), start, start.plusSeconds(minutes * 60L)));
        }
    }

    static Slot slot(SlotId id, boolean free) {
        Slot slot = new Slot();
        slot.setId(id.value());
        slot.setSchedule(new Reference("Schedule/" + id.scheduleId()));
        slot.setStatus(free ? Slot.SlotStatus.FREE : Slot.SlotStatus.BUSY);
        slot.setStartElement(FhirAppointments.instant(id.start()));
        slot.setEndElement(FhirAppointments.instant(id.end()));
        return slot;
    }

    /** A proposed appointment for a free time of the doctor, with the patient when the search named one. */
    static Appointment proposed(CalendarQuery.DoctorRecord doctor, CalendarQuery.FreeTime free, String patientId) {
        Appointment appointment = new Appointment();
        // Search results need ids: a proposal is named by its slot's (it is not stored; $book books it).
        String slot = SlotId.of(doctor.id(), free.start(), free.end()).value();
        appointment.setId(slot);
        appointment.setStatus(Appointment.AppointmentStatus.PROPOSED);
        appointment.setStartElement(FhirAppointments.instant(free.start()));
        appointment.setEndElement(FhirAppointments.instant(free.end()));
        appointment.setMinutesDuration((int) Duration.between(free.start(), free.end()).toMinutes());
        appointment.addSlot(new Reference("Slot/" + slot));
        if (doctor.specialty() != null) {
            appointment.addSpecialty().setText(doctor.specialty());
        }
        if (patientId != null) {
            appointment.addParticipant().setActor(FhirAppointments.reference(FhirAppointments.PATIENT, patientId,
                    FhirAppointments.PATIENT_ID)).setRequired(Appointment.ParticipantRequired.REQUIRED)
                    .setStatus(Appointment.ParticipationStatus.NEEDSACTION);
        }
        appointment.addParticipant().setActor(FhirAppointments.reference(FhirAppointments.PRACTITIONER, doctor.id(),
                FhirAppointments.DOCTOR_ID)).setRequired(Appointment.ParticipantRequired.REQUIRED)
                .setStatus(Appointment.ParticipationStatus.NEEDSACTION);
        return appointment;
    }
}
