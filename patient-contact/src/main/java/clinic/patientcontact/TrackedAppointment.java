package clinic.patientcontact;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An appointment of a patient, as the newest appointment event described it. */
@Entity
@Table(name = "patient_appointment")
public class TrackedAppointment extends PanacheEntityBase {

    @Id
    @Column(name = "appointment_id")
    public UUID appointmentId;

    @Column(name = "patient_id")
    public String patientId;

    @Column(name = "doctor_id")
    public String doctorId;

    @Column(name = "start_at")
    public Instant startAt;

    @Column(name = "end_at")
    public Instant endAt;

    public String status;

    public long version;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
