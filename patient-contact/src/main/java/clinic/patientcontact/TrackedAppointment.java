package clinic.patientcontact;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An appointment of a patient, as the newest appointment event described it. */
@Entity
@Table(name = "patient_appointment")
public class TrackedAppointment extends PanacheEntityBase {

    @Id
    public UUID appointmentId;

    public String patientId;

    public String doctorId;

    public Instant startAt;

    public Instant endAt;

    public String status;

    public long version;

    public Instant updatedAt;
}
