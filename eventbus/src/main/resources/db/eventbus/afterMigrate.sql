-- Run by Flyway after every migration, as the database's owner. The service's runtime role gets the rows of every
-- table by default (./clinic's ensure_service_database: default privileges of the owner); these tables are the
-- exceptions, whoever a grant went to: the audit log is INSERT and SELECT only (its triggers refuse changes to
-- everyone, the owner included, and the owner gives up those grants too), the migration history SELECT only.
do $$
declare
    granted record;
begin
    for granted in
        select c.relname as object, acl.privilege_type as privilege, pg_get_userbyid(acl.grantee) as grantee
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        cross join lateral aclexplode(c.relacl) acl
        where n.nspname = current_schema() and acl.grantee <> 0
          and ((c.relname = 'audit_log'
                and acl.privilege_type in ('UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'))
            or (c.relname = 'flyway_schema_history' and acl.grantee <> c.relowner
                and acl.privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')))
    loop
        execute format('revoke %s on %I from %I', granted.privilege, granted.object, granted.grantee);
    end loop;
end
$$;
