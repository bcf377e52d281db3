package clinic.appointment.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.valueextraction.Unwrapping;

import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.appointment.AppointmentStatus;
import clinic.appointment.repository.AppointmentRepository.Filter;
import clinic.appointment.service.AppointmentService.Update;
import clinic.appointment.service.Bookings.Booking;
import clinic.appointment.service.Recurrence;
import clinic.http.PathIds;
import clinic.http.ProblemException;
import clinic.http.Text;
import clinic.http.Times;

/**
 * The appointment API's request bodies, their constraints (read by Bean Validation and by the OpenAPI document
 * alike) and the rules beside them that constraints cannot say (a time in the future, a status on its own); and
 * its headers and parameters. Each bad value is a 400 naming it. The FHIR API reads its bodies into the same records,
 * so a rule holds for both.
 */
public final class AppointmentRequests {

    public static final int MIN_DURATION = 5;
    public static final int MAX_DURATION = 480;
    public static final int DEFAULT_DURATION = 30;
    static final int MAX_ID_LENGTH = 100;
    static final int MAX_NOTES_LENGTH = 2000;
    private static final String DURATION_RANGE = "must be between " + MIN_DURATION + " and " + MAX_DURATION;
    private static final java.util.regex.Pattern PREFER_WAIT =
            java.util.regex.Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d+)");

    private AppointmentRequests() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "NewAppointment", additionalProperties = Schema.False.class)
    public record NewAppointment(
            @NotBlank(message = "is required") @Size(max = MAX_ID_LENGTH, message = Text.TOO_LONG)
            @Schema(example = "patient-123") String patientId,
            @NotBlank(message = "is required") @Size(max = MAX_ID_LENGTH, message = Text.TOO_LONG)
            @Schema(example = "doctor-456") String doctorId,
            @NotNull(message = "is required, e.g. " + Times.EXAMPLE)
            @Schema(description = "A future time with a UTC offset", example = "2027-09-15T10:00:00Z")
            Instant appointmentTime,
            @Min(value = MIN_DURATION, message = DURATION_RANGE) @Max(value = MAX_DURATION, message = DURATION_RANGE)
            @Schema(defaultValue = "" + DEFAULT_DURATION, example = "30") Integer durationMinutes,
            @Size(max = MAX_NOTES_LENGTH, message = Text.TOO_LONG)
            @Schema(nullable = true, example = "Regular checkup") String notes) {

        public Booking booking(Clock clock) {
            if (!appointmentTime.isAfter(clock.instant())) {
                throw ProblemException.badField("appointment_time", "is in the past; book a future time");
            }
            return new Booking(patientId, doctorId, appointmentTime,
                    durationMinutes == null ? DEFAULT_DURATION : durationMinutes, notes);
        }
    }

    /** A recurring series: a booking's fields for its first occurrence, and the rule that repeats it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "NewSeries", additionalProperties = Schema.False.class)
    public record NewSeries(
            @NotBlank(message = "is required") @Size(max = MAX_ID_LENGTH, message = Text.TOO_LONG)
            @Schema(example = "patient-123") String patientId,
            @NotBlank(message = "is required") @Size(max = MAX_ID_LENGTH, message = Text.TOO_LONG)
            @Schema(example = "doctor-456") String doctorId,
            @NotNull(message = "is required, e.g. " + Times.EXAMPLE)
            @Schema(description = "The first occurrence: a future time with a UTC offset; the rule repeats its"
                    + " wall-clock time in the doctor's time zone", example = "2027-09-15T10:00:00Z")
            Instant appointmentTime,
            @Min(value = MIN_DURATION, message = DURATION_RANGE) @Max(value = MAX_DURATION, message = DURATION_RANGE)
            @Schema(defaultValue = "" + DEFAULT_DURATION, example = "30") Integer durationMinutes,
            @Size(max = MAX_NOTES_LENGTH, message = Text.TOO_LONG)
            @Schema(nullable = true, example = "Physiotherapy") String notes,
            @NotBlank(message = "is required, e.g. FREQ=WEEKLY;COUNT=4") @Size(max = 300, message = Text.TOO_LONG)
            @Schema(description = "An RFC 5545 recurrence rule: FREQ=DAILY, WEEKLY or MONTHLY, with COUNT or UNTIL"
                    + " (a time in UTC); at most 52 occurrences within a year", example = "FREQ=WEEKLY;COUNT=4")
            String rrule,
            @Schema(implementation = Boolean.class, nullable = false, defaultValue = "false",
                    description = "All or none: every occurrence is booked in one transaction (409 naming the first whose time is taken or too soon) and held by the doctor's"
                    + " availability in one transaction, or every one is rejected (the refused one with its reason,"
                    + " the others with reason series)")
            Optional<@NotNull(message = "must be true or false") Boolean> atomic) {

        /** Booked all or none (left out: one by one). */
        public boolean allOrNone() {
            return atomic != null && atomic.orElse(false);
        }

        public Booking first(Clock clock) {
            return new NewAppointment(patientId, doctorId, appointmentTime, durationMinutes, notes).booking(clock);
        }

        public Recurrence recurrence() {
            try {
                return Recurrence.parse(rrule);
            } catch (Recurrence.InvalidRuleException e) {
                throw ProblemException.badField("rrule", e.getMessage());
            }
        }
    }

    /** "This and following": an occurrence moved to a new time, and every later one by the same wall-clock step. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "SeriesMove", additionalProperties = Schema.False.class)
    public record SeriesMove(
            @NotNull(message = "is required") @Schema(example = "3f2a9c1e-7b5d-4c1a-9e8f-2b6d4a1c0e55")
            UUID fromAppointmentId,
            @NotNull(message = "is required, e.g. " + Times.EXAMPLE)
            @Schema(description = "The new time of that occurrence, a future time with a UTC offset",
                    example = "2027-09-15T11:00:00Z") Instant appointmentTime) {

        public Instant newTime(Clock clock) {
            if (!appointmentTime.isAfter(clock.instant())) {
                throw ProblemException.badField("appointment_time", "is in the past; move to a future time");
            }
            return appointmentTime;
        }
    }

    /** A partial change: a field left out stays as it is; notes sent as null are removed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "AppointmentChange", additionalProperties = Schema.False.class, minProperties = 1,
            description = "A new time and/or length (a reschedule), notes, or a status on its own")
    public record AppointmentChange(
            @Schema(description = "A future time with a UTC offset", example = "2027-09-16T14:00:00Z")
            Instant appointmentTime,
            @Min(value = MIN_DURATION, message = DURATION_RANGE) @Max(value = MAX_DURATION, message = DURATION_RANGE)
            @Schema(example = "45") Integer durationMinutes,
            @Size(max = MAX_NOTES_LENGTH, message = Text.TOO_LONG, payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = true, example = "Follow-up") Optional<String> notes,
            @Pattern(regexp = "^(confirmed|cancelled|completed|no_show)$",
                    message = "must be one of confirmed, cancelled, completed, no_show")
            @Schema(enumeration = { "confirmed", "cancelled", "completed", "no_show" }, example = "confirmed")
            String status) {

        public Update update(Clock clock) {
            if (appointmentTime == null && durationMinutes == null && notes == null && status == null) {
                throw ProblemException.badFields("Send at least one of appointment_time, duration_minutes, notes,"
                        + " status.", List.of());
            }
            // A bad value is named before a rule about the fields together.
            if (appointmentTime != null && !appointmentTime.isAfter(clock.instant())) {
                throw ProblemException.badField("appointment_time", "is in the past; choose a future time");
            }
            if (status != null && (appointmentTime != null || durationMinutes != null || notes != null)) {
                throw ProblemException.badField("status", "cannot be changed together with other fields; send it on"
                        + " its own");
            }
            return new Update(appointmentTime, durationMinutes, notes != null, notes == null ? null
                    : notes.orElse(null), status == null ? null : AppointmentStatus.fromCode(status));
        }
    }

    static UUID id(String text) {
        return PathIds.uuid(text, "appointment");
    }

    /**
     * The query of the appointment lists, read by the resource and described to clients in one place: the
     * parameters arrive as text, so a bad one is refused in the API's words, and are documented as what a client
     * sends (the paging parameters by http-common's conventions).
     */
    record ListQuery(
            @RestQuery String page,
            @RestQuery String size,
            @Parameter(description = "Earliest appointment_time, inclusive", example = "2027-09-15T00:00:00Z",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @RestQuery String from,
            @Parameter(description = "Latest appointment_time, exclusive", example = "2027-09-16T00:00:00Z",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @RestQuery String to,
            @Parameter(description = "Statuses, comma separated", example = "[\"scheduled\", \"confirmed\"]",
                    style = ParameterStyle.FORM, explode = Explode.FALSE,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = AppointmentStatus.class))
            @RestQuery String status) {

        /** The lists' filter for a patient's or a doctor's appointments (or everyone's: both null). */
        Filter filter(String patientId, String doctorId) {
            Filter filter = new Filter(patientId, doctorId, timeParam(from, "from"), timeParam(to, "to"),
                    statusesParam(status));
            if (filter.from() != null && filter.to() != null && !filter.to().isAfter(filter.from())) {
                throw ProblemException.badField("to", "must be after from");
            }
            return filter;
        }
    }

    static Instant timeParam(String value, String name) {
        return value == null || value.isBlank() ? null : Times.parse(value, name);
    }

    static List<String> statusesParam(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        List<String> statuses = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String status : statuses) {
            try {
                AppointmentStatus.fromCode(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badField("status", "must be one or more of scheduled, confirmed, rejected,"
                        + " cancelled, completed, no_show (comma separated)");
            }
        }
        return statuses;
    }

    /** {@code Prefer: wait=N} (RFC 7240), capped; null when the client does not want to wait. */
    public static Integer preferWait(String prefer, int maxSeconds) {
        if (prefer == null) {
            return null;
        }
        Matcher matcher = PREFER_WAIT.matcher(prefer.toLowerCase(java.util.Locale.ROOT));
        if (!matcher.find()) {
            return null;
        }
        long seconds = Long.parseLong(matcher.group(1).length() > 6 ? "999999" : matcher.group(1));
        return (int) Math.min(seconds, maxSeconds);
    }

    public static String idempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        String trimmed = key.trim();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw ProblemException.badField("Idempotency-Key", "must be 1 to 200 characters");
        }
        String problem = Text.problem(trimmed);
        if (problem != null) {
            throw ProblemException.badField("Idempotency-Key", problem);
        }
        return trimmed;
    }
}
