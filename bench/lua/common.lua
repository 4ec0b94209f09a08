-- Shared by the benchmark's wrk scripts (loaded with dofile): numbers each wrk thread, collects
-- the threads' own error counts, and prints one machine-readable line that bench/run reads.
local common = {}
local threads = {}

-- setup(thread) runs in wrk's main Lua state once per thread, before that thread's init(args).
function common.setup(thread)
  thread:set("id", #threads)
  thread:set("script_errors", 0)
  table.insert(threads, thread)
end

function common.done(summary, latency, requests)
  local script_errors = 0
  for _, thread in ipairs(threads) do
    script_errors = script_errors + (thread:get("script_errors") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d socket_errors=%d script_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout, script_errors))
end

return common
