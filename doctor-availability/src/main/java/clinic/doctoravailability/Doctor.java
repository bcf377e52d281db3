package clinic.doctoravailability;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A doctor whose calendar this service keeps. */
@Entity
@Table(name = "doctor")
public class Doctor extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    public String specialty;

    public String email;

    public String phone;

    public String timeZone;

    public boolean active;

    /** Minutes before each appointment that no other appointment may use. */
    public int bufferBeforeMinutes;

    /** Minutes after each appointment that no other appointment may use. */
    public int bufferAfterMinutes;

    /** How long before its start a patient may still book a time (the appointment service applies it). */
    public int minBookingNoticeMinutes;

    /** How long before its start a patient may still cancel or move an appointment (likewise). */
    public int minCancelNoticeMinutes;

    /** Whether availability.updated has carried this doctor's settings (doctors registered before it did: no). */
    public boolean settingsAnnounced;

    public Instant createdAt;

    public Instant updatedAt;
}
