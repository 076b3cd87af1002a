-- extract.lua -- `lede extract`: runs the standard extractors (and --with
-- files) on every document they have not yet run on at their current
-- version, stores the spans, and with --format jsonl prints the stored
-- spans of every document in the span JSONL contract.
--
--   lede extract [--kinds K,...] [--format jsonl] [--with FILE.lua]... [--force]
--                [--jobs N] [--no-corpus]
--
-- Each extractor writes its spans under a run of its own ("extract:NAME",
-- its version); the table `extracted` remembers which version processed
-- which document, so a changed extractor redoes its own spans only.
--
-- The extraction itself runs in a pool of N workers (lede.pool: one Lua
-- state each, lede.extract.worker), and their spans are written in C by
-- this thread, the one writer, in document order: --jobs 1 (the default,
-- no thread) and --jobs N store the same spans.
--
-- Afterwards, an extractor with a corpus step (people's resolve_corpus:
-- a surname-only mention whose document never gives the full name takes
-- the one full name the corpus gives for it) rewrites its stored spans;
-- --no-corpus skips that, leaving each document's spans as the document
-- alone gives them, which is what `lede map` prints.
local lede = require "lede"
local extract = require "lede.extract"
local pool = require "lede.pool"
local spanjson = require "lede.spanjson"

local USAGE = "usage: lede extract [--kinds K,...] [--format jsonl] [--with FILE.lua]... [--force]"
  .. " [--jobs N] [--no-corpus]"

local function usage_error(msg)
  io.stderr:write("lede extract: ", msg, "\n", USAGE, "\n")
  os.exit(1)
end

local kinds, format, with, force, jobs, corpus = nil, nil, {}, false, 1, true
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
  elseif a == "--jobs" or a == "-j" then
    local v = value()
    jobs = math.tointeger(tonumber(v))
    if not jobs or jobs < 1 or jobs > 64 then usage_error("--jobs needs a number from 1 to 64, got '" .. v .. "'") end
  elseif a == "--no-corpus" then
    corpus = false
  elseif a == "-h" or a == "--help" then
    print(USAGE)
    os.exit(0)
  else
    usage_error("unknown argument '" .. a .. "'")
  end
  i = i + 1
end

-- The workers load the extractors; this state only learns their names,
-- versions and kinds.
local ok, ex = pcall(pool.extraction, {
  jobs = jobs,
  with = with,
  -- Documents are written in batches, one transaction each: a killed run
  -- loses at most one batch, and re-running completes it.
  batch = 200,
  on_error = function(id, msg)
    io.stderr:write(("lede extract: doc '%s': %s\n"):format(id, msg))
  end,
})
if not ok then
  io.stderr:write("lede extract: ", tostring(ex), "\n")
  os.exit(3)
end
local extractors = ex:extractors()

local db = lede.open()

-- Which extractors are stale for a document: those that never ran on it,
-- ran at another version, or all with --force. What ran comes per
-- document from the store, so memory does not grow with the corpus.
local function stale_of(done)
  local had = {}
  if done then
    for name, version in done:gmatch("([^\t\n]*)\t([^\n]*)") do had[name] = version end
  end
  local stale, any = {}, false
  for _, x in ipairs(extractors) do
    if force or had[x.name] ~= x.version then
      stale[x.name] = true
      any = true
    end
  end
  return any and stale
end

for row in db:rows([[
    SELECT d.rowid AS rowid,
           (SELECT group_concat(e.extractor || char(9) || e.version, char(10))
              FROM extracted e WHERE e.doc = d.rowid) AS done
    FROM documents d ORDER BY d.rowid]]) do
  local stale = stale_of(row.done)
  if stale then ex:submit(row.rowid, stale) end
end
local processed, failed = ex:finish()

-- Corpus steps (people's resolve_corpus) over the stored spans of their
-- extractor. Names are read distinct, so memory follows the number of
-- different names, not of mentions; resolve_corpus only looks at the
-- names, so one pseudo-document of full names and one of short ones give
-- it what the whole corpus would. The changed mentions are then found in
-- one pass and rewritten. Resolved names are stored: a later run resolves
-- what is still short, it does not undo what a new document makes
-- ambiguous (--force redoes everything).
local function resolve_corpus(x, resolve)
  local script = "extract:" .. x.name
  local full, short = {}, {}
  for row in db:rows([[
      SELECT DISTINCT attrs ->> '$.name' AS name FROM spans
      WHERE run IN (SELECT id FROM runs WHERE script = ?1) AND attrs ->> '$.name' IS NOT NULL
      ORDER BY 1]], script) do
    local name = row.name
    if type(name) == "string" then
      local sp = { attrs = { name = name }, was = name }
      if name:find(" ") then full[#full + 1] = sp else short[#short + 1] = sp end
    end
  end
  if #short == 0 or resolve({ full, short }) == 0 then return 0 end
  local new = {}
  for _, sp in ipairs(short) do
    if sp.attrs.name ~= sp.was then new[sp.was] = sp.attrs.name end
  end
  local changes = {}
  for row in db:rows([[
      SELECT id, attrs ->> '$.name' AS name, attrs FROM spans
      WHERE run IN (SELECT id FROM runs WHERE script = ?1) AND instr(attrs ->> '$.name', ' ') = 0]], script) do
    local name = new[row.name]
    if name then
      local attrs = lede.json.decode(row.attrs)
      attrs.name = name
      changes[#changes + 1] = { row.id, lede.json.encode(attrs) }
    end
  end
  db:transaction(function()
    for _, c in ipairs(changes) do db:query("UPDATE spans SET attrs = ?1 WHERE id = ?2", c[2], c[1]) end
  end)
  return #changes
end

if corpus and processed > 0 then
  for _, x in ipairs(extractors) do
    if x.corpus then resolve_corpus(x, extract.load(x.module).resolve_corpus) end
  end
end

if format == "jsonl" then
  local want = kinds
  if not want then
    want = {}
    for _, x in ipairs(extractors) do
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
  -- pool.jsonl_line writes what spanjson.line writes, in C
  local line, slow = pool.jsonl_line, spanjson.line
  local out, n = {}, 0
  for row in db:rows(sql, lede.json.encode(want), with_sentences and 1 or 0) do
    local doc, kind, s, e, text, attrs = row.doc, row.kind, row.start, row["end"], row.text or "", row.attrs
    n = n + 1
    out[n] = line(doc, kind, s, e, text, attrs) or slow(doc, kind, s, e, text, attrs)
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
