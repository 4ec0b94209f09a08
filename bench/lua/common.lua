-- Shared by the benchmark's wrk scripts (loaded with dofile): numbers each wrk thread, collects
-- the threads' own error counts, prints one machine-readable line that bench/run (and
-- bench/keycloak) reads, and keeps the refresh scripts' token chains.
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

-- Token chains (refresh.lua, keycloak-refresh.lua). wrk's Lua sees one state per thread, not
-- per connection: the thread keeps a queue of current tokens; a request takes the oldest and
-- its response puts the successor at the back, so every chain is used by one request at a time.
local queue, head, tail = {}, 1, 0

-- Fills this thread's queue from FILE, one token per line: thread i takes lines i, i+T, ...
function common.chains(file, threads)
  local line = 0
  for token in io.lines(file) do
    if token ~= "" then
      if line % threads == id then
        tail = tail + 1
        queue[tail] = token
      end
      line = line + 1
    end
  end
end

-- The oldest current token, or nil (a script error) when every chain of the thread has ended.
function common.take()
  if head > tail then
    script_errors = script_errors + 1
    return nil
  end
  local token = queue[head]
  queue[head] = nil
  head = head + 1
  return token
end

-- Keeps the successor a successful response returned; nil (none in it) is a script error.
function common.keep(token)
  if token then
    tail = tail + 1
    queue[tail] = token
  else
    script_errors = script_errors + 1
  end
end

return common
