-- Inside a database, as a superuser: what a former set-up with one role for everything (the operator's, operator)
-- left owned by it in the public schema passes to the database's owner (owner). psql variables: owner, operator.
select set_config('clinic.owner', :'owner', false) as owner_set,
       set_config('clinic.operator', :'operator', false) as operator_set \gset

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
