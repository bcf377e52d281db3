package clinic.eventbus.payload;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A series booked all or none, carried by the {@code appointment.scheduled} event of each of its occurrences:
 * whichever of them doctor-availability handles first, it holds every occurrence in that one transaction or none.
 * Each event carries the whole list, so no occurrence's event depends on another's arriving.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AtomicSeries(String seriesId, List<Occurrence> occurrences) {

    public AtomicSeries {
        occurrences = occurrences == null ? List.of() : List.copyOf(occurrences);
    }

    /** Whether the series names the appointment among its occurrences (an event that does not is read as its own). */
    public boolean includes(String appointmentId) {
        return occurrences.stream().anyMatch(occurrence -> occurrence.appointmentId().equals(appointmentId));
    }

    /** One occurrence as booked: its appointment, its time and the appointment's version. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Occurrence(String appointmentId, Instant appointmentTime, Instant endTime, long version) {
    }
}
