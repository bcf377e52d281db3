# ./clinic deadletters [list | replay <event-id|seq|--all> | discard <event-id|seq|--all>] [--service NAME]:
# the dead letters of the running stack. The logic is clinic.eventbus.DeadLetters (tested in eventbus); this
# finds the stack's NATS and a class path and runs scripts/DeadLetterCommand.java with them (no nats CLI is
# packaged for this system). Sourced by ./clinic after stack.sh.

# The running stack's NATS, found as ./clinic status finds it; NATS_URL (what the services read) overrides it.
stack_nats_url() {
    if [ -n "${NATS_URL:-}" ]; then echo "$NATS_URL"; return; fi
    cat "$CLINIC_STATE_DIR/nats.url" 2>/dev/null || echo "nats://127.0.0.1:$CLINIC_NATS_PORT"
}

# The command reads, re-publishes and deletes messages with no credentials: a NATS on this machine only.
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

# eventbus' classes and its runtime class path, (re)built when missing or older than eventbus' sources; then
# the command compiled against them. (Run as a source file, javac reading that class path took longer than the
# command itself.)
deadletters_build() {
    local target=$CLINIC_ROOT/eventbus/target
    local classes=$target/classes cpfile=$target/deadletters.classpath out=$target/deadletters-command
    local source=$CLINIC_ROOT/scripts/DeadLetterCommand.java
    if [ ! -s "$cpfile" ] || [ ! -f "$classes/clinic/eventbus/DeadLetters.class" ] \
        || [ -n "$(find "$CLINIC_ROOT/eventbus/src/main" "$CLINIC_ROOT/eventbus/pom.xml" "$CLINIC_ROOT/pom.xml" \
            -newer "$cpfile" -print -quit)" ]; then
        say "building eventbus for the dead-letter tool (mvn -pl eventbus compile)" >&2
        (cd "$CLINIC_ROOT" && mvn -B -ntp -q -pl eventbus compile \
            org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
            -Dmdep.includeScope=runtime -Dmdep.outputFile="$cpfile") >&2 || die "building eventbus failed"
        touch "$cpfile" # the plugin leaves an unchanged file alone: its date is that of this build
    fi
    DEADLETTERS_CLASSPATH=$classes:$(cat "$cpfile")
    if [ ! -f "$out/DeadLetterCommand.class" ] || [ "$source" -nt "$out/DeadLetterCommand.class" ] \
        || [ "$cpfile" -nt "$out/DeadLetterCommand.class" ]; then
        rm -rf "$out"
        "$JAVA_HOME/bin/javac" -nowarn -d "$out" -cp "$DEADLETTERS_CLASSPATH" "$source" >&2 \
            || die "compiling $source failed"
    fi
    DEADLETTERS_CLASSPATH=$out:$DEADLETTERS_CLASSPATH
}

cmd_deadletters() {
    ensure_build_tools >&2
    local url
    url=$(stack_nats_url)
    require_loopback "$url"
    deadletters_build
    # C1 only: a command of a second or two is over before C2 would pay off.
    "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -cp "$DEADLETTERS_CLASSPATH" DeadLetterCommand "$url" "$@"
}
