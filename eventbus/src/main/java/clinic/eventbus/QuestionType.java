package clinic.eventbus;

import java.util.List;

import clinic.eventbus.EventType.Services;

/**
 * The catalogue of questions asked over core NATS ({@link Queries}): each answering service answers on
 * {@code <prefix><its name>} from its own data, and only the services listed here ask. The NATS permissions are
 * generated from it ({@link NatsAccess}), so a service that asks a question not listed here is refused by the
 * server, and nobody but the asker reads the answer.
 */
public enum QuestionType {

    /** A patient's audit trail, gathered for {@code GET /audit} by the service behind it at the gateway. */
    AUDIT("clinic.audit.", List.of(Services.PATIENT_CONTACT), Services.ALL),
    /** The steps one appointment took in a service, for {@code GET /appointments/{id}/timeline}. */
    TIMELINE("clinic.timeline.", List.of(Services.APPOINTMENT), Services.ALL),
    /**
     * The key a patient's contact details are sealed under in patient events ({@code ContactDetails}): asked by
     * the one service that keeps a copy, answered by the keeper of patients until the patient is erased.
     */
    CONTACT_KEY("clinic.contact-key.", List.of(Services.NOTIFICATIONS), List.of(Services.PATIENT_CONTACT)),
    /**
     * Patients matching a FHIR Patient search within the asking caller's scope ({@code payload.PatientQuery}),
     * asked by the service that serves the FHIR API, answered by the keeper of patients from its own rows.
     */
    PATIENTS("clinic.patients.", List.of(Services.APPOINTMENT), List.of(Services.PATIENT_CONTACT)),
    /**
     * Doctors and their free times ({@code payload.CalendarQuery}) for the FHIR API's Practitioner, Schedule, Slot
     * and {@code $find}, answered by the keeper of doctors' calendars with its own free-slot search.
     */
    CALENDAR("clinic.calendar.", List.of(Services.APPOINTMENT), List.of(Services.DOCTOR_AVAILABILITY));

    private final String prefix;
    private final List<String> askers;
    private final List<String> answerers;

    QuestionType(String prefix, List<String> askers, List<String> answerers) {
        this.prefix = prefix;
        this.askers = askers;
        this.answerers = answerers;
    }

    /** What a service's answers listen on, e.g. {@code clinic.audit.notifications}. */
    public String subject(String service) {
        return prefix + service;
    }

    /** The services that ask this question of the others. */
    public List<String> askers() {
        return askers;
    }

    /** The services that answer it, each on {@link #subject} of its name. */
    public List<String> answerers() {
        return answerers;
    }
}
