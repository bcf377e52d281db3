package clinic.doctoravailability;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A patient waiting for a time of a doctor, and the time offered to them, if any. */
@Entity
@Table(name = "waitlist_entry")
public class WaitlistEntry extends PanacheEntityBase {

    public static final String WAITING = "waiting";
    public static final String OFFERED = "offered";
    public static final String ACCEPTED = "accepted";
    public static final String CANCELLED = "cancelled";

    @Id
    public UUID id;

    public String patientId;

    public String doctorId;

    /** The first and last local day (the doctor's zone) the patient would come. */
    public LocalDate fromDate;

    public LocalDate toDate;

    /** ISO days of the week, comma-separated (1 = Monday); null: any day. */
    public String daysOfWeek;

    /** The local time of day the appointment may start at the earliest, and end at the latest; null: any. */
    public LocalTime earliestTime;

    public LocalTime latestTime;

    public int durationMinutes;

    public String status;

    /** The offer: the appointment it becomes when accepted (its hold's appointment id), its time, until when. */
    public UUID offerAppointmentId;

    public Instant offerStartAt;

    public Instant offerEndAt;

    public Instant offerExpiresAt;

    public String createdBy;

    public Instant createdAt;

    public Instant updatedAt;
}
