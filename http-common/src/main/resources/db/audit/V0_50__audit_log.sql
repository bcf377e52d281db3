-- Every read and change of patient data and appointments through this service's API: who (the token's subject
-- and role), what (action, resource, id), which patient, when, the request id and the answer's status.
-- Append-only: rows are added, never changed or removed, not even by the service's own role.
create table audit_log (
    id          bigserial primary key,
    at          timestamptz not null default now(),
    service     text not null,
    subject     text,
    role        text,
    action      text not null,
    resource    text not null,
    resource_id text,
    patient_id  text,
    request_id  text,
    outcome     integer not null
);

create index audit_log_patient on audit_log (patient_id, at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();

-- The owner (the services' role) gives up changing and removing rows; the triggers refuse it for everyone else.
revoke update, delete, truncate on audit_log from current_user;
