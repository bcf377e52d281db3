-- Inside a service's database, as a superuser: what its two roles may do. The owner (owner) migrates; the runtime
-- role (runtime), which the service connects as, gets the rows of the owner's tables and nothing more: no DDL, no
-- TRUNCATE, no triggers. The exceptions among the tables (audit_log: INSERT and SELECT; Flyway's history: SELECT)
-- are the migrations' own (eventbus' afterMigrate.sql). The operator (operator: ./clinic's tools, the tests) may act
-- as the owner. What a former set-up with one role for everything left owned by the operator passes to the owner.
-- psql variables: owner, runtime, operator.
select set_config('clinic.owner', :'owner', false) as owner_set,
       set_config('clinic.runtime', :'runtime', false) as runtime_set,
       set_config('clinic.operator', :'operator', false) as operator_set \gset

revoke create on schema public from public;
alter schema public owner to :"owner";
grant usage on schema public to :"runtime";
grant :"owner" to :"operator";

do $$
declare
    change record;
begin
    for change in
        select format('alter %s %s owner to %I', case c.relkind when 'S' then 'sequence' when 'v' then 'view'
                      when 'm' then 'materialized view' else 'table' end, c.oid::regclass,
                      current_setting('clinic.owner')) as statement
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
          and pg_get_userbyid(c.relowner) = current_setting('clinic.operator')
          -- a column's sequence goes with its table
          and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')))
        union all
        select format('alter routine %s owner to %I', p.oid::regprocedure, current_setting('clinic.owner'))
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and pg_get_userbyid(p.proowner) = current_setting('clinic.operator')
          and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
    loop
        execute change.statement;
    end loop;
end
$$;

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
end
$$;
grant usage, select on all sequences in schema public to :"runtime";
