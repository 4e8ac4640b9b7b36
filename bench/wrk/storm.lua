-- wrk script for the noisy-neighbour phase: tenant A's storm of vendor work, cycling through track,
-- refresh and enqueue on A's connection (whose vendor hangs). Answers are not checked: A is expected
-- to be refused (429/503) beyond its share.
-- usage: wrk ... -s storm.lua http://127.0.0.1:PORT -- API_KEY CONNECTION_ID JOB_ID
local counter = 0
local key, connection, job

function init(args)
  key, connection, job = args[1], args[2], args[3]
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/json"
  counter = math.random(1, 1000000)
end

function request()
  counter = counter + 1
  local kind = counter % 3
  if kind == 0 then
    return wrk.format("POST", "/api/v1/jobs/track", nil,
      '{"connectionId":"' .. connection .. '","externalId":"storm-' .. counter .. '"}')
  elseif kind == 1 then
    return wrk.format("POST", "/api/v1/jobs/" .. job .. "/refresh", nil, "")
  end
  return wrk.format("POST", "/api/v1/jobs", nil, '{"connectionId":"' .. connection .. '","type":"data_sync_all"}')
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("BENCH-RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d non2xx=%d errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
