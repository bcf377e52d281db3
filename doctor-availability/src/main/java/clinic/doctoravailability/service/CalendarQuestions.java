package clinic.doctoravailability.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import clinic.doctoravailability.Doctor;
import clinic.doctoravailability.config.AvailabilityConfig;
import clinic.doctoravailability.repository.CalendarRepository;
import clinic.eventbus.EventBusConfig;
import clinic.eventbus.Queries;
import clinic.eventbus.QuestionType;
import clinic.eventbus.payload.CalendarQuery;
import clinic.http.FhirIds;
import clinic.http.Paging;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Answers the FHIR API's questions about doctors and their free times ({@link QuestionType#CALENDAR}) from this
 * service's own calendar, with the same free-slot search as {@code GET /doctors/{id}/slots}: the rule of what is
 * free stays here, nothing is copied.
 */
@ApplicationScoped
public class CalendarQuestions {

    /** The most local days one question's free times may span (31 days of real time meet at most 32). */
    public static final int MAX_DAYS = 32;

    private final DoctorService doctors;
    private final Queries queries;
    private final AvailabilityConfig config;
    private final String service;

    public CalendarQuestions(DoctorService doctors, Queries queries, AvailabilityConfig config,
            EventBusConfig eventBus) {
        this.doctors = doctors;
        this.queries = queries;
        this.config = config;
        this.service = eventBus.service();
    }

    void answerQuestions(@Observes StartupEvent event) {
        queries.answer(QuestionType.CALENDAR.subject(service), CalendarQuery.class, query -> {
            Paging paging = Paging.of(query.page(), query.size(), config.defaultPageSize(), config.maxPageSize());
            return FhirIds.restIds(query.ids(), query.fhirIds(), doctors::idsMappedTo).chain(ids -> doctors
                    .search(new DoctorService.Search(ids, query.name(), query.active(), query.specialty()), paging))
                    .chain(found -> withFreeTimes(query, found.items())
                            .map(records -> new CalendarQuery.Found(found.total(), records)));
        });
    }

    private Uni<List<CalendarQuery.DoctorRecord>> withFreeTimes(CalendarQuery query, List<Doctor> found) {
        Uni<List<CalendarQuery.DoctorRecord>> records = Uni.createFrom().item(new ArrayList<>());
        for (Doctor doctor : found) {
            Uni<List<CalendarQuery.FreeTime>> free = query.freeFrom() == null || query.freeTo() == null
                    || query.durationMinutes() == null ? Uni.createFrom().nullItem()
                            : doctors.freeSlotsBetween(doctor, query.freeFrom(), query.freeTo(),
                                    Duration.ofMinutes(query.durationMinutes()), MAX_DAYS)
                                    .map(slots -> slots.stream()
                                            .map(slot -> new CalendarQuery.FreeTime(slot.start(), slot.end()))
                                            .toList());
            records = records.chain(list -> free.map(times -> {
                list.add(new CalendarQuery.DoctorRecord(doctor.id, doctor.name, doctor.specialty, doctor.email,
                        doctor.phone, CalendarRepository.zone(doctor).getId(), doctor.active, doctor.createdAt,
                        doctor.updatedAt, times));
                return list;
            }));
        }
        return records;
    }
}
