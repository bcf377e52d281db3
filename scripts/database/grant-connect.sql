-- Lets a role connect to a database (owned-database.sql took that from PUBLIC). psql variables: database, role.
grant connect on database :"database" to :"role";
