-- The trace context of the event that asked for a notification: the event announcing its delivery (sent or
-- failed), made later by the delivery round, continues the booking's trace.
alter table notification add column traceparent text;
