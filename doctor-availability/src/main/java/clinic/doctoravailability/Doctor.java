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

    public Instant createdAt;

    public Instant updatedAt;
}
