package clinic.eventbus;

/** Every subject of the catalogue; an event's CloudEvents {@code type} equals its subject. */
public final class Subjects {

    public static final String APPOINTMENT_SCHEDULED = "appointment.scheduled";
    public static final String APPOINTMENT_UPDATED = "appointment.updated";
    public static final String APPOINTMENT_RESCHEDULED = "appointment.rescheduled";
    public static final String APPOINTMENT_RESCHEDULE_REFUSED = "appointment.reschedule_refused";
    public static final String APPOINTMENT_CONFIRMED = "appointment.confirmed";
    public static final String APPOINTMENT_REJECTED = "appointment.rejected";
    public static final String APPOINTMENT_CANCELLED = "appointment.cancelled";
    public static final String APPOINTMENT_COMPLETED = "appointment.completed";
    public static final String APPOINTMENT_NO_SHOW = "appointment.no_show";

    public static final String AVAILABILITY_BLOCKED = "availability.blocked";
    public static final String AVAILABILITY_CONFLICT = "availability.conflict";
    public static final String AVAILABILITY_FREED = "availability.freed";
    public static final String AVAILABILITY_UPDATED = "availability.updated";
    public static final String AVAILABILITY_WAITLIST_OFFERED = "availability.waitlist_offered";
    public static final String AVAILABILITY_WAITLIST_ACCEPTED = "availability.waitlist_accepted";

    public static final String PATIENT_CREATED = "patient.created";
    public static final String PATIENT_UPDATED = "patient.updated";
    public static final String PATIENT_DELETED = "patient.deleted";

    public static final String NOTIFICATION_SENT = "notification.sent";
    public static final String NOTIFICATION_FAILED = "notification.failed";

    /** Where a service's consumers put the messages they gave up on. */
    public static String deadLetter(String service) {
        return "deadletter." + service;
    }

    private Subjects() {
    }
}
