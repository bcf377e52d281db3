#!/usr/bin/env bash
# Renders nginx/nginx.conf.template into <dir>/nginx.conf and prepares <dir> to run nginx from (pid, temp
# and log paths inside it), so the gateway runs without touching the system's nginx set-up.
#
#   render-nginx.sh <dir>
#
# Upstreams, one or more host:port each (space separated for replicas):
#   APPOINTMENT_UPSTREAMS, DOCTOR_AVAILABILITY_UPSTREAMS, PATIENT_CONTACT_UPSTREAMS, NOTIFICATIONS_UPSTREAMS
# GATEWAY_PORT (86), GATEWAY_MAX_BODY (1m), CLINIC_WRITE_RATE_LIMIT and CLINIC_READ_RATE_LIMIT (per second per
# caller), CLINIC_ADDRESS_RATE_LIMIT (every request, per second per client address; each 0 = off),
# CLINIC_CHANGES_IN_PROGRESS (writes being handled at once per service, 64; 0 = off),
# GATEWAY_TLS_PORT (443) with GATEWAY_TLS_CERT and GATEWAY_TLS_KEY (PEM files): HTTPS as well, when both are set.
set -euo pipefail
dir=${1:?usage: render-nginx.sh <dir>}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir/run" "$dir/logs"

servers() { # "host:port host:port" -> "server host:port; server host:port;"
    local out="" address
    for address in $1; do out="${out}server ${address} max_fails=1 fail_timeout=2s; "; done
    printf '%s' "$out"
}

export NGINX_RUN_DIR="$dir/run" NGINX_LOG_DIR="$dir/logs" NGINX_CONF_DIR="$dir"
cp "$root/nginx/health.js" "$dir/health.js"
cp "$root/nginx/request.js" "$dir/request.js"
cp "$root/nginx/openapi.js" "$dir/openapi.js"
# The event catalogue's document and page: build output of eventbus (clinic.eventbus.AsyncApiDocument).
event_docs=$root/eventbus/target/event-docs.js
[ -f "$event_docs" ] || { echo "render-nginx.sh: no $event_docs; build first (mvn -pl eventbus compile)" >&2; exit 1; }
cp "$event_docs" "$dir/event-docs.js"
cp "$root/nginx/security-headers.conf" "$dir/security-headers.conf"
# The njs module (Debian: libnginx-mod-http-js) answers /health from the four services' readiness.
js_module=${NGINX_JS_MODULE:-}
if [ -z "$js_module" ]; then
    for candidate in /usr/lib/nginx/modules/ngx_http_js_module.so /usr/share/nginx/modules/ngx_http_js_module.so \
        /etc/nginx/modules/ngx_http_js_module.so; do
        [ -f "$candidate" ] && { js_module=$candidate; break; }
    done
fi
[ -n "$js_module" ] || { echo "render-nginx.sh: no ngx_http_js_module.so (install libnginx-mod-http-js)" >&2; exit 1; }
export NGINX_JS_MODULE=$js_module
export NGINX_ACCESS_LOG=${NGINX_ACCESS_LOG:-$dir/logs/access.log}
export GATEWAY_PORT=${GATEWAY_PORT:-86}
export GATEWAY_MAX_BODY=${GATEWAY_MAX_BODY:-1m}
export APPOINTMENT_SERVERS; APPOINTMENT_SERVERS=$(servers "${APPOINTMENT_UPSTREAMS:-127.0.0.1:8081}")
export DOCTOR_AVAILABILITY_SERVERS; DOCTOR_AVAILABILITY_SERVERS=$(servers "${DOCTOR_AVAILABILITY_UPSTREAMS:-127.0.0.1:8083}")
export PATIENT_CONTACT_SERVERS; PATIENT_CONTACT_SERVERS=$(servers "${PATIENT_CONTACT_UPSTREAMS:-127.0.0.1:8082}")
export NOTIFICATIONS_SERVERS; NOTIFICATIONS_SERVERS=$(servers "${NOTIFICATIONS_UPSTREAMS:-127.0.0.1:8084}")
# Rate limits, requests per second with a burst of twice that: writes and reads per caller (the token's
# signature, else the client address), every request per client address; 0 turns one off.
NGINX_LIMIT_ZONE="" NGINX_LIMIT_REQ=""
limit() { # zone key rate
    [ "${3:-0}" != 0 ] || return 0
    NGINX_LIMIT_ZONE="$NGINX_LIMIT_ZONE limit_req_zone $2 zone=$1:10m rate=${3}r/s;"
    NGINX_LIMIT_REQ="$NGINX_LIMIT_REQ limit_req zone=$1 burst=$(($3 * 2)) nodelay;"
}
limit writes '$clinic_write_client' "${CLINIC_WRITE_RATE_LIMIT:-0}"
limit reads '$clinic_read_client' "${CLINIC_READ_RATE_LIMIT:-0}"
limit addresses '$binary_remote_addr' "${CLINIC_ADDRESS_RATE_LIMIT:-0}"
# Changes (not reads) in progress at once per service; 0 turns the limit off.
if [ "${CLINIC_CHANGES_IN_PROGRESS:-64}" != 0 ]; then
    NGINX_LIMIT_ZONE="$NGINX_LIMIT_ZONE limit_conn_zone \$clinic_change_in_progress zone=changes:1m;"
    NGINX_LIMIT_REQ="$NGINX_LIMIT_REQ limit_conn changes ${CLINIC_CHANGES_IN_PROGRESS:-64};"
fi
export NGINX_LIMIT_ZONE NGINX_LIMIT_REQ

if [ -n "${GATEWAY_TLS_CERT:-}" ] && [ -n "${GATEWAY_TLS_KEY:-}" ]; then
    export NGINX_TLS="listen ${GATEWAY_TLS_PORT:-443} ssl reuseport; ssl_certificate $GATEWAY_TLS_CERT; ssl_certificate_key $GATEWAY_TLS_KEY; ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:tls:10m;"
else
    export NGINX_TLS=""
fi

vars='${NGINX_JS_MODULE} ${NGINX_TLS} ${NGINX_CONF_DIR} ${NGINX_RUN_DIR} ${NGINX_LOG_DIR} ${NGINX_ACCESS_LOG} ${GATEWAY_PORT} ${GATEWAY_MAX_BODY} ${APPOINTMENT_SERVERS}
${DOCTOR_AVAILABILITY_SERVERS} ${PATIENT_CONTACT_SERVERS} ${NOTIFICATIONS_SERVERS} ${NGINX_LIMIT_ZONE} ${NGINX_LIMIT_REQ}'
if command -v envsubst >/dev/null; then
    envsubst "$vars" < "$root/nginx/nginx.conf.template" > "$dir/nginx.conf"
else
    # The same substitution without gettext: only the variables listed above are replaced.
    content=$(cat "$root/nginx/nginx.conf.template")
    for name in $vars; do
        name=${name#\$\{}; name=${name%\}}
        content=${content//\$\{$name\}/${!name}}
    done
    printf '%s\n' "$content" > "$dir/nginx.conf"
fi
echo "$dir/nginx.conf"
