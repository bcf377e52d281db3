-- Who made each change: the subject of the request's token, or service:<name> for the saga's own steps.
alter table appointment_history add column actor text;
