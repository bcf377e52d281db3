package clinic.appointment.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import clinic.appointment.Appointment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** The SQL read of one appointment answers exactly what Hibernate loads, for every field of the entity. */
@QuarkusTest
class AppointmentReadTests {

    @Inject
    AppointmentRepository appointments;

    @Test
    void theReadMatchesTheEntityFieldForField() throws Throwable {
        Appointment stored = Appointment.book("patient-read", "doctor-read-" + UUID.randomUUID(),
                Instant.parse("2031-05-06T09:30:00Z"), 45, "bring the x-ray", Instant.now());
        stored.statusCode = "rejected";
        stored.statusReasonCode = "overlap";
        stored.statusReasonMessage = "The doctor is booked then.";
        stored.timeZone = "Europe/Berlin";
        stored.pendingStartAt = Instant.parse("2031-05-07T10:00:00Z");
        stored.pendingEndAt = Instant.parse("2031-05-07T10:30:00Z");
        stored.pendingDurationMinutes = 30;
        stored.version = 7;
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(stored::persist));

        Appointment loaded = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> appointments.findById(stored.id)));
        Appointment read = VertxContextSupport.subscribeAndAwait(() -> appointments.read(stored.id));

        for (Field field : Appointment.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            assertNotNull(field.get(loaded), field.getName() + " is set in this test, so a mapping gap shows");
            assertEquals(field.get(loaded), field.get(read), field.getName());
        }
    }

    @Test
    void anUnknownIdReadsAsNothing() throws Throwable {
        assertNull(VertxContextSupport.subscribeAndAwait(() -> appointments.read(UUID.randomUUID())));
    }
}
