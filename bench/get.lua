-- GET a path (WRK_PATH); with WRK_IDS_FILE, GET WRK_PATH .. id for ids read from the file, round robin.
local report = require "bench.report"
local path = os.getenv("WRK_PATH") or "/"
local ids = {}
local file = os.getenv("WRK_IDS_FILE")
if file then
    for line in io.lines(file) do
        if line ~= "" then ids[#ids + 1] = line end
    end
end
local counter = 0
local token = os.getenv("WRK_TOKEN")

function init(args)
    if token and token ~= "" then
        wrk.headers["Authorization"] = "Bearer " .. token
    end
end

function setup(thread)
    thread:set("offset", math.random(1, 100000))
end

function request()
    counter = counter + 1
    if #ids > 0 then
        return wrk.format("GET", path .. ids[((counter + offset) % #ids) + 1])
    end
    return wrk.format("GET", path)
end

done = report.done
