-- A login role with its password (hashed as the server is set to: scram-sha-256 on a fresh PostgreSQL), made or
-- set again. psql variables: role, password. Run by a superuser (./clinic, compose's first start).
select not exists (select 1 from pg_roles where rolname = :'role') as missing \gset
\if :missing
create role :"role" login password :'password';
\else
alter role :"role" login password :'password';
\endif
