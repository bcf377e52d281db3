package clinic.client;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import clinic.client.api.AppointmentsApi;
import clinic.client.api.DoctorsApi;
import clinic.client.api.NotificationsApi;
import clinic.client.api.PatientsApi;
import clinic.client.model.Appointment;
import clinic.client.model.AppointmentChange;
import clinic.client.model.AppointmentStatus;
import clinic.client.model.Doctor;
import clinic.client.model.DoctorFields;
import clinic.client.model.FreeSlot;
import clinic.client.model.HistoryEntry;
import clinic.client.model.NewAppointment;
import clinic.client.model.Notification;
import clinic.client.model.Patient;
import clinic.client.model.PatientFields;
import clinic.client.model.WorkingHoursRange;

/**
 * A clinic's day through the Java client generated from the merged /openapi document: typed query parameters
 * (whole numbers for page, size and duration, a date, instants, a list of statuses), the ETag of a booking for
 * If-Match, then what came back checked. Run by GeneratedClientTests with the gateway and tokens in its environment.
 */
public final class Journey {

    private Journey() {
    }

    public static void main(String[] args) throws ApiException {
        ApiClient staff = client(need("CLINIC_STAFF_TOKEN"));
        ApiClient patient = client(need("CLINIC_PATIENT_TOKEN"));
        String patientId = need("CLINIC_PATIENT_ID");
        String run = Long.toString(System.currentTimeMillis(), 36);

        Doctor doctor = new DoctorsApi(staff).createDoctor(new DoctorFields().name("Dr. Java " + run)
                .specialty("general practice").timeZone("Europe/Berlin"));
        check(Boolean.TRUE.equals(doctor.getActive()) && "Europe/Berlin".equals(doctor.getTimeZone()),
                "an active doctor in Europe/Berlin");
        List<WorkingHoursRange> week = Stream.of(WorkingHoursRange.DayOfWeekEnum.values())
                .map(day -> new WorkingHoursRange().dayOfWeek(day).start("08:00").end("18:00")).toList();
        check(new DoctorsApi(staff).replaceWorkingHours(doctor.getId(), week).size() == 7, "seven ranges");

        String email = "java-" + run + "@example.org";
        Patient record = new PatientsApi(staff).createPatient(new PatientFields().name("Java Client").email(email));
        check(record.getId().equals(new PatientsApi(staff).findPatientByEmail(email).getId()), "found by e-mail");

        LocalDate day = LocalDate.now().plusDays(30);
        List<FreeSlot> slots = new DoctorsApi(patient).listFreeSlots(doctor.getId(), day, 30);
        check(slots.size() >= 3, "free slots on " + day);
        OffsetDateTime first = slots.get(0).getStartTime();
        OffsetDateTime third = slots.get(2).getStartTime();

        ApiResponse<Appointment> booked = new AppointmentsApi(patient).bookAppointmentWithHttpInfo(new NewAppointment()
                .patientId(patientId).doctorId(doctor.getId()).appointmentTime(first).durationMinutes(30)
                .notes("java client"), UUID.randomUUID().toString(), "wait=10");
        Appointment appointment = booked.getData();
        check(appointment.getStatus() == Appointment.StatusEnum.CONFIRMED, "confirmed, not " + appointment.getStatus());
        String etag = header(booked.getHeaders(), "etag");

        Appointment read = new AppointmentsApi(patient).getAppointment(appointment.getId());
        check(read.getAppointmentTime().isEqual(first) && "java client".equals(read.getNotes()), "read back");
        List<Appointment> listed = new AppointmentsApi(staff).listDoctorAppointments(doctor.getId(),
                first.minusHours(1), 1, 10, List.of(AppointmentStatus.CONFIRMED, AppointmentStatus.SCHEDULED), null);
        check(listed.stream().anyMatch(a -> a.getId().equals(appointment.getId())), "in the doctor's list");

        Appointment moved = new AppointmentsApi(patient).updateAppointment(appointment.getId(),
                new AppointmentChange().appointmentTime(third), etag, "wait=10");
        check(moved.getAppointmentTime().isEqual(third) && moved.getVersion() > appointment.getVersion(), "moved");
        Appointment cancelled = new AppointmentsApi(patient).cancelAppointment(appointment.getId(), null);
        check(cancelled.getStatus() == Appointment.StatusEnum.CANCELLED, "cancelled");
        List<String> history = new AppointmentsApi(staff).getAppointmentHistory(appointment.getId()).stream()
                .map(HistoryEntry::getEventType).toList();
        check(history.contains("appointment.cancelled"), "a cancellation in the history: " + history);
        List<Notification> notices = new NotificationsApi(staff).listAppointmentNotifications(appointment.getId(),
                1, 50);
        check(notices.stream().allMatch(n -> appointment.getId().equals(n.getAppointmentId())), "its notifications");

        try {
            new DoctorsApi(staff).listFreeSlots(doctor.getId(), day, 1000);
            throw new IllegalStateException("duration 1000 was taken");
        } catch (ApiException refused) {
            check(refused.getCode() == 400 && refused.getResponseBody().contains("\"duration\""),
                    "a 400 naming duration: " + refused.getResponseBody());
        }
        System.getLogger(Journey.class.getName()).log(System.Logger.Level.INFO, "java client: doctor " + doctor.getId()
                + ", appointment " + appointment.getId() + " booked, moved, cancelled");
    }

    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(need("CLINIC_GATEWAY"));
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " header"));
    }

    private static String need(String name) {
        return Objects.requireNonNull(System.getenv(name), name + " is not set");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected " + what);
        }
    }
}
