-- What each event published or handled here is about (the appointment, for the events of a booking), and the
-- type of each handled event: a service can then tell every step it took for one appointment, which
-- GET /appointments/{id}/timeline gathers from all of them. Rows written before have neither.
alter table eventbus_outbox add column about text;
alter table eventbus_inbox add column event_type text, add column about text;
create index eventbus_outbox_about on eventbus_outbox (about) where about is not null;
create index eventbus_inbox_about on eventbus_inbox (about) where about is not null;
