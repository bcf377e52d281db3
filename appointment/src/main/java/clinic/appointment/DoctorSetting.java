package clinic.appointment;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A doctor's settings as doctor-availability last announced them ({@code availability.updated}). A doctor never
 * announced has none here: no notice applies to them.
 */
@Entity
@Table(name = "doctor_setting")
public class DoctorSetting extends PanacheEntityBase {

    @Id
    public String doctorId;

    public String timeZone;

    public boolean active;

    public int bufferBeforeMinutes;

    public int bufferAfterMinutes;

    public int minBookingNoticeMinutes;

    public int minCancelNoticeMinutes;

    /** The time of the event these settings came with. */
    public Instant changedAt;
}
