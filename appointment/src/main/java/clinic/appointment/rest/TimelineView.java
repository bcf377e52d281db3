package clinic.appointment.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.appointment.Appointment;
import clinic.eventbus.EventTimeline;
import clinic.eventbus.payload.Reason;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every step of one appointment across the services, in time order, as {@code GET /appointments/{id}/timeline}. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Timeline")
public record TimelineView(
        String appointmentId,
        @Schema(example = "confirmed") String status,
        @Schema(nullable = true, description = "Why it was rejected or cancelled, or a reschedule refused")
        Reason statusReason,
        @Schema(description = "False when a service did not answer in time: its steps are missing")
        boolean complete,
        @Schema(description = "The services whose steps are missing") List<String> missingServices,
        List<StepView> steps) {

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "TimelineStep")
    public record StepView(
            Instant at,
            @Schema(example = "doctor-availability") String service,
            @Schema(enumeration = { "published", "handled" }, description = "published: the service made the event"
                    + " (in the transaction of its change); handled: its consumer applied it") String action,
            @Schema(example = "availability.blocked") String eventType,
            String eventId,
            @Schema(nullable = true, description = "When JetStream acknowledged a published event")
            Instant acknowledgedAt,
            @Schema(nullable = true, example = "doctor-availability-APPOINTMENTS",
                    description = "The durable consumer that handled it") String consumer,
            @Schema(description = "Milliseconds since the step before", example = "4") long sincePreviousMs,
            @Schema(description = "Milliseconds since the first step", example = "12") long sinceStartMs) {
    }

    static TimelineView of(Appointment appointment, EventTimeline.Steps found) {
        List<StepView> steps = new ArrayList<>();
        Instant start = found.steps().isEmpty() ? null : found.steps().get(0).at();
        Instant previous = start;
        for (EventTimeline.Step step : found.steps()) {
            steps.add(new StepView(step.at(), step.service(), step.action(), step.eventType(), step.eventId(),
                    step.acknowledgedAt(), step.consumer(), Duration.between(previous, step.at()).toMillis(),
                    Duration.between(start, step.at()).toMillis()));
            previous = step.at();
        }
        return new TimelineView(appointment.id.toString(), appointment.statusCode, appointment.statusReason(),
                found.missingServices().isEmpty(), found.missingServices(), steps);
    }
}
