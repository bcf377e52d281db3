# Shared shell helpers of ./clinic: installing prerequisites, PostgreSQL, NATS.
# Sourced, not run. Every setting can be overridden by environment variable.

CLINIC_ROOT=${CLINIC_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
CLINIC_STATE_DIR=${CLINIC_STATE_DIR:-$CLINIC_ROOT/.clinic}
CLINIC_DB_HOST=${CLINIC_DB_HOST:-127.0.0.1}
CLINIC_DB_PORT=${CLINIC_DB_PORT:-5432}
# The operator's role: what ./clinic itself, the benchmark and the tests' own checks use. It may act as the owner of
# each service database, never as Keycloak's; the services never hold it (see ensure_service_database).
CLINIC_DB_USER=${CLINIC_DB_USER:-clinic}
CLINIC_SERVICES=(appointment doctor-availability patient-contact notifications)
# Secrets made on the first start and kept here, never in the repository: database passwords, NATS keys.
CLINIC_SECRETS_DIR=${CLINIC_SECRETS_DIR:-$CLINIC_STATE_DIR/secrets}
export CLINIC_DB_HOST CLINIC_DB_PORT CLINIC_DB_USER

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

# The checkers the tests run on the documents and pages the system serves: Node tools from npm into .clinic/tools
# (Redocly CLI's lint of the OpenAPI and AsyncAPI documents; a TypeScript client generated from the merged
# document and compiled strictly; Portman's contract tests run by newman), pinned, and a headless Chromium for
# screenshots of pages.
# (Portman 1.33.0 needs tslib when it runs but declares it for its own build only.)
NODE_TOOLS=(@redocly/cli@2.77.0 openapi-typescript@7.13.0 openapi-fetch@0.17.0 typescript@5.9.3 @types/node@20.19.43
    @apideck/portman@1.33.0 tslib@2.8.1 newman@6.2.2)
ensure_checkers() {
    local missing=()
    command -v npm >/dev/null || missing+=(nodejs npm)
    command -v chromium >/dev/null || missing+=(chromium)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
    ensure_node_tools
}

# The Node tools (no root needed), installed again when the pinned list changes.
ensure_node_tools() {
    local tools="$CLINIC_STATE_DIR/tools"
    if [ "$(cat "$tools/installed" 2>/dev/null)" != "${NODE_TOOLS[*]}" ]; then
        say "installing ${NODE_TOOLS[*]} (npm) in $tools"
        mkdir -p "$tools"
        npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "${NODE_TOOLS[@]}" >/dev/null \
            || die "npm install ${NODE_TOOLS[*]} failed"
        echo "${NODE_TOOLS[*]}" >"$tools/installed"
    fi
}

# Whether Maven arguments select the system tests: all modules, or a project list (-pl, --projects) that names
# them or only leaves others out.
runs_system_tests() { # maven arguments
    local previous="" list="" arg entry included=false only_exclusions=true
    for arg in "$@"; do
        case $previous in -pl | --projects) list=$arg ;; esac
        case $arg in --projects=*) list=${arg#--projects=} ;; -pl?*) list=${arg#-pl} ;; esac
        previous=$arg
    done
    [ -n "$list" ] || return 0
    IFS=, read -ra entries <<<"$list"
    for entry in "${entries[@]}"; do
        case $entry in
            '!'*system-tests* | -*system-tests*) return 1 ;;
            '!'* | -*) ;;
            *system-tests*) included=true; only_exclusions=false ;;
            *) only_exclusions=false ;;
        esac
    done
    [ "$included" = true ] || [ "$only_exclusions" = true ]
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

# psql as a superuser in the database PG_ADMIN_DB (postgres): TCP with the postgres role (trust auth, as on many dev
# machines), else the server's local socket as the postgres OS user (peer auth, as on a fresh install), else the
# project's own.
pg_admin() {
    if psql -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1 \
        </dev/null; then
        psql -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U postgres -d "${PG_ADMIN_DB:-postgres}" -v ON_ERROR_STOP=1 \
            -qtA "$@"
        return
    fi
    local socket
    for socket in /var/run/postgresql "$(cat "$CLINIC_STATE_DIR/postgres.data" 2>/dev/null)/sockets"; do
        if [ -S "$socket/.s.PGSQL.$CLINIC_DB_PORT" ]; then
            as_pg_owner psql -h "$socket" -p "$CLINIC_DB_PORT" -U postgres -d "${PG_ADMIN_DB:-postgres}" \
                -v ON_ERROR_STOP=1 -qtA "$@"
            return
        fi
    done
    die "cannot reach PostgreSQL on $CLINIC_DB_HOST:$CLINIC_DB_PORT as a superuser to create the clinic's roles"
}

# A secret made once under $CLINIC_SECRETS_DIR/<kind>/<name> (mode 600): letters and digits only, 24 of them.
secret() { # kind name
    local dir=$CLINIC_SECRETS_DIR/$1
    if [ ! -s "$dir/$2" ]; then
        (umask 077 && mkdir -p "$dir" && chmod 700 "$CLINIC_SECRETS_DIR" "$dir" \
            && head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 >"$dir/$2")
    fi
    cat "$dir/$2"
}

# The password of a database role: CLINIC_DB_PASSWORD for the operator when it is set, else made on first use.
db_password() { # role
    if [ "$1" = "$CLINIC_DB_USER" ] && [ -n "${CLINIC_DB_PASSWORD:-}" ]; then
        echo "$CLINIC_DB_PASSWORD"
    else
        secret db "$1"
    fi
}

# The database of a service (its tests' adds _test), and its two roles: the runtime role the service connects
# with, and the owner that migrates.
service_database() { echo "${1//-/_}"; }
runtime_role() { echo "clinic_$(service_database "$1")"; }
owner_role() { echo "clinic_$(service_database "$1")_owner"; }
KEYCLOAK_DB_ROLE=clinic_keycloak

# The SQL of the database roles, shared with compose's first start (docker/postgres/init.sh).
DATABASE_SQL=$CLINIC_ROOT/scripts/database

# A login role with its password (set again on every start, so a lost secret is replaced by a new one).
ensure_role() { # role
    pg_admin -v role="$1" -v password="$(db_password "$1")" -f "$DATABASE_SQL/login-role.sql" </dev/null
}

ensure_operator_role() {
    ensure_role "$CLINIC_DB_USER"
    # Ends the connections of any role (the tests' database outages); not a superuser's.
    pg_admin -c "grant pg_signal_backend to \"$CLINIC_DB_USER\"" </dev/null 2>/dev/null
    export CLINIC_DB_PASSWORD
    CLINIC_DB_PASSWORD=$(db_password "$CLINIC_DB_USER")
}

# A database owned by owner and open to the given roles only.
ensure_owned_database() { # database owner [role...]
    local db=$1 owner=$2 role
    shift 2
    pg_admin -v database="$db" -v owner="$owner" -f "$DATABASE_SQL/owned-database.sql" </dev/null
    for role in "$@"; do
        pg_admin -v database="$db" -v role="$role" -f "$DATABASE_SQL/grant-connect.sql" </dev/null
    done
}

# A service's database: owned by the service's owner role (migrations), reachable by its runtime role, which may
# read and write the rows of its tables and nothing more (scripts/database/service-database.sql).
ensure_service_database() { # service database
    local owner runtime
    owner=$(owner_role "$1")
    runtime=$(runtime_role "$1")
    ensure_role "$owner"
    ensure_role "$runtime"
    ensure_owned_database "$2" "$owner" "$runtime"
    reown_database "$2" "$owner"
    local out
    out=$(PG_ADMIN_DB=$2 pg_admin -v owner="$owner" -v runtime="$runtime" -v operator="$CLINIC_DB_USER" \
        -f "$DATABASE_SQL/service-database.sql" 2>&1 </dev/null) || die "could not set up the roles of database $2: $out"
}

# What an older set-up left owned by the operator's role in a database passes to its owner.
reown_database() { # database owner
    local out
    out=$(PG_ADMIN_DB=$1 pg_admin -v owner="$2" -v operator="$CLINIC_DB_USER" -f "$DATABASE_SQL/reown.sql" 2>&1 \
        </dev/null) || die "could not pass the objects of database $1 to $2: $out"
}

drop_database_unless_owned_by() { # database owner
    local current
    current=$(pg_admin -c "select pg_get_userbyid(datdba) from pg_database where datname = '$1'" </dev/null)
    if [ -n "$current" ] && [ "$current" != "$2" ]; then
        say "dropping database $1 (owned by $current, made anew for $2)"
        pg_admin -c "drop database \"$1\" with (force)" </dev/null
    fi
}

# The databases of the services (the stack's, or the tests' with a suffix).
ensure_service_databases() { # [suffix]
    local svc
    ensure_operator_role
    for svc in "${CLINIC_SERVICES[@]}"; do
        ensure_service_database "$svc" "$(service_database "$svc")${1:-}"
    done
}

# Keycloak's database, owned by a role of its own that no service and not the operator holds: it keeps the realm's
# signing keys.
ensure_keycloak_database() { # database
    ensure_role "$KEYCLOAK_DB_ROLE"
    ensure_owned_database "$1" "$KEYCLOAK_DB_ROLE"
    reown_database "$1" "$KEYCLOAK_DB_ROLE"
}

# A database of the operator's own (the eventbus tests' application, the benchmark's ceiling).
ensure_operator_database() { # database
    ensure_operator_role
    ensure_owned_database "$1" "$CLINIC_DB_USER"
}

# The environment a service needs to connect as its runtime role: CLINIC_<SERVICE>_DB_USER and ..._PASSWORD; with
# "owner", its owner's as well (..._OWNER, ..._OWNER_PASSWORD), which migrates the database.
service_db_environment() { # service [owner]
    local prefix
    prefix=CLINIC_$(service_database "$1" | tr a-z A-Z)_DB
    echo "${prefix}_USER=$(runtime_role "$1")"
    echo "${prefix}_PASSWORD=$(db_password "$(runtime_role "$1")")"
    if [ "${2:-}" = owner ]; then
        echo "${prefix}_OWNER=$(owner_role "$1")"
        echo "${prefix}_OWNER_PASSWORD=$(db_password "$(owner_role "$1")")"
    fi
}

# ---- NATS ------------------------------------------------------------------------------------------------

# The NKey seeds of NATS' users (a user per service, and the operator of ./clinic's tools and the tests' checks).
NATS_KEYS_DIR=$CLINIC_SECRETS_DIR/nats

# eventbus' classes and its runtime class path in EVENTBUS_CLASSPATH, (re)built when missing or older than
# eventbus' sources: what the NATS permissions (NatsAccess) run from; the build also
# writes the event catalogue's document and page (target/event-docs.js).
eventbus_classpath() {
    local target=$CLINIC_ROOT/eventbus/target
    local classes=$target/classes cpfile=$target/tools.classpath
    if [ ! -s "$cpfile" ] || [ ! -f "$classes/clinic/eventbus/NatsAccess.class" ] \
        || [ ! -f "$target/event-docs.js" ] \
        || [ -n "$(find "$CLINIC_ROOT/eventbus/src/main" "$CLINIC_ROOT/eventbus/pom.xml" "$CLINIC_ROOT/pom.xml" \
            -newer "$cpfile" -print -quit)" ]; then
        say "building eventbus for ./clinic's tools (mvn -pl eventbus compile)" >&2
        (cd "$CLINIC_ROOT" && mvn -B -ntp -q -pl eventbus compile \
            org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
            -Dmdep.includeScope=runtime -Dmdep.outputFile="$cpfile") >&2 || die "building eventbus failed"
        touch "$cpfile" # the plugin leaves an unchanged file alone: its date is that of this build
    fi
    EVENTBUS_CLASSPATH=$classes:$(cat "$cpfile")
}

# Who may do what on NATS (clinic.eventbus.NatsAccess, from the event catalogue): makes the seeds that are missing
# and writes nats-server's authorization block to NATS_AUTH_CONF, which every server configuration includes.
write_nats_access() {
    [ -n "${EVENTBUS_CLASSPATH:-}" ] || eventbus_classpath
    (umask 077 && mkdir -p "$NATS_KEYS_DIR")
    chmod 700 "$CLINIC_SECRETS_DIR"
    NATS_AUTH_CONF=$NATS_KEYS_DIR/authorization.conf
    "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
        -cp "$EVENTBUS_CLASSPATH" clinic.eventbus.NatsAccess \
        "$NATS_KEYS_DIR" "$NATS_AUTH_CONF" || die "could not write the NATS permissions"
}

# Writes a nats-server configuration: JetStream with its store, a pid file, the monitoring port (loopback, read
# only), users and their permissions (write_nats_access; no anonymous access); with a cluster port and the routes
# of every node, a node of a cluster on loopback.
write_nats_conf() { # dir port monitor_port [cluster_port routes]
    mkdir -p "$1/store"
    cp "${NATS_AUTH_CONF:?write_nats_access first}" "$1/authorization.conf"
    cat > "$1/nats.conf" <<CONF
listen: 127.0.0.1:$2
http: 127.0.0.1:$3
jetstream {
    store_dir: "$1/store"
}
pid_file: "$1/nats-server.pid"
include authorization.conf
CONF
    # TLS for the clients (./clinic up --tls): NATS_TLS_CERT and NATS_TLS_KEY, PEM files.
    if [ -n "${NATS_TLS_CERT:-}" ]; then
        cat >> "$1/nats.conf" <<CONF
tls {
    cert_file: "$NATS_TLS_CERT"
    key_file: "$NATS_TLS_KEY"
}
CONF
    fi
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

# The command that restarts the PostgreSQL on CLINIC_DB_HOST:CLINIC_DB_PORT, where ./clinic can: the project's
# own (pg_ctl), or a Debian cluster on this machine (pg_ctlcluster, as root); nothing otherwise. For the chaos
# suite's restart of the database server.
pg_restart_command() {
    local data cluster
    data=$(cat "$CLINIC_STATE_DIR/postgres.data" 2>/dev/null) || true
    if [ -n "$data" ] && [ -s "$data/postmaster.pid" ]; then
        if [ "$(id -u)" -eq 0 ]; then
            echo "runuser -u postgres -- $(pg_bin_dir)/pg_ctl -D $data -m fast -w restart"
        else
            echo "$(pg_bin_dir)/pg_ctl -D $data -m fast -w restart"
        fi
        return
    fi
    if [ "$(id -u)" -eq 0 ] && command -v pg_lsclusters >/dev/null \
        && { [ "$CLINIC_DB_HOST" = 127.0.0.1 ] || [ "$CLINIC_DB_HOST" = localhost ]; }; then
        cluster=$(pg_lsclusters -h 2>/dev/null | awk -v port="$CLINIC_DB_PORT" '$3 == port && $4 == "online" {print $1, $2}')
        [ -n "$cluster" ] && echo "pg_ctlcluster --skip-systemctl-redirect $cluster restart -m fast"
    fi
    return 0
}
