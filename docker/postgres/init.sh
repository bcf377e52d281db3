#!/usr/bin/env bash
# Compose's first start of PostgreSQL (an empty volume): the roles and databases ./clinic up makes, by the same
# SQL (scripts/database, mounted at /clinic/database), with the passwords ./clinic compose-env wrote into .env.
# Each service database is owned by a role that migrates (its migrate-* one-shot) and used by a runtime role that
# may touch rows only; Keycloak's database has a role of its own.
set -euo pipefail
sql=/clinic/database
run() { psql -v ON_ERROR_STOP=1 -qtA --username "$POSTGRES_USER" "$@"; }
login_role() { run --dbname postgres -v role="$1" -v password="$2" -f "$sql/login-role.sql"; }

for service in appointment doctor_availability patient_contact notifications; do
    prefix=CLINIC_${service^^}_DB
    owner_password=${prefix}_OWNER_PASSWORD
    runtime_password=${prefix}_PASSWORD
    login_role "clinic_${service}_owner" "${!owner_password:?run ./clinic compose-env}"
    login_role "clinic_${service}" "${!runtime_password:?run ./clinic compose-env}"
    run --dbname postgres -v database="$service" -v owner="clinic_${service}_owner" -f "$sql/owned-database.sql"
    run --dbname postgres -v database="$service" -v role="clinic_${service}" -f "$sql/grant-connect.sql"
    run --dbname "$service" -v owner="clinic_${service}_owner" -v runtime="clinic_${service}" \
        -v operator="$POSTGRES_USER" -f "$sql/service-database.sql"
done
login_role clinic_keycloak "${CLINIC_KEYCLOAK_DB_PASSWORD:?run ./clinic compose-env}"
run --dbname postgres -v database=keycloak -v owner=clinic_keycloak -f "$sql/owned-database.sql"
