-- A POST with a fixed body: POST /auth/login with a pre-registered user's credentials as JSON,
-- Keycloak's password grant (bench/keycloak) as a form.
-- wrk ... -s post.lua URL -- CONTENT_TYPE BODY [DELAY_MS]
-- DELAY_MS (soak) waits that long before each request, to mix a few logins into other load.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

setup = common.setup
done = common.done

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = args[1]
  wrk.body = args[2]
  local wait = tonumber(args[3] or "0")
  if wait > 0 then
    delay = function() return wait end
  end
end
