-- extract.lua -- `lede extract`: runs the standard extractors (and --with
-- files) on every document they have not yet run on at their current
-- version, stores the spans, and with --format jsonl prints the stored
-- spans of every document in the span JSONL contract.
--
--   lede extract [--kinds K,...] [--format jsonl] [--with FILE.lua]... [--force]
--
-- Each extractor writes its spans under a run of its own ("extract:NAME",
-- its version); the table `extracted` remembers which version processed
-- which document, so a changed extractor redoes its own spans only.
local lede = require "lede"
local extract = require "lede.extract"
local spanjson = require "lede.spanjson"

local USAGE = "usage: lede extract [--kinds K,...] [--format jsonl] [--with FILE.lua]... [--force]"

local function usage_error(msg)
  io.stderr:write("lede extract: ", msg, "\n", USAGE, "\n")
  os.exit(1)
end

local kinds, format, with, force = nil, nil, {}, false
local i = 1
while i <= #arg do
  local a = arg[i]
  local function value()
    i = i + 1
    if not arg[i] then usage_error(a .. " needs a value") end
    return arg[i]
  end
  if a == "--kinds" then
    kinds = {}
    for k in value():gmatch("[^,%s]+") do kinds[#kinds + 1] = k end
  elseif a == "--format" then
    format = value()
    if format ~= "jsonl" then usage_error("unknown format '" .. format .. "' (jsonl)") end
  elseif a == "--with" then
    with[#with + 1] = value()
  elseif a == "--force" then
    force = true
  elseif a == "-h" or a == "--help" then
    print(USAGE)
    os.exit(0)
  else
    usage_error("unknown argument '" .. a .. "'")
  end
  i = i + 1
end

local ok, runner = pcall(extract.new, { with = with })
if not ok then
  io.stderr:write("lede extract: ", tostring(runner), "\n")
  os.exit(3)
end

local db = lede.open()

-- What each document was last processed with: done[rowid][extractor] = version.
local done = {}
for _, row in ipairs(db:query("SELECT doc, extractor, version FROM extracted")) do
  local d = done[row.doc]
  if not d then d = {}; done[row.doc] = d end
  d[row.extractor] = row.version
end

local runs = {}
local function run_of(x)
  local id = runs[x.name]
  if not id then
    id = db:begin_run("extract:" .. x.name, x.version)
    runs[x.name] = id
  end
  return id
end

-- Documents are processed in batches, one transaction each: a killed run
-- loses at most one batch, and re-running completes it.
local BATCH = 200
local pending = {}
local processed, failed = 0, 0

local function store(doc, stale, spans)
  for _, x in ipairs(runner.extractors) do
    if stale[x.name] then
      db:query("DELETE FROM spans WHERE doc = ?1 AND run IN (SELECT id FROM runs WHERE script = ?2)",
        doc.rowid, "extract:" .. x.name)
      db:query("INSERT OR REPLACE INTO extracted(doc, extractor, version, run) VALUES (?1, ?2, ?3, ?4)",
        doc.rowid, x.name, x.version, run_of(x))
    end
  end
  for _, sp in ipairs(spans) do
    if stale[sp.by] then
      db:add_span(doc, sp.s, sp.e, sp.kind, sp.attrs, runs[sp.by])
    end
  end
end

local function flush()
  if #pending == 0 then return end
  db:transaction(function()
    for _, p in ipairs(pending) do store(p.doc, p.stale, p.spans) end
  end)
  pending = {}
end

for doc in db:docs() do
  local had = done[doc.rowid] or {}
  local stale, any = {}, false
  for _, x in ipairs(runner.extractors) do
    if force or had[x.name] ~= x.version then
      stale[x.name] = true
      any = true
    end
  end
  if any then
    local good, spans = pcall(runner.process, runner, doc)
    if good then
      pending[#pending + 1] = { doc = doc, stale = stale, spans = spans }
      processed = processed + 1
      if #pending >= BATCH then flush() end
    else
      failed = failed + 1
      io.stderr:write(("lede extract: doc '%s': %s\n"):format(doc.id, tostring(spans)))
    end
  end
end
flush()

if format == "jsonl" then
  local want = kinds
  if not want then
    want = {}
    for _, x in ipairs(runner.extractors) do
      for _, k in ipairs(x.kinds) do want[#want + 1] = k end
    end
  end
  local with_sentences = false
  for _, k in ipairs(want) do if k == "sentence" then with_sentences = true end end
  local sql = [[
    SELECT d.id AS doc, x.kind, x.start, x.end,
           CAST(substr(CAST(d.text AS BLOB), x.start + 1, x.end - x.start) AS TEXT) AS text, x.attrs
    FROM (SELECT doc, kind, start, end, attrs FROM spans
            WHERE kind IN (SELECT value FROM json_each(?1))
          UNION ALL
          SELECT doc, 'sentence', start, end, '{}' FROM sentences WHERE ?2) AS x
    JOIN documents d ON d.rowid = x.doc
    ORDER BY x.doc, x.start, x.end DESC, x.kind]]
  local out, n = {}, 0
  for row in db:rows(sql, lede.json.encode(want), with_sentences and 1 or 0) do
    n = n + 1
    out[n] = spanjson.line(row.doc, row.kind, row.start, row["end"], row.text or "", row.attrs)
    if n == 4096 then
      io.write(table.concat(out, "\n", 1, n), "\n")
      n = 0
    end
  end
  if n > 0 then io.write(table.concat(out, "\n", 1, n), "\n") end
elseif io.stderr and processed + failed > 0 then
  io.stderr:write(("lede extract: %d documents processed%s\n"):format(processed,
    failed > 0 and (", " .. failed .. " failed") or ""))
end

if failed > 0 then os.exit(3) end
