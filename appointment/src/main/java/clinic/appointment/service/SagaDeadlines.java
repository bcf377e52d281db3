package clinic.appointment.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.config.AppointmentConfig;
import clinic.appointment.repository.AppointmentRepository;
import clinic.eventbus.Outbox;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Every booking saga settles, whatever was lost on the way. A booking or reschedule that doctor-availability
 * has not answered within {@code saga-ask-again-after} has its request published again; one still waiting after
 * {@code saga-give-up-after} is settled without an answer, with a reason a person can read. Replicas may run
 * this at the same time: each settlement locks its appointment and checks again, and a request is published
 * again at most once per interval.
 */
@ApplicationScoped
public class SagaDeadlines {

    /** Appointments looked at per round; the oldest first, the rest in the next rounds. */
    private static final int BATCH = 200;

    private final AppointmentRepository appointments;
    private final Settlement settlement;
    private final Outbox outbox;
    private final AppointmentConfig config;
    private final Clock clock = Clock.systemUTC();

    public SagaDeadlines(AppointmentRepository appointments, Settlement settlement, Outbox outbox,
            AppointmentConfig config) {
        this.appointments = appointments;
        this.settlement = settlement;
        this.outbox = outbox;
        this.config = config;
    }

    @Scheduled(every = "${clinic.appointment.saga-check-interval}", delayed = "${clinic.appointment.saga-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        Instant now = clock.instant();
        return giveUp(now.minus(config.sagaGiveUpAfter()))
                .chain(() -> askAgain(now.minus(config.sagaAskAgainAfter())))
                .onFailure().invoke(failure -> Log.warnf("Saga deadlines not checked this round: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> giveUp(Instant waitingSince) {
        return appointments.unsettledSince(waitingSince, BATCH)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> settlement.giveUpWaiting(id, waitingSince)
                        .invoke(settled -> {
                            if (settled) {
                                Log.warnf("Appointment %s got no answer from doctor-availability since %s; settled"
                                        + " as availability_unavailable", id, waitingSince);
                            }
                        })
                        // One that cannot be settled now must not hold up the others behind it.
                        .onFailure().recoverWithItem(failure -> {
                            Log.warnf("Appointment %s not settled this round: %s", id, failure.toString());
                            return false;
                        }))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> askAgain(Instant waitingSince) {
        return appointments.unsettledSince(waitingSince, BATCH)
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<UUID>of()) : appointments.pendingRequests(ids))
                .chain(requests -> outbox.publishAgain(requests, config.sagaAskAgainAfter()))
                .invoke(count -> {
                    if (count > 0) {
                        Log.infof("Asked doctor-availability again about %d waiting appointments", count);
                    }
                })
                .replaceWithVoid();
    }
}
