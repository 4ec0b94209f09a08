-- POST /realms/REALM/protocol/openid-connect/token, grant_type=refresh_token, each request
-- spending a current refresh token and keeping the one its answer returns, as refresh.lua does
-- for Latchkey: with refresh token rotation (revokeRefreshToken, refreshTokenMaxReuse 0) each
-- token is good for one refresh, so every chain is used by one request at a time.
-- wrk ... -s keycloak-refresh.lua URL/token -- CLIENT_ID SESSIONS_FILE WRK_THREADS
-- SESSIONS_FILE holds one refresh token per line, from as many password grants; thread i takes
-- lines i, i+T, i+2T, ... Give each thread more tokens than connections: a refused refresh
-- (counted by wrk as an error answer) returns no successor, so its chain ends there.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

setup = common.setup
done = common.done

local prefix

function init(args)
  prefix = "grant_type=refresh_token&client_id=" .. args[1] .. "&refresh_token="
  common.chains(args[2], tonumber(args[3]))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  return wrk.format(nil, nil, nil, prefix .. (common.take() or "")) -- none left: refused with 400
end

function response(status, headers, body)
  if status ~= 200 then
    return
  end
  -- Keycloak's JSON answer: {"access_token":"...","expires_in":...,"refresh_token":"...",...};
  -- tokens are JWTs (base64url and dots), never escaped.
  common.keep(body:match('"refresh_token"%s*:%s*"([^"]+)"'))
end
