-- POST /auth/login with a pre-registered user's credentials.
-- wrk ... -s login.lua URL/auth/login -- EMAIL PASSWORD [DELAY_MS]
-- DELAY_MS (soak) waits that long before each request, to mix a few logins into other load.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

setup = common.setup
done = common.done

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = string.format('{"email":"%s","password":"%s"}', args[1], args[2])
  local wait = tonumber(args[3] or "0")
  if wait > 0 then
    delay = function() return wait end
  end
end
