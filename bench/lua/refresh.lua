-- POST /auth/refresh, each request spending a current refresh token and keeping the one its
-- response sets, so that every token chain is used by one request at a time, as a browser does.
-- wrk ... -s refresh.lua URL/auth/refresh -- SESSIONS_FILE WRK_THREADS
-- SESSIONS_FILE holds one refresh token per line, from as many logins; thread i takes lines
-- i, i+T, i+2T, ... Give each thread more tokens than connections: a refused refresh (counted
-- by wrk as a non-2xx answer) sets no successor, so its chain ends there.
-- wrk's Lua sees one state per thread, not per connection: the thread keeps a queue of current
-- tokens; a request takes the oldest and its response puts the successor at the back.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

setup = common.setup
done = common.done

local queue, head, tail = {}, 1, 0

function init(args)
  local threads = tonumber(args[2])
  local line = 0
  for token in io.lines(args[1]) do
    if token ~= "" then
      if line % threads == id then
        tail = tail + 1
        queue[tail] = token
      end
      line = line + 1
    end
  end
  wrk.method = "POST"
end

function request()
  local token = nil
  if head <= tail then
    token = queue[head]
    queue[head] = nil
    head = head + 1
  else
    script_errors = script_errors + 1 -- no token left: sent without one, refused with 401
  end
  local headers = {}
  if token then
    headers["Cookie"] = "refresh_token=" .. token
  end
  return wrk.format(nil, nil, headers, nil)
end

function response(status, headers, body)
  if status ~= 200 then
    return
  end
  -- wrk keeps one value per header name: the last Set-Cookie, which Latchkey writes for
  -- refresh_token after access_token (AuthCookies.issued).
  local cookie = headers["Set-Cookie"] or headers["set-cookie"] or ""
  local token = cookie:match("^refresh_token=([^;]+)")
  if token then
    tail = tail + 1
    queue[tail] = token
  else
    script_errors = script_errors + 1
  end
end
