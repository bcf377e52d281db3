# Keycloak, the clinic's OpenID Connect provider: its server distribution from Maven Central, the realm in
# keycloak/clinic-realm.json, its data in PostgreSQL. Sourced after lib.sh.

KEYCLOAK_VERSION=${KEYCLOAK_VERSION:-26.4.7}
# The unpacked distribution, kept between runs and clones (each instance runs from a copy of its own).
KEYCLOAK_CACHE=${KEYCLOAK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clinic/keycloak-$KEYCLOAK_VERSION}

ensure_keycloak_dist() {
    [ -x "$KEYCLOAK_CACHE/bin/kc.sh" ] && return 0
    command -v unzip >/dev/null || apt_install unzip
    say "Keycloak $KEYCLOAK_VERSION (org.keycloak:keycloak-quarkus-dist, Maven Central)"
    local tmp
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/clinic-keycloak.XXXXXX")
    mvn -B -ntp -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
        -DoutputDirectory="$tmp" -Dmdep.stripVersion=true >/dev/null || die "cannot fetch Keycloak $KEYCLOAK_VERSION"
    unzip -q "$tmp/keycloak-quarkus-dist.zip" -d "$tmp"
    mkdir -p "$(dirname "$KEYCLOAK_CACHE")"
    rm -rf "$KEYCLOAK_CACHE"
    mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_CACHE"
    rm -rf "$tmp"
}

# A secret made once and kept under dir (never in the repository): the demo users' password, the registration
# client's secret, Keycloak's own bootstrap admin password.
keycloak_secret() { # dir name
    local file="$1/secrets/$2"
    if [ ! -s "$file" ]; then
        mkdir -p "$1/secrets"
        chmod 700 "$1/secrets"
        (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
    fi
    cat "$file"
}

# Starts Keycloak from its own copy of the distribution under dir, on 127.0.0.1:port, with its data in the
# PostgreSQL database db, importing the clinic realm when the database has none. Returns at once.
start_keycloak() { # dir port db
    local dir=$1 port=$2 db=$3
    ensure_keycloak_dist
    if [ ! -x "$dir/server/bin/kc.sh" ]; then
        mkdir -p "$dir"
        cp -r "$KEYCLOAK_CACHE" "$dir/server"
    fi
    mkdir -p "$dir/server/data/import"
    cp "$CLINIC_ROOT/keycloak/clinic-realm.json" "$dir/server/data/import/clinic-realm.json"
    # Its pool checks a connection before handing it out (validated after a PostgreSQL restart).
    cp "$CLINIC_ROOT/keycloak/quarkus.properties" "$dir/server/conf/quarkus.properties"
    # Made here, before the background start: the assignments of a command run with & are expanded in the
    # background, where they would race with a caller reading the same secrets.
    local demo registration admin database
    database=$(db_password "$KEYCLOAK_DB_ROLE")
    demo=$(keycloak_secret "$dir" demo-password)
    registration=$(keycloak_secret "$dir" registration-secret)
    admin=$(keycloak_secret "$dir" keycloak-admin-password)
    # The database password in the environment, not on the command line, where ps shows it.
    CLINIC_DEMO_PASSWORD=$demo CLINIC_REGISTRATION_SECRET=$registration KC_DB_PASSWORD=$database \
    KC_BOOTSTRAP_ADMIN_USERNAME=keycloak-admin KC_BOOTSTRAP_ADMIN_PASSWORD=$admin \
    JAVA_OPTS_KC_HEAP="${CLINIC_KEYCLOAK_HEAP:--Xms64m -Xmx512m}" \
        setsid nohup "$dir/server/bin/kc.sh" start-dev --import-realm \
            --http-host=127.0.0.1 --http-port="$port" --hostname="http://127.0.0.1:$port" \
            --db=postgres --db-url="jdbc:postgresql://$CLINIC_DB_HOST:$CLINIC_DB_PORT/$db" \
            --db-username="$KEYCLOAK_DB_ROLE" --db-pool-max-size=8 \
            --health-enabled=true --http-management-port="$(free_port)" \
            --log-level=warn,org.keycloak.services:info \
            >"$dir/keycloak.log" 2>&1 </dev/null &
    echo $! >"$dir/keycloak.pid"
    echo "http://127.0.0.1:$port" >"$dir/keycloak.url"
}

# Waits until the clinic realm answers (its discovery document), or fails after seconds.
await_keycloak() { # dir [seconds]
    local url deadline=$((SECONDS + ${2:-180}))
    url=$(cat "$1/keycloak.url")
    until curl -fsS -o /dev/null "$url/realms/clinic/.well-known/openid-configuration" 2>/dev/null; do
        if ! kill -0 "$(cat "$1/keycloak.pid")" 2>/dev/null; then
            tail -30 "$1/keycloak.log" >&2
            die "Keycloak exited; its log is $1/keycloak.log"
        fi
        [ $SECONDS -lt $deadline ] || { tail -30 "$1/keycloak.log" >&2; die "Keycloak did not start in time"; }
        sleep 1
    done
}

stop_keycloak() { # dir
    local pid
    pid=$(cat "$1/keycloak.pid" 2>/dev/null) || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 -- -"$pid" 2>/dev/null || true
    fi
    rm -f "$1/keycloak.pid"
}

# An access token for a demo user (admin, staff, doctor, patient) of the Keycloak under dir; with SMART on FHIR
# scopes (e.g. 'patient/Appointment.rs'), narrowed to them as a FHIR app's token is.
keycloak_token() { # dir user [scopes]
    local url password
    url=$(cat "$1/keycloak.url")
    password=$(keycloak_secret "$1" demo-password)
    curl -fsS "$url/realms/clinic/protocol/openid-connect/token" \
        --data-urlencode grant_type=password --data-urlencode client_id=clinic-web \
        --data-urlencode "username=$2" --data-urlencode "password=$password" \
        ${3:+--data-urlencode "scope=openid $3"} \
        | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# The registration client's fine-grained permissions (keycloak/permissions.sh), once the server answers.
keycloak_permissions() { # dir
    local url
    url=$(cat "$1/keycloak.url")
    KC_CLI_PASSWORD=$(keycloak_secret "$1" keycloak-admin-password) \
        "$CLINIC_ROOT/keycloak/permissions.sh" "$1/server/bin/kcadm.sh" "$url" keycloak-admin \
        || die "could not set the registration client's permissions in Keycloak (see $1/keycloak.log)"
}
