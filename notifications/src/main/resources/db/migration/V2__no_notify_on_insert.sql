-- The delivery worker is woken in-process after the commit that made a notification (and by its timer): a
-- NOTIFY per notification serialised the commits of every consumer transaction that made one.
drop trigger if exists notification_inserted on notification;
drop function if exists notification_pending_notify();
