-- POST /auth/refresh, each request spending a current refresh token and keeping the one its
-- response sets, so that every token chain is used by one request at a time, as a browser does.
-- wrk ... -s refresh.lua URL/auth/refresh -- SESSIONS_FILE WRK_THREADS
-- SESSIONS_FILE holds one refresh token per line, from as many logins; thread i takes lines
-- i, i+T, i+2T, ... Give each thread more tokens than connections: a refused refresh (counted
-- by wrk as a non-2xx answer) sets no successor, so its chain ends there.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

setup = common.setup
done = common.done

function init(args)
  common.chains(args[1], tonumber(args[2]))
  wrk.method = "POST"
end

function request()
  local token = common.take() -- none left: sent without one, refused with 401
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
  common.keep(cookie:match("^refresh_token=([^;]+)"))
end
