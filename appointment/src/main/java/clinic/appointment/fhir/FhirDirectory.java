package clinic.appointment.fhir;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.config.AppointmentConfig;
import clinic.eventbus.EventType.Services;
import clinic.eventbus.Queries;
import clinic.eventbus.QuestionType;
import clinic.eventbus.payload.CalendarQuery;
import clinic.eventbus.payload.PatientQuery;
import io.smallrye.mutiny.Uni;

/**
 * Patients and doctors' calendars for the FHIR API, asked of the services that keep them (over NATS, as the audit
 * trail and the timeline are gathered) rather than copied here: patients' contact details stay with the keeper
 * of patients, and what is free is computed by the one free-slot search there is. No answer in time is a 503.
 */
@ApplicationScoped
public class FhirDirectory {

    private final Queries queries;
    private final Duration timeout;

    public FhirDirectory(Queries queries, AppointmentConfig config) {
        this.queries = queries;
        this.timeout = config.fhirQueryTimeout();
    }

    public Uni<PatientQuery.Found> patients(PatientQuery query) {
        return queries.ask(QuestionType.PATIENTS.subject(Services.PATIENT_CONTACT), query, PatientQuery.Found.class,
                timeout);
    }

    public Uni<CalendarQuery.Found> calendar(CalendarQuery query) {
        return queries.ask(QuestionType.CALENDAR.subject(Services.DOCTOR_AVAILABILITY), query,
                CalendarQuery.Found.class, timeout);
    }
}
