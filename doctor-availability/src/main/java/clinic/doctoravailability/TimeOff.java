package clinic.doctoravailability;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A period the doctor is away; bookings that touch it are refused with {@code time_off}. */
@Entity
@Table(name = "time_off")
public class TimeOff extends PanacheEntityBase {

    @Id
    public UUID id;

    public String doctorId;

    public Instant startAt;

    public Instant endAt;

    public String reason;

    public Instant createdAt;
}
