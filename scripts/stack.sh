# ./clinic up | down | status | logs: the whole stack as local processes, state in $CLINIC_STATE_DIR.
# Sourced by ./clinic after lib.sh.

CLINIC_GATEWAY_PORT=${CLINIC_GATEWAY_PORT:-86}
CLINIC_NATS_PORT=${CLINIC_NATS_PORT:-4222}
CLINIC_NATS_MONITOR_PORT=${CLINIC_NATS_MONITOR_PORT:-8222}
RUN_DIR=$CLINIC_STATE_DIR/run
LOG_DIR=$CLINIC_STATE_DIR/logs

# The port of a service's replica (1-based): replica k listens 100 * (k - 1) above the service's port.
service_port() { # service [replica]
    local base
    case $1 in
        appointment) base=${APPOINTMENT_PORT:-8081} ;;
        patient-contact) base=${PATIENT_CONTACT_PORT:-8082} ;;
        doctor-availability) base=${DOCTOR_AVAILABILITY_PORT:-8083} ;;
        notifications) base=${NOTIFICATIONS_PORT:-8084} ;;
    esac
    echo $((base + 100 * (${2:-1} - 1)))
}

# appointment, appointment-2, ...: the name of its pid file and log.
instance_name() { # service replica
    if [ "${2:-1}" = 1 ]; then echo "$1"; else echo "$1-$2"; fi
}

replicas() {
    cat "$CLINIC_STATE_DIR/replicas" 2>/dev/null || echo "${CLINIC_REPLICAS:-1}"
}

upstreams() { # service -> "127.0.0.1:8081 127.0.0.1:8181"
    local k out=""
    for ((k = 1; k <= $(replicas); k++)); do out="$out 127.0.0.1:$(service_port "$1" "$k")"; done
    echo "${out# }"
}

pid_alive() { # pidfile
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

http_ok() { # url
    if command -v curl >/dev/null; then
        curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
    else
        local rest=${1#http://} host port path
        host=${rest%%/*}; path=/${rest#*/}; port=${host##*:}; host=${host%%:*}
        exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || return 1
        printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$host" >&3
        head -n 1 <&3 | grep -q ' 200 '
    fi
}

# ---- NATS: the machine's when it has JetStream and monitoring, else the project's own -----------------

# A cluster of CLINIC_NATS_CLUSTER nodes on loopback (./clinic up --nats-cluster 3): every stream then has
# that many replicas, so the stack goes on when one node dies. Node k keeps its store in .clinic/nats-node<k>.
ensure_stack_nats_cluster() {
    local nodes=$1 i port monitor cluster routes="" urls=""
    local node
    for ((node = 1; node <= nodes; node++)); do
        if pid_alive "$CLINIC_STATE_DIR/nats-node$node/nats-server.pid"; then
            # Part of the cluster runs: start what is missing on the ports and stores it had.
            for ((node = 1; node <= nodes; node++)); do
                pid_alive "$CLINIC_STATE_DIR/nats-node$node/nats-server.pid" \
                    && reload_nats "$CLINIC_STATE_DIR/nats-node$node" && continue
                rewrite_nats_conf "$CLINIC_STATE_DIR/nats-node$node"
                start_nats \
                    "$CLINIC_STATE_DIR/nats-node$node" "$(sed -n 's/^listen: 127.0.0.1://p' \
                    "$CLINIC_STATE_DIR/nats-node$node/nats.conf")" || die "NATS node $node did not start"
            done
            NATS_URL=$(cat "$CLINIC_STATE_DIR/nats.url")
            return
        fi
    done
    local -a ports monitors clusters
    port=$CLINIC_NATS_PORT monitor=$CLINIC_NATS_MONITOR_PORT cluster=${CLINIC_NATS_CLUSTER_PORT:-6222}
    for ((i = 1; i <= nodes; i++)); do
        while port_open 127.0.0.1 "$port"; do port=$((port + 1)); done
        while port_open 127.0.0.1 "$monitor"; do monitor=$((monitor + 1)); done
        while port_open 127.0.0.1 "$cluster"; do cluster=$((cluster + 1)); done
        ports[i]=$port monitors[i]=$monitor clusters[i]=$cluster
        routes="$routes${routes:+, }nats-route://127.0.0.1:$cluster"
        urls="$urls${urls:+,}$(nats_scheme)://127.0.0.1:$port"
        port=$((port + 1)) monitor=$((monitor + 1)) cluster=$((cluster + 1))
    done
    for ((i = 1; i <= nodes; i++)); do
        write_nats_conf "$CLINIC_STATE_DIR/nats-node$i" "${ports[i]}" "${monitors[i]}" "${clusters[i]}" "$routes"
        start_nats "$CLINIC_STATE_DIR/nats-node$i" "${ports[i]}" \
            || die "nats-server node $i did not start; see $CLINIC_STATE_DIR/nats-node$i/nats-server.log"
    done
    NATS_URL=$urls
    echo "$NATS_URL" > "$CLINIC_STATE_DIR/nats.url"
    echo "${monitors[1]}" > "$CLINIC_STATE_DIR/nats.monitor"
    echo "$nodes" > "$CLINIC_STATE_DIR/nats.cluster"
    say "a NATS cluster of $nodes nodes on $NATS_URL (streams with $nodes replicas), monitoring on" \
        "http://localhost:${monitors[1]}"
}

# Nodes of the stack's NATS cluster, 1 for a single server.
nats_nodes() {
    cat "$CLINIC_STATE_DIR/nats.cluster" 2>/dev/null || echo "${CLINIC_NATS_CLUSTER:-1}"
}

ensure_stack_nats() {
    local dir=$CLINIC_STATE_DIR/nats
    if [ "$(nats_nodes)" -gt 1 ]; then
        ensure_stack_nats_cluster "$(nats_nodes)"
        return
    fi
    if pid_alive "$dir/nats-server.pid"; then
        reload_nats "$dir"
        NATS_URL=$(nats_scheme)://127.0.0.1:$(sed -n 's/^listen: 127.0.0.1://p' "$dir/nats.conf")
        echo "$NATS_URL" > "$CLINIC_STATE_DIR/nats.url"
        return
    fi
    # Always a NATS of the project's own: it knows the services' users and their permissions, and takes nobody
    # else. Another NATS on the port is left alone.
    if port_open 127.0.0.1 "$CLINIC_NATS_PORT"; then
        local port=$CLINIC_NATS_PORT
        while port_open 127.0.0.1 "$port"; do port=$((port + 1)); done
        say "port $CLINIC_NATS_PORT is taken: the project's NATS on port $port"
        CLINIC_NATS_PORT=$port
    fi
    local monitor=$CLINIC_NATS_MONITOR_PORT
    while port_open 127.0.0.1 "$monitor"; do monitor=$((monitor + 1)); done
    [ "$monitor" = "$CLINIC_NATS_MONITOR_PORT" ] || say "port $CLINIC_NATS_MONITOR_PORT is taken: NATS monitoring on $monitor"
    write_nats_conf "$dir" "$CLINIC_NATS_PORT" "$monitor"
    start_nats "$dir" "$CLINIC_NATS_PORT" || die "nats-server did not start; see $dir/nats-server.log"
    NATS_URL=$(nats_scheme)://127.0.0.1:$CLINIC_NATS_PORT
    echo "$NATS_URL" > "$CLINIC_STATE_DIR/nats.url"
    echo "$monitor" > "$CLINIC_STATE_DIR/nats.monitor"
    say "NATS with JetStream on 127.0.0.1:$CLINIC_NATS_PORT, monitoring on http://localhost:$monitor"
}

# tls:// when ./clinic up --tls runs NATS with TLS (the development certificate), else nats://.
nats_scheme() {
    if [ -n "${NATS_TLS_CERT:-}" ]; then echo tls; else echo nats; fi
}

# ./clinic up --tls: NATS serves TLS with the development certificate, and the services (and ./clinic's tools)
# trust it through a trust store made from it.
prepare_tls() {
    ensure_dev_certificate
    export NATS_TLS_CERT=$CLINIC_STATE_DIR/tls/cert.pem NATS_TLS_KEY=$CLINIC_STATE_DIR/tls/key.pem
    CLINIC_TRUST_STORE=$CLINIC_STATE_DIR/tls/truststore.p12
    CLINIC_TRUST_STORE_PASSWORD=$(secret tls truststore)
    if [ ! -s "$CLINIC_TRUST_STORE" ]; then
        "$JAVA_HOME/bin/keytool" -importcert -noprompt -alias clinic-development -file "$NATS_TLS_CERT" \
            -keystore "$CLINIC_TRUST_STORE" -storetype PKCS12 -storepass "$CLINIC_TRUST_STORE_PASSWORD" >/dev/null \
            || die "keytool could not make the trust store"
    fi
    export JAVA_TOOL_TRUST="-Djavax.net.ssl.trustStore=$CLINIC_TRUST_STORE -Djavax.net.ssl.trustStoreType=PKCS12"
    JAVA_TOOL_TRUST="$JAVA_TOOL_TRUST -Djavax.net.ssl.trustStorePassword=$CLINIC_TRUST_STORE_PASSWORD"
}

# A server's configuration written again on the ports it had, with the current users and permissions.
rewrite_nats_conf() { # dir
    local listen http
    listen=$(sed -n 's/^listen: 127.0.0.1://p' "$1/nats.conf")
    http=$(sed -n 's/^http: 127.0.0.1://p' "$1/nats.conf")
    if grep -q '^cluster' "$1/nats.conf"; then
        local cluster routes
        cluster=$(sed -n 's/^    listen: 127.0.0.1://p' "$1/nats.conf")
        routes=$(sed -n 's/^    routes: \[\(.*\)\]$/\1/p' "$1/nats.conf")
        write_nats_conf "$1" "$listen" "$http" "$cluster" "$routes"
    else
        write_nats_conf "$1" "$listen" "$http"
    fi
}

# A running server of the stack takes the current users and permissions (nats-server reloads its configuration,
# authorization included, on SIGHUP; clients stay connected).
reload_nats() { # dir
    rewrite_nats_conf "$1"
    kill -HUP "$(cat "$1/nats-server.pid")" 2>/dev/null || true
}

nats_monitor_port() {
    cat "$CLINIC_STATE_DIR/nats.monitor" 2>/dev/null || echo "$CLINIC_NATS_MONITOR_PORT"
}

# ---- services ----------------------------------------------------------------------------------------

# The serial collector and a small heap (live data is ~30 MB): on a small machine shared by four JVMs,
# PostgreSQL, NATS and nginx, parallel GC threads only compete for the same cores. C2 stays on: C1-only code
# started ~3 s sooner but cost 2.5x the CPU per booking once warm (see README, Benchmark). CLINIC_JAVA_OPTS
# overrides it. glibc's malloc keeps an arena per thread that allocates; two are enough for a JVM whose own
# heap is elsewhere (MALLOC_ARENA_MAX, 20-30 MB less resident memory per service, measured).
DEFAULT_JAVA_OPTS="-Xmx80m -XX:+UseSerialGC"

runner_jar() { echo "$CLINIC_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# The JVM the services run on: CLINIC_JAVA, else JDK 25 or newer where one is installed (started from its AOT
# cache a service is ready ~1 s sooner than on JDK 17 with AppCDS, for the same CPU per booking: README,
# Benchmark), else the JDK 17 that builds them. Tests run the services on the JDK that runs Maven. Found once
# per ./clinic command (RUNTIME_JAVA, RUNTIME_FEATURE): a start's time to ready includes no JVM probing.
resolve_runtime_java() {
    [ -n "${RUNTIME_JAVA:-}" ] && return
    local dir java=${CLINIC_JAVA:-}
    if [ -z "$java" ]; then
        for dir in $(ls -d /usr/lib/jvm/temurin-[2-9][0-9]-* /usr/lib/jvm/java-[2-9][0-9]-openjdk-* 2>/dev/null \
            | sort -t- -k2,2nr); do
            [ "$(java_feature "$dir/bin/java")" -ge 25 ] 2>/dev/null && { java=$dir/bin/java; break; }
        done
    fi
    RUNTIME_JAVA=${java:-$JAVA_HOME/bin/java}
    RUNTIME_FEATURE=$(java_feature "$RUNTIME_JAVA")
}

runtime_java() {
    resolve_runtime_java
    echo "$RUNTIME_JAVA"
}

java_feature() { # java: its feature release, e.g. 25 (JAVA_TOOL_OPTIONS may print a line before the version)
    "$1" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1
}

# JDK 25's AOT cache (JEP 483, 514, 515) replaces AppCDS: classes loaded and linked, and the profiles of a start.
aot_cache_runtime() {
    resolve_runtime_java
    [ "${RUNTIME_FEATURE:-0}" -ge 25 ] 2>/dev/null
}

# Flags the runtime needs besides CLINIC_JAVA_OPTS: JDK 24+ warns at every start that BouncyCastle (smallrye-jwt's)
# loads its native code, which JDK 17 allowed without a word.
runtime_flags() {
    aot_cache_runtime && echo "--enable-native-access=ALL-UNNAMED"
    return 0
}

# What a service instance is given by ./clinic: its port, its own database role (of the secrets ./clinic keeps,
# nothing else), its NATS user and the stack's Keycloak. Exported into the calling (sub)shell.
export_service_environment() { # service port
    local svc=$1 port=$2 database_environment
    database_environment=$(service_db_environment "$svc")
    # shellcheck disable=SC2046
    export $database_environment
    export QUARKUS_HTTP_PORT=$port NATS_URL
    # Its own NATS user (the NKey seed), allowed what the event catalogue says it does.
    export CLINIC_EVENTBUS_NATS_NKEY_FILE=$NATS_KEYS_DIR/$svc.nk
    # The stack's own Keycloak, unless CLINIC_OIDC_* name another provider.
    export CLINIC_OIDC_ISSUER=${CLINIC_OIDC_ISSUER:-$(keycloak_url)/realms/clinic}
    export CLINIC_OIDC_JWKS_URL=${CLINIC_OIDC_JWKS_URL:-$(keycloak_url)/realms/clinic/protocol/openid-connect/certs}
    export CLINIC_OIDC_URL=${CLINIC_OIDC_URL:-$(keycloak_url)}
    if [ "$svc" = patient-contact ] && [ -z "${CLINIC_OIDC_REGISTRATION_SECRET:-}" ]; then
        export CLINIC_OIDC_REGISTRATION_SECRET
        CLINIC_OIDC_REGISTRATION_SECRET=$(keycloak_secret "$KEYCLOAK_DIR" registration-secret)
    fi
    [ "$(nats_nodes)" -gt 1 ] && export CLINIC_EVENTBUS_STREAMS_REPLICAS=$(nats_nodes)
    export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
    # A collector named: every trace goes to it, SQL spans included, unless said otherwise.
    if [ -n "${CLINIC_OTLP_ENDPOINT:-}" ]; then
        export CLINIC_TRACE_SAMPLE_RATIO=${CLINIC_TRACE_SAMPLE_RATIO:-1} CLINIC_TRACE_SQL=${CLINIC_TRACE_SQL:-true}
    fi
    return 0
}

start_service() { # service replica
    local svc=$1 replica=${2:-1} port name
    port=$(service_port "$svc" "$replica")
    name=$(instance_name "$svc" "$replica")
    pid_alive "$RUN_DIR/$name.pid" && return
    port_open 127.0.0.1 "$port" && die "port $port for $name is taken by another process; set $(echo "$svc" | tr a-z- A-Z_)_PORT"
    resolve_runtime_java
    local java=$RUNTIME_JAVA
    (
        export_service_environment "$svc" "$port"
        # The AOT cache (JDK 25) or class data archive (AppCDS, JDK 17) the build made is only valid for the class
        # path as written then, relative to this directory: an AOT cache older than the jar is left out (with a
        # warning), a stale AppCDS archive is refused by the JVM with one.
        local app_dir cds=
        app_dir=$(dirname "$(runner_jar "$svc")")
        cd "$app_dir"
        if [ -n "${AOT_TRAINING:-}" ]; then
            # Classes it cannot keep (unused Netty OpenSSL and Hibernate JSON classes that fail verification, JFR's)
            # are skipped with a warning each: a hundred lines in the log that ask for nothing.
            cds="-XX:AOTCacheOutput=app.aot -Xlog:aot=error"
        elif aot_cache_runtime; then
            if [ -f app.aot ] && [ app.aot -nt quarkus-run.jar ]; then
                cds=-XX:AOTCache=app.aot
            else
                warn "$name starts without an AOT cache (none, or older than its jar: a build since); ./clinic down, then ./clinic up, trains one"
            fi
        else
            [ -f app-cds.jsa ] && cds=-XX:SharedArchiveFile=app-cds.jsa
        fi
        # With --tls, the trust store that holds the development certificate NATS serves.
        exec nohup "$java" ${CLINIC_JAVA_OPTS:-$DEFAULT_JAVA_OPTS} $(runtime_flags) ${JAVA_TOOL_TRUST:-} $cds \
            -jar "$(runner_jar "$svc")" \
            >>"$LOG_DIR/$name.log" 2>&1 </dev/null
    ) &
    echo $! > "$RUN_DIR/$name.pid"
    say "started $name on port $port (pid $!, log .clinic/logs/$name.log)"
}

# An AOT cache per service from a training run: each service that is not running is started once (its first
# replica) with -XX:AOTCacheOutput until it is ready, then stopped; at exit the JVM writes what it loaded, linked
# and profiled into app.aot (valid for this build only). Started from it, a service is ready in ~2.7 s instead of
# ~3.6 s (README, Benchmark). A service whose training fails starts without a cache.
train_aot_caches() {
    local svc pid trained=()
    for svc in "${CLINIC_SERVICES[@]}"; do
        pid_alive "$RUN_DIR/$svc.pid" && continue # running the jar it was started with: left alone
        rm -f "$(dirname "$(runner_jar "$svc")")/app.aot"
        AOT_TRAINING=1 start_service "$svc" 1 >/dev/null
        trained+=("$svc")
    done
    [ ${#trained[@]} -eq 0 ] && return
    say "training an AOT cache for ${trained[*]} on $RUNTIME_JAVA (a start until ready, then a stop)"
    local deadline=$((SECONDS + ${CLINIC_START_TIMEOUT:-180}))
    for svc in "${trained[@]}"; do
        until http_ok "http://127.0.0.1:$(service_port "$svc")/q/health/ready"; do
            pid_alive "$RUN_DIR/$svc.pid" && [ $SECONDS -lt $deadline ] || break
            sleep 0.5
        done
    done
    for svc in "${trained[@]}"; do kill "$(cat "$RUN_DIR/$svc.pid" 2>/dev/null)" 2>/dev/null || true; done
    # The cache is assembled at exit by a second JVM: give it time, then carry on without one if it failed.
    for svc in "${trained[@]}"; do
        pid=$(cat "$RUN_DIR/$svc.pid" 2>/dev/null) || continue
        for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        stop_pidfile "$RUN_DIR/$svc.pid" "$svc" >/dev/null
        [ -f "$(dirname "$(runner_jar "$svc")")/app.aot" ] \
            || warn "no AOT cache for $svc: it starts without one (see $LOG_DIR/$svc.log)"
    done
}

# The migration step: each service's database migrated by its owner (the service's jar with Quarkus'
# init-and-exit: Flyway runs, nothing else starts), all four at once, before any service starts; the services
# then run with their runtime roles and never see the owners' credentials.
migrate_databases() {
    local svc pids=() failed=
    say "migrating the databases (each as its owner)"
    for svc in "${CLINIC_SERVICES[@]}"; do
        (
            export QUARKUS_INIT_AND_EXIT=true QUARKUS_FLYWAY_MIGRATE_AT_START=true
            export QUARKUS_FLYWAY_VALIDATE_AT_START=false QUARKUS_FLYWAY_USERNAME QUARKUS_FLYWAY_PASSWORD
            QUARKUS_FLYWAY_USERNAME=$(owner_role "$svc")
            QUARKUS_FLYWAY_PASSWORD=$(db_password "$(owner_role "$svc")")
            # shellcheck disable=SC2046
            export $(service_db_environment "$svc")
            cd "$(dirname "$(runner_jar "$svc")")"
            exec "$(runtime_java)" -XX:TieredStopAtLevel=1 $(runtime_flags) -jar "$(runner_jar "$svc")" \
                >>"$LOG_DIR/$svc-migrate.log" 2>&1 </dev/null
        ) &
        pids+=("$!:$svc")
    done
    local entry
    for entry in "${pids[@]}"; do
        wait "${entry%%:*}" || { warn "migrating ${entry#*:} failed; see $LOG_DIR/${entry#*:}-migrate.log"; failed=1; }
    done
    [ -z "$failed" ] || die "the databases could not be migrated"
}

# Every instance as "service replica name port", one a line.
instances() {
    local svc k
    for svc in "${CLINIC_SERVICES[@]}"; do
        for ((k = 1; k <= $(replicas); k++)); do
            echo "$svc $k $(instance_name "$svc" "$k") $(service_port "$svc" "$k")"
        done
    done
}

stop_pidfile() { # pidfile name
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
        say "stopped $2"
    fi
    rm -f "$1"
}

wait_ready() {
    local deadline=$((SECONDS + ${CLINIC_START_TIMEOUT:-180})) svc k name port pending
    printf 'waiting for the services to be ready '
    while :; do
        pending=()
        while read -r svc k name port; do
            http_ok "http://127.0.0.1:$port/q/health/ready" || pending+=("$name")
            pid_alive "$RUN_DIR/$name.pid" || { echo; tail -n 30 "$LOG_DIR/$name.log" >&2; die "$name exited; see $LOG_DIR/$name.log"; }
        done < <(instances)
        [ ${#pending[@]} -eq 0 ] && { echo " ready"; return; }
        [ $SECONDS -lt $deadline ] || { echo; die "not ready in time: ${pending[*]} (see $LOG_DIR)"; }
        printf '.'
        sleep 1
    done
}

# ---- gateway -----------------------------------------------------------------------------------------

start_gateway() {
    local dir=$CLINIC_STATE_DIR/nginx
    if [ -n "${CLINIC_TLS:-}" ]; then
        ensure_dev_certificate
        export GATEWAY_TLS_PORT=$CLINIC_GATEWAY_TLS_PORT GATEWAY_TLS_CERT=$CLINIC_STATE_DIR/tls/cert.pem \
            GATEWAY_TLS_KEY=$CLINIC_STATE_DIR/tls/key.pem
    fi
    # Requests per second: writes and reads per caller (the token's signature, else the address), every request
    # per client address; 0 turns a limit off.
    CLINIC_WRITE_RATE_LIMIT=${CLINIC_WRITE_RATE_LIMIT:-20} \
    CLINIC_READ_RATE_LIMIT=${CLINIC_READ_RATE_LIMIT:-100} \
    CLINIC_ADDRESS_RATE_LIMIT=${CLINIC_ADDRESS_RATE_LIMIT:-400} \
    GATEWAY_PORT=$CLINIC_GATEWAY_PORT \
    APPOINTMENT_UPSTREAMS=$(upstreams appointment) \
    DOCTOR_AVAILABILITY_UPSTREAMS=$(upstreams doctor-availability) \
    PATIENT_CONTACT_UPSTREAMS=$(upstreams patient-contact) \
    NOTIFICATIONS_UPSTREAMS=$(upstreams notifications) \
        "$CLINIC_ROOT/scripts/render-nginx.sh" "$dir" >/dev/null
    local nginx=${CLINIC_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
    "$nginx" -t -q -c "$dir/nginx.conf" -p "$dir" 2>&1 | grep -v '^$' >&2 || true
    if pid_alive "$dir/run/nginx.pid"; then
        "$nginx" -c "$dir/nginx.conf" -p "$dir" -s reload 2>/dev/null
        say "reloaded the gateway on port $CLINIC_GATEWAY_PORT"
    else
        port_open 127.0.0.1 "$CLINIC_GATEWAY_PORT" && die "port $CLINIC_GATEWAY_PORT is taken; set CLINIC_GATEWAY_PORT"
        "$nginx" -c "$dir/nginx.conf" -p "$dir" || die "nginx did not start; see $dir/logs/error.log"
        say "started the gateway on port $CLINIC_GATEWAY_PORT"
    fi
}

# ---- commands ----------------------------------------------------------------------------------------

# A self-signed certificate for localhost and 127.0.0.1, made once, for HTTPS on the gateway (./clinic up --tls).
ensure_dev_certificate() {
    local dir=$CLINIC_STATE_DIR/tls
    [ -s "$dir/cert.pem" ] && [ -s "$dir/key.pem" ] && return
    mkdir -p "$dir"
    chmod 700 "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null \
        || die "openssl could not make the development certificate"
    chmod 600 "$dir/key.pem"
    say "made a development certificate: $dir/cert.pem (trust it with curl --cacert)"
}

CLINIC_GATEWAY_TLS_PORT=${CLINIC_GATEWAY_TLS_PORT:-443}

# ---- identity ----------------------------------------------------------------------------------------

CLINIC_KEYCLOAK_PORT=${CLINIC_KEYCLOAK_PORT:-8180}
KEYCLOAK_DIR=$CLINIC_STATE_DIR/keycloak

keycloak_url() {
    cat "$KEYCLOAK_DIR/keycloak.url" 2>/dev/null || echo "http://127.0.0.1:$CLINIC_KEYCLOAK_PORT"
}

# The stack's Keycloak: started when not running, its data in the keycloak database (the realm is imported the
# first time). Returns at once; await_keycloak waits for it.
ensure_stack_keycloak() {
    pid_alive "$KEYCLOAK_DIR/keycloak.pid" && return
    port_open 127.0.0.1 "$CLINIC_KEYCLOAK_PORT" \
        && die "port $CLINIC_KEYCLOAK_PORT for Keycloak is taken by another process; set CLINIC_KEYCLOAK_PORT"
    ensure_keycloak_database keycloak
    start_keycloak "$KEYCLOAK_DIR" "$CLINIC_KEYCLOAK_PORT" keycloak
    say "started Keycloak on 127.0.0.1:$CLINIC_KEYCLOAK_PORT (log .clinic/keycloak/keycloak.log)"
}

# The demo patient's record (patient-123, the record the demo account "patient" is linked to), made once
# through the API as the demo admin; already there is fine.
seed_demo_records() {
    local token status
    token=$(keycloak_token "$KEYCLOAK_DIR" admin) || return 0
    [ -n "$token" ] || return 0
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$CLINIC_GATEWAY_PORT/patients" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d '{"id": "patient-123", "name": "Jane Doe", "email": "patient@clinic.example"}')
    case $status in
        201) say "made the demo patient record patient-123" ;;
        409) ;;
        *) warn "the demo patient record could not be made ($status)" ;;
    esac
}

cmd_token() {
    local user=${1:-} scopes=${2:-}
    case $user in
        admin|staff|doctor|patient) ;;
        *) die "usage: ./clinic token <admin|staff|doctor|patient> ['<SMART scopes>']" ;;
    esac
    pid_alive "$KEYCLOAK_DIR/keycloak.pid" || die "Keycloak is not running: ./clinic up first"
    local token
    token=$(keycloak_token "$KEYCLOAK_DIR" "$user" "$scopes")
    [ -n "$token" ] || die "Keycloak gave no token for $user; see .clinic/keycloak/keycloak.log"
    echo "$token"
}

cmd_up() {
    while [ $# -gt 0 ]; do
        case $1 in
            --replicas) CLINIC_REPLICAS=${2:?--replicas needs a number}; shift 2 ;;
            --replicas=*) CLINIC_REPLICAS=${1#*=}; shift ;;
            --nats-cluster) CLINIC_NATS_CLUSTER=${2:?--nats-cluster needs a number}; shift 2 ;;
            --tls) CLINIC_TLS=1; shift ;;
            *) die "unknown option for up: $1" ;;
        esac
    done
    case ${CLINIC_REPLICAS:-1} in ''|*[!0-9]*|0) die "--replicas takes a number from 1" ;; esac
    case ${CLINIC_NATS_CLUSTER:-1} in [1-9]) ;; *) die "--nats-cluster takes a number from 1 to 9" ;; esac
    if [ -n "${CLINIC_NATS_CLUSTER:-}" ] && { pid_alive "$CLINIC_STATE_DIR/nats/nats-server.pid" \
        || pid_alive "$CLINIC_STATE_DIR/nats-node1/nats-server.pid"; } \
        && [ "$(cat "$CLINIC_STATE_DIR/nats.cluster" 2>/dev/null || echo 1)" != "$CLINIC_NATS_CLUSTER" ]; then
        die "the stack's NATS runs with another number of nodes; ./clinic down first to change that"
    fi
    ensure_build_tools
    ensure_runtime_tools
    mkdir -p "$CLINIC_STATE_DIR" "$RUN_DIR" "$LOG_DIR"
    ensure_postgres
    ensure_service_databases
    write_nats_access
    [ -n "${CLINIC_TLS:-}" ] && prepare_tls
    ensure_stack_nats
    ensure_stack_keycloak
    local running
    running=$(replicas)
    if [ -n "${CLINIC_REPLICAS:-}" ] && [ "$CLINIC_REPLICAS" -lt "$running" ]; then
        # Fewer replicas than are running: stop the surplus ones.
        local svc k
        for svc in "${CLINIC_SERVICES[@]}"; do
            for ((k = CLINIC_REPLICAS + 1; k <= running; k++)); do
                stop_pidfile "$RUN_DIR/$(instance_name "$svc" "$k").pid" "$(instance_name "$svc" "$k")"
            done
        done
    fi
    echo "${CLINIC_REPLICAS:-$running}" > "$CLINIC_STATE_DIR/replicas"
    local svc k name port build=
    while read -r svc k name port; do
        pid_alive "$RUN_DIR/$name.pid" || build=1
    done < <(instances)
    if [ -n "$build" ]; then
        local appcds=-Dquarkus.package.jar.appcds.enabled=true
        aot_cache_runtime && appcds=
        say "building (mvn package -DskipTests${appcds:+, with a class data archive per service})"
        (cd "$CLINIC_ROOT" && mvn -B -ntp -q package -DskipTests $appcds) || die "the build failed"
        migrate_databases
        aot_cache_runtime && train_aot_caches
        while read -r svc k name port; do start_service "$svc" "$k"; done < <(instances)
    fi
    wait_ready
    local started=$SECONDS
    await_keycloak "$KEYCLOAK_DIR"
    keycloak_permissions "$KEYCLOAK_DIR"
    [ $((SECONDS - started)) -gt 1 ] && say "Keycloak ready $((SECONDS - started)) s after the services"
    start_gateway
    seed_demo_records
    local monitor
    monitor=$(nats_monitor_port)
    cat <<URLS

The clinic is up:
  API gateway        http://localhost:$CLINIC_GATEWAY_PORT/appointments${CLINIC_TLS:+   https://localhost:$CLINIC_GATEWAY_TLS_PORT (--cacert .clinic/tls/cert.pem)}
  NATS monitoring    http://localhost:$monitor
  API docs           http://localhost:$CLINIC_GATEWAY_PORT/docs     health: http://localhost:$CLINIC_GATEWAY_PORT/health
  identity           $(keycloak_url)/realms/clinic   a token: TOKEN=\$(./clinic token staff)
  services           $(instances | while read -r svc k name port; do printf '%s :%s  ' "$name" "$port"; done)
  logs               ./clinic logs <service>    stop: ./clinic down
URLS
}

cmd_down() {
    local svc
    pid_alive "$CLINIC_STATE_DIR/nginx/run/nginx.pid" && stop_pidfile "$CLINIC_STATE_DIR/nginx/run/nginx.pid" gateway
    local pidfile
    for pidfile in "$RUN_DIR"/*.pid; do
        [ -e "$pidfile" ] || continue
        svc=$(basename "$pidfile" .pid)
        stop_pidfile "$pidfile" "$svc"
    done
    if pid_alive "$KEYCLOAK_DIR/keycloak.pid"; then
        stop_keycloak "$KEYCLOAK_DIR"
        say "stopped Keycloak"
    fi
    if pid_alive "$CLINIC_STATE_DIR/nats/nats-server.pid"; then
        stop_nats "$CLINIC_STATE_DIR/nats"
        say "stopped NATS"
    fi
    local node
    for node in "$CLINIC_STATE_DIR"/nats-node*; do
        [ -d "$node" ] && pid_alive "$node/nats-server.pid" && stop_nats "$node" && say "stopped NATS $(basename "$node")"
    done
    [ -f "$CLINIC_STATE_DIR/nats.cluster" ] && rm -f "$CLINIC_STATE_DIR/nats.cluster" "$CLINIC_STATE_DIR/nats.url"
    local data
    data=$(cat "$CLINIC_STATE_DIR/postgres.data" 2>/dev/null) || true
    if [ -n "$data" ] && [ -s "$data/postmaster.pid" ]; then
        as_pg_owner "$(pg_bin_dir)/pg_ctl" -D "$data" -m fast stop >/dev/null && say "stopped PostgreSQL"
    fi
}

status_line() { # name state port pid
    printf '%-22s %-6s %-7s %s\n' "$1" "$2" "$3" "$4"
}

cmd_status() {
    local svc pid state
    status_line COMPONENT STATE PORT PID
    if pg_answering; then state=up; else state=down; fi
    pid=$(head -n 1 "$(cat "$CLINIC_STATE_DIR/postgres.data" 2>/dev/null)/postmaster.pid" 2>/dev/null || echo -)
    status_line postgresql "$state" "$CLINIC_DB_PORT" "${pid:--}"
    local url port
    url=$(cat "$CLINIC_STATE_DIR/nats.url" 2>/dev/null || echo "nats://127.0.0.1:$CLINIC_NATS_PORT")
    port=${url##*:}
    if port_open 127.0.0.1 "$port"; then state=up; else state=down; fi
    if [ "$(nats_nodes)" -gt 1 ]; then
        local node
        for ((node = 1; node <= $(nats_nodes); node++)); do
            port=$(sed -n 's/^listen: 127.0.0.1://p' "$CLINIC_STATE_DIR/nats-node$node/nats.conf" 2>/dev/null)
            if pid_alive "$CLINIC_STATE_DIR/nats-node$node/nats-server.pid"; then state=up; else state=down; fi
            status_line "nats-node$node" "$state" "${port:--}" \
                "$(cat "$CLINIC_STATE_DIR/nats-node$node/nats-server.pid" 2>/dev/null || echo -)"
        done
    else
        pid=$(cat "$CLINIC_STATE_DIR/nats/nats-server.pid" 2>/dev/null || echo -)
        status_line nats "$state" "$port" "$pid"
    fi
    local k name
    while read -r svc k name port; do
        if pid_alive "$RUN_DIR/$name.pid" && http_ok "http://127.0.0.1:$port/q/health/ready"; then state=up
        elif pid_alive "$RUN_DIR/$name.pid"; then state=start
        else state=down; fi
        status_line "$name" "$state" "$port" "$(cat "$RUN_DIR/$name.pid" 2>/dev/null || echo -)"
    done < <(instances)
    if pid_alive "$KEYCLOAK_DIR/keycloak.pid" && http_ok "$(keycloak_url)/realms/clinic"; then state=up
    elif pid_alive "$KEYCLOAK_DIR/keycloak.pid"; then state=start
    else state=down; fi
    status_line keycloak "$state" "$CLINIC_KEYCLOAK_PORT" "$(cat "$KEYCLOAK_DIR/keycloak.pid" 2>/dev/null || echo -)"
    if pid_alive "$CLINIC_STATE_DIR/nginx/run/nginx.pid"; then state=up; else state=down; fi
    status_line gateway "$state" "$CLINIC_GATEWAY_PORT" "$(cat "$CLINIC_STATE_DIR/nginx/run/nginx.pid" 2>/dev/null || echo -)"
}

cmd_logs() {
    local name=${1:-} file
    case $name in
        appointment*|doctor-availability*|patient-contact*|notifications*) file=$LOG_DIR/$name.log ;;
        nginx|gateway) file=$CLINIC_STATE_DIR/nginx/logs/access.log ;;
        nats) file=$CLINIC_STATE_DIR/nats/nats-server.log ;;
        keycloak) file=$KEYCLOAK_DIR/keycloak.log ;;
        *) die "usage: ./clinic logs <appointment|doctor-availability|patient-contact|notifications|nginx|nats|keycloak>" ;;
    esac
    [ -f "$file" ] || die "no log yet at $file"
    if [ -t 1 ]; then tail -n 100 -F "$file"; else tail -n 200 "$file"; fi
}

# ---- docker compose ----------------------------------------------------------------------------------------

# The secrets of docker compose, made once and never committed: the database roles' and Keycloak's passwords in
# .env (compose reads it), the NATS users' NKey seeds and their permissions (from the event catalogue) under
# .clinic/compose/nats. Existing values are kept; run again after the event catalogue changed.
cmd_compose_env() {
    ensure_build_tools
    local env_file=$CLINIC_ROOT/.env dir=$CLINIC_STATE_DIR/compose
    (umask 077 && mkdir -p "$dir/nats")
    chmod 700 "$CLINIC_STATE_DIR" "$dir"
    touch "$env_file" && chmod 600 "$env_file"
    local name svc names=(CLINIC_POSTGRES_PASSWORD CLINIC_KEYCLOAK_DB_PASSWORD KEYCLOAK_ADMIN_PASSWORD
        CLINIC_DEMO_PASSWORD CLINIC_REGISTRATION_SECRET)
    for svc in "${CLINIC_SERVICES[@]}"; do
        names+=("CLINIC_$(service_database "$svc" | tr a-z A-Z)_DB_PASSWORD"
            "CLINIC_$(service_database "$svc" | tr a-z A-Z)_DB_OWNER_PASSWORD")
    done
    for name in "${names[@]}"; do
        grep -q "^$name=" "$env_file" \
            || echo "$name=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)" >>"$env_file"
    done
    # Keys of compose's own (not those of ./clinic up): .clinic/compose/nats/<user>.nk and authorization.conf.
    NATS_KEYS_DIR=$dir/nats write_nats_access
    # The services run as user 1001 in their images: their seeds are readable there, the folder is not here.
    chmod 644 "$dir"/nats/*.nk "$dir/nats/authorization.conf"
    say "wrote $env_file and $dir/nats: docker compose up --build"
}
