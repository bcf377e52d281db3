-- Shared by the wrk scripts: one machine-readable line at the end of a run.
local report = {}

function report.done(summary, latency, requests)
    io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d non2xx=%d errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
        summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
            + summary.errors.timeout))
end

return report
