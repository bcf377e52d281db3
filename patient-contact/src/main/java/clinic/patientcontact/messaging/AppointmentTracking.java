package clinic.patientcontact.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.eventbus.EventCodec;
import clinic.eventbus.EventHandler;
import clinic.eventbus.EventStream;
import clinic.eventbus.Subjects;
import clinic.eventbus.payload.AppointmentEventData;
import clinic.patientcontact.service.PatientService;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/** Every appointment event updates the patient's tracked appointments, registered patient or not. */
@ApplicationScoped
public class AppointmentTracking implements EventHandler {

    private final EventCodec codec;
    private final PatientService patients;

    public AppointmentTracking(EventCodec codec, PatientService patients) {
        this.codec = codec;
        this.patients = patients;
    }

    @Override
    public EventStream stream() {
        return EventStream.APPOINTMENTS;
    }

    @Override
    public Uni<Void> handle(CloudEvent event) {
        AppointmentEventData data = codec.data(event, AppointmentEventData.class);
        if (Subjects.APPOINTMENT_UPDATED.equals(event.getType()) && data.previousAppointmentTime() != null) {
            // A reschedule request carries the requested time; the appointment keeps its time until the
            // rescheduled (or reschedule_refused) event that follows, at a higher version.
            return Uni.createFrom().voidItem();
        }
        return patients.track(data);
    }
}
