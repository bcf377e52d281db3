package clinic.patientcontact.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.patientcontact.Patient;
import clinic.patientcontact.TrackedAppointment;
import clinic.patientcontact.service.PatientService.Tracking;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON shapes of the patient API. */
public final class PatientViews {

    private PatientViews() {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Patient")
    public record PatientView(@Schema(example = "patient-123") String id, @Schema(example = "Jane Doe") String name,
            @Schema(nullable = true, example = "jane@example.org") String email,
            @Schema(nullable = true, example = "+4930123456") String phone,
            @Schema(example = "{\"email\": true, \"sms\": false}") Map<String, Boolean> notificationPreferences,
            @Schema(example = "1980-04-23", nullable = true) LocalDate dateOfBirth, Instant createdAt,
            Instant updatedAt) {

        static PatientView of(Patient p) {
            return new PatientView(p.id, p.name, p.email, p.phone, Map.of("email", p.notifyEmail, "sms", p.notifySms),
                    p.dateOfBirth, p.createdAt, p.updatedAt);
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "TrackedAppointment")
    public record TrackedAppointmentView(String appointmentId, String doctorId, Instant appointmentTime,
            Instant endTime, @Schema(example = "confirmed") String status, Instant updatedAt) {

        static TrackedAppointmentView of(TrackedAppointment a) {
            return new TrackedAppointmentView(a.appointmentId.toString(), a.doctorId, a.startAt, a.endAt, a.status,
                    a.updatedAt);
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "PatientAppointments")
    public record TrackingView(String patientId,
            @Schema(description = "Whether a patient is registered under this id") boolean registered,
            @Schema(example = "{\"upcoming\": 1, \"completed\": 3, \"cancelled\": 0, \"no_show\": 0}")
            Map<String, Long> counts, List<TrackedAppointmentView> appointments) {

        static TrackingView of(Tracking t) {
            return new TrackingView(t.patientId(), t.registered(), t.counts(),
                    t.appointments().stream().map(TrackedAppointmentView::of).toList());
        }
    }
}
