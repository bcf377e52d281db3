-- POST /appointments with a distinct doctor per request, so bookings never overlap: what is measured is the
-- booking path, not the conflict path. WRK_PREFER sets a Prefer header (e.g. wait=5); WRK_DELAY_MS paces
-- each connection (a delay before every request), for runs at a chosen rate. WRK_COUNT_SHED counts the answers
-- that shed load (429 and 503) and those of them without a Retry-After header.
local report = require "bench.report"
local prefix = os.getenv("WRK_PREFIX") or tostring(os.time())
local prefer = os.getenv("WRK_PREFER")
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "0")
local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", #threads + 1)
    threads[#threads + 1] = thread
end

local token = os.getenv("WRK_TOKEN")

function init(args)
    wrk.headers["Content-Type"] = "application/json"
    if token and token ~= "" then
        wrk.headers["Authorization"] = "Bearer " .. token
    end
    if prefer then
        wrk.headers["Prefer"] = prefer
    end
end

function request()
    counter = counter + 1
    local day = 1 + (counter % 28)
    local body = string.format('{"patient_id":"bench-patient-%s-%d-%d","doctor_id":"bench-%s-%d-%d",'
        .. '"appointment_time":"2030-%02d-%02dT%02d:%02d:00Z","duration_minutes":30}',
        prefix, id, counter % 1000, prefix, id, counter, 1 + (counter % 12), day, 8 + (counter % 10),
        (counter % 2) * 30)
    return wrk.format("POST", "/appointments", nil, body)
end

function delay()
    return pause
end

shed = 0
shed_without_retry_after = 0
if os.getenv("WRK_COUNT_SHED") then
    function response(status, headers, body)
        if status == 429 or status == 503 then
            shed = shed + 1
            if not headers["Retry-After"] and not headers["retry-after"] then
                shed_without_retry_after = shed_without_retry_after + 1
            end
        end
    end
end

function done(summary, latency, requests)
    report.done(summary, latency, requests)
    if not os.getenv("WRK_COUNT_SHED") then
        return
    end
    local total, without = 0, 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("shed")
        without = without + thread:get("shed_without_retry_after")
    end
    io.write(string.format("BENCH_SHED shed=%d without_retry_after=%d\n", total, without))
end
