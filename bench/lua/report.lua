-- A fixed request given on wrk's command line (URL, -H), reported the benchmark's way:
-- GET /users/me with -H "Cookie: access_token=...", and the ceiling endpoint without a cookie.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

setup = common.setup
done = common.done
