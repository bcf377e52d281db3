package clinic.appointment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import clinic.http.Scope;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A calendar feed token: one calendar (a patient's or a doctor's), readable by whoever holds the token. */
@Entity
@Table(name = "calendar_feed")
public class CalendarFeed extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Who made it (a token's subject); only they (or an admin) revoke it. */
    public String owner;

    public String patientId;

    public String doctorId;

    /** The owner's scope when the token was made: the feed shows no more than the owner saw. */
    public String scopePatientId;

    public String scopeDoctorId;

    /** SHA-256 of the token, hex; the token itself is shown once, when made. */
    public String tokenHash;

    public Instant createdAt;

    public Instant revokedAt;

    public Scope ownerScope() {
        return new Scope(scopePatientId, scopeDoctorId);
    }
}
