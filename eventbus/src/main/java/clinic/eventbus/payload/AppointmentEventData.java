package clinic.eventbus.payload;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The data of every {@code appointment.*} event: ids and scheduling facts only, never notes.
 * {@code version} is the appointment's version after the change, so consumers can ignore stale events.
 * {@code atomic_series} is set only on the {@code scheduled} events of a series booked all or none.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppointmentEventData(
        String appointmentId,
        String patientId,
        String doctorId,
        Instant appointmentTime,
        Instant endTime,
        int durationMinutes,
        String status,
        long version,
        String timeZone,
        Instant previousAppointmentTime,
        Reason reason,
        AtomicSeries atomicSeries) {

    public AppointmentEventData(String appointmentId, String patientId, String doctorId, Instant appointmentTime,
            Instant endTime, int durationMinutes, String status, long version, String timeZone,
            Instant previousAppointmentTime, Reason reason) {
        this(appointmentId, patientId, doctorId, appointmentTime, endTime, durationMinutes, status, version, timeZone,
                previousAppointmentTime, reason, null);
    }
}
