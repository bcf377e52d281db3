package clinic.doctoravailability;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
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

    @Column(name = "doctor_id")
    public String doctorId;

    @Column(name = "start_at")
    public Instant startAt;

    @Column(name = "end_at")
    public Instant endAt;

    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;
}
