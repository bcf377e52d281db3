package clinic.patientcontact;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A patient's contact details; erasing keeps an anonymous row so the id is never reused. */
@Entity
@Table(name = "patient")
public class Patient extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    public String email;

    public String phone;

    public boolean notifyEmail;

    public boolean notifySms;

    public LocalDate dateOfBirth;

    public Instant erasedAt;

    /** The identity provider's account the patient registered with, if they did (erased with them). */
    public String accountId;

    public Instant createdAt;

    public Instant updatedAt;

    public boolean isErased() {
        return erasedAt != null;
    }

    /** Removes every personal detail; what stays is the id and the dates. */
    public void erase(Instant now) {
        name = null;
        email = null;
        phone = null;
        dateOfBirth = null;
        notifyEmail = false;
        notifySms = false;
        accountId = null;
        erasedAt = now;
        updatedAt = now;
    }
}
