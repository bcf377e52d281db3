-- Per doctor: minutes kept clear before and after each appointment (no other appointment may fall in them; two
-- buffers may overlap), and the least notice a patient must give to book, and to cancel or move a booking.
alter table doctor
    add column buffer_before_minutes      int not null default 0 check (buffer_before_minutes between 0 and 240),
    add column buffer_after_minutes       int not null default 0 check (buffer_after_minutes between 0 and 240),
    add column min_booking_notice_minutes int not null default 0
        check (min_booking_notice_minutes between 0 and 43200),
    add column min_cancel_notice_minutes  int not null default 0
        check (min_cancel_notice_minutes between 0 and 43200);
