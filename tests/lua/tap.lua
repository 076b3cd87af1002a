-- tap.lua -- TAP helpers for the Lua test scripts run with `lede run`
-- (tests/lua/*_test.lua), whose lines the tests/NN-*.t drivers renumber:
--   local DIR = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
--   local tap = dofile(DIR .. "/tap.lua")
--   local ok, is = tap.ok, tap.is
--   ok(cond, name [, diagnostics]); is(got, want, name); tap.skip(why);
--   tap.done()
-- is() shows strings quoted and lede.json.null as null; tap.done() prints
-- the plan and exits non-zero when a check failed.
local null = require("lede").json.null

local tap = { n = 0, failed = 0 }

local function show(v)
  if v == null then return "null" end
  if type(v) == "string" then return ("%q"):format(v) end
  return tostring(v)
end
tap.show = show

function tap.ok(cond, name, diag)
  tap.n = tap.n + 1
  if cond then
    print(("ok %d - %s"):format(tap.n, name))
  else
    tap.failed = tap.failed + 1
    print(("not ok %d - %s"):format(tap.n, name))
    if diag then print("#   " .. diag:gsub("\n", "\n#   ")) end
  end
  return cond
end

function tap.is(got, want, name)
  return tap.ok(got == want, name, "got:  " .. show(got) .. "\nwant: " .. show(want))
end

function tap.skip(why)
  tap.n = tap.n + 1
  print(("ok %d # SKIP %s"):format(tap.n, why))
end

function tap.done()
  print(("1..%d"):format(tap.n))
  os.exit(tap.failed == 0 and 0 or 1)
end

return tap
