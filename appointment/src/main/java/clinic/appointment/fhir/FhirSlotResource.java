package clinic.appointment.fhir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Slot;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import clinic.appointment.config.AppointmentConfig;
import clinic.eventbus.payload.CalendarQuery;
import clinic.http.Paging;
import clinic.http.ProblemException;
import clinic.http.Roles;
import io.smallrye.mutiny.Uni;

/**
 * FHIR R4 Slot: a doctor's free times of the free-slot search's length, computed by doctor-availability from
 * working hours, windows, time off and blocks, less what this service's own bookings hold that doctor-availability
 * has not answered yet. Slots are not stored: their ids read back ({@link FhirSlots.SlotId}), free or busy as the
 * calendar is then.
 */
@Path(FhirConventions.BASE + "/Slot")
@Produces({ FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON })
public class FhirSlotResource {

    public static final List<FhirSearch.Param> SEARCH = List.of(
            new FhirSearch.Param("schedule", SearchParamType.REFERENCE, "Schedule/<id>, required"),
            new FhirSearch.Param("start", SearchParamType.DATE, "eq, ge, gt, le or lt; from now and 7 days on by"
                    + " default, 31 days at most"),
            new FhirSearch.Param("status", SearchParamType.TOKEN, "free: the free times are what is listed"));

    private final FhirCalendar calendar;
    private final AppointmentConfig config;

    public FhirSlotResource(FhirCalendar calendar, AppointmentConfig config) {
        this.calendar = calendar;
        this.config = config;
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Slot> read(@RestPath String id) {
        FhirSlots.SlotId slot = FhirSlots.SlotId.parse(id)
                .orElseThrow(() -> ProblemException.notFound("No Slot/" + id + "."));
        int minutes = (int) Duration.between(slot.start(), slot.end()).toMinutes();
        return calendar.freeTimes(List.of(slot.scheduleId()), null, slot.start(), slot.end(), minutes).map(doctors -> {
            if (doctors.isEmpty()) {
                throw ProblemException.notFound("No Slot/" + id + ": no Schedule/" + slot.scheduleId() + ".");
            }
            boolean free = doctors.get(0).free().stream()
                    .anyMatch(time -> time.start().equals(slot.start()) && time.end().equals(slot.end()));
            return FhirSlots.slot(slot, free);
        });
    }

    @GET
    @Operation(hidden = true)
    @RolesAllowed({ Roles.PATIENT, Roles.DOCTOR, Roles.STAFF, Roles.ADMIN })
    public Uni<Bundle> search(@Context UriInfo uri, @Context HttpHeaders headers,
            @RestHeader("Prefer") String prefer) {
        Map<String, List<String>> query = FhirSearch.accepted(uri.getQueryParameters(), SEARCH,
                FhirSearch.lenient(prefer));
        Paging paging = FhirSearch.paging(query, config.defaultPageSize(), config.maxPageSize());
        String schedule = FhirSearch.reference(FhirSearch.single(query, "schedule"), "Schedule", "schedule");
        if (schedule == null) {
            throw ProblemException.badField("schedule", "is required: the Slots of one Schedule/<id> are listed");
        }
        List<String> statuses = FhirSearch.tokens(query, "status", "http://hl7.org/fhir/slotstatus");
        if (statuses != null && !statuses.contains("free")) {
            throw ProblemException.badField("status", "must be free: free times are what is listed (a busy Slot"
                    + " reads back by its id)");
        }
        FhirSearch.Window window = calendar.range(FhirSearch.window(query, "start"), "start");
        return calendar.freeTimes(List.of(schedule), null, window.from(), window.to(), config.fhirSlotMinutes())
                .map(doctors -> {
                    List<Slot> slots = new ArrayList<>();
                    for (CalendarQuery.DoctorRecord doctor : doctors) {
                        for (CalendarQuery.FreeTime time : doctor.free()) {
                            slots.add(FhirSlots.slot(FhirSlots.SlotId.of(doctor.id(), time.start(), time.end()),
                                    true));
                        }
                    }
                    int from = (int) Math.min(slots.size(), (long) (paging.page() - 1) * paging.size());
                    return FhirBundles.searchset(FhirBase.of(uri, headers), "Slot", query, paging, slots.size(),
                            slots.subList(from, Math.min(slots.size(), from + paging.size())));
                });
    }
}
