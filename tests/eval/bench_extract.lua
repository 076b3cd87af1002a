-- bench_extract.lua -- the speed of extractors over the stored documents.
--
--   lede --db STORE run tests/eval/bench_extract.lua MOD,MOD... [--profile [N]]
--
-- Runs require("lede.extract").new{extractors = {MOD, ...}} over every
-- document of the store (:process(doc)), then the same with no extractor
-- (the driver's floor: reading documents, sentences and paragraphs), and
-- prints documents, MB of text, CPU seconds (os.clock) and MB/s of each.
-- The first document is processed once before timing, so that loading the
-- data files (gazetteers, word lists) is reported apart ("setup").
-- --profile samples the Lua line running every 1000 VM instructions during
-- the extractor pass and prints the N (default 25) most frequent lines:
-- a ranking of where the time goes, not exact costs (time spent in C, such
-- as LPeg matches and gazetteer scans, is charged to the calling line only
-- through the instructions around it).
local lede = require "lede"
local extract = require "lede.extract"

local mods, profile = {}, nil
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "--profile" then
    profile = 25
    if tonumber(arg[i + 1]) then i = i + 1; profile = tonumber(arg[i]) end
  else
    for m in a:gmatch("[^,]+") do mods[#mods + 1] = m end
  end
  i = i + 1
end
if #mods == 0 then
  io.stderr:write("usage: lede --db STORE run tests/eval/bench_extract.lua MOD,MOD... [--profile [N]]\n")
  os.exit(1)
end

local db = lede.open()

-- One pass over the store: documents, bytes of text, CPU seconds.
local function pass(runner, hook)
  local n, bytes = 0, 0
  local t0 = os.clock()
  if hook then debug.sethook(hook, "", 1000) end
  for doc in db:docs() do
    runner:process(doc)
    n = n + 1
    bytes = bytes + #doc.text
  end
  if hook then debug.sethook() end
  return n, bytes, os.clock() - t0
end

local function report(label, n, bytes, secs)
  local mb = bytes / 1e6
  print(("%-8s %6d docs  %8.2f MB  %8.3f s  %8.2f MB/s"):format(
    label, n, mb, secs, secs > 0 and mb / secs or math.huge))
end

local runner = extract.new{ extractors = mods }
local t0 = os.clock()
for doc in db:docs() do -- luacheck: ignore 512 (the first document only)
  runner:process(doc)
  break
end
print(("extractors: %s"):format(table.concat(mods, ",")))
print(("setup    %.3f s (loading data, first document)"):format(os.clock() - t0))

local counts, fcounts, hook
if profile then
  counts, fcounts = {}, {}
  hook = function()
    local info = debug.getinfo(2, "Sl")
    if info then
      local src = info.short_src:match("[^/]*/[^/]*$") or info.short_src
      local key = src .. ":" .. (info.currentline or 0)
      counts[key] = (counts[key] or 0) + 1
      local fkey = src .. ":" .. (info.linedefined or 0)
      fcounts[fkey] = (fcounts[fkey] or 0) + 1
    end
  end
end
local n, bytes, secs = pass(runner, hook)
report("extract", n, bytes, secs)
local fn, fbytes, fsecs = pass(extract.new{ extractors = {} })
report("floor", fn, fbytes, fsecs)
if secs > fsecs then
  print(("extractors alone: %.2f MB/s"):format(bytes / 1e6 / (secs - fsecs)))
end

-- The most sampled keys of a count table.
local function top(title, t)
  local rows, total = {}, 0
  for k, c in pairs(t) do rows[#rows + 1] = { k, c }; total = total + c end
  table.sort(rows, function(a, b) return a[2] > b[2] end)
  print(("%s: %d samples"):format(title, total))
  for r = 1, math.min(profile, #rows) do
    print(("%6d %5.1f%%  %s"):format(rows[r][2], 100 * rows[r][2] / total, rows[r][1]))
  end
end

if counts then
  top("profile by function (file:line where defined)", fcounts)
  top("profile by line", counts)
end
