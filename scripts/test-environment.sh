#!/usr/bin/env bash
# What the tests of a Maven run need, started by that run and stopped when it ends, so `mvn verify` works on its
# own: the parent POM runs this before each module's tests (phase process-test-classes), and reads the environment it
# writes into the tests' (surefire's environmentVariables).
#
#   scripts/test-environment.sh <module dir> <system tests: true|false> <maven.test.skip> <execution root dir>
#                               <module class path>
#
# The first call of a Maven run sets up the *_test databases with the roles the services have in production
# (scripts/database/*.sql), starts a nats-server of the run's own (random port, temporary store, the users and
# permissions of the event catalogue: clinic.eventbus.NatsAccess on the module's class path) and, when the run
# includes the system tests, a Keycloak of its own with a fresh clinic realm; a watchdog stops them and deletes
# their files when the Maven process exits, however it ends. Later calls of the same run reuse them; a second Maven
# run on the same checkout is refused while one is running (they would share the *_test databases). No system
# package is installed here: PostgreSQL (or its binaries, for one the project starts), nats-server and, for the
# system tests, nginx, Node and a JDK must be present (./clinic test and ./clinic up install them); the Node tools
# (npm) and Keycloak's distribution (Maven Central) are fetched into the project's caches when missing.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"
source "$CLINIC_ROOT/scripts/keycloak.sh"

# One directory per Maven run, named by its process id and start time (a pid alone can be reused after a reboot).
TEST_RUNS_DIR=$CLINIC_STATE_DIR/test-runs

# The start time of a process, in clock ticks since boot: field 22 of /proc/<pid>/stat (after the command name).
process_started() { # pid
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    cut -d' ' -f20 <<<"$stat"
}

run_id() { # pid
    local started
    started=$(process_started "$1") || return 1
    echo "$1-$started"
}

# Whether the Maven process of a run is still the one running.
run_alive() { # run id
    [ "$(run_id "${1%%-*}" 2>/dev/null)" = "$1" ]
}

# The arguments of the Maven process (its command line, as Linux keeps it).
maven_arguments() { # pid
    local -a words
    mapfile -d '' words <"/proc/$1/cmdline" 2>/dev/null || return 0
    printf '%s\n' "${words[@]}"
}

# One line name=value of the tests' environment, in properties syntax (values hold no newline).
put() { printf '%s=%s\n' "$1" "${2//\\/\\\\}" >>"$ENVIRONMENT"; }

# Stops what a run started and deletes its files.
stop_run() { # run dir
    local conf
    for conf in "$1"/nats/nats.conf "$1"/nats/node*/nats.conf; do
        [ -f "$conf" ] && stop_nats "$(dirname "$conf")"
    done
    [ -d "$1/keycloak" ] && stop_keycloak "$1/keycloak"
    rm -rf "$1"
}

# Until the first call of a run has started its environment or given up (at most 10 minutes).
await_start() { # run dir
    local i
    for ((i = 0; i < 600; i++)); do
        [ -f "$1/started" ] || [ -f "$1/failed" ] && return 0
        sleep 1
    done
}

# Until the Maven process ends, then everything its run started goes with it: once the start is over (a Maven
# killed while this script still starts things would leave them behind), and only this run's directory.
watch() { # run id
    local dir=$TEST_RUNS_DIR/$1
    while run_alive "$1"; do sleep 1; done
    await_start "$dir"
    stop_run "$dir"
    # The copies of this run's environment in the modules' targets (not those a later run wrote meanwhile).
    local copy
    for copy in "$CLINIC_ROOT"/*/target/test-environment.properties; do
        [ "$(head -n 1 "$copy" 2>/dev/null)" = "# run $1" ] && rm -f "$copy"
    done
    return 0
}

# Refuses while another Maven run has its environment up; stops what runs that ended left behind.
take_over() { # this run's id
    local other id
    for other in "$TEST_RUNS_DIR"/*; do
        id=${other##*/}
        [ -d "$other" ] && [ "$id" != "$1" ] || continue
        if run_alive "$id"; then
            rm -rf "$TEST_RUN_DIR"
            die "Maven process ${id%%-*} is running tests on this checkout ($other); wait for it to end"
        fi
        stop_run "$other"
    done
}

start_run() { # run id, module class path
    local id=$1 classpath=$2
    take_over "$id"
    setsid nohup "$0" --watch "$id" >"$TEST_RUN_DIR/watchdog.log" 2>&1 </dev/null &
    (umask 077 && echo "# run $id" >"$ENVIRONMENT")

    ensure_postgres
    local svc
    for svc in "${CLINIC_SERVICES[@]}"; do
        drop_database_unless_owned_by "$(service_database "$svc")_test" "$(owner_role "$svc")"
    done
    ensure_service_databases _test
    ensure_operator_database eventbus_test
    put CLINIC_DB_HOST "$CLINIC_DB_HOST"
    put CLINIC_DB_PORT "$CLINIC_DB_PORT"
    put CLINIC_DB_USER "$CLINIC_DB_USER"
    put CLINIC_DB_PASSWORD "$(db_password "$CLINIC_DB_USER")"
    # Every service's runtime and owner credentials: each @QuarkusTest migrates as its service's owner.
    local name value
    for svc in "${CLINIC_SERVICES[@]}"; do
        while IFS='=' read -r name value; do
            put "$name" "$value"
        done < <(service_db_environment "$svc" owner)
    done
    put CLINIC_KEYCLOAK_DB_USER "$KEYCLOAK_DB_ROLE"
    put CLINIC_KEYCLOAK_DB_PASSWORD "$(db_password "$KEYCLOAK_DB_ROLE")"
    put CLINIC_TEST_PG_RESTART "$(pg_restart_command)"

    # The run's NATS has the users and permissions the stack's has, with keys of its own; the tests connect as
    # the services' users and, for their own checks, as the operator.
    NATS_KEYS_DIR=$TEST_RUN_DIR/nats-keys
    if [ -n "$classpath" ] && holds_nats_access "$classpath"; then
        EVENTBUS_CLASSPATH=$classpath
    fi
    write_nats_access
    NATS_TEST_DIR=$TEST_RUN_DIR/nats
    start_test_nats
    put NATS_URL "$NATS_URL"
    put CLINIC_TEST_NATS_CONF "$CLINIC_TEST_NATS_CONF"
    put CLINIC_EVENTBUS_NATS_NKEY_DIR "$NATS_KEYS_DIR"
    put CLINIC_EVENTBUS_STREAMS_REPLICAS "${CLINIC_EVENTBUS_STREAMS_REPLICAS:-1}"
}

# Whether the class path holds the event catalogue's NATS permissions (a module that depends on eventbus).
holds_nats_access() { # class path
    local entry
    IFS=: read -ra entries <<<"$1"
    for entry in "${entries[@]}"; do
        [ -f "$entry/clinic/eventbus/NatsAccess.class" ] && return 0
        [[ "$entry" == */eventbus-*.jar ]] && [ -f "$entry" ] && return 0
    done
    return 1
}

# The system tests log in at a Keycloak of the run's own (fresh realm, random port) that the services trust. It
# starts as early as the run shows it will need it, and the system tests wait for its ready file. They check the
# documents and pages the system serves with Node tools (installed here when npm is present) and Chromium.
prepare_system_tests() {
    [ -f "$TEST_RUN_DIR/keycloak/keycloak.url" ] && return 0
    command -v npm >/dev/null && ensure_node_tools
    put CLINIC_REDOCLY "$CLINIC_STATE_DIR/tools/node_modules/.bin/redocly"
    put CLINIC_NODE_MODULES "$CLINIC_STATE_DIR/tools/node_modules"
    put CLINIC_CHROMIUM "$(command -v chromium || echo chromium)"
    local dir=$TEST_RUN_DIR/keycloak
    mkdir -p "$dir"
    pg_admin -c 'drop database if exists keycloak_test with (force)' </dev/null
    ensure_keycloak_database keycloak_test
    start_keycloak "$dir" "$(free_port)" keycloak_test
    # Ready for the tests once the registration client's permissions are set.
    (await_keycloak "$dir" 600 && keycloak_permissions "$dir" && touch "$dir/permissions-set") \
        >"$dir/permissions.log" 2>&1 </dev/null &
    put CLINIC_TEST_KEYCLOAK_READY_FILE "$dir/permissions-set"
    put CLINIC_TEST_KEYCLOAK_URL "$(cat "$dir/keycloak.url")"
    put CLINIC_TEST_KEYCLOAK_LOG "$dir/keycloak.log"
    put CLINIC_TEST_KEYCLOAK_ADMIN_PASSWORD "$(keycloak_secret "$dir" keycloak-admin-password)"
    put CLINIC_TEST_KEYCLOAK_DEMO_PASSWORD "$(keycloak_secret "$dir" demo-password)"
    put CLINIC_TEST_KEYCLOAK_REGISTRATION_SECRET "$(keycloak_secret "$dir" registration-secret)"
    say "test Keycloak on $(cat "$dir/keycloak.url") (log $dir/keycloak.log)"
}

main() {
    if [ "${1:-}" = --watch ]; then
        watch "$2"
        return
    fi
    local module=${1:?module directory} system_tests=${2:-false} skip=${3:-false} root=${4:-} classpath=${5:-}
    # A module without tests to run (the parent, -Dmaven.test.skip) needs nothing.
    [ "$skip" != true ] && [ -d "$module/target/test-classes" ] || return 0
    # The Maven process (exec-maven-plugin starts this script itself) and the JVM it runs on, which runs
    # NatsAccess too.
    local maven=$PPID id
    [ -n "${JAVA_HOME:-}" ] || JAVA_HOME=$(dirname "$(dirname "$(readlink -f "/proc/$maven/exe")")")
    export JAVA_HOME
    id=$(run_id "$maven") || die "cannot read the Maven process $maven"
    TEST_RUN_DIR=$TEST_RUNS_DIR/$id
    ENVIRONMENT=$TEST_RUN_DIR/environment.properties
    (umask 077 && mkdir -p "$TEST_RUNS_DIR")
    if (umask 077 && mkdir "$TEST_RUN_DIR" 2>/dev/null); then
        # This call starts the run's environment; the modules' calls after it (or beside it, mvn -T) wait for it.
        trap '[ -f "$TEST_RUN_DIR/started" ] || [ ! -d "$TEST_RUN_DIR" ] || touch "$TEST_RUN_DIR/failed"' EXIT
        start_run "$id" "$classpath"
        local -a arguments
        mapfile -t arguments < <(maven_arguments "$maven")
        # All modules: Maven started in the project's root without -pl, or with a -pl that names the system tests.
        [ "$root" = "$CLINIC_ROOT" ] && runs_system_tests "${arguments[@]}" && prepare_system_tests
        touch "$TEST_RUN_DIR/started"
    fi
    await_start "$TEST_RUN_DIR"
    [ -f "$TEST_RUN_DIR/started" ] || die "the test environment of this Maven run did not start (see above)"
    [ "$system_tests" = true ] && prepare_system_tests
    # Each module reads the environment from its own target (it holds passwords: for the owner's eyes only, and
    # deleted with the run).
    rm -f "$module/target/test-environment.properties"
    (umask 077 && cp "$ENVIRONMENT" "$module/target/test-environment.properties")
}

main "$@"
