# ./clinic bench [--quick | --soak DURATION]: the system's figures next to what this machine can do at all, measured in the
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
    local out
    out=$(cd "$CLINIC_ROOT" && env WRK_TOKEN="$(bench_token)" "$@" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s "$script" \
        "http://127.0.0.1:$BENCH_GATEWAY_PORT") || die "wrk failed for $prefix"
    line=$(grep '^BENCH ' <<<"$out") || die "wrk gave no figures for $prefix"
    local requests duration p50 p95 p99 non2xx errors
    requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")
    duration=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$line")
    p50=$(sed -E 's/.*p50_us=([0-9]+).*/\1/' <<<"$line")
    p95=$(sed -E 's/.*p95_us=([0-9]+).*/\1/' <<<"$line")
    p99=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<<"$line")
    non2xx=$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<<"$line")
    errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$line")
    # The last run's counts, for the figures a caller derives from them.
    WRK_REQUESTS=$requests WRK_NON2XX=$non2xx WRK_SOCKET_ERRORS=$errors
    figure "${prefix}_per_s" "$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.0f", r / (d / 1e6) }')"
    figure "${prefix}_p50_ms" "$(awk -v v="$p50" 'BEGIN { printf "%.2f", v / 1000 }')"
    figure "${prefix}_p95_ms" "$(awk -v v="$p95" 'BEGIN { printf "%.2f", v / 1000 }')"
    figure "${prefix}_p99_ms" "$(awk -v v="$p99" 'BEGIN { printf "%.2f", v / 1000 }')"
    figure "${prefix}_errors" "$((non2xx + errors))"
    if line=$(grep '^BENCH_SHED ' <<<"$out"); then
        figure "${prefix}_shed" "$(sed -E 's/.*shed=([0-9]+).*/\1/' <<<"$line")"
        figure "${prefix}_shed_without_retry_after" "$(sed -E 's/.*without_retry_after=([0-9]+).*/\1/' <<<"$line")"
    fi
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

# How many notification.sent events of a bench run (by its prefix) notifications has published or is publishing.
notified_of() { # prefix
    sql notifications "select count(*) from eventbus_outbox where subject = 'notification.sent'
        and payload like '%bench-patient-$1-%'"
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
    warm "$WARM_READS" "$gateway" bench/get.lua WRK_PATH=/fhir/r4/Appointment/ WRK_IDS_FILE="$ids"
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
        SAGA_SENT=$(notified_of "$prefix")
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
    # The same appointments as FHIR R4 Appointments (HAPI's model and JSON parser instead of Jackson's records).
    run_wrk fhir_read 64 "$SHORT" bench/get.lua WRK_PATH=/fhir/r4/Appointment/ WRK_IDS_FILE="$ids"
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
    run_wrk fhir_doctor_day 64 "$SHORT" bench/get.lua \
        WRK_PATH="/fhir/r4/Appointment?practitioner=Practitioner/$doctor&date=2030-06-03"
    # $find over a registered doctor's working day (08:00-16:00, 16 half hours; the appointment service asks
    # doctor-availability for the free times over NATS, then leaves out what its own bookings hold).
    local registered
    registered=$(curl -fsS -X POST "http://127.0.0.1:$CLINIC_GATEWAY_PORT/doctors" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $token" -d '{"name":"Dr. Bench Find","time_zone":"UTC"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
    curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$CLINIC_GATEWAY_PORT/doctors/$registered/working-hours" \
        -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
        -d '[{"day_of_week":"monday","start":"08:00","end":"16:00"}]'
    run_wrk fhir_find 64 "$SHORT" bench/get.lua \
        WRK_PATH="/fhir/r4/Appointment/\$find?start=2030-06-03&end=2030-06-03&practitioner=Practitioner/$registered"
    # A weekly series of ten occurrences per request (each booked through the saga, one after another).
    run_wrk series_10 8 "$SHORT" bench/series.lua WRK_PREFIX="series$RANDOM$RANDOM"
    # The same, all or none: the ten made in one transaction, held in one by doctor-availability.
    run_wrk series_10_atomic 8 "$SHORT" bench/series.lua WRK_PREFIX="atomic$RANDOM$RANDOM" WRK_ATOMIC=true
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

# ---- over time and past the maximum ------------------------------------------------------------------

json_array() { # values...
    local IFS=,
    echo "[$*]"
}

# The largest RSS of the services' processes, in MB.
largest_rss_mb() {
    local svc k name port rss largest=0
    while read -r svc k name port; do
        rss=$(( $(ps -o rss= -p "$(cat "$RUN_DIR/$name.pid")") / 1024 ))
        [ "$rss" -le "$largest" ] || largest=$rss
    done < <(instances)
    echo "$largest"
}

# Rows of the eventbus' outbox and inbox in the four databases, and their size on disk in MB: "rows mb".
eventbus_tables() {
    local svc rows=0 bytes=0 r b
    for svc in "${CLINIC_SERVICES[@]}"; do
        IFS='|' read -r r b <<<"$(sql "$(service_database "$svc")" "select
            (select count(*) from eventbus_outbox) + (select count(*) from eventbus_inbox),
            pg_total_relation_size('eventbus_outbox') + pg_total_relation_size('eventbus_inbox')")"
        rows=$((rows + r))
        bytes=$((bytes + b))
    done
    echo "$rows $((bytes / 1048576))"
}

# Messages the durable consumers have not yet acknowledged (waiting in NATS or being handled).
consumer_backlog() {
    curl -fsS "http://127.0.0.1:$(nats_monitor_port)/jsz?accounts=true&consumers=true" \
        | jq '[.account_details[]?.stream_detail[]?.consumer_detail[]? | .num_pending + .num_ack_pending] | add // 0'
}

# Restarts the stack's services (first replicas) with the environment of this shell.
restart_services() {
    local svc
    for svc in "${CLINIC_SERVICES[@]}"; do stop_pidfile "$RUN_DIR/$svc.pid" "$svc" >/dev/null; done
    for svc in "${CLINIC_SERVICES[@]}"; do start_service "$svc" 1 >/dev/null; done
    for svc in "${CLINIC_SERVICES[@]}"; do
        until http_ok "http://127.0.0.1:$(service_port "$svc")/q/health/ready"; do sleep 0.2; done
    done
}

# Bookings at half the maximum rate for the whole run, in ten windows: after each, its POST p99, the largest
# RSS, the outbox and inbox rows and MB, and the bookings not yet settled, as JSON arrays; then how the last
# window compares with the fourth (by then the tables have reached what housekeeping holds them to: the
# services run with a retention of a fifth of the run, pruned every twentieth). Then nothing may be stranded.
bench_soak() { # seconds
    local seconds=$1 windows=10 window prefix=soak$RANDOM$RANDOM i
    window=$((seconds / windows))
    local rate=$(( ${FIGURE[bookings_per_s]} / 2 ))
    [ "$rate" -ge 16 ] || rate=16
    local pause=$(( 16 * 1000 / rate )) p99=() rss=() rows=() mb=() unsettled=() offered=0 errors=0 r m
    for ((i = 1; i <= windows; i++)); do
        # A prefix per window (book.lua's doctors and times start again with each run), within the soak's.
        run_wrk soak_window 16 "$window" bench/book.lua WRK_PREFIX="$prefix-$i" WRK_DELAY_MS="$pause"
        offered=$((offered + FIGURE[soak_window_per_s]))
        errors=$((errors + FIGURE[soak_window_errors]))
        p99+=("${FIGURE[soak_window_p99_ms]}")
        rss+=("$(largest_rss_mb)")
        read -r r m <<<"$(eventbus_tables)"
        rows+=("$r")
        mb+=("$m")
        unsettled+=("$(bookings_of "$prefix" scheduled)")
        say "soak window $i of $windows: POST p99 ${p99[-1]} ms, RSS ${rss[-1]} MB, eventbus rows ${rows[-1]} (${mb[-1]} MB)"
    done
    # The windows' own figures are in the arrays below, not figures of their own.
    local key kept=()
    for key in "${FIGURE_ORDER[@]}"; do
        if [[ $key == soak_window_* ]]; then unset "FIGURE[$key]"; else kept+=("$key"); fi
    done
    FIGURE_ORDER=("${kept[@]}")
    figure soak_seconds "$seconds"
    figure soak_offered_per_s "$((offered / windows))"
    figure soak_errors "$errors"
    figure soak_post_p99_ms "$(json_array "${p99[@]}")"
    figure soak_largest_rss_mb "$(json_array "${rss[@]}")"
    figure soak_eventbus_rows "$(json_array "${rows[@]}")"
    figure soak_eventbus_mb "$(json_array "${mb[@]}")"
    figure soak_unsettled "$(json_array "${unsettled[@]}")"
    figure soak_post_p99_last_to_fourth "$(ratio "${p99[9]}" "${p99[3]}")"
    figure soak_rss_last_to_fourth "$(ratio "${rss[9]}" "${rss[3]}")"
    figure soak_eventbus_rows_last_to_fourth "$(ratio "${rows[9]}" "${rows[3]}")"
    figure soak_eventbus_mb_last_to_fourth "$(ratio "${mb[9]}" "${mb[3]}")"
    wait_for_saga "$prefix" 120
    figure soak_bookings "$(bookings_of "$prefix")"
    figure soak_stranded "$(bookings_of "$prefix" scheduled)"
}

# Twice the maximum booking rate for a minute (15 s with --quick), from 256 connections pacing themselves:
# how fast the answers stay, how many shed load (429 or 503, with Retry-After), how far the backlogs grow
# (sampled every second: messages the consumers have not acknowledged, bookings not yet settled), how long
# they take to drain once the load stops, and that nothing is lost: every booking answered 2xx is stored, and
# every stored one settled and notified.
bench_overload() {
    local seconds=60 connections=256 prefix=over$RANDOM$RANDOM
    [ -n "$QUICK" ] && seconds=15
    local rate=$(( ${FIGURE[bookings_per_s]} * 2 ))
    local pause=$(( connections * 1000 / rate )) samples=$CLINIC_STATE_DIR/bench-backlog.txt sampler
    : > "$samples"
    (
        while :; do
            echo "$(consumer_backlog) $(bookings_of "$prefix" scheduled)" >> "$samples"
            sleep 1
        done
    ) &
    sampler=$!
    run_wrk overload "$connections" "$seconds" bench/book.lua WRK_PREFIX="$prefix" WRK_DELAY_MS="$pause" \
        WRK_COUNT_SHED=1
    local stopped=$SECONDS
    local answered=$((WRK_REQUESTS - WRK_NON2XX)) stored
    figure overload_offered_per_s "$rate"
    # Answers neither 2xx nor shedding load, and requests without an answer: none is expected.
    figure overload_failed "$((WRK_NON2XX - FIGURE[overload_shed] + WRK_SOCKET_ERRORS))"
    stored=$(bookings_of "$prefix")
    figure overload_accepted_per_s "$(divide "$stored" "$seconds" 0)"
    # Drained: every booking settled and its notification sent.
    local deadline=$((SECONDS + 300)) settled sent
    while :; do
        settled=$(( stored - $(bookings_of "$prefix" scheduled) ))
        sent=$(notified_of "$prefix")
        [ "$settled" -ge "$stored" ] && [ "$sent" -ge "$stored" ] && break
        [ $SECONDS -lt $deadline ] || break
        sleep 1
    done
    figure overload_drain_s "$((SECONDS - stopped))"
    kill "$sampler" 2>/dev/null
    wait "$sampler" 2>/dev/null || true
    figure overload_backlog_max_messages "$(awk '$1 > m { m = $1 } END { print m + 0 }' "$samples")"
    figure overload_backlog_max_unsettled "$(awk '$2 > m { m = $2 } END { print m + 0 }' "$samples")"
    figure overload_answered_2xx_not_stored "$(( answered > stored ? answered - stored : 0 ))"
    figure overload_stranded "$((stored - settled))"
    figure overload_unnotified "$(( stored > sent ? stored - sent : 0 ))"
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
            bookings_per_s|saga_sustained_bookings_per_s|cpu_bound_bookings_per_s) against=$(ratio "${FIGURE[$key]}" "${FIGURE[booking_ceiling_tx_per_s]:-0}")" of booking tx ceiling" ;;
            get_by_id_per_s|doctor_day_per_s|free_slots_per_s|fhir_read_per_s|fhir_doctor_day_per_s|fhir_find_per_s) against=$(ratio "${FIGURE[$key]}" "${FIGURE[proxy_ceiling_per_s]:-0}")" of nginx->jvm ceiling" ;;
            proxy_ceiling_per_s) against=$(ratio "${FIGURE[$key]}" "${FIGURE[nginx_static_per_s]:-0}")" of nginx static" ;;
        esac
        printf '%-42s %14s   %s\n' "$key" "${FIGURE[$key]}" "$against"
    done
    {
        printf '{\n  "started_at": "%s",\n  "cores": %s,\n  "quick": %s,\n  "soak": %s,\n' "$BENCH_STARTED" \
            "$(nproc)" "$([ -n "$QUICK" ] && echo true || echo false)" "$([ -n "$SOAK" ] && echo true || echo false)"
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

# A duration as 90s, 30m or 2h, in seconds.
duration_seconds() { # duration
    case $1 in
        *[0-9]s) echo "${1%s}" ;;
        *[0-9]m) echo "$(( ${1%m} * 60 ))" ;;
        *[0-9]h) echo "$(( ${1%h} * 3600 ))" ;;
        *) die "a duration is a number with s, m or h: $1" ;;
    esac
}

cmd_bench() {
    QUICK= SOAK=
    case ${1:-} in
        --quick) QUICK=1 ;;
        --soak) SOAK=$(duration_seconds "${2:-30m}")
            [ "$SOAK" -ge 100 ] || die "a soak lasts 100 s at least (ten windows of 10 s)" ;;
        "") ;;
        *) die "usage: ./clinic bench [--quick | --soak DURATION]" ;;
    esac
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
    if [ -n "$SOAK" ]; then
        # The eventbus' tables reach, within the run, the size housekeeping holds them to.
        export CLINIC_EVENTBUS_OUTBOX_RETENTION=PT$((SOAK / 5))S CLINIC_EVENTBUS_INBOX_RETENTION=PT$((SOAK / 5))S
        export CLINIC_EVENTBUS_HOUSEKEEPING_INTERVAL=$((SOAK / 20))s
        say "restarting the services with a retention of $((SOAK / 5)) s, pruned every $((SOAK / 20)) s"
        restart_services
    fi
    say "warming up the services for ${WARM}s, then the saga drains (not measured)"
    bench_warm_up
    if [ -n "$SOAK" ]; then
        say "bookings at full rate, then $((SOAK / 60)) minutes at half that rate"
        bench_bookings
        bench_soak "$SOAK"
        unset CLINIC_EVENTBUS_OUTBOX_RETENTION CLINIC_EVENTBUS_INBOX_RETENTION CLINIC_EVENTBUS_HOUSEKEEPING_INTERVAL
        say "restarting the services with their usual retention"
        restart_services
        print_and_write
        return
    fi
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
    say "overload: twice the booking rate for $([ -n "$QUICK" ] && echo 15 || echo 60) s, then the backlog drains"
    bench_overload
    say "growth: list queries at $([ -n "$QUICK" ] && echo 10k || echo 10k, 100k and 1M) appointments"
    bench_growth
    bench_processes
    say "start: each service alone, then all four at once"
    bench_start
    print_and_write
}
