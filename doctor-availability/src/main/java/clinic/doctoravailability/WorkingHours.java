package clinic.doctoravailability;

import java.time.LocalTime;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One weekly working range of a doctor, local to the doctor's time zone. */
@Entity
@Table(name = "working_hours")
public class WorkingHours extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String doctorId;

    /** ISO day of week, 1 = Monday. */
    public short dayOfWeek;

    public LocalTime startTime;

    public LocalTime endTime;
}
