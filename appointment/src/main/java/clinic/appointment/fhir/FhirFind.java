package clinic.appointment.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;

import clinic.appointment.config.AppointmentConfig;
import clinic.appointment.rest.AppointmentRoles;
import clinic.eventbus.payload.CalendarQuery;
import clinic.http.Caller;
import clinic.http.Paging;
import clinic.http.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * {@code Appointment/$find} (IHE ITI-115, Find Potential Appointments): proposed Appointments for the free times
 * of the practitioners asked for (or of every active doctor of the specialty), none that a booking holds, by
 * start. GET with the parameters in the query, or POST with a Parameters body ({@link FhirAppointmentResource}).
 */
@ApplicationScoped
public class FhirFind {

    /** The operation's definition, as the CapabilityStatement names it. */
    public static final String DEFINITION =
            "https://profiles.ihe.net/ITI/Scheduling/OperationDefinition/appointment-find";
    static final List<FhirSearch.Param> PARAMETERS = List.of(
            new FhirSearch.Param("start", org.hl7.fhir.r4.model.Enumerations.SearchParamType.DATE, "required"),
            new FhirSearch.Param("end", org.hl7.fhir.r4.model.Enumerations.SearchParamType.DATE, "required"),
            new FhirSearch.Param("practitioner", org.hl7.fhir.r4.model.Enumerations.SearchParamType.REFERENCE, ""),
            new FhirSearch.Param("specialty", org.hl7.fhir.r4.model.Enumerations.SearchParamType.TOKEN, ""),
            new FhirSearch.Param("patient", org.hl7.fhir.r4.model.Enumerations.SearchParamType.REFERENCE, ""));

    private final FhirCalendar calendar;
    private final AppointmentConfig config;
    private final Caller caller;

    public FhirFind(FhirCalendar calendar, AppointmentConfig config, Caller caller) {
        this.calendar = calendar;
        this.config = config;
        this.caller = caller;
    }

    /** The proposals for a $find's parameters (from the query, or from a Parameters body by {@link #asQuery}). */
    Uni<Bundle> find(Map<String, List<String>> asked, String prefer, UriInfo uri, HttpHeaders headers) {
        return find(FhirSearch.accepted(asked, PARAMETERS, FhirSearch.lenient(prefer)), uri, headers);
    }

    private Uni<Bundle> find(Map<String, List<String>> query, UriInfo uri, HttpHeaders headers) {
        Paging paging = FhirSearch.paging(query, config.defaultPageSize(), config.maxPageSize());
        String start = FhirSearch.single(query, "start");
        String end = FhirSearch.single(query, "end");
        if (start == null || end == null) {
            throw ProblemException.badField(start == null ? "start" : "end", "is required: $find looks for free"
                    + " times between start and end");
        }
        // A day given as the end includes that day; a time is where the period ends.
        Instant[] endRange = FhirSearch.range(end, "end");
        FhirSearch.Window range = calendar.range(new FhirSearch.Window(FhirSearch.range(start, "start")[0],
                end.contains("T") ? endRange[0] : endRange[1]), "end");
        List<String> practitioners = references(query.get("practitioner"), FhirAppointments.PRACTITIONER,
                "practitioner");
        String patient = FhirSearch.reference(FhirSearch.single(query, "patient"), FhirAppointments.PATIENT,
                "patient");
        if (patient != null) {
            AppointmentRoles.requireMayBookFor(caller, patient);
        }
        String specialty = FhirSearch.single(query, "specialty");
        return calendar.freeTimes(practitioners, specialty, range.from(), range.to(), config.fhirSlotMinutes())
                .map(doctors -> {
                    List<Appointment> proposed = new ArrayList<>();
                    for (CalendarQuery.DoctorRecord doctor : doctors) {
                        if (!doctor.active()) {
                            continue;
                        }
                        doctor.free().forEach(time -> proposed.add(FhirSlots.proposed(doctor, time, patient)));
                    }
                    proposed.sort(Comparator.comparing(Appointment::getStart));
                    int from = (int) Math.min(proposed.size(), (long) (paging.page() - 1) * paging.size());
                    return FhirBundles.searchset(FhirBase.of(uri, headers), "Appointment/$find", query, paging,
                            proposed.size(), proposed.subList(from, Math.min(proposed.size(),
                                    from + paging.size())));
                });
    }

    /** The ids of the references given (comma separated or repeated); null when none. */
    private static List<String> references(List<String> values, String type, String name) {
        if (values == null) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (String value : values) {
            for (String one : value.split(",")) {
                ids.add(FhirSearch.reference(one.trim(), type, name));
            }
        }
        return ids;
    }

    /** A Parameters body as the query it stands for: each parameter's value as text. */
    static Map<String, List<String>> asQuery(Parameters body) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Parameters.ParametersParameterComponent parameter : body.getParameter()) {
            String value;
            if (parameter.getValue() instanceof Reference reference) {
                value = reference.getReference();
            } else if (parameter.getValue() instanceof PrimitiveType<?> primitive) {
                value = primitive.getValueAsString();
            } else if (parameter.getValue() instanceof org.hl7.fhir.r4.model.CodeableConcept concept) {
                value = concept.hasCoding() ? concept.getCodingFirstRep().getCode() : concept.getText();
            } else if (parameter.getValue() instanceof org.hl7.fhir.r4.model.Coding coding) {
                value = coding.getCode();
            } else {
                throw ProblemException.badField(parameter.getName(), "must have a value of a simple type, a"
                        + " Reference or a code");
            }
            query.computeIfAbsent(parameter.getName(), name -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
