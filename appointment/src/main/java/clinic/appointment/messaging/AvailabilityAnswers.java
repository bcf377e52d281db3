package clinic.appointment.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.repository.DoctorSettingRepository;
import clinic.appointment.service.Settlement;
import clinic.appointment.service.WaitlistBookings;
import clinic.eventbus.EventCodec;
import clinic.eventbus.EventHandler;
import clinic.eventbus.EventStream;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.WaitlistEventData;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * doctor-availability's answers to bookings and reschedules settle the saga here; its announcements of a doctor's
 * settings are kept for the notices this service applies; a waitlist offer accepted there is booked here.
 */
@ApplicationScoped
public class AvailabilityAnswers implements EventHandler {

    private final EventCodec codec;
    private final Settlement settlement;
    private final DoctorSettingRepository settings;
    private final WaitlistBookings waitlist;

    public AvailabilityAnswers(EventCodec codec, Settlement settlement, DoctorSettingRepository settings,
            WaitlistBookings waitlist) {
        this.waitlist = waitlist;
        this.codec = codec;
        this.settlement = settlement;
        this.settings = settings;
    }

    @Override
    public EventStream stream() {
        return EventStream.AVAILABILITY;
    }

    @Override
    public boolean handles(String type) {
        return Subjects.AVAILABILITY_BLOCKED.equals(type) || Subjects.AVAILABILITY_CONFLICT.equals(type)
                || Subjects.AVAILABILITY_UPDATED.equals(type) || Subjects.AVAILABILITY_WAITLIST_ACCEPTED.equals(type);
    }

    @Override
    public Uni<Void> handle(CloudEvent event) {
        if (Subjects.AVAILABILITY_WAITLIST_ACCEPTED.equals(event.getType())) {
            return waitlist.book(event, codec.data(event, WaitlistEventData.class));
        }
        AvailabilityEventData data = codec.data(event, AvailabilityEventData.class);
        if (!Subjects.AVAILABILITY_UPDATED.equals(event.getType())) {
            return settlement.settle(event, data);
        }
        if (data.settings() == null || event.getTime() == null) {
            return Uni.createFrom().voidItem(); // announced before settings were part of it: nothing to keep
        }
        return settings.keep(data.doctorId(), data.timeZone(), data.settings(), event.getTime().toInstant());
    }
}
