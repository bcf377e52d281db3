package clinic.doctoravailability;

import java.time.Instant;
import java.util.UUID;

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

    public String doctorId;

    public Instant startAt;

    public Instant endAt;

    public boolean isAvailable;

    public UUID appointmentId;

    public Instant createdAt;

    public Instant updatedAt;
}
