package clinic.notifications;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** This service's copy of a patient's contact details, kept from patient events. */
@Entity
@Table(name = "contact")
public class Contact extends PanacheEntityBase {

    @Id
    public String patientId;

    public String name;

    public String email;

    public String phone;

    public boolean notifyEmail;

    public boolean notifySms;

    public boolean erased;

    public Instant asOf;
}
