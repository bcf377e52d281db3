package clinic.appointment.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import clinic.appointment.Appointment;
import clinic.appointment.AppointmentHistory;
import clinic.http.Paging;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries over appointments; the order is always time, then id, so pages are stable. */
@ApplicationScoped
public class AppointmentRepository implements PanacheRepositoryBase<Appointment, UUID> {

    private static final Sort BY_TIME = Sort.by("startAt").and("id");

    /** What a list may be narrowed to; null members do not narrow. */
    public record Filter(String patientId, String doctorId, Instant from, Instant to, List<String> statuses) {
    }

    /** Loads the appointment locked for update, so concurrent changes of one appointment line up. */
    public Uni<Appointment> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<Paging.PageOf<Appointment>> list(Filter filter, Paging paging) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.patientId() != null) {
            clauses.add("patientId = :patient");
            params.put("patient", filter.patientId());
        }
        if (filter.doctorId() != null) {
            clauses.add("doctorId = :doctor");
            params.put("doctor", filter.doctorId());
        }
        if (filter.from() != null) {
            clauses.add("startAt >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            clauses.add("startAt < :to");
            params.put("to", filter.to());
        }
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            clauses.add("statusCode in :statuses");
            params.put("statuses", filter.statuses());
        }
        String query = String.join(" and ", clauses);
        Parameters parameters = new Parameters();
        params.forEach(parameters::and);
        var found = query.isEmpty() ? findAll(BY_TIME) : find(query, BY_TIME, parameters);
        return paging.fetch(found);
    }

    public Uni<List<AppointmentHistory>> history(UUID appointmentId) {
        return AppointmentHistory.<AppointmentHistory>find("appointmentId = ?1", Sort.by("id"), appointmentId).list();
    }
}
