package clinic.doctoravailability;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * The prototype's slot: a window opened for booking ({@code isAvailable}, no appointment) or an appointment's
 * block ({@code !isAvailable}, with its appointment).
 */
@Entity
@Table(name = "availability_slot")
public class AvailabilitySlot extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "doctor_id")
    public String doctorId;

    @Column(name = "start_at")
    public Instant startAt;

    @Column(name = "end_at")
    public Instant endAt;

    @Column(name = "is_available")
    public boolean isAvailable;

    @Column(name = "appointment_id")
    public UUID appointmentId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
