-- A database owned by owner, which nobody else may connect to or make temporary tables in but whom grant-connect.sql
-- names (PUBLIC loses both). psql variables: database, owner. Run by a superuser in the postgres database.
select not exists (select 1 from pg_database where datname = :'database') as missing \gset
\if :missing
create database :"database" owner :"owner";
\else
alter database :"database" owner to :"owner";
\endif
revoke all on database :"database" from public;
