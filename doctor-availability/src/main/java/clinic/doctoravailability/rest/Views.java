package clinic.doctoravailability.rest;

import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.doctoravailability.AvailabilitySlot;
import clinic.doctoravailability.Doctor;
import clinic.doctoravailability.TimeOff;
import clinic.doctoravailability.WorkingHours;
import clinic.doctoravailability.service.FreeSlots;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON shapes of this service's API. */
public final class Views {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private Views() {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Doctor")
    public record DoctorView(@Schema(example = "5b0c2f7e-1d4a-4c3e-9a2b-6f8e1d0c4a77") String id,
            @Schema(example = "Dr. Ada Lovelace") String name,
            @Schema(nullable = true, example = "cardiology") String specialty,
            @Schema(nullable = true, example = "ada@clinic.example") String email,
            @Schema(nullable = true, example = "+4930123456") String phone,
            @Schema(example = "Europe/Berlin") String timeZone, boolean active,
            @Schema(example = "5") int bufferBeforeMinutes, @Schema(example = "10") int bufferAfterMinutes,
            @Schema(example = "120") int minBookingNoticeMinutes, @Schema(example = "1440") int minCancelNoticeMinutes,
            Instant createdAt, Instant updatedAt) {

        static DoctorView of(Doctor d) {
            return new DoctorView(d.id, d.name, d.specialty, d.email, d.phone, d.timeZone, d.active,
                    d.bufferBeforeMinutes, d.bufferAfterMinutes, d.minBookingNoticeMinutes, d.minCancelNoticeMinutes,
                    d.createdAt, d.updatedAt);
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WorkingHours")
    public record WorkingHoursView(@Schema(example = "monday") String dayOfWeek,
            @Schema(example = "09:00") String start, @Schema(example = "12:00") String end) {

        static WorkingHoursView of(WorkingHours h) {
            return new WorkingHoursView(java.time.DayOfWeek.of(h.dayOfWeek).name().toLowerCase(Locale.ROOT),
                    clock(h.startTime), clock(h.endTime));
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "TimeOff")
    public record TimeOffView(String id, String doctorId, Instant startTime, Instant endTime,
            @Schema(nullable = true, example = "Conference") String reason, Instant createdAt) {

        static TimeOffView of(TimeOff t) {
            return new TimeOffView(t.id.toString(), t.doctorId, t.startAt, t.endAt, t.reason, t.createdAt);
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "AvailabilitySlot", description = "A window open for booking (is_available) or an appointment's block")
    public record SlotView(String id, @Schema(example = "doctor-456") String doctorId, Instant startTime,
            Instant endTime, boolean isAvailable, @Schema(nullable = true) String appointmentId, Instant createdAt,
            Instant updatedAt) {

        static SlotView of(AvailabilitySlot s) {
            return new SlotView(s.id.toString(), s.doctorId, s.startAt, s.endAt, s.isAvailable,
                    s.appointmentId == null ? null : s.appointmentId.toString(), s.createdAt, s.updatedAt);
        }
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "FreeSlot")
    public record FreeSlotView(@Schema(example = "2027-03-28T07:00:00Z") Instant startTime,
            @Schema(example = "2027-03-28T07:30:00Z") Instant endTime,
            @Schema(example = "2027-03-28T09:00:00+02:00") String localStartTime) {

        static FreeSlotView of(FreeSlots.Slot slot) {
            return new FreeSlotView(slot.start(), slot.end(), LOCAL.format(slot.localStart()));
        }
    }

    static String clock(LocalTime time) {
        return CLOCK.format(time);
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WaitlistEntry")
    public record WaitlistEntryView(@Schema(example = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d") String id,
            @Schema(example = "patient-123") String patientId,
            @Schema(example = "doctor-456") String doctorId,
            @Schema(implementation = String.class, format = "date", example = "2027-09-13") java.time.LocalDate from,
            @Schema(implementation = String.class, format = "date", example = "2027-09-30") java.time.LocalDate to,
            @Schema(nullable = true, example = "[\"monday\", \"wednesday\"]") java.util.List<String> daysOfWeek,
            @Schema(nullable = true, example = "08:00") String earliestTime,
            @Schema(nullable = true, example = "12:00") String latestTime,
            @Schema(example = "30") int durationMinutes,
            @Schema(enumeration = { "waiting", "offered", "accepted", "cancelled" }, example = "offered") String status,
            @Schema(nullable = true, description = "The time offered (held until expires_at), or accepted")
            Offer offer,
            Instant createdAt, Instant updatedAt) {

        @RegisterForReflection
        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        @Schema(name = "WaitlistOffer")
        public record Offer(@Schema(description = "The appointment it is booked as once accepted") String appointmentId,
                Instant startTime, Instant endTime,
                @Schema(nullable = true, description = "Until when the time is held; null once accepted")
                Instant expiresAt) {
        }

        static WaitlistEntryView of(clinic.doctoravailability.WaitlistEntry e) {
            Offer offer = e.offerAppointmentId == null ? null : new Offer(e.offerAppointmentId.toString(),
                    e.offerStartAt, e.offerEndAt, "offered".equals(e.status) ? e.offerExpiresAt : null);
            java.util.List<String> days = e.daysOfWeek == null ? null : java.util.Arrays.stream(e.daysOfWeek.split(","))
                    .map(day -> java.time.DayOfWeek.of(Integer.parseInt(day)).name().toLowerCase(Locale.ROOT)).toList();
            return new WaitlistEntryView(e.id.toString(), e.patientId, e.doctorId, e.fromDate, e.toDate, days,
                    e.earliestTime == null ? null : e.earliestTime.format(CLOCK),
                    e.latestTime == null ? null : e.latestTime.format(CLOCK), e.durationMinutes, e.status, offer,
                    e.createdAt, e.updatedAt);
        }
    }
}
