# ./clinic deadletters [list | replay <event-id|seq|--all> | discard <event-id|seq|--all>] [--service NAME]:
# the dead letters of the running stack. The logic is clinic.eventbus.DeadLetters (tested in eventbus), the command
# the deadletters module (a tool of its own: no service ships it); this finds the stack's NATS and runs the
# command's jar against it (no nats CLI is packaged for this system). Sourced by ./clinic after stack.sh.

# The running stack's NATS, found as ./clinic status finds it; NATS_URL (what the services read) overrides it.
stack_nats_url() {
    if [ -n "${NATS_URL:-}" ]; then echo "$NATS_URL"; return; fi
    cat "$CLINIC_STATE_DIR/nats.url" 2>/dev/null || echo "nats://127.0.0.1:$CLINIC_NATS_PORT"
}

# The command reads, re-publishes and deletes messages as the operator: a NATS on this machine only.
require_loopback() { # url[,url...]
    local url rest host urls
    IFS=',' read -ra urls <<<"$1"
    for url in "${urls[@]}"; do
        rest=${url#*://}; rest=${rest##*@}; rest=${rest%%/*}
        case $rest in
            \[*) host=${rest%%]*}] ;;
            *) host=${rest%:*} ;;
        esac
        case $host in
            127.*|localhost|'[::1]') ;;
            *) die "deadletters talks only to a NATS on this machine (127.0.0.1, localhost, [::1]), not $url" ;;
        esac
    done
}

# The tool's jar (the deadletters module, its dependencies in target/lib), built when missing or older than its
# sources or eventbus'.
deadletters_jar() {
    DEADLETTERS_JAR=$CLINIC_ROOT/deadletters/target/clinic-deadletters.jar
    if [ ! -f "$DEADLETTERS_JAR" ] || [ -n "$(find "$CLINIC_ROOT/deadletters/src/main" "$CLINIC_ROOT/deadletters/pom.xml" \
            "$CLINIC_ROOT/eventbus/src/main" "$CLINIC_ROOT/eventbus/pom.xml" "$CLINIC_ROOT/pom.xml" \
            -newer "$DEADLETTERS_JAR" -print -quit)" ]; then
        say "building the dead-letter tool (mvn -pl deadletters -am package)" >&2
        (cd "$CLINIC_ROOT" && mvn -B -ntp -q -pl deadletters -am package -DskipTests) >&2 \
            || die "building the dead-letter tool failed"
    fi
}

cmd_deadletters() {
    ensure_build_tools >&2
    local url
    url=$(stack_nats_url)
    require_loopback "$url"
    deadletters_jar
    # A NATS with TLS (./clinic up --tls) serves the development certificate: trust it.
    local trust=()
    if [[ $url == tls://* ]] && [ -s "$CLINIC_STATE_DIR/tls/truststore.p12" ]; then
        trust=("-Djavax.net.ssl.trustStore=$CLINIC_STATE_DIR/tls/truststore.p12" -Djavax.net.ssl.trustStoreType=PKCS12
            "-Djavax.net.ssl.trustStorePassword=$(secret tls truststore)")
    fi
    # C1 only: a command of a second or two is over before C2 would pay off. As the operator (its NKey seed).
    CLINIC_NATS_NKEY_FILE=$NATS_KEYS_DIR/operator.nk "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 "${trust[@]}" \
        -jar "$DEADLETTERS_JAR" --nats "$url" "$@"
}
