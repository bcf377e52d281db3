package clinic.eventbus.payload;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Why something was refused or cancelled: a lower-case code a program can act on, and a sentence for a person. */
@RegisterForReflection
@Schema(description = "Why the appointment was rejected, refused or cancelled")
public record Reason(
        @Schema(description = "Machine-readable lower-case code", example = "overlap") String code,
        @Schema(description = "A sentence a person can act on", example = "The doctor already has an appointment at that time.") String message) {

    /**
     * The code of an occurrence of a series booked all or none that was refused because another occurrence was:
     * the one refused for its own reason names it, and only that one is told to the patient.
     */
    public static final String SERIES = "series";

    /** The reason of an occurrence of a series booked all or none, refused because the one at {@code refusedStart} was. */
    public static Reason series(java.time.Instant refusedStart, Reason refusal) {
        return new Reason(SERIES, "The series is booked all or none, and its appointment at " + refusedStart
                + " could not be booked: " + refusal.message());
    }
}
