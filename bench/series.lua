-- POST /appointments/series: a weekly series of 10 occurrences, each with a doctor of its own so no series meets
-- another; what is measured is one request that books ten appointments through the saga (ten holds, ten events).
-- WRK_ATOMIC=true books them all or none: one transaction here, one in doctor-availability.
local report = require "bench.report"
local prefix = os.getenv("WRK_PREFIX") or tostring(os.time())
local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", #threads + 1)
    threads[#threads + 1] = thread
end

local token = os.getenv("WRK_TOKEN")
local atomic = os.getenv("WRK_ATOMIC") == "true"

function init(args)
    wrk.headers["Content-Type"] = "application/json"
    if token and token ~= "" then
        wrk.headers["Authorization"] = "Bearer " .. token
    end
end

function request()
    counter = counter + 1
    local body = string.format('{"patient_id":"bench-patient-%s-%d","doctor_id":"bench-series-%s-%d-%d",'
        .. '"appointment_time":"2031-01-%02dT09:00:00Z","duration_minutes":30,"rrule":"FREQ=WEEKLY;COUNT=10"%s}',
        prefix, id, prefix, id, counter, 1 + (counter % 28), atomic and ',"atomic":true' or '')
    return wrk.format("POST", "/appointments/series", nil, body)
end

done = report.done
