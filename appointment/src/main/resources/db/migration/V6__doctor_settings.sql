-- What this service knows of each doctor's settings, copied from availability.updated: the notices a patient must
-- give to book and to cancel or move, applied here because only here is it known who asks. changed_at is the
-- event's time: an older event arriving late never overwrites a newer one.
create table doctor_setting (
    doctor_id                  text primary key,
    time_zone                  text        not null,
    active                     boolean     not null,
    buffer_before_minutes      int         not null,
    buffer_after_minutes       int         not null,
    min_booking_notice_minutes int         not null,
    min_cancel_notice_minutes  int         not null,
    changed_at                 timestamptz not null
);
