# ./clinic deadletters [list | replay <event-id|seq|--all> | discard <event-id|seq|--all>] [--service NAME]:
# the dead letters of the running stack. The logic is clinic.eventbus.DeadLetters (tested in eventbus); this
# finds the stack's NATS and a class path and runs scripts/DeadLetterCommand.java with them (no nats CLI is
# packaged for this system). Sourced by ./clinic after stack.sh.

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

# eventbus' classes and its runtime class path in EVENTBUS_CLASSPATH, (re)built when missing or older than
# eventbus' sources: what the dead-letter tool and the NATS permissions (NatsAccess) run from; the build also
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

# The dead-letter command compiled against eventbus. (Run as a source file, javac reading that class path took
# longer than the command itself.)
deadletters_build() {
    local out=$CLINIC_ROOT/eventbus/target/deadletters-command source=$CLINIC_ROOT/scripts/DeadLetterCommand.java
    eventbus_classpath
    if [ ! -f "$out/DeadLetterCommand.class" ] || [ "$source" -nt "$out/DeadLetterCommand.class" ] \
        || [ "$CLINIC_ROOT/eventbus/target/tools.classpath" -nt "$out/DeadLetterCommand.class" ]; then
        rm -rf "$out"
        "$JAVA_HOME/bin/javac" -nowarn -d "$out" -cp "$EVENTBUS_CLASSPATH" "$source" >&2 \
            || die "compiling $source failed"
    fi
    DEADLETTERS_CLASSPATH=$out:$EVENTBUS_CLASSPATH
}

cmd_deadletters() {
    ensure_build_tools >&2
    local url
    url=$(stack_nats_url)
    require_loopback "$url"
    deadletters_build
    # A NATS with TLS (./clinic up --tls) serves the development certificate: trust it.
    local trust=()
    if [[ $url == tls://* ]] && [ -s "$CLINIC_STATE_DIR/tls/truststore.p12" ]; then
        trust=("-Djavax.net.ssl.trustStore=$CLINIC_STATE_DIR/tls/truststore.p12" -Djavax.net.ssl.trustStoreType=PKCS12
            "-Djavax.net.ssl.trustStorePassword=$(secret tls truststore)")
    fi
    # C1 only: a command of a second or two is over before C2 would pay off. As the operator (its NKey seed).
    CLINIC_NATS_NKEY_FILE=$NATS_KEYS_DIR/operator.nk "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 "${trust[@]}" \
        -cp "$DEADLETTERS_CLASSPATH" DeadLetterCommand "$url" "$@"
}
