-- wrk script for signed Finch webhooks: each wrk thread sends the deliveries of its own file
-- (written by BenchTool webhooks: path, event id, timestamp, signature, body; tab-separated), each
-- once; after the last one the thread stops sending (wrk then only waits for the duration to end).
-- usage: wrk ... -s webhooks.lua http://127.0.0.1:PORT -- FILE_PREFIX
local lines = {}
local next_line = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1] .. "." .. id) do
    local path, event, ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    table.insert(lines, wrk.format("POST", path, {
      ["Content-Type"] = "application/json",
      ["Finch-Event-Id"] = event,
      ["Finch-Timestamp"] = ts,
      ["Finch-Signature"] = sig,
    }, body))
  end
end

function request()
  next_line = next_line + 1
  if next_line > #lines then
    -- every delivery of this thread was sent: repeat the last one (a duplicate: answered 200, not stored)
    next_line = #lines
  end
  return lines[next_line]
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("BENCH-RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
