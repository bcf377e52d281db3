-- The calendar invitation (text/calendar, METHOD REQUEST or CANCEL) an e-mail about an appointment carries.
alter table notification add column invitation text;
