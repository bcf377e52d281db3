#!/usr/bin/env bash
# What the realm needs beyond its import. First, what the registration client (patient-contact's service account)
# may do to accounts: make, find and remove the members of the /patients group, and nothing else: no other account
# (staff, admin, doctors) and no role of anyone. Keycloak's fine-grained admin permissions (v2; the realm has them
# on): a client policy for the registration client, and a permission over the /patients group. Then the SMART on
# FHIR scopes and the FHIR apps' client (below). Run once a server has imported the realm; idempotent.
#   KC_CLI_PASSWORD=<the bootstrap admin's password> permissions.sh <kcadm.sh> <server URL> <bootstrap admin>
# ./clinic up and ./clinic test run it with the distribution's kcadm.sh; compose's keycloak-permissions one-shot
# with the image's.
set -euo pipefail
kcadm=$1 server=$2 admin=$3
: "${KC_CLI_PASSWORD:?set KC_CLI_PASSWORD to the password of the bootstrap admin}"
config=$(mktemp)
trap 'rm -f "$config"' EXIT
login=$("$kcadm" config credentials --config "$config" --server "$server" --realm master --user "$admin" 2>&1) \
    || { echo "permissions.sh: cannot log in to $server as $admin: $login" >&2; exit 1; }
kc() { "$kcadm" "$@" --config "$config" -r clinic; }
id_of() { kc get "$@" --fields id --format csv --noquotes | head -n 1; }

permissions=$(id_of clients -q clientId=admin-permissions)
registration=$(id_of clients -q clientId=clinic-registration)
patients=$(id_of groups -q search=patients -q exact=true)
[ -n "$permissions" ] && [ -n "$registration" ] && [ -n "$patients" ] \
    || { echo "permissions.sh: the clinic realm lacks admin permissions, the registration client or /patients" >&2; exit 1; }

server_api=clients/$permissions/authz/resource-server
policy=$(id_of "$server_api/policy" -q name="registration client" -q exact=true)
if [ -z "$policy" ]; then
    kc create "$server_api/policy/client" -s name="registration client" \
        -s description="patient-contact's service account (self-registration, erasure)" \
        -s "clients=[\"$registration\"]" -s logic=POSITIVE >/dev/null
    policy=$(id_of "$server_api/policy" -q name="registration client" -q exact=true)
fi
permission=$(id_of "$server_api/permission" -q name="registration manages patients" -q exact=true)
if [ -z "$permission" ]; then
    kc create "$server_api/permission/scope" -s name="registration manages patients" \
        -s description="Makes, finds and removes the accounts of self-registered patients, nothing else" \
        -s resourceType=Groups -s "resources=[\"$patients\"]" \
        -s 'scopes=["view-members","manage-members","manage-membership"]' \
        -s "policies=[\"$policy\"]" -s decisionStrategy=UNANIMOUS >/dev/null
fi

# SMART on FHIR: the resource scopes a FHIR app may ask for (written into its token's scope claim, which the
# services check beside the roles), and the public client such an app signs in with (authorization code with PKCE,
# no password grant). The demo client may ask for them too, so a token of a demo user can be narrowed to them.
smart_scopes="patient/Appointment.crus patient/Appointment.rs patient/Patient.rs patient/Practitioner.rs
    patient/Schedule.rs patient/Slot.rs user/Appointment.crus user/Appointment.rs user/Patient.rs
    user/Practitioner.rs user/Schedule.rs user/Slot.rs"
fhir_app=$(id_of clients -q clientId=clinic-fhir-app)
if [ -z "$fhir_app" ]; then
    fhir_app=$(kc create clients -i -f - <<'JSON'
{"clientId": "clinic-fhir-app", "name": "SMART on FHIR apps", "enabled": true, "publicClient": true,
 "standardFlowEnabled": true, "directAccessGrantsEnabled": false, "implicitFlowEnabled": false,
 "serviceAccountsEnabled": false, "redirectUris": ["http://localhost/*", "http://127.0.0.1/*"],
 "attributes": {"pkce.code.challenge.method": "S256"},
 "protocolMappers": [
  {"name": "clinic-api audience", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
   "config": {"included.custom.audience": "clinic-api", "access.token.claim": "true", "id.token.claim": "false"}},
  {"name": "patient_id", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-attribute-mapper",
   "config": {"user.attribute": "patient_id", "claim.name": "patient_id", "jsonType.label": "String",
              "access.token.claim": "true", "id.token.claim": "false", "userinfo.token.claim": "true"}},
  {"name": "doctor_id", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-attribute-mapper",
   "config": {"user.attribute": "doctor_id", "claim.name": "doctor_id", "jsonType.label": "String",
              "access.token.claim": "true", "id.token.claim": "false", "userinfo.token.claim": "true"}}]}
JSON
)
fi
web=$(id_of clients -q clientId=clinic-web)
existing=$(kc get client-scopes --fields id,name --format csv --noquotes)
for scope in $smart_scopes; do
    id=$(printf '%s\n' "$existing" | awk -F, -v name="$scope" '$2 == name { print $1; exit }')
    if [ -z "$id" ]; then
        id=$(kc create client-scopes -i -s name="$scope" -s protocol=openid-connect \
            -s 'attributes."include.in.token.scope"=true' -s 'attributes."display.on.consent.screen"=true')
    fi
    for client in "$fhir_app" "$web"; do
        kc update "clients/$client/optional-client-scopes/$id" >/dev/null
    done
done
