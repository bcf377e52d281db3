package clinic.eventbus;

import java.util.List;

import clinic.eventbus.payload.AppointmentEventData;
import clinic.eventbus.payload.AvailabilityEventData;
import clinic.eventbus.payload.NotificationEventData;
import clinic.eventbus.payload.PatientEventData;
import clinic.eventbus.payload.WaitlistEventData;

/**
 * The event catalogue: every type of event, its payload, who publishes it and who consumes it. The AsyncAPI
 * document at {@code /asyncapi} is generated from it (eventbus tests fail when the served copy differs), and
 * each service's tests check that its handlers take exactly the types listed for it here.
 */
public enum EventType {

    APPOINTMENT_SCHEDULED(Subjects.APPOINTMENT_SCHEDULED, AppointmentEventData.class,
            "An appointment was booked and waits for the doctor's availability to answer. An occurrence of a series"
                    + " booked all or none carries atomic_series: every occurrence, held together or refused together.",
            List.of(Services.DOCTOR_AVAILABILITY, Services.PATIENT_CONTACT)),
    APPOINTMENT_UPDATED(Subjects.APPOINTMENT_UPDATED, AppointmentEventData.class,
            "Notes changed, or a reschedule was asked for (previous_appointment_time is the time it keeps until"
                    + " availability answers).",
            List.of(Services.DOCTOR_AVAILABILITY, Services.PATIENT_CONTACT)),
    APPOINTMENT_RESCHEDULED(Subjects.APPOINTMENT_RESCHEDULED, AppointmentEventData.class,
            "The doctor's availability accepted a new time; the appointment moved.",
            List.of(Services.PATIENT_CONTACT, Services.NOTIFICATIONS)),
    APPOINTMENT_RESCHEDULE_REFUSED(Subjects.APPOINTMENT_RESCHEDULE_REFUSED, AppointmentEventData.class,
            "A requested new time was refused (reason); the appointment keeps its time.",
            List.of(Services.DOCTOR_AVAILABILITY, Services.PATIENT_CONTACT)),
    APPOINTMENT_CONFIRMED(Subjects.APPOINTMENT_CONFIRMED, AppointmentEventData.class,
            "The doctor's availability blocked the slot: the booking stands.",
            List.of(Services.PATIENT_CONTACT, Services.NOTIFICATIONS)),
    APPOINTMENT_REJECTED(Subjects.APPOINTMENT_REJECTED, AppointmentEventData.class,
            "The booking was refused (reason: overlap, buffer, outside_working_hours, time_off, doctor_inactive, series"
                    + " when another occurrence of a series booked all or none was refused, or availability_unavailable"
                    + " when no answer came in time).",
            List.of(Services.DOCTOR_AVAILABILITY, Services.PATIENT_CONTACT, Services.NOTIFICATIONS)),
    APPOINTMENT_CANCELLED(Subjects.APPOINTMENT_CANCELLED, AppointmentEventData.class,
            "The appointment was cancelled; its slot is freed.",
            List.of(Services.DOCTOR_AVAILABILITY, Services.PATIENT_CONTACT, Services.NOTIFICATIONS)),
    APPOINTMENT_COMPLETED(Subjects.APPOINTMENT_COMPLETED, AppointmentEventData.class,
            "The doctor recorded the appointment as held.",
            List.of(Services.DOCTOR_AVAILABILITY, Services.PATIENT_CONTACT, Services.NOTIFICATIONS)),
    APPOINTMENT_NO_SHOW(Subjects.APPOINTMENT_NO_SHOW, AppointmentEventData.class,
            "The doctor recorded that the patient did not come.",
            List.of(Services.DOCTOR_AVAILABILITY, Services.PATIENT_CONTACT, Services.NOTIFICATIONS)),

    AVAILABILITY_BLOCKED(Subjects.AVAILABILITY_BLOCKED, AvailabilityEventData.class,
            "The doctor's calendar holds the appointment's slot (an answer to scheduled or updated, same version).",
            List.of(Services.APPOINTMENT)),
    AVAILABILITY_CONFLICT(Subjects.AVAILABILITY_CONFLICT, AvailabilityEventData.class,
            "The slot cannot be held (reason); the appointment service rejects the booking or refuses the"
                    + " reschedule.",
            List.of(Services.APPOINTMENT)),
    AVAILABILITY_FREED(Subjects.AVAILABILITY_FREED, AvailabilityEventData.class,
            "A block was released: the appointment was cancelled, rejected, completed or missed.",
            List.of()),
    AVAILABILITY_UPDATED(Subjects.AVAILABILITY_UPDATED, AvailabilityEventData.class,
            "A doctor was registered or changed, or their working hours or time off changed (subject is the doctor"
                    + " id); settings carry the doctor's time zone, buffers and notices after the change.",
            List.of(Services.APPOINTMENT)),
    AVAILABILITY_WAITLIST_OFFERED(Subjects.AVAILABILITY_WAITLIST_OFFERED, WaitlistEventData.class,
            "A freed time was offered to the first waiting patient whose wishes it meets; the doctor's calendar holds"
                    + " it for them until expires_at (subject is the waitlist entry id).",
            List.of(Services.NOTIFICATIONS)),
    AVAILABILITY_WAITLIST_ACCEPTED(Subjects.AVAILABILITY_WAITLIST_ACCEPTED, WaitlistEventData.class,
            "A waiting patient accepted the time offered: the appointment service books it as appointment_id,"
                    + " through the saga (subject is the waitlist entry id).",
            List.of(Services.APPOINTMENT)),

    PATIENT_CREATED(Subjects.PATIENT_CREATED, PatientEventData.class,
            "A patient was registered, with the contact details notifications use.",
            List.of(Services.NOTIFICATIONS)),
    PATIENT_UPDATED(Subjects.PATIENT_UPDATED, PatientEventData.class,
            "A patient's contact details or preferences changed.",
            List.of(Services.NOTIFICATIONS)),
    PATIENT_DELETED(Subjects.PATIENT_DELETED, PatientEventData.class,
            "A patient was erased: consumers remove what they keep about them (only patient_id is sent).",
            List.of(Services.NOTIFICATIONS)),

    NOTIFICATION_SENT(Subjects.NOTIFICATION_SENT, NotificationEventData.class,
            "A patient was told about an appointment (channel email, sms, or log when no contact is known).",
            List.of()),
    NOTIFICATION_FAILED(Subjects.NOTIFICATION_FAILED, NotificationEventData.class,
            "Delivering a notification failed for good (error).",
            List.of());

    /** The services of the system, as they name themselves ({@code clinic.eventbus.service}). */
    public static final class Services {
        public static final String APPOINTMENT = "appointment";
        public static final String DOCTOR_AVAILABILITY = "doctor-availability";
        public static final String PATIENT_CONTACT = "patient-contact";
        public static final String NOTIFICATIONS = "notifications";
        public static final List<String> ALL = List.of(APPOINTMENT, DOCTOR_AVAILABILITY, PATIENT_CONTACT,
                NOTIFICATIONS);

        private Services() {
        }
    }

    private final String subject;
    private final Class<? extends Record> payload;
    private final String description;
    private final List<String> consumers;

    EventType(String subject, Class<? extends Record> payload, String description, List<String> consumers) {
        this.subject = subject;
        this.payload = payload;
        this.description = description;
        this.consumers = consumers;
    }

    /** The NATS subject, which is also the CloudEvents {@code type}. */
    public String subject() {
        return subject;
    }

    public EventStream stream() {
        return EventStream.of(subject);
    }

    /** The record the CloudEvent's {@code data} holds. */
    public Class<? extends Record> payload() {
        return payload;
    }

    public String description() {
        return description;
    }

    /** The one service that publishes events of a stream: the owner of the aggregate. */
    public String publisher() {
        return switch (stream()) {
            case APPOINTMENTS -> Services.APPOINTMENT;
            case AVAILABILITY -> Services.DOCTOR_AVAILABILITY;
            case PATIENTS -> Services.PATIENT_CONTACT;
            case NOTIFICATIONS -> Services.NOTIFICATIONS;
            case DEADLETTER -> throw new IllegalStateException("dead letters are not catalogued event types");
        };
    }

    /** The services whose handlers take this type. */
    public List<String> consumers() {
        return consumers;
    }

    /** The catalogued type of a subject; an event of a type not catalogued here is a bug. */
    public static EventType of(String subject) {
        for (EventType type : values()) {
            if (type.subject.equals(subject)) {
                return type;
            }
        }
        throw new IllegalArgumentException("event type " + subject + " is not in the event catalogue (EventType)");
    }
}
