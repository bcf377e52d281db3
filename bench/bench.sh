# ./clinic bench [--quick]: the system's figures next to what this machine can do at all, measured in the
# same run. Sourced by ./clinic after lib.sh and stack.sh. Loopback only; bounded in time.

BENCH_DIR=$CLINIC_ROOT/bench
declare -A FIGURE
FIGURE_ORDER=()

figure() { # key value
    FIGURE[$1]=$2
    FIGURE_ORDER+=("$1")
}

# Runs wrk and turns its BENCH line into figures: <prefix>_per_s, _p50_ms, _p95_ms, _p99_ms, _errors.
run_wrk() { # prefix connections seconds script [env...]
    local prefix=$1 connections=$2 seconds=$3 script=$4 line
    shift 4
    line=$(cd "$CLINIC_ROOT" && env "$@" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s "$script" \
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
    BENCH_LAST_REQUESTS=$requests
}

sql() { # database query
    PGPASSWORD=$CLINIC_DB_PASSWORD psql -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U "$CLINIC_DB_USER" -d "$1" \
        -v ON_ERROR_STOP=1 -qtAX -c "$2"
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
    PGPASSWORD=$CLINIC_DB_PASSWORD psql -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U "$CLINIC_DB_USER" \
        -d clinic_bench -qX -v ON_ERROR_STOP=1 -f "$BENCH_DIR/booking-ceiling-schema.sql" >/dev/null
    local tps
    tps=$(PGPASSWORD=$CLINIC_DB_PASSWORD pgbench -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U "$CLINIC_DB_USER" \
        -n -c 16 -j 2 -T "$SHORT" -f "$BENCH_DIR/booking-transaction.sql" clinic_bench 2>/dev/null \
        | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -n 1)
    figure booking_ceiling_tx_per_s "$(printf '%.0f' "${tps:-0}")"
    pg_admin -c "drop database clinic_bench" </dev/null
}

bench_jetstream_ceiling() {
    local jar line
    jar=$(ls "$HOME"/.m2/repository/io/nats/jnats/*/jnats-*.jar 2>/dev/null | grep -v sources | sort -V | tail -n 1)
    [ -n "$jar" ] || die "jnats is not in the local Maven repository; build once first"
    line=$("$JAVA_HOME/bin/java" -cp "$jar" "$BENCH_DIR/JetStreamPublish.java" "$NATS_URL" "$SHORT" | grep '^BENCH ')
    figure jetstream_publish_ack_per_s "$(sed -E 's/.*=([0-9]+).*/\1/' <<<"$line")"
}

# ---- the system ----------------------------------------------------------------------------------------

wait_for_saga() { # prefix seconds: until no booking of the run is still scheduled
    local deadline=$((SECONDS + $2)) left
    while :; do
        left=$(sql appointment "select count(*) from appointment where patient_id like 'bench-patient-$1-%'
            and status = 'scheduled'")
        [ "$left" = 0 ] || [ $SECONDS -ge $deadline ] && break
        sleep 1
    done
}

# The JIT compiles the hot paths during the first seconds of load: those seconds are not measured.
bench_warm_up() {
    local ids=$CLINIC_STATE_DIR/bench-ids.txt
    (cd "$CLINIC_ROOT" && WRK_PREFIX=warm$RANDOM wrk -t2 -c16 -d"${WARM}s" -s bench/book.lua \
        "http://127.0.0.1:$CLINIC_GATEWAY_PORT" >/dev/null)
    sql appointment "select id from appointment order by random() limit 2000" > "$ids"
    (cd "$CLINIC_ROOT" && WRK_PATH=/appointments/ WRK_IDS_FILE="$ids" wrk -t2 -c16 -d"${WARM}s" -s bench/get.lua \
        "http://127.0.0.1:$CLINIC_GATEWAY_PORT" >/dev/null)
    sleep 3
}

bench_bookings() {
    local prefix=max$RANDOM$RANDOM
    run_wrk booking_post 32 "$LONG" bench/book.lua WRK_PREFIX="$prefix"
    figure bookings_per_s "${FIGURE[booking_post_per_s]}"
    figure booking_post_p99_ms "${FIGURE[booking_post_p99_ms]}"
    wait_for_saga "$prefix" 60
    figure bookings_confirmed "$(sql appointment "select count(*) from appointment
        where patient_id like 'bench-patient-$prefix-%' and status = 'confirmed'")"
    figure bookings_still_scheduled "$(sql appointment "select count(*) from appointment
        where patient_id like 'bench-patient-$prefix-%' and status = 'scheduled'")"
}

bench_reads() {
    local ids=$CLINIC_STATE_DIR/bench-ids.txt
    sql appointment "select id from appointment order by random() limit 2000" > "$ids"
    run_wrk get_by_id 64 "$SHORT" bench/get.lua WRK_PATH=/appointments/ WRK_IDS_FILE="$ids"
    # A doctor's day: 16 appointments booked through the API.
    local doctor=bench-day-$RANDOM$RANDOM hour
    for hour in $(seq 8 15); do
        for minute in 00 30; do
            curl -fsS -o /dev/null -X POST "http://127.0.0.1:$CLINIC_GATEWAY_PORT/appointments" \
                -H 'Content-Type: application/json' \
                -d "{\"patient_id\":\"bench-patient-day\",\"doctor_id\":\"$doctor\",\"appointment_time\":\"2030-06-03T$(printf %02d "$hour"):$minute:00Z\"}"
        done
    done
    run_wrk doctor_day 64 "$SHORT" bench/get.lua \
        WRK_PATH="/appointments/doctor/$doctor?from=2030-06-03T00:00:00Z&to=2030-06-04T00:00:00Z"
    run_wrk free_slots 64 "$SHORT" bench/get.lua WRK_PATH="/doctors/$doctor/slots?date=2030-06-03&duration=30"
}

bench_saga_latency() {
    # Half the measured booking rate, spread over 16 connections pacing themselves.
    local rate=$(( ${FIGURE[bookings_per_s]} / 2 )) prefix=paced$RANDOM$RANDOM
    [ "$rate" -ge 16 ] || rate=16
    local pause=$(( 16 * 1000 / rate ))
    run_wrk saga_post 16 "$LONG" bench/book.lua WRK_PREFIX="$prefix" WRK_PREFER=wait=5 WRK_DELAY_MS="$pause"
    figure saga_offered_per_s "${FIGURE[saga_post_per_s]}"
    figure confirmed_p50_ms "${FIGURE[saga_post_p50_ms]}"
    figure confirmed_p95_ms "${FIGURE[saga_post_p95_ms]}"
    figure confirmed_p99_ms "${FIGURE[saga_post_p99_ms]}"
    # scheduled -> notification.sent, from the events' own timestamps (two databases, one server).
    local deadline=$((SECONDS + 60)) booked sent
    booked=$(sql appointment "select count(*) from appointment where patient_id like 'bench-patient-$prefix-%'")
    while :; do
        sent=$(sql notifications "select count(*) from eventbus_outbox where subject = 'notification.sent'
            and payload like '%bench-patient-$prefix-%'")
        [ "$sent" -ge "$booked" ] || [ $SECONDS -ge $deadline ] && break
        sleep 1
    done
    sql appointment "drop table if exists bench_sent; create table bench_sent (appointment_id text, sent_at timestamptz)"
    sql notifications "copy (select payload::json->'data'->>'appointment_id', (payload::json->>'time')::timestamptz
        from eventbus_outbox where subject = 'notification.sent' and payload like '%bench-patient-$prefix-%') to stdout" \
        | PGPASSWORD=$CLINIC_DB_PASSWORD psql -h "$CLINIC_DB_HOST" -p "$CLINIC_DB_PORT" -U "$CLINIC_DB_USER" \
            -d appointment -qX -c "copy bench_sent from stdin"
    local row
    row=$(sql appointment "with scheduled as (
            select payload::json->>'subject' as id, (payload::json->>'time')::timestamptz as at from eventbus_outbox
            where subject = 'appointment.scheduled' and payload like '%bench-patient-$prefix-%'),
        latency as (select extract(epoch from s.sent_at - b.at) * 1000 as ms, s.sent_at, b.at
            from scheduled b join bench_sent s on s.appointment_id = b.id)
        select round(percentile_cont(0.5) within group (order by ms)::numeric, 1),
               round(percentile_cont(0.95) within group (order by ms)::numeric, 1),
               round(percentile_cont(0.99) within group (order by ms)::numeric, 1),
               round((count(*) / greatest(extract(epoch from max(sent_at) - min(at)), 0.001))::numeric, 0)
        from latency")
    sql appointment "drop table bench_sent"
    IFS='|' read -r p50 p95 p99 sustained <<<"$row"
    figure notification_sent_p50_ms "${p50:-0}"
    figure notification_sent_p95_ms "${p95:-0}"
    figure notification_sent_p99_ms "${p99:-0}"
    figure notifications_sent "$sent"
    figure saga_bookings "$booked"
    # Sustained: bookings whose whole saga (confirmed and notified) ended, per second from first to last.
    figure saga_sustained_bookings_per_s "${sustained:-0}"
}

bench_growth() {
    local sizes=(10000 100000 1000000) size loaded=0
    [ -n "$QUICK" ] && sizes=(10000)
    for size in "${sizes[@]}"; do
        # Loaded in bulk, straight into the table: 5,000 doctors with appointments every 30 minutes.
        sql appointment "insert into appointment (id, patient_id, doctor_id, start_at, end_at, duration_minutes,
                status, time_zone, version, created_at, updated_at)
            select gen_random_uuid(), 'growth-p' || (i % 50000), 'growth-d' || (i % 5000),
                timestamptz '2031-01-01' + (i / 5000) * interval '30 minutes',
                timestamptz '2031-01-01' + (i / 5000) * interval '30 minutes' + interval '30 minutes', 30,
                'completed', 'UTC', 1, now(), now()
            from generate_series($loaded, $((size - 1))) as i" >/dev/null
        sql appointment "analyze appointment" >/dev/null
        loaded=$size
        run_wrk "growth_${size}_doctor_day" 32 "$SHORT" bench/get.lua \
            WRK_PATH="/appointments/doctor/growth-d42?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z"
        run_wrk "growth_${size}_patient" 32 "$SHORT" bench/get.lua WRK_PATH="/appointments/patient/growth-p123"
    done
    sql appointment "delete from appointment where doctor_id like 'growth-d%'" >/dev/null
}

bench_processes() {
    local svc k name port pid log started
    while read -r svc k name port; do
        pid=$(cat "$RUN_DIR/$name.pid")
        figure "rss_mb_$name" "$(( $(ps -o rss= -p "$pid") / 1024 ))"
        log=$LOG_DIR/$name.log
        started=$(grep -o 'started in [0-9.]*s' "$log" | tail -n 1 | grep -o '[0-9.]*' | head -n 1)
        figure "start_s_$name" "${started:-0}"
    done < <(instances)
}

ratio() { # value ceiling
    awk -v v="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.2f", v / c; else printf "-" }'
}

print_and_write() {
    local out=$CLINIC_ROOT/bench/results json key first=1
    mkdir -p "$out"
    json=$out/bench-$(date -u +%Y%m%dT%H%M%SZ).json
    printf '\n%-42s %14s   %s\n' FIGURE VALUE "RATIO TO CEILING"
    for key in "${FIGURE_ORDER[@]}"; do
        local against=""
        case $key in
            bookings_per_s|saga_sustained_bookings_per_s) against=$(ratio "${FIGURE[$key]}" "${FIGURE[booking_ceiling_tx_per_s]}")" of booking tx ceiling" ;;
            get_by_id_per_s|doctor_day_per_s|free_slots_per_s) against=$(ratio "${FIGURE[$key]}" "${FIGURE[proxy_ceiling_per_s]}")" of nginx->jvm ceiling" ;;
            proxy_ceiling_per_s) against=$(ratio "${FIGURE[$key]}" "${FIGURE[nginx_static_per_s]}")" of nginx static" ;;
        esac
        printf '%-42s %14s   %s\n' "$key" "${FIGURE[$key]}" "$against"
    done
    {
        printf '{\n  "started_at": "%s",\n  "cores": %s,\n  "quick": %s,\n' "$BENCH_STARTED" "$(nproc)" \
            "$([ -n "$QUICK" ] && echo true || echo false)"
        printf '  "rss_mb": {'
        first=1
        for key in "${FIGURE_ORDER[@]}"; do
            [[ $key == rss_mb_* ]] || continue
            [ -n "$first" ] || printf ','
            printf '"%s": %s' "${key#rss_mb_}" "${FIGURE[$key]}"
            first=
        done
        printf '},\n  "start_s": {'
        first=1
        for key in "${FIGURE_ORDER[@]}"; do
            [[ $key == start_s_* ]] || continue
            [ -n "$first" ] || printf ','
            printf '"%s": %s' "${key#start_s_}" "${FIGURE[$key]}"
            first=
        done
        printf '}'
        for key in "${FIGURE_ORDER[@]}"; do
            [[ $key == rss_mb_* || $key == start_s_* ]] && continue
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
    LONG=20 SHORT=8 WARM=10
    [ -n "$QUICK" ] && LONG=5 SHORT=3 WARM=4
    BENCH_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    export PGOPTIONS="-c client_min_messages=warning"
    command -v wrk >/dev/null || apt_install wrk
    # The write rate limit is off for the benchmark (it is off unless CLINIC_WRITE_RATE_LIMIT is set).
    CLINIC_WRITE_RATE_LIMIT=0 cmd_up >/dev/null
    NATS_URL=$(cat "$CLINIC_STATE_DIR/nats.url")
    BENCH_GATEWAY_PORT=$CLINIC_GATEWAY_PORT
    say "ceilings: nginx, nginx -> JVM, the booking transaction in PostgreSQL, JetStream publish"
    bench_nginx_ceilings
    bench_booking_ceiling
    bench_jetstream_ceiling
    say "warming up the services (not measured)"
    bench_warm_up
    say "bookings at full rate through :$CLINIC_GATEWAY_PORT"
    bench_bookings
    say "reads: by id, a doctor's day, free slots"
    bench_reads
    say "saga latency at half the booking rate"
    bench_saga_latency
    say "growth: list queries at $([ -n "$QUICK" ] && echo 10k || echo 10k, 100k and 1M) appointments"
    bench_growth
    bench_processes
    print_and_write
}
