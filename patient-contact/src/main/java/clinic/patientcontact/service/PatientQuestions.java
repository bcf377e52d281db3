package clinic.patientcontact.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import clinic.eventbus.EventBusConfig;
import clinic.eventbus.Queries;
import clinic.eventbus.QuestionType;
import clinic.eventbus.payload.PatientQuery;
import clinic.http.FhirIds;
import clinic.http.Paging;
import clinic.http.Scope;
import clinic.patientcontact.Patient;
import clinic.patientcontact.config.PatientConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Answers the FHIR API's Patient searches ({@link QuestionType#PATIENTS}) from this service's own rows, with its own
 * rule of who sees whom applied to the scope the question carries. Only the service the NATS permissions let ask
 * can ask; the patients stay here, nothing is copied.
 */
@ApplicationScoped
public class PatientQuestions {

    private final PatientService patients;
    private final Queries queries;
    private final PatientConfig config;
    private final String service;

    public PatientQuestions(PatientService patients, Queries queries, PatientConfig config,
            EventBusConfig eventBus) {
        this.patients = patients;
        this.queries = queries;
        this.config = config;
        this.service = eventBus.service();
    }

    void answerQuestions(@Observes StartupEvent event) {
        queries.answer(QuestionType.PATIENTS.subject(service), PatientQuery.class, query -> {
            // A number that does not read as one matches nobody, as an unknown one does.
            String phone = query.phone() == null ? null
                    : PhoneNumbers.toE164(query.phone(), config.defaultPhoneRegion()).orElse("unreadable");
            Paging paging = Paging.of(query.page(), query.size(), config.defaultPageSize(), config.maxPageSize());
            return FhirIds.restIds(query.ids(), query.fhirIds(), patients::idsMappedTo).chain(ids -> patients
                    .search(new PatientService.Search(ids, query.name(), query.email(), phone, query.birthDate()),
                            paging, new Scope(query.scopePatientId(), query.scopeDoctorId())))
                    .map(found -> new PatientQuery.Found(found.total(), found.items().stream()
                            .map(PatientQuestions::record).toList()));
        });
    }

    private static PatientQuery.PatientRecord record(Patient patient) {
        return new PatientQuery.PatientRecord(patient.id, patient.name, patient.email, patient.phone,
                patient.dateOfBirth, patient.createdAt, patient.updatedAt);
    }
}
