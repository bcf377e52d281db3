package clinic.appointment.fhir;

import java.time.Instant;

import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Schedule;

import clinic.eventbus.payload.CalendarQuery;
import clinic.eventbus.payload.PatientQuery;
import clinic.http.FhirIds;

/**
 * Patients and doctors as FHIR R4 Patient, Practitioner and Schedule (one per doctor, sharing the Practitioner's
 * id). The REST id is always an identifier; names are kept whole, as the REST API keeps them ({@code text}).
 */
final class FhirPeople {

    private FhirPeople() {
    }

    static Patient patient(PatientQuery.PatientRecord record) {
        Patient patient = new Patient();
        identify(patient, record.id(), record.updatedAt());
        patient.addIdentifier().setSystem(FhirAppointments.PATIENT_ID).setValue(record.id());
        patient.setActive(true);
        if (record.name() != null) {
            patient.addName().setText(record.name());
        }
        telecom(patient.getTelecom(), record.email(), record.phone());
        if (record.dateOfBirth() != null) {
            patient.setBirthDateElement(new DateType(record.dateOfBirth().toString()));
        }
        return patient;
    }

    static Practitioner practitioner(CalendarQuery.DoctorRecord record) {
        Practitioner practitioner = new Practitioner();
        identify(practitioner, record.id(), record.updatedAt());
        practitioner.addIdentifier().setSystem(FhirAppointments.DOCTOR_ID).setValue(record.id());
        practitioner.setActive(record.active());
        if (record.name() != null) {
            practitioner.addName().setText(record.name());
        }
        telecom(practitioner.getTelecom(), record.email(), record.phone());
        return practitioner;
    }

    /** The doctor's calendar: active while the doctor takes bookings, in the doctor's time zone. */
    static Schedule schedule(CalendarQuery.DoctorRecord record) {
        Schedule schedule = new Schedule();
        identify(schedule, record.id(), record.updatedAt());
        schedule.addIdentifier().setSystem(FhirAppointments.DOCTOR_ID).setValue(record.id());
        schedule.setActive(record.active());
        schedule.addActor(FhirAppointments.reference(FhirAppointments.PRACTITIONER, record.id(),
                FhirAppointments.DOCTOR_ID));
        if (record.specialty() != null) {
            schedule.addSpecialty().setText(record.specialty());
        }
        schedule.setComment("Working hours, windows and time off in " + record.timeZone());
        return schedule;
    }

    private static void identify(DomainResource resource, String restId, Instant updated) {
        resource.setId(FhirIds.of(restId));
        if (updated != null) {
            resource.getMeta().setLastUpdatedElement(FhirAppointments.instant(updated));
        }
    }

    private static void telecom(java.util.List<ContactPoint> telecom, String email, String phone) {
        if (email != null) {
            telecom.add(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(email));
        }
        if (phone != null) {
            telecom.add(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone));
        }
    }
}
