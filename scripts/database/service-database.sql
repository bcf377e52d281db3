-- Inside a service's database, as a superuser: what its two roles may do. The owner (owner) migrates; the runtime
-- role (runtime), which the service connects as, gets the rows of the owner's tables and nothing more: no DDL, no
-- TRUNCATE, no triggers. The exceptions among the tables (audit_log: INSERT and SELECT; Flyway's history: SELECT)
-- are the migrations' own (eventbus' afterMigrate.sql). The operator (operator: ./clinic's tools, the tests) may act
-- as the owner (reown.sql runs first). psql variables: owner, runtime, operator.
select set_config('clinic.owner', :'owner', false) as owner_set,
       set_config('clinic.runtime', :'runtime', false) as runtime_set,
       set_config('clinic.operator', :'operator', false) as operator_set \gset

revoke create on schema public from public;
alter schema public owner to :"owner";
grant usage on schema public to :"runtime";
grant :"owner" to :"operator";

-- Tables and sequences the owner makes from now on, and those it has.
alter default privileges for role :"owner" in schema public grant select, insert, update, delete on tables to :"runtime";
alter default privileges for role :"owner" in schema public grant usage, select on sequences to :"runtime";
do $$
declare
    name text;
begin
    for name in
        select c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not in ('audit_log', 'flyway_schema_history')
    loop
        execute format('grant select, insert, update, delete on %s to %I', name, current_setting('clinic.runtime'));
    end loop;
    -- The exceptions, as afterMigrate.sql leaves them (for tables made before the owner's default privileges).
    if to_regclass('public.audit_log') is not null then
        execute format('grant select, insert on audit_log to %I', current_setting('clinic.runtime'));
    end if;
    if to_regclass('public.flyway_schema_history') is not null then
        execute format('grant select on flyway_schema_history to %I', current_setting('clinic.runtime'));
    end if;
end
$$;
grant usage, select on all sequences in schema public to :"runtime";
