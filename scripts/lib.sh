# Shared shell helpers of ./clinic: installing prerequisites, PostgreSQL, NATS.
# Sourced, not run. Every setting can be overridden by environment variable.

CLINIC_ROOT=${CLINIC_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
CLINIC_STATE_DIR=${CLINIC_STATE_DIR:-$CLINIC_ROOT/.clinic}
CLINIC_DB_HOST=${CLINIC_DB_HOST:-127.0.0.1}
CLINIC_DB_PORT=${CLINIC_DB_PORT:-5432}
CLINIC_DB_USER=${CLINIC_DB_USER:-clinic}
CLINIC_DB_PASSWORD=${CLINIC_DB_PASSWORD:-clinic}
CLINIC_SERVICES=(appointment doctor-availability patient-contact notifications)
export CLINIC_DB_HOST CLINIC_DB_PORT CLINIC_DB_USER CLINIC_DB_PASSWORD

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root for: $* (install sudo or run as root)"; fi
}

APT_UPDATED=
apt_install() {
    command -v apt-get >/dev/null || die "missing $*; install it (no apt-get on this machine)"
    if [ -z "$APT_UPDATED" ]; then
        say "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
        APT_UPDATED=1
    fi
    say "installing $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
        || die "apt-get install $* failed"
}

# The newest PostgreSQL server binaries installed (initdb, pg_ctl, postgres), if any.
pg_bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# JDK 17 for building and testing (Quarkus 3.29 is built and tested on 17).
java17_home() {
    local dir
    for dir in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/temurin-17-* /usr/lib/jvm/java-17-*; do
        [ -x "$dir/bin/javac" ] && { echo "$dir"; return; }
    done
}

ensure_build_tools() {
    local missing=()
    [ -n "$(java17_home)" ] || missing+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null || missing+=(maven)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
    JAVA_HOME=$(java17_home)
    [ -n "$JAVA_HOME" ] || die "no JDK 17 found under /usr/lib/jvm"
    export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
}

ensure_runtime_tools() {
    local missing=()
    command -v psql >/dev/null || missing+=(postgresql-client)
    [ -n "$(pg_bin_dir)" ] || missing+=(postgresql)
    command -v nats-server >/dev/null || missing+=(nats-server)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
    [ -f /usr/lib/nginx/modules/ngx_http_js_module.so ] || [ -f /usr/share/nginx/modules/ngx_http_js_module.so ] \
        || missing+=(libnginx-mod-http-js)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
    export PATH="$PATH:/usr/sbin"
}

# The checkers the tests run on the documents and pages the system serves: Redocly CLI (OpenAPI and AsyncAPI
# lint, pinned) from npm into .clinic/tools, and a headless Chromium for screenshots of pages.
REDOCLY_VERSION=${REDOCLY_VERSION:-2.77.0}
ensure_checkers() {
    local missing=()
    command -v npm >/dev/null || missing+=(nodejs npm)
    command -v chromium >/dev/null || missing+=(chromium)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
    local tools="$CLINIC_STATE_DIR/tools"
    if [ "$("$tools/node_modules/.bin/redocly" --version 2>/dev/null)" != "$REDOCLY_VERSION" ]; then
        say "installing @redocly/cli@$REDOCLY_VERSION (npm) in $tools"
        mkdir -p "$tools"
        npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "@redocly/cli@$REDOCLY_VERSION" >/dev/null \
            || die "npm install @redocly/cli@$REDOCLY_VERSION failed"
    fi
    export CLINIC_REDOCLY="$tools/node_modules/.bin/redocly" CLINIC_CHROMIUM
    CLINIC_CHROMIUM=$(command -v chromium)
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# A free port below Linux's ephemeral range (32768+), where outgoing connections do not take it meanwhile.
free_port() {
    local port
    while :; do
        port=$(( RANDOM % 12000 + 20000 ))
        port_open 127.0.0.1 "$port" || { echo "$port"; return; }
    done
}


# ---- PostgreSQL ------------------------------------------------------------------------------------------

pg_answering() {
    if command -v pg_isready >/dev/null; then
        pg_isready -q -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -t 2
    else
        port_open "$CLINIC_DB_HOST" "$CLINIC_DB_PORT"
    fi
}

# Where the project's own PostgreSQL keeps its data. The postgres user must be able to reach it.
pg_data_dir() {
    local dir=$CLINIC_STATE_DIR/postgres
    if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$CLINIC_STATE_DIR" 2>/dev/null; then
        dir=/var/lib/clinic/$(printf '%s' "$CLINIC_ROOT" | md5sum | cut -c1-12)/postgres
    fi
    echo "$dir"
}

# Runs a command as the account that owns the project's own PostgreSQL.
as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts the project's own PostgreSQL when nothing answers on the configured address: a cluster in the
# state directory, run as the postgres user, password (scram) auth over TCP, peer auth on its socket.
ensure_postgres() {
    if pg_answering; then
        return
    fi
    [ "$CLINIC_DB_HOST" = 127.0.0.1 ] || [ "$CLINIC_DB_HOST" = localhost ] \
        || die "no PostgreSQL answers on $CLINIC_DB_HOST:$CLINIC_DB_PORT"
    local bin data
    bin=$(pg_bin_dir)
    data=$(pg_data_dir)
    say "starting the project's PostgreSQL on port $CLINIC_DB_PORT (data in $data)"
    if [ ! -s "$data/PG_VERSION" ]; then
        if [ "$(id -u)" -eq 0 ]; then
            mkdir -p "$data" && chown -R postgres:postgres "$(dirname "$data")" && chmod 700 "$data"
        else
            mkdir -p "$data" && chmod 700 "$data"
        fi
        as_pg_owner "$bin/initdb" -D "$data" --auth-local=peer --auth-host=scram-sha-256 -E UTF8 \
            --locale=C.UTF-8 >/dev/null || die "initdb failed"
    fi
    local sockets=$data/sockets
    as_pg_owner mkdir -p "$sockets"
    as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-p $CLINIC_DB_PORT -k $sockets -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
        || die "PostgreSQL did not start; see $data/server.log"
    echo "$data" > "$CLINIC_STATE_DIR/postgres.data"
}

# psql as a superuser: TCP with the postgres role (trust auth, as on many dev machines), else the
# server's local socket as the postgres OS user (peer auth, as on a fresh install), else the project's own.
pg_admin() {
    if psql -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1 \
        </dev/null; then
        psql -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
        return
    fi
    local socket
    for socket in /var/run/postgresql "$(cat "$CLINIC_STATE_DIR/postgres.data" 2>/dev/null)/sockets"; do
        if [ -S "$socket/.s.PGSQL.$CLINIC_DB_PORT" ]; then
            as_pg_owner psql -h "$socket" -p "$CLINIC_DB_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
            return
        fi
    done
    die "cannot reach PostgreSQL on $CLINIC_DB_HOST:$CLINIC_DB_PORT as a superuser to create the clinic role"
}

# The services' role (with a password: a fresh PostgreSQL has no trust auth) and their databases.
ensure_databases() { # names...
    local exists
    exists=$(pg_admin -c "select 1 from pg_roles where rolname = '$CLINIC_DB_USER'" </dev/null)
    if [ "$exists" != 1 ]; then
        say "creating role $CLINIC_DB_USER"
        pg_admin -c "create role \"$CLINIC_DB_USER\" login password '$CLINIC_DB_PASSWORD'" </dev/null
    fi
    local db
    for db in "$@"; do
        exists=$(pg_admin -c "select 1 from pg_database where datname = '$db'" </dev/null)
        if [ "$exists" != 1 ]; then
            say "creating database $db"
            pg_admin -c "create database \"$db\" owner \"$CLINIC_DB_USER\"" </dev/null
        fi
    done
}

# ---- NATS ------------------------------------------------------------------------------------------------

# Writes a nats-server configuration: JetStream with its store, a pid file and the monitoring port; with a
# cluster port and the routes of every node, a node of a cluster on loopback.
write_nats_conf() { # dir port monitor_port [cluster_port routes]
    mkdir -p "$1/store"
    cat > "$1/nats.conf" <<CONF
listen: 127.0.0.1:$2
http: 127.0.0.1:$3
jetstream {
    store_dir: "$1/store"
}
pid_file: "$1/nats-server.pid"
CONF
    if [ -n "${4:-}" ]; then
        cat >> "$1/nats.conf" <<CONF
server_name: clinic-$4
cluster {
    name: clinic
    listen: 127.0.0.1:$4
    routes: [$5]
}
CONF
    fi
}

# Starts a NATS server of a test run's own in $NATS_TEST_DIR, or a cluster of CLINIC_NATS_CLUSTER nodes on
# loopback (node1 ... nodeN; node1 is the one a test may stop or kill); sets NATS_URL and CLINIC_TEST_NATS_CONF.
start_test_nats() {
    local nodes=${CLINIC_NATS_CLUSTER:-1} attempt i routes urls dir
    local -a ports monitors clusters
    for attempt in 1 2 3; do
        # A free port can be taken between choosing and binding it: choose again then.
        routes="" urls=""
        for ((i = 1; i <= nodes; i++)); do
            ports[i]=$(free_port); monitors[i]=$(free_port); clusters[i]=$(free_port)
            routes="$routes${routes:+, }nats-route://127.0.0.1:${clusters[i]}"
            urls="$urls${urls:+,}nats://127.0.0.1:${ports[i]}"
        done
        local started=1
        for ((i = 1; i <= nodes; i++)); do
            dir=$NATS_TEST_DIR; [ "$nodes" -gt 1 ] && dir=$NATS_TEST_DIR/node$i
            if [ "$nodes" -gt 1 ]; then
                write_nats_conf "$dir" "${ports[i]}" "${monitors[i]}" "${clusters[i]}" "$routes"
            else
                write_nats_conf "$dir" "${ports[i]}" "${monitors[i]}"
            fi
            start_nats "$dir" "${ports[i]}" || { started=0; break; }
        done
        [ "$started" = 1 ] && break
        stop_test_nats
        [ "$attempt" = 3 ] && die "nats-server did not start; see $NATS_TEST_DIR"
    done
    export NATS_URL=$urls
    if [ "$nodes" -gt 1 ]; then
        export CLINIC_TEST_NATS_CONF=$NATS_TEST_DIR/node1/nats.conf CLINIC_EVENTBUS_STREAMS_REPLICAS=$nodes
        say "test NATS: a cluster of $nodes on $NATS_URL (streams with $nodes replicas)"
    else
        export CLINIC_TEST_NATS_CONF=$NATS_TEST_DIR/nats.conf
        say "test NATS on ${NATS_URL#nats://} (store $NATS_TEST_DIR/store)"
    fi
}

stop_test_nats() {
    local conf
    for conf in "$NATS_TEST_DIR"/nats.conf "$NATS_TEST_DIR"/node*/nats.conf; do
        [ -f "$conf" ] && stop_nats "$(dirname "$conf")"
    done
    return 0
}

start_nats() { # dir port; fails (without exiting) when the server does not come up, e.g. a port was taken
    nats-server -c "$1/nats.conf" >>"$1/nats-server.log" 2>&1 &
    local pid=$! i
    for ((i = 0; i < 200; i++)); do
        port_open 127.0.0.1 "$2" && return 0
        kill -0 "$pid" 2>/dev/null || { tail -n 3 "$1/nats-server.log" >&2; return 1; }
        sleep 0.1
    done
    kill "$pid" 2>/dev/null
    return 1
}

stop_nats() { # dir
    local pid
    pid=$(cat "$1/nats-server.pid" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}
