# ./clinic dev <service>: one service in Quarkus dev mode (live reload, Dev UI) in the place of its packaged
# instance, against the running stack: the same port behind the gateway, its own database role and NATS user,
# the stack's Keycloak. Sourced by ./clinic after lib.sh and stack.sh. Maven of the project's wrapper (./mvnw).

cmd_dev() {
    local svc=${1:-}
    [ $# -eq 1 ] && [[ " ${CLINIC_SERVICES[*]} " == *" $svc "* ]] \
        || die "usage: ./clinic dev <service>, one of: ${CLINIC_SERVICES[*]}"
    pid_alive "$CLINIC_STATE_DIR/nginx/run/nginx.pid" && pid_alive "$KEYCLOAK_DIR/keycloak.pid" \
        && [ -s "$CLINIC_STATE_DIR/nats.url" ] || die "the stack is not running: ./clinic up first"
    ensure_build_tools
    NATS_URL=$(cat "$CLINIC_STATE_DIR/nats.url")
    # NATS over TLS (./clinic up --tls): the dev JVM trusts the development certificate, as the services do.
    local trust=
    if [[ $NATS_URL == tls://* ]]; then
        prepare_tls
        trust=$JAVA_TOOL_TRUST
    fi
    local k port
    port=$(service_port "$svc" 1)
    # Every packaged instance of the service steps aside: with two, the gateway would send half the requests
    # to code that is not the code being edited.
    for ((k = 1; k <= $(replicas); k++)); do
        stop_pidfile "$RUN_DIR/$(instance_name "$svc" "$k").pid" "$(instance_name "$svc" "$k")"
    done
    port_open 127.0.0.1 "$port" && die "port $port is taken by another process"
    # Dev mode needs Maven 3.9 or newer (Debian's is 3.8): the project's wrapper fetches 3.9.16 from Maven Central
    # once, checked against its SHA-256 (of the zip: unzip is needed to take that one).
    command -v unzip >/dev/null || apt_install unzip
    # The service's own module is compiled by dev mode; the two it builds on (and the parent) come from the local
    # repository, and their sources are watched too (Quarkus finds them in the workspace).
    say "building eventbus and http-common (mvn -pl eventbus,http-common -am install)"
    (cd "$CLINIC_ROOT" && mvn -B -ntp -q -pl eventbus,http-common -am install -DskipTests) || die "the build failed"
    say "$svc in dev mode on http://127.0.0.1:$port (Dev UI: /q/dev-ui, loopback only); the gateway sends it its"
    say "requests. Ctrl-C ends it; ./clinic up starts the packaged service again."
    (
        export_service_environment "$svc" "$port"
        cd "$CLINIC_ROOT/$svc"
        # No Dev Services: the stack is the database, NATS and identity provider.
        exec "$CLINIC_ROOT/mvnw" -B -ntp quarkus:dev -Dquarkus.http.host=127.0.0.1 -Dquarkus.devservices.enabled=false \
            -Dquarkus.analytics.disabled=true -Dquarkus.hibernate-orm.validate-in-dev-mode=false \
            ${trust:+"-Djvm.args=$trust"}
    )
}
