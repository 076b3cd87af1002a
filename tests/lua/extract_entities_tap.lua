-- extract_entities_tap.lua -- the small TAP harness and helpers shared by the
-- extractor tests run with `lede run` (tests/lua/extract_*_test.lua):
--   local t = dofile(DIR .. "/extract_entities_tap.lua")
--   local spans = t.extract({"lede.extract.places"}, "some text")
--   t.is(got, want, "name"); t.ok(cond, "name"); t.done()
local lede = require "lede"
local extract = require "lede.extract"

local t = { n = 0, failed = 0 }

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

function t.ok(cond, name)
  t.n = t.n + 1
  if cond then
    print("ok " .. t.n .. " - " .. name)
  else
    print("not ok " .. t.n .. " - " .. name)
    t.failed = t.failed + 1
  end
  return cond
end

function t.is(got, want, name)
  if not t.ok(got == want, name) then
    print("#   got:  " .. show(got))
    print("#   want: " .. show(want))
  end
end

function t.skip(why)
  t.n = t.n + 1
  print("ok " .. t.n .. " # SKIP " .. why)
end

function t.done()
  print("1.." .. t.n)
  os.exit(t.failed == 0 and 0 or 1)
end

-- Runs the extractors (module names) over text; returns the spans, each
-- with .text set.
local runners = {}
function t.extract(mods, text, fields)
  local key = table.concat(mods, ",")
  local x = runners[key]
  if not x then
    x = extract.new { extractors = mods }
    runners[key] = x
  end
  fields = fields or {}
  local doc = lede.document(text, { id = fields.id or "t", date = fields.date })
  local out = x:process(doc)
  for _, sp in ipairs(out) do sp.text = doc:sub(sp.s, sp.e) end
  return out
end

-- The spans of one kind, as "text=name" strings joined by "|".
function t.list(spans, kind, field)
  local out = {}
  for _, sp in ipairs(spans) do
    if sp.kind == kind then
      local v = sp.attrs[field or "name"]
      out[#out + 1] = sp.text .. "=" .. tostring(v)
    end
  end
  return table.concat(out, "|")
end

-- The first span of kind whose text is text.
function t.find(spans, kind, text)
  for _, sp in ipairs(spans) do
    if sp.kind == kind and sp.text == text then return sp end
  end
  return nil
end

return t
