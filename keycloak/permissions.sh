#!/usr/bin/env bash
# What the registration client (patient-contact's service account) may do to accounts: make, find and remove the
# members of the /patients group, and nothing else: no other account (staff, admin, doctors) and no role of anyone.
# Keycloak's fine-grained admin permissions (v2; the realm has them on): a client policy for the registration
# client, and a permission over the /patients group. Run once a server has imported the realm; idempotent.
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
