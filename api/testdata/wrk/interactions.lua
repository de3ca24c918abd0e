-- wrk script: POST /api/v1/interactions, a new interaction and buyer per request,
-- with the API key from the environment (KEY) and the rep bench-1.
--   KEY=... wrk -t2 -c16 -d20s --latency -s api/testdata/wrk/interactions.lua http://127.0.0.1:8080
local key = os.getenv("KEY")
local run = tostring(os.time())
local threads = 0
local counter = 0
setup = function(thread)
  thread:set("tid", threads) -- a global of the thread's own state
  threads = threads + 1
end
request = function()
  counter = counter + 1
  local id = string.format("%s-%d-%d", run, tid, counter)
  local at = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 600)
  local body = string.format('{"external_id":"wrk-%s","rep":"bench-1","buyer":{"email":"wrk-%s@buyer.test"},"occurred_at":"%s","kind":"meeting"}',
    id, id, at)
  return wrk.format("POST", "/api/v1/interactions",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end
local shown = 0
response = function(status, headers, body)
  if status >= 300 and shown < 3 then
    shown = shown + 1
    io.write(string.format("status %d: %s\n", status, body))
  end
end
done = function(summary, latency, requests)
  io.write(string.format("non2xx_or_errors: status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
