package clinic.doctoravailability.rest;

import static clinic.http.SentFields.value;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.valueextraction.Unwrapping;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.doctoravailability.service.DoctorService;
import clinic.doctoravailability.service.TimeRange;
import clinic.doctoravailability.service.Waitlist;
import clinic.doctoravailability.service.WorkingRange;
import clinic.http.ProblemException;
import clinic.http.SentFields;
import clinic.http.StrictJson;
import clinic.http.Text;
import clinic.http.Times;

/**
 * The calendar API's request bodies, their constraints (read by Bean Validation and by the OpenAPI document alike)
 * and the rules beside them that constraints cannot say (a time zone that exists, an end after its start, ranges
 * that do not overlap); and its query parameters. Each bad value is a 400 naming it.
 */
final class CalendarRequests {

    /** The free-slot search's slot length, in minutes. */
    static final int MIN_SLOT_MINUTES = 5;
    static final int MAX_SLOT_MINUTES = 480;
    static final int DEFAULT_SLOT_MINUTES = 30;

    private CalendarRequests() {
    }

    /** A doctor's fields: on registration name is required; on a change only what is sent changes, null clears. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "DoctorFields", additionalProperties = Schema.False.class, minProperties = 1,
            description = "On registration name is required; on a change only the fields sent change")
    record DoctorFields(
            @Size(max = 200, message = Text.TOO_LONG, payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = false, minLength = 1, example = "Dr. Ada Lovelace")
            Optional<@NotBlank(message = "is required") String> name,
            @Size(max = 100, message = Text.TOO_LONG, payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = true, example = "cardiology") Optional<String> specialty,
            @Size(max = 254, message = Text.TOO_LONG, payload = Unwrapping.Unwrap.class)
            @Pattern(regexp = Text.EMAIL, message = "is not an e-mail address", payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = true, example = "ada@clinic.example")
            Optional<String> email,
            @Size(max = 40, message = Text.TOO_LONG, payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = true, example = "+4930123456") Optional<String> phone,
            @Size(max = 64, message = Text.TOO_LONG, payload = Unwrapping.Unwrap.class)
            @Schema(implementation = String.class, nullable = true, description = "An IANA time zone; UTC when not"
                    + " given", example = "Europe/Berlin") Optional<String> timeZone,
            @Schema(implementation = Boolean.class, nullable = false, description = "false retires the doctor",
                    example = "true")
            Optional<@NotNull(message = "must be true or false") Boolean> active,
            @Schema(implementation = Integer.class, nullable = false, minimum = "0", maximum = "240",
                    description = "Minutes before each appointment that no other appointment may use (0 when not"
                            + " given)", example = "5")
            Optional<@NotNull(message = BUFFER) @Min(value = 0, message = BUFFER) @Max(value = 240, message = BUFFER)
                    Integer> bufferBeforeMinutes,
            @Schema(implementation = Integer.class, nullable = false, minimum = "0", maximum = "240",
                    description = "Minutes after each appointment that no other appointment may use; two buffers"
                            + " may overlap", example = "10")
            Optional<@NotNull(message = BUFFER) @Min(value = 0, message = BUFFER) @Max(value = 240, message = BUFFER)
                    Integer> bufferAfterMinutes,
            @Schema(implementation = Integer.class, nullable = false, minimum = "0", maximum = "43200",
                    description = "The least notice, in minutes, a patient gives to book (staff may book later)",
                    example = "120")
            Optional<@NotNull(message = NOTICE) @Min(value = 0, message = NOTICE)
                    @Max(value = 43200, message = NOTICE) Integer> minBookingNoticeMinutes,
            @Schema(implementation = Integer.class, nullable = false, minimum = "0", maximum = "43200",
                    description = "The least notice, in minutes, a patient gives to cancel or move an appointment"
                            + " (staff may change it later)", example = "1440")
            Optional<@NotNull(message = NOTICE) @Min(value = 0, message = NOTICE)
                    @Max(value = 43200, message = NOTICE) Integer> minCancelNoticeMinutes) {

        static final String BUFFER = "must be a whole number of minutes from 0 to 240";
        static final String NOTICE = "must be a whole number of minutes from 0 to 43200 (30 days)";

        DoctorService.DoctorChange change(boolean create) {
            if (create && name == null) {
                throw ProblemException.badField("name", "is required");
            }
            if (!create && name == null && specialty == null && email == null && phone == null && timeZone == null
                    && active == null && bufferBeforeMinutes == null && bufferAfterMinutes == null
                    && minBookingNoticeMinutes == null && minCancelNoticeMinutes == null) {
                throw ProblemException.badField("name", "or another field must be sent");
            }
            String zone = value(timeZone);
            if (zone != null && !isZone(zone)) {
                throw ProblemException.badField("time_zone", "must be an IANA time zone such as Europe/Berlin or UTC");
            }
            Set<String> given = new SentFields().add("name", name).add("specialty", specialty).add("email", email)
                    .add("phone", phone).add("time_zone", timeZone).add("active", active).names();
            return new DoctorService.DoctorChange(value(name), value(specialty), value(email), value(phone), zone,
                    value(active), new DoctorService.Settings(value(bufferBeforeMinutes), value(bufferAfterMinutes),
                            value(minBookingNoticeMinutes), value(minCancelNoticeMinutes)), given);
        }
    }

    static boolean isZone(String zone) {
        if (!zone.contains("/") && !zone.equals("UTC")) {
            return false;
        }
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WorkingHoursRange", additionalProperties = Schema.False.class)
    record WorkingHoursRange(
            @NotNull(message = "is required")
            @Pattern(regexp = "^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
                    flags = Pattern.Flag.CASE_INSENSITIVE, message = "must be a day such as monday")
            @JsonDeserialize(using = StrictJson.Name.class)
            @Schema(enumeration = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" },
                    example = "monday") String dayOfWeek,
            @NotNull(message = "is required")
            @Schema(implementation = String.class, pattern = "^\\d{2}:\\d{2}$", description = "Local time, HH:mm",
                    example = "09:00") LocalTime start,
            @NotNull(message = "is required")
            @Schema(implementation = String.class, pattern = "^\\d{2}:\\d{2}$",
                    description = "Local time, HH:mm, after start", example = "12:00") LocalTime end) {
    }

    /** A week of working ranges: each ends after it starts, and none overlaps another on its day. */
    static List<WorkingRange> workingHours(List<WorkingHoursRange> week) {
        List<WorkingRange> ranges = new ArrayList<>();
        for (int i = 0; i < week.size(); i++) {
            WorkingHoursRange item = week.get(i);
            if (!item.end().isAfter(item.start())) {
                throw ProblemException.badField("[" + i + "].end", "must be after start");
            }
            WorkingRange range = new WorkingRange(DayOfWeek.valueOf(item.dayOfWeek().toUpperCase(Locale.ROOT)),
                    item.start(), item.end());
            for (WorkingRange other : ranges) {
                if (other.overlaps(range)) {
                    throw ProblemException.badField("[" + i + "].start", "overlaps another range on "
                            + range.day().name().toLowerCase(Locale.ROOT));
                }
            }
            ranges.add(range);
        }
        return ranges;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "NewTimeOff", additionalProperties = Schema.False.class)
    record NewTimeOff(
            @NotNull(message = "is required, e.g. " + Times.EXAMPLE) @Schema(example = "2027-09-20T00:00:00Z")
            Instant startTime,
            @NotNull(message = "is required, e.g. " + Times.EXAMPLE)
            @Schema(description = "After start_time", example = "2027-09-25T00:00:00Z") Instant endTime,
            @Size(max = 500, message = Text.TOO_LONG) @Schema(nullable = true, example = "Conference") String reason) {

        TimeRange range() {
            if (!endTime.isAfter(startTime)) {
                throw ProblemException.badField("end_time", "must be after start_time");
            }
            return new TimeRange(startTime, endTime);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "NewWindow", additionalProperties = Schema.False.class)
    record NewWindow(
            @NotBlank(message = "is required") @Size(max = 100, message = Text.TOO_LONG)
            @Schema(example = "doctor-456") String doctorId,
            @NotNull(message = "is required, e.g. " + Times.EXAMPLE) @Schema(example = "2027-09-15T09:00:00Z")
            Instant startTime,
            @Min(value = 1, message = "must be between 1 and 24") @Max(value = 24, message = "must be between 1 and 24")
            @Schema(defaultValue = "1", example = "3") Integer durationHours) {

        TimeRange range() {
            int hours = durationHours == null ? 1 : durationHours;
            return new TimeRange(startTime, startTime.plus(Duration.ofHours(hours)));
        }
    }

    /** The longest stretch of days a patient may wait for at once. */
    static final int MAX_WAITLIST_DAYS = 180;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "NewWaitlistEntry", additionalProperties = Schema.False.class)
    record NewWaitlistEntry(
            @NotBlank(message = "is required") @Size(max = 100, message = Text.TOO_LONG)
            @Schema(example = "patient-123") String patientId,
            @NotBlank(message = "is required") @Size(max = 100, message = Text.TOO_LONG)
            @Schema(example = "doctor-456") String doctorId,
            @NotNull(message = "is required, e.g. 2027-09-13")
            @Schema(implementation = String.class, format = "date", description = "The first local day (the"
                    + " doctor's time zone) the patient would come", example = "2027-09-13") LocalDate from,
            @NotNull(message = "is required, e.g. 2027-09-30")
            @Schema(implementation = String.class, format = "date", description = "The last such day, at most "
                    + MAX_WAITLIST_DAYS + " days after from", example = "2027-09-30") LocalDate to,
            @Size(min = 1, max = 7, message = "must name 1 to 7 days")
            @Schema(nullable = true, description = "The days of the week the patient would come (any when not"
                    + " given)", example = "[\"monday\", \"wednesday\"]")
            List<@NotNull(message = "must be a day such as monday")
                    @Pattern(regexp = "^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
                            flags = Pattern.Flag.CASE_INSENSITIVE, message = "must be a day such as monday")
                    String> daysOfWeek,
            @Schema(implementation = String.class, nullable = true, pattern = "^\\d{2}:\\d{2}$",
                    description = "Local time, HH:mm: the appointment starts no earlier", example = "08:00")
            LocalTime earliestTime,
            @Schema(implementation = String.class, nullable = true, pattern = "^\\d{2}:\\d{2}$",
                    description = "Local time, HH:mm: the appointment ends no later", example = "12:00")
            LocalTime latestTime,
            @Min(value = 5, message = "must be between 5 and 480") @Max(value = 480,
                    message = "must be between 5 and 480")
            @Schema(defaultValue = "30", example = "30") Integer durationMinutes) {

        Waitlist.Wish wish(java.time.Clock clock) {
            LocalDate today = LocalDate.now(clock);
            if (from.isBefore(today.minusDays(1)) || from.isAfter(today.plusYears(10))) {
                throw ProblemException.badField("from", "must be a day from today to ten years ahead");
            }
            if (to.isBefore(from)) {
                throw ProblemException.badField("to", "must be on or after from");
            }
            if (to.isAfter(from.plusDays(MAX_WAITLIST_DAYS))) {
                throw ProblemException.badField("to", "must be at most " + MAX_WAITLIST_DAYS + " days after from");
            }
            int minutes = durationMinutes == null ? 30 : durationMinutes;
            if (earliestTime != null && latestTime != null
                    && earliestTime.plusMinutes(minutes).isAfter(latestTime)) {
                throw ProblemException.badField("latest_time", "leaves no room for " + minutes + " minutes after"
                        + " earliest_time");
            }
            java.util.Set<DayOfWeek> days = daysOfWeek == null ? null : daysOfWeek.stream()
                    .map(day -> DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)))
                    .collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(DayOfWeek.class)));
            return new Waitlist.Wish(patientId, doctorId, from, to, days, earliestTime, latestTime, minutes);
        }
    }

    static LocalDate date(String value) {
        return Times.parseDate(value, "date");
    }

    static Duration slotLength(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ofMinutes(DEFAULT_SLOT_MINUTES);
        }
        try {
            int minutes = Integer.parseInt(value.trim());
            if (minutes >= MIN_SLOT_MINUTES && minutes <= MAX_SLOT_MINUTES) {
                return Duration.ofMinutes(minutes);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badField("duration", "must be whole minutes between " + MIN_SLOT_MINUTES + " and "
                + MAX_SLOT_MINUTES);
    }
}
