-- The relay is now woken in the process that committed (and by its sweep): a NOTIFY in every outbox
-- transaction serialised all their commits, since PostgreSQL holds a server-wide lock from a notifying
-- commit until its commit record is on disk.
drop trigger if exists eventbus_outbox_inserted on eventbus_outbox;
drop function if exists eventbus_outbox_notify();
