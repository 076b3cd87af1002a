-- predict.lua -- runs the extractors over a JSONL corpus without a store and
-- prints their spans as span JSONL (what `make eval` scores).
--
--   lede run tests/eval/predict.lua CORPUS.jsonl [--kinds K,...] [--with FILE.lua]
--        [--only ID] [--extractors MOD,...]   (default: the standard extractors)
local lede = require "lede"
local extract = require "lede.extract"
local spanjson = require "lede.spanjson"

local path, kinds, with, only, mods = nil, nil, {}, nil, nil
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "--kinds" then i = i + 1; kinds = {}; for k in arg[i]:gmatch("[^,]+") do kinds[#kinds + 1] = k end
  elseif a == "--with" then i = i + 1; with[#with + 1] = arg[i]
  elseif a == "--only" then i = i + 1; only = arg[i]
  elseif a == "--extractors" then i = i + 1; mods = {}; for m in arg[i]:gmatch("[^,]+") do mods[#mods + 1] = m end
  else path = a end
  i = i + 1
end
if not path then
  io.stderr:write("usage: lede run tests/eval/predict.lua CORPUS.jsonl [--kinds K,...] [--with FILE.lua] [--only ID] [--extractors MOD,...]\n")
  os.exit(1)
end

local x = extract.new{ kinds = kinds, with = with, extractors = mods }
local out = {}
local n = 0
for line in io.lines(path) do
  n = n + 1
  if line:match("%S") then
    local rec = assert(lede.json.decode(line), path .. ":" .. n .. ": bad JSON")
    if not only or rec.id == only then
      local doc = lede.document(rec.text, { id = rec.id, date = rec.date, title = rec.title })
      for _, sp in ipairs(x:process(doc)) do
        out[#out + 1] = spanjson.line(rec.id, sp.kind, sp.s - 1, sp.e - 1, doc:sub(sp.s, sp.e), sp.attrs)
      end
    end
  end
end
out[#out + 1] = ""
io.write(table.concat(out, "\n"))
