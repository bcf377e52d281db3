package clinic.eventbus;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A test handler's effect: the state change an event causes in a real service. */
@Entity
@Table(name = "test_effect")
public class TestEffect extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String eventId;

    public String aggregateId;

    public long version;

    public String handledBy;

    public Instant eventTime;
}
