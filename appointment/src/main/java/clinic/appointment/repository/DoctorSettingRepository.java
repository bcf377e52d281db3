package clinic.appointment.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.appointment.DoctorSetting;
import clinic.eventbus.payload.DoctorSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The copy of doctors' settings, newest announcement wins whatever order the events come in. */
@ApplicationScoped
public class DoctorSettingRepository {

    /** Keeps the settings announced at {@code changedAt}, unless newer ones are kept already. */
    public Uni<Void> keep(String doctorId, String timeZone, DoctorSettings settings, Instant changedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into doctor_setting (doctor_id, time_zone, active, buffer_before_minutes, buffer_after_minutes,
                                            min_booking_notice_minutes, min_cancel_notice_minutes, changed_at)
                values (:doctor, :zone, :active, :before, :after, :booking, :cancel, :changed)
                on conflict (doctor_id) do update
                   set time_zone = excluded.time_zone, active = excluded.active,
                       buffer_before_minutes = excluded.buffer_before_minutes,
                       buffer_after_minutes = excluded.buffer_after_minutes,
                       min_booking_notice_minutes = excluded.min_booking_notice_minutes,
                       min_cancel_notice_minutes = excluded.min_cancel_notice_minutes,
                       changed_at = excluded.changed_at
                 where doctor_setting.changed_at <= excluded.changed_at
                """)
                .setParameter("doctor", doctorId)
                .setParameter("zone", timeZone == null ? "UTC" : timeZone)
                .setParameter("active", settings.active())
                .setParameter("before", settings.bufferBeforeMinutes())
                .setParameter("after", settings.bufferAfterMinutes())
                .setParameter("booking", settings.minBookingNoticeMinutes())
                .setParameter("cancel", settings.minCancelNoticeMinutes())
                .setParameter("changed", changedAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The doctor's settings, null when never announced. */
    public Uni<DoctorSetting> find(String doctorId) {
        return DoctorSetting.findById(doctorId);
    }
}
