// A clinic's day through a client generated from the merged /openapi document alone (openapi-typescript types,
// openapi-fetch calls), compiled with tsc in strict mode before it runs: an answer's field the document leaves
// optional, a query parameter typed as text where a number goes, or a body the document does not allow fails the
// compilation. Then it runs through the gateway and checks what came back.
import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

type Appointment = components["schemas"]["Appointment"];
type Status = Appointment["status"];

function need(name: string): string {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set`);
    }
    return value;
}

function check(condition: boolean, what: string): asserts condition {
    if (!condition) {
        throw new Error(`expected ${what}`);
    }
}

/** The answer's body, or the problem the API answered instead, as the failure. */
function body<T>(answer: { data?: T; error?: unknown; response: Response }, what: string): T {
    if (answer.data === undefined) {
        throw new Error(`${what}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
    }
    return answer.data;
}

function client(token: string) {
    return createClient<paths>({
        baseUrl: need("CLINIC_GATEWAY"),
        headers: { Authorization: `Bearer ${token}` },
        // The lists take several statuses comma separated (style form, explode false), as the document says.
        querySerializer: { array: { style: "form", explode: false } },
    });
}

const staff = client(need("CLINIC_STAFF_TOKEN"));
const patient = client(need("CLINIC_PATIENT_TOKEN"));
const patientId = need("CLINIC_PATIENT_ID");
const run = Date.now().toString(36);

// A doctor who works every day, in a zone of their own.
const doctor = body(await staff.POST("/doctors", {
    body: { name: `Dr. Typed ${run}`, specialty: "general practice", time_zone: "Europe/Berlin" },
}), "createDoctor");
const doctorId: string = doctor.id;
check(doctor.time_zone === "Europe/Berlin" && doctor.active, "the new doctor active in Europe/Berlin");
const days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
const hours = body(await staff.PUT("/doctors/{id}/working-hours", {
    params: { path: { id: doctorId } },
    body: days.map(day => ({ day_of_week: day, start: "08:00", end: "18:00" })),
}), "replaceWorkingHours");
check(hours.length === 7, "seven working-hour ranges");

// A patient's contact record, found again by e-mail.
const email = `typed-${run}@example.org`;
const record = body(await staff.POST("/patients", {
    body: { name: "Typed Client", email, notification_preferences: { email: true, sms: false } },
}), "createPatient");
const found = body(await staff.GET("/patients/search/email/{email}", { params: { path: { email } } }),
    "findPatientByEmail");
check(found.id === record.id && found.email === email, "the patient found by e-mail");

// Free time a month ahead, half-hour slots (duration is a number), booked by the patient with the saga's answer.
const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const slots = body(await patient.GET("/doctors/{id}/slots", {
    params: { path: { id: doctorId }, query: { date: day, duration: 30 } },
}), "listFreeSlots");
const [first, , third] = slots;
check(first !== undefined && third !== undefined, "free slots on " + day);
const booked = await patient.POST("/appointments", {
    params: { header: { Prefer: "wait=10", "Idempotency-Key": `typed-${run}` } },
    body: { patient_id: patientId, doctor_id: doctorId, appointment_time: first.start_time, duration_minutes: 30,
        notes: "typed client" },
});
const appointment: Appointment = body(booked, "bookAppointment");
const confirmed: Status = "confirmed";
check(appointment.status === confirmed, `a confirmed booking, not ${appointment.status}`);
const version: number = appointment.version;
const etag = booked.response.headers.get("ETag");
check(etag !== null, "an ETag on the booking");

// The patient reads it; staff find it among the doctor's confirmed appointments of that day.
const read = body(await patient.GET("/appointments/{id}", { params: { path: { id: appointment.id } } }),
    "getAppointment");
check(read.appointment_time === first.start_time && read.notes === "typed client", "the booking read back");
const listed = await staff.GET("/appointments/doctor/{doctorId}", {
    params: {
        path: { doctorId },
        query: { page: 1, size: 10, status: ["confirmed", "scheduled"], from: `${day}T00:00:00Z` },
    },
});
check(body(listed, "listDoctorAppointments").some(a => a.id === appointment.id), "the booking in the list");
check(listed.response.headers.get("X-Total-Count") === "1", "X-Total-Count 1");

// Moved to the third slot under If-Match, then cancelled; its history tells both.
const moved = body(await patient.PUT("/appointments/{id}", {
    params: { path: { id: appointment.id }, header: { "If-Match": etag, Prefer: "wait=10" } },
    body: { appointment_time: third.start_time },
}), "updateAppointment");
check(moved.appointment_time === third.start_time && moved.version > version, "the appointment moved");
const cancelled = body(await patient.DELETE("/appointments/{id}", { params: { path: { id: appointment.id } } }),
    "cancelAppointment");
check(cancelled.status === "cancelled", "the appointment cancelled");
const history = body(await staff.GET("/appointments/{id}/history", { params: { path: { id: appointment.id } } }),
    "getAppointmentHistory");
const types: string[] = history.map(entry => entry.event_type);
check(types.includes("appointment.cancelled"), "a cancellation in the history: " + types.join(", "));

// What the notifications service knows of it, and a problem answer read through the same client.
const notices = body(await staff.GET("/notifications/appointment/{appointmentId}", {
    params: { path: { appointmentId: appointment.id }, query: { page: 1, size: 50 } },
}), "listAppointmentNotifications");
check(notices.every(n => n.appointment_id === appointment.id), "notifications of this appointment only");
const refused = await staff.GET("/doctors/{id}/slots", {
    params: { path: { id: doctorId }, query: { date: day, duration: 1000 } },
});
check(refused.response.status === 400 && refused.error !== undefined, "duration 1000 refused");
const problem = refused.error;
check(problem.status === 400 && (problem.errors ?? []).some(e => e.field === "duration"), "a problem naming duration");

console.log(`typed client: doctor ${doctorId}, appointment ${appointment.id} booked, moved, cancelled`);
