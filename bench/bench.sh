# ./clinic bench [--quick]: the system's figures next to what this machine can do at all, measured in the
# same run. Sourced by ./clinic after lib.sh and stack.sh. Loopback only; bounded in time.

BENCH_DIR=$CLINIC_ROOT/bench
declare -A FIGURE
FIGURE_ORDER=()

figure() { # key value
    [ -n "${FIGURE[$1]+set}" ] || FIGURE_ORDER+=("$1")
    FIGURE[$1]=$2
}

# An admin's access token from the stack's Keycloak, fresh for each run (a token lives 5 minutes): every request
# of the benchmark is verified by the service as any other.
bench_token() {
    keycloak_token "$KEYCLOAK_DIR" admin
}

# Runs wrk and turns its BENCH line into figures: <prefix>_per_s, _p50_ms, _p95_ms, _p99_ms, _errors.
run_wrk() { # prefix connections seconds script [env...]
    local prefix=$1 connections=$2 seconds=$3 script=$4 line
    shift 4
    line=$(cd "$CLINIC_ROOT" && env WRK_TOKEN="$(bench_token)" "$@" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s "$script" \
        "http://127.0.0.1:$BENCH_GATEWAY_PORT" | grep '^BENCH ') || die "wrk failed for $prefix"
    local requests duration p50 p95 p99 non2xx errors
    requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")
    duration=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$line")
    p50=$(sed -E 's/.*p50_us=([0-9]+).*/\1/' <<<"$line")
    p95=$(sed -E 's/.*p95_us=([0-9]+).*/\1/' <<<"$line")
    p99=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<<"$line")
    non2xx=$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<<"$line")
    errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$line")
    figure "${prefix}_per_s" "$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.0f", r / (d / 1e6) }')"
    figure "${prefix}_p50_ms" "$(awk -v v="$p50" 'BEGIN { printf "%.2f", v / 1000 }')"
    figure "${prefix}_p95_ms" "$(awk -v v="$p95" 'BEGIN { printf "%.2f", v / 1000 }')"
    figure "${prefix}_p99_ms" "$(awk -v v="$p99" 'BEGIN { printf "%.2f", v / 1000 }')"
    figure "${prefix}_errors" "$((non2xx + errors))"
}

# psql as the services' role; arguments go to psql.
psql_clinic() {
    PGPASSWORD=$CLINIC_DB_PASSWORD psql -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U "$CLINIC_DB_USER" "$@"
}

sql() { # database query
    psql_clinic -d "$1" -v ON_ERROR_STOP=1 -qtAX -c "$2"
}

# How many bookings of a bench run (by its prefix) there are, in a status if given.
bookings_of() { # prefix [status]
    sql appointment "select count(*) from appointment where patient_id like 'bench-patient-$1-%'
        ${2:+and status = '$2'}"
}

# Ids of stored appointments, for the GET by id scripts.
sample_ids() { # file
    sql appointment "select id from appointment order by random() limit 2000" > "$1"
}

# p50, p95 and p99 of the column ms, rounded to 0.1: the select list of a latency query.
PERCENTILES="round(percentile_cont(0.5) within group (order by ms)::numeric, 1),
    round(percentile_cont(0.95) within group (order by ms)::numeric, 1),
    round(percentile_cont(0.99) within group (order by ms)::numeric, 1)"

# Figures <name>_p50_ms, _p95_ms, _p99_ms from a "p50|p95|p99[|...]" row (0 where there was no data).
latency_figures() { # name row
    local p50 p95 p99
    IFS='|' read -r p50 p95 p99 _ <<<"$2"
    figure "$1_p50_ms" "${p50:-0}"
    figure "$1_p95_ms" "${p95:-0}"
    figure "$1_p99_ms" "${p99:-0}"
}

# ---- ceilings ----------------------------------------------------------------------------------------

bench_nginx_ceilings() {
    local dir=$CLINIC_STATE_DIR/bench-nginx port
    port=$(free_port)
    mkdir -p "$dir/run" "$dir/logs"
    cat > "$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/run/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/run/body;
    proxy_temp_path $dir/run/proxy;
    fastcgi_temp_path $dir/run/fastcgi;
    uwsgi_temp_path $dir/run/uwsgi;
    scgi_temp_path $dir/run/scgi;
    upstream jvm { server 127.0.0.1:$(service_port appointment); keepalive 64; }
    server {
        listen $port reuseport backlog=4096;
        location = /static { return 200 'ok'; }
        location = /jvm {
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://jvm/q/health/live;
        }
    }
}
CONF
    local nginx=${CLINIC_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
    "$nginx" -c "$dir/nginx.conf" -p "$dir" || die "the ceiling nginx did not start"
    BENCH_GATEWAY_PORT=$port run_wrk nginx_static 64 "$SHORT" bench/get.lua WRK_PATH=/static
    BENCH_GATEWAY_PORT=$port run_wrk proxy_ceiling 64 "$SHORT" bench/get.lua WRK_PATH=/jvm
    "$nginx" -c "$dir/nginx.conf" -p "$dir" -s quit 2>/dev/null
}

bench_booking_ceiling() {
    pg_admin -c "drop database if exists clinic_bench" </dev/null
    pg_admin -c "create database clinic_bench owner \"$CLINIC_DB_USER\"" </dev/null
    psql_clinic -d clinic_bench -qX -v ON_ERROR_STOP=1 -f "$BENCH_DIR/booking-ceiling-schema.sql" >/dev/null
    local tps
    tps=$(PGPASSWORD=$CLINIC_DB_PASSWORD pgbench -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U "$CLINIC_DB_USER" \
        -n -c 16 -j 2 -T "$SHORT" -f "$BENCH_DIR/booking-transaction.sql" clinic_bench 2>/dev/null \
        | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -n 1)
    figure booking_ceiling_tx_per_s "$(printf '%.0f' "${tps:-0}")"
    pg_admin -c "drop database clinic_bench" </dev/null
}

bench_jetstream_ceiling() {
    local line
    # eventbus' class path: jnats and what its NKey signing needs.
    eventbus_classpath
    line=$(CLINIC_NATS_NKEY_FILE=$NATS_KEYS_DIR/operator.nk \
        "$JAVA_HOME/bin/java" -cp "$EVENTBUS_CLASSPATH" "$BENCH_DIR/JetStreamPublish.java" "$NATS_URL" "$SHORT" \
        | grep '^BENCH ')
    figure jetstream_publish_ack_per_s "$(sed -E 's/.*=([0-9]+).*/\1/' <<<"$line")"
}

# ---- the system ----------------------------------------------------------------------------------------

wait_for_saga() { # prefix seconds: until no booking of the run is still scheduled
    local deadline=$((SECONDS + $2)) left
    while :; do
        left=$(bookings_of "$1" scheduled)
        [ "$left" = 0 ] || [ $SECONDS -ge $deadline ] && break
        sleep 1
    done
}

# The JIT compiles the hot paths during the first minutes of load (C2 reaches its steady state after some
# 100,000 requests here): that time is not measured. Every measured path is exercised, then the saga drains.
bench_warm_up() {
    local ids=$CLINIC_STATE_DIR/bench-ids.txt prefix=warm$RANDOM$RANDOM gateway=$CLINIC_GATEWAY_PORT
    warm "$WARM" "$gateway" bench/book.lua WRK_PREFIX="$prefix"
    sample_ids "$ids"
    warm "$WARM_READS" "$gateway" bench/get.lua WRK_PATH=/appointments/ WRK_IDS_FILE="$ids"
    warm "$WARM_READS" "$gateway" bench/get.lua \
        WRK_PATH="/appointments/doctor/bench-$prefix-1-1?from=2030-01-01T00:00:00Z&to=2030-12-31T00:00:00Z"
    warm "$WARM_READS" "$gateway" bench/get.lua WRK_PATH="/doctors/bench-$prefix-1-1/slots?date=2030-06-03&duration=30"
    warm "$WARM_READS" "$(service_port appointment)" bench/get.lua WRK_PATH=/q/health/live
    wait_for_saga "$prefix" 120
    wait_for_notifications 120
}

# Load that is not measured.
warm() { # seconds port script [env...]
    local seconds=$1 port=$2 script=$3
    shift 3
    (cd "$CLINIC_ROOT" && env WRK_TOKEN="$(bench_token)" "$@" wrk -t2 -c16 -d"${seconds}s" -s "$script" \
        "http://127.0.0.1:$port" >/dev/null)
}

# Until no notification is waiting to be sent.
wait_for_notifications() { # seconds
    local deadline=$((SECONDS + $1))
    until [ "$(sql notifications "select count(*) from notification where status = 'pending'")" = 0 ] \
        || [ $SECONDS -ge $deadline ]; do
        sleep 1
    done
}

# CPU time (clock ticks) used so far by the processes whose command line matches.
cpu_ticks() { # pattern
    local pid total=0 ticks
    for pid in $(pgrep -f "$1"); do
        ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null) || continue
        total=$((total + ticks))
    done
    echo "$total"
}

# name:pattern of the command lines; the services by their runner jars (all replicas of each).
CPU_PARTS=(appointment:"$(runner_jar appointment)" doctor-availability:"$(runner_jar doctor-availability)"
    patient-contact:"$(runner_jar patient-contact)" notifications:"$(runner_jar notifications)"
    postgres:postgres nats:nats-server nginx:"nginx: worker")

# Transactions committed in the services' databases and messages into plus out of NATS so far: a booking's
# cost counted rather than timed, the same on a busy machine as on a quiet one (the services' own timers add
# a few of each per second).
work_counts() {
    local commits messages
    commits=$(sql postgres "select sum(xact_commit) from pg_stat_database
        where datname in ('appointment', 'doctor_availability', 'patient_contact', 'notifications')")
    messages=$(curl -fsS "http://127.0.0.1:$(nats_monitor_port)/varz" | jq '.in_msgs + .out_msgs')
    echo "$commits $messages"
}

cpu_snapshot() {
    local part
    CPU_BEFORE=()
    for part in "${CPU_PARTS[@]}"; do CPU_BEFORE+=("$(cpu_ticks "${part#*:}")"); done
    read -r COMMITS_BEFORE MESSAGES_BEFORE <<<"$(work_counts)"
}

# amount / count with that many decimals; 0 when count is 0.
divide() { # amount count decimals
    awk -v a="$1" -v n="$2" -v d="$3" 'BEGIN { printf "%." d "f", (n > 0 ? a / n : 0) }'
}

# CPU milliseconds per booking for each part of the stack since cpu_snapshot, and the booking rate those
# costs allow on this machine's cores: what bounds the saga when the CPU is the limit. Then the commits and
# NATS messages per booking.
cpu_per_booking() { # bookings
    local i=0 part ticks ms total=0 hz
    hz=$(getconf CLK_TCK)
    for part in "${CPU_PARTS[@]}"; do
        ticks=$(( $(cpu_ticks "${part#*:}") - CPU_BEFORE[i] ))
        ms=$(divide "$((ticks * 1000))" "$((hz * $1))" 2)
        figure "cpu_ms_per_booking_${part%%:*}" "$ms"
        total=$(awk -v a="$total" -v b="$ms" 'BEGIN { printf "%.2f", a + b }')
        i=$((i + 1))
    done
    figure cpu_ms_per_booking_total "$total"
    figure cpu_bound_bookings_per_s "$(divide "$(($(nproc) * 1000))" "$total" 0)"
    local commits messages
    read -r commits messages <<<"$(work_counts)"
    figure db_commits_per_booking "$(divide "$((commits - COMMITS_BEFORE))" "$1" 1)"
    figure nats_messages_per_booking "$(divide "$((messages - MESSAGES_BEFORE))" "$1" 1)"
}

# The whole saga of the bookings of one run, from the events' own timestamps (two databases, one server):
# scheduled -> notification.sent p50|p95|p99, and completed sagas per second from the first scheduled to the
# last notification sent. Waits (bounded) for the notifications first. Sets SAGA (the row) and SAGA_SENT.
saga_completion() { # prefix seconds
    local prefix=$1 deadline=$((SECONDS + $2)) booked
    booked=$(bookings_of "$prefix")
    while :; do
        SAGA_SENT=$(sql notifications "select count(*) from eventbus_outbox where subject = 'notification.sent'
            and payload like '%bench-patient-$prefix-%'")
        [ "$SAGA_SENT" -ge "$booked" ] || [ $SECONDS -ge $deadline ] && break
        sleep 1
    done
    sql appointment "drop table if exists bench_sent; create table bench_sent (appointment_id text, sent_at timestamptz)"
    sql notifications "copy (select payload::json->'data'->>'appointment_id', (payload::json->>'time')::timestamptz
        from eventbus_outbox where subject = 'notification.sent' and payload like '%bench-patient-$prefix-%') to stdout" \
        | psql_clinic -d appointment -qX -c "copy bench_sent from stdin"
    SAGA=$(sql appointment "with scheduled as (
            select payload::json->>'subject' as id, (payload::json->>'time')::timestamptz as at from eventbus_outbox
            where subject = 'appointment.scheduled' and payload like '%bench-patient-$prefix-%'),
        latency as (select extract(epoch from s.sent_at - b.at) * 1000 as ms, s.sent_at, b.at
            from scheduled b join bench_sent s on s.appointment_id = b.id)
        select $PERCENTILES,
               round((count(*) / greatest(extract(epoch from max(sent_at) - min(at)), 0.001))::numeric, 0)
        from latency")
    sql appointment "drop table bench_sent"
}

bench_bookings() {
    local prefix=max$RANDOM$RANDOM
    cpu_snapshot
    run_wrk booking_full_rate 32 "$LONG" bench/book.lua WRK_PREFIX="$prefix"
    local booked
    booked=$(bookings_of "$prefix")
    figure bookings_per_s "${FIGURE[booking_full_rate_per_s]}"
    wait_for_saga "$prefix" 60
    figure bookings_confirmed "$(bookings_of "$prefix" confirmed)"
    figure bookings_still_scheduled "$(bookings_of "$prefix" scheduled)"
    # Every booking of the full-rate run carried through to its notification: the rate the saga sustains.
    saga_completion "$prefix" 120
    cpu_per_booking "$booked"
    IFS='|' read -r _ _ _ sustained <<<"$SAGA"
    figure saga_sustained_bookings_per_s "${sustained:-0}"
    figure saga_sustained_notified "$SAGA_SENT"
}

bench_reads() {
    local ids=$CLINIC_STATE_DIR/bench-ids.txt
    sample_ids "$ids"
    run_wrk get_by_id 64 "$SHORT" bench/get.lua WRK_PATH=/appointments/ WRK_IDS_FILE="$ids"
    # A doctor's day: 16 appointments booked through the API.
    local doctor=bench-day-$RANDOM$RANDOM hour token
    token=$(bench_token)
    for hour in $(seq 8 15); do
        for minute in 00 30; do
            curl -fsS -o /dev/null -X POST "http://127.0.0.1:$CLINIC_GATEWAY_PORT/appointments" \
                -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
                -d "{\"patient_id\":\"bench-patient-day\",\"doctor_id\":\"$doctor\",\"appointment_time\":\"2030-06-03T$(printf %02d "$hour"):$minute:00Z\"}"
        done
    done
    run_wrk doctor_day 64 "$SHORT" bench/get.lua \
        WRK_PATH="/appointments/doctor/$doctor?from=2030-06-03T00:00:00Z&to=2030-06-04T00:00:00Z"
    run_wrk free_slots 64 "$SHORT" bench/get.lua WRK_PATH="/doctors/$doctor/slots?date=2030-06-03&duration=30"
}

bench_saga_latency() {
    # Half the measured booking rate, spread over 16 connections pacing themselves: the POST latency, and
    # from the events' own timestamps appointment.scheduled -> appointment.confirmed (both written by the
    # appointment service) and -> notification.sent.
    local rate=$(( ${FIGURE[bookings_per_s]} / 2 )) prefix=paced$RANDOM$RANDOM
    [ "$rate" -ge 16 ] || rate=16
    local pause=$(( 16 * 1000 / rate ))
    run_wrk booking_post 16 "$LONG" bench/book.lua WRK_PREFIX="$prefix" WRK_DELAY_MS="$pause"
    figure saga_offered_per_s "${FIGURE[booking_post_per_s]}"
    wait_for_saga "$prefix" 60
    latency_figures confirmed "$(sql appointment "with events as (
            select payload::json->>'subject' as id, subject, (payload::json->>'time')::timestamptz as at
            from eventbus_outbox where subject in ('appointment.scheduled', 'appointment.confirmed')
            and payload like '%bench-patient-$prefix-%'),
        latency as (select extract(epoch from c.at - s.at) * 1000 as ms from events s
            join events c on c.id = s.id and c.subject = 'appointment.confirmed'
            where s.subject = 'appointment.scheduled')
        select $PERCENTILES from latency")"
    saga_completion "$prefix" 60
    latency_figures notification_sent "$SAGA"
    figure notifications_sent "$SAGA_SENT"
}

bench_growth() {
    local sizes=(10000 100000 1000000) size loaded=0
    [ -n "$QUICK" ] && sizes=(10000)
    # What is measured returns the same rows at every size, so only the table grows: 16 appointments of
    # doctor growth-d42 with patient growth-p123 on 2031-01-01, asked for as that doctor's day and as the
    # patient's appointments of that day.
    sql appointment "insert into appointment (id, patient_id, doctor_id, start_at, end_at, duration_minutes,
            status, time_zone, version, created_at, updated_at)
        select gen_random_uuid(), 'growth-p123', 'growth-d42', timestamptz '2031-01-01 08:00Z' + i * interval '30 minutes',
            timestamptz '2031-01-01 08:30Z' + i * interval '30 minutes', 30, 'completed', 'UTC', 1, now(), now()
        from generate_series(0, 15) as i" >/dev/null
    for size in "${sizes[@]}"; do
        # Loaded in bulk, straight into the table, from 2032 on: 5,000 doctors (growth-d42 among them) with
        # appointments every 30 minutes, 50,000 patients (growth-p123 among them).
        sql appointment "insert into appointment (id, patient_id, doctor_id, start_at, end_at, duration_minutes,
                status, time_zone, version, created_at, updated_at)
            select gen_random_uuid(), 'growth-p' || (i % 50000), 'growth-d' || (i % 5000),
                timestamptz '2032-01-01' + (i / 5000) * interval '30 minutes',
                timestamptz '2032-01-01' + (i / 5000) * interval '30 minutes' + interval '30 minutes', 30,
                'completed', 'UTC', 1, now(), now()
            from generate_series($loaded, $((size - 1 - 16))) as i" >/dev/null
        # Vacuum as well: the rows an earlier run deleted leave dead index entries at the end of the time
        # range, which the planner walks through on every plan (13-17 ms per query measured here).
        sql appointment "vacuum analyze appointment" >/dev/null
        loaded=$((size - 16))
        run_wrk "growth_${size}_doctor_day" 32 "$SHORT" bench/get.lua \
            WRK_PATH="/appointments/doctor/growth-d42?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z"
        run_wrk "growth_${size}_patient" 32 "$SHORT" bench/get.lua \
            WRK_PATH="/appointments/patient/growth-p123?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z"
    done
    sql appointment "delete from appointment where doctor_id like 'growth-d%'" >/dev/null
    sql appointment "vacuum analyze appointment" >/dev/null
}

bench_processes() {
    local svc k name port pid
    while read -r svc k name port; do
        pid=$(cat "$RUN_DIR/$name.pid")
        figure "rss_mb_$name" "$(( $(ps -o rss= -p "$pid") / 1024 ))"
    done < <(instances)
}

# Seconds since $1 (date +%s%N), to 0.01.
seconds_since() {
    awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'
}

# Seconds from starting the JVM until the readiness check answers UP: each service alone (the others running),
# then all four at once. Restarts the stack's services (first replicas; the stack runs on afterwards).
bench_start() {
    local svc began
    for svc in "${CLINIC_SERVICES[@]}"; do
        stop_pidfile "$RUN_DIR/$svc.pid" "$svc" >/dev/null
        began=$(date +%s%N)
        start_service "$svc" 1 >/dev/null
        until http_ok "http://127.0.0.1:$(service_port "$svc")/q/health/ready"; do sleep 0.05; done
        figure "ready_s_alone_$svc" "$(seconds_since "$began")"
    done
    for svc in "${CLINIC_SERVICES[@]}"; do stop_pidfile "$RUN_DIR/$svc.pid" "$svc" >/dev/null; done
    began=$(date +%s%N)
    for svc in "${CLINIC_SERVICES[@]}"; do start_service "$svc" 1 >/dev/null; done
    for svc in "${CLINIC_SERVICES[@]}"; do
        until http_ok "http://127.0.0.1:$(service_port "$svc")/q/health/ready"; do sleep 0.05; done
    done
    figure ready_s_all_four "$(seconds_since "$began")"
}

ratio() { # value ceiling
    awk -v v="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.2f", v / c; else printf "-" }'
}

# "  "<group>": {"<name>": value, ...}" from the figures <group>_<name>, e.g. rss_mb_appointment.
json_group() { # group
    local key first=1
    printf '  "%s": {' "$1"
    for key in "${FIGURE_ORDER[@]}"; do
        [[ $key == "$1"_* ]] || continue
        [ -n "$first" ] || printf ','
        printf '"%s": %s' "${key#"$1"_}" "${FIGURE[$key]}"
        first=
    done
    printf '}'
}

print_and_write() {
    local out=$CLINIC_ROOT/bench/results json key
    mkdir -p "$out"
    json=$out/bench-$(date -u +%Y%m%dT%H%M%SZ).json
    printf '\n%-42s %14s   %s\n' FIGURE VALUE "RATIO TO CEILING"
    for key in "${FIGURE_ORDER[@]}"; do
        local against=""
        case $key in
            bookings_per_s|saga_sustained_bookings_per_s|cpu_bound_bookings_per_s) against=$(ratio "${FIGURE[$key]}" "${FIGURE[booking_ceiling_tx_per_s]}")" of booking tx ceiling" ;;
            get_by_id_per_s|doctor_day_per_s|free_slots_per_s) against=$(ratio "${FIGURE[$key]}" "${FIGURE[proxy_ceiling_per_s]}")" of nginx->jvm ceiling" ;;
            proxy_ceiling_per_s) against=$(ratio "${FIGURE[$key]}" "${FIGURE[nginx_static_per_s]}")" of nginx static" ;;
        esac
        printf '%-42s %14s   %s\n' "$key" "${FIGURE[$key]}" "$against"
    done
    {
        printf '{\n  "started_at": "%s",\n  "cores": %s,\n  "quick": %s,\n' "$BENCH_STARTED" "$(nproc)" \
            "$([ -n "$QUICK" ] && echo true || echo false)"
        json_group rss_mb
        printf ',\n'
        json_group ready_s_alone
        for key in "${FIGURE_ORDER[@]}"; do
            [[ $key == rss_mb_* || $key == ready_s_alone_* ]] && continue
            printf ',\n  "%s": %s' "$key" "${FIGURE[$key]}"
        done
        printf '\n}\n'
    } > "$json"
    echo
    echo "written to ${json#$CLINIC_ROOT/}"
}

cmd_bench() {
    QUICK=
    [ "${1:-}" = "--quick" ] && QUICK=1
    LONG=20 SHORT=8 WARM=180 WARM_READS=10
    [ -n "$QUICK" ] && LONG=5 SHORT=3 WARM=4 WARM_READS=2
    BENCH_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    export PGOPTIONS="-c client_min_messages=warning"
    command -v wrk >/dev/null || apt_install wrk
    command -v jq >/dev/null || apt_install jq
    # The gateway's rate limits are off for the benchmark: it measures the system, not the limits.
    CLINIC_WRITE_RATE_LIMIT=0 CLINIC_READ_RATE_LIMIT=0 CLINIC_ADDRESS_RATE_LIMIT=0 cmd_up >/dev/null
    NATS_URL=$(cat "$CLINIC_STATE_DIR/nats.url")
    BENCH_GATEWAY_PORT=$CLINIC_GATEWAY_PORT
    say "warming up the services for ${WARM}s, then the saga drains (not measured)"
    bench_warm_up
    say "ceilings: nginx, nginx -> JVM, the booking transaction in PostgreSQL, JetStream publish"
    bench_nginx_ceilings
    bench_booking_ceiling
    bench_jetstream_ceiling
    say "bookings at full rate through :$CLINIC_GATEWAY_PORT"
    bench_bookings
    say "reads: by id, a doctor's day, free slots"
    bench_reads
    say "saga latency at half the booking rate"
    bench_saga_latency
    say "growth: list queries at $([ -n "$QUICK" ] && echo 10k || echo 10k, 100k and 1M) appointments"
    bench_growth
    bench_processes
    say "start: each service alone, then all four at once"
    bench_start
    print_and_write
}
