package clinic.appointment.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.appointment.service.Series;
import clinic.eventbus.payload.Reason;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A recurring series as the API shows it: its rule and its occurrences, each an appointment. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Series")
public record SeriesView(
        @Schema(example = "9d5e1c3a-2b4f-4e6a-8c7d-1f0e2d3c4b5a") String id,
        @Schema(example = "patient-123") String patientId,
        @Schema(example = "doctor-456") String doctorId,
        @Schema(example = "FREQ=WEEKLY;COUNT=4") String rrule,
        @Schema(example = "Europe/Berlin", description = "The doctor's time zone the rule was expanded in")
        String timeZone,
        @Schema(example = "30") int durationMinutes,
        @Schema(description = "Booked all or none") boolean atomic,
        @Schema(description = "Every occurrence booked, by time: each confirmed or rejected by the saga on its own")
        List<AppointmentView> occurrences,
        @Schema(description = "What this request could not book or change at once, and why (the doctor's time is"
                + " held here: overlap; a patient's notice is too short: notice); empty when reading the series")
        List<RefusedView> refused,
        Instant createdAt) {

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "SeriesRefusal")
    public record RefusedView(
            @Schema(nullable = true, description = "The occurrence's appointment, when it has one") String appointmentId,
            @Schema(example = "2027-09-22T10:00:00Z") Instant appointmentTime, Reason reason) {
    }

    static SeriesView of(Series.Outcome outcome) {
        var series = outcome.series();
        return new SeriesView(series.id.toString(), series.patientId, series.doctorId, series.rrule, series.timeZone,
                series.durationMinutes, series.atomic, outcome.occurrences().stream().map(AppointmentView::of).toList(),
                outcome.refused().stream().map(r -> new RefusedView(r.appointmentId() == null ? null
                        : r.appointmentId().toString(), r.appointmentTime(), r.reason())).toList(),
                series.createdAt);
    }

    SeriesView withOccurrences(List<AppointmentView> settled) {
        return new SeriesView(id, patientId, doctorId, rrule, timeZone, durationMinutes, atomic, settled, refused, createdAt);
    }
}
