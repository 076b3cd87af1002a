-- summary.lua -- `lede summary`: extractive summaries of the stored
-- documents, each sentence with its byte range, and the document's keywords;
-- with --corpus, what the corpus as a whole says.
--
--   lede summary [--doc ID]... [-n N] [--format text|json] [--corpus]
--
-- Text: per document a line "ID  DATE  HEADLINE", its summary sentences as
-- "  [START-END] sentence" (0-based byte offsets, end exclusive, into the
-- stored text), then "  keywords: ...". JSON: one object
--   {"summaries": [{"doc", "title", "date", "sentences": [{"start", "end", "text"}],
--                   "keywords": [{"term", "score"}]}],
--    "corpus": {...}}      (corpus only with --corpus)
-- Documents come in store order; sentences in document order.
local lede = require "lede"
local summary = require "lede.summary"
local keywords = require "lede.keywords"

local USAGE = "usage: lede summary [--doc ID]... [-n N] [--format text|json] [--corpus]"

local function usage_error(msg)
  io.stderr:write("lede summary: ", msg, "\n", USAGE, "\n")
  os.exit(1)
end

local ids, n, format, corpus = {}, 3, "text", false
local i = 1
while i <= #arg do
  local a = arg[i]
  local function value()
    i = i + 1
    if not arg[i] then usage_error(a .. " needs a value") end
    return arg[i]
  end
  if a == "--doc" then
    ids[#ids + 1] = value()
  elseif a == "-n" then
    local v = value()
    n = math.tointeger(tonumber(v))
    if not n or n < 1 then usage_error("-n needs a whole number above 0, got '" .. v .. "'") end
  elseif a == "--format" then
    format = value()
    if format ~= "text" and format ~= "json" then usage_error("unknown format '" .. format .. "' (text, json)") end
  elseif a == "--corpus" then
    corpus = true
  elseif a == "-h" or a == "--help" then
    print(USAGE)
    os.exit(0)
  else
    usage_error("unknown argument '" .. a .. "'")
  end
  i = i + 1
end

local db = lede.open()

local docs = {}
if #ids > 0 then
  for _, id in ipairs(ids) do
    local d, err = db:doc(id)
    if not d then
      io.stderr:write("lede summary: ", err, "\n")
      os.exit(1)
    end
    docs[#docs + 1] = d
  end
else
  for d in db:docs() do docs[#docs + 1] = d end
end
if #docs == 0 then
  io.stderr:write("lede summary: the store has no documents (lede ingest PATH... first)\n")
  os.exit(0)
end

-- The headline and the date the document is about, from the extractors'
-- spans when there are any, else from the document's own fields.
local function about(doc)
  local title, date = doc.title, doc.date
  for _, r in ipairs(db:query("SELECT start, end, kind, json_extract(attrs, '$.value') AS value FROM spans"
    .. " WHERE doc = ?1 AND kind IN ('headline', 'doc_date') ORDER BY start", doc.rowid)) do
    if r.kind == "headline" and not title then title = doc:sub(r.start + 1, r["end"] + 1) end
    if r.kind == "doc_date" and type(r.value) == "string" and not date then date = r.value end
  end
  return title, date
end

local out = {}
for _, doc in ipairs(docs) do
  local title, date = about(doc)
  out[#out + 1] = {
    doc = doc.id, title = title or lede.json.null, date = date or lede.json.null,
    sentences = summary.document(db, doc, n),
    keywords = keywords.document(db, doc, 8),
  }
end
for _, o in ipairs(out) do
  for _, x in ipairs(o.sentences) do x.score = nil end
  for _, k in ipairs(o.keywords) do k.count = nil end
end

local whole
if corpus then
  whole = summary.corpus(db)
  whole.keywords = keywords.corpus(db, 15)
end

if format == "json" then
  io.write(lede.json.encode({ summaries = out, corpus = whole }), "\n")
  os.exit(0)
end

local lines = {}
local function say(s) lines[#lines + 1] = s end
for k, o in ipairs(out) do
  if k > 1 then say("") end
  local head = o.doc
  if o.date ~= lede.json.null then head = head .. "  " .. o.date end
  if o.title ~= lede.json.null then head = head .. "  " .. o.title end
  say(head)
  for _, x in ipairs(o.sentences) do say(("  [%d-%d] %s"):format(x.start, x["end"], x.text)) end
  local terms = {}
  for _, kw in ipairs(o.keywords) do terms[#terms + 1] = kw.term end
  if #terms > 0 then say("  keywords: " .. table.concat(terms, ", ")) end
end

if whole then
  say("")
  say("Corpus")
  local d = whole.dates
  say(("  dates: %s to %s (%d documents dated, %d not)"):format(d.first or "?", d.last or "?", d.dated, d.undated))
  if #whole.actors > 0 then
    say("  actors:")
    for _, a in ipairs(whole.actors) do
      local roles = {}
      for _, r in ipairs(a.roles) do
        roles[#roles + 1] = r.affiliation and (r.role .. ", " .. r.affiliation) or r.role
      end
      say(("    %s (%d mentions in %d documents, %d quotes)%s"):format(a.name, a.mentions, a.documents, a.quotes,
        #roles > 0 and ": " .. table.concat(roles, "; ") or ""))
    end
  end
  if #whole.claims > 0 then
    say("  claims:")
    for _, c in ipairs(whole.claims) do
      say(("    %s [%d-%d] %s"):format(c.doc, c.start, c["end"], c.text))
    end
  end
  if #whole.figures > 0 then
    say("  figures:")
    for _, f in ipairs(whole.figures) do
      say(("    %s (%s, %d documents) %s [%d-%d]"):format(f.text, f.unit, #f.documents, f.doc, f.start, f["end"]))
    end
  end
  local terms = {}
  for _, kw in ipairs(whole.keywords) do terms[#terms + 1] = kw.term end
  if #terms > 0 then say("  keywords: " .. table.concat(terms, ", ")) end
end
io.write(table.concat(lines, "\n"), "\n")
