--[[
lede.analysis.corpus -- one read of the store for the cross-document
analysis: every document with its layout, sentences, date and the spans the
analysis modules read, and the one place where Lua positions become the
byte offsets of the model.

Promise: the store is read once (db:docs(), then one query per span kind
the analysis uses); documents keep store order; spans are in document
order. Nothing is written back. Offsets: spans, sentences and layout
blocks here are Lua positions (1-based, end exclusive); corpus.evidence and
corpus.range are the only functions that turn them into the model's 0-based
`start` / exclusive `end`.

  local C = require "lede.analysis.corpus"
  local corpus = C.load(db)
  corpus.docs[i]        -- { id, index, text, title, source, date, date_span,
                        --   headline, byline, words, paras, sentences,
                        --   spans = { person = {...}, quote = {...}, ... } }
  corpus.by_id[id]      -- the same document
  C.evidence(d, s, e)   -- { doc = id, start = s - 1, ["end"] = e - 1, text = }
  C.range(d, s, e)      -- { start =, ["end"] =, text = }
  C.sentence_at(d, pos) -- s, e of the sentence holding pos (or the next one)
  C.sentence_span(d, s, e) -- s, e of the sentences [s, e) touches
  C.paragraph_at(d, pos)   -- s, e, kind of the layout block holding pos, or nil
  C.blocks(d)           -- iterator over s, e, kind of the layout blocks
  C.named(d, kind)      -- iterator over s, e, name of place/org/demonym spans
  C.words(text)         -- iterator over lowercased words of a text
  C.content_words(text) -- set of its lowercased words that are not stop words
  C.day(value)          -- day number of "YYYY-MM-DD...", or nil
  C.iso(day)            -- "YYYY-MM-DD" of a day number

A span is a flat table: doc (the id), s, e (Lua positions) and the
contract's fields of its kind that the analysis reads (FIELDS below; JSON
null is nil, booleans are booleans); `name` is always set for person
spans (the text when the attributes give none) and date spans carry their
`text`. Place, org and demonym spans are only a range and a name (a
demonym's place), read with C.named(d, kind). The store's
0-based offsets become Lua positions in the SQL that reads them (s =
start + 1) and go back in evidence/range: both directions live here.
]]

local data = require "lede.data"

local M = {}

-- The span kinds the analysis reads (layout comes from doc:paragraphs()).
M.KINDS = { "person", "org", "place", "demonym", "date", "doc_date", "quantity", "ordinal_event", "quote" }

local floor = math.floor

local NAMED = { person = true, place = true, org = true, demonym = true }
-- The most numerous kinds, of which only the range and name are read, are
-- kept flat (s, e, name, s, e, name ...): a third of the memory of a table
-- per span. Read them with corpus.named(d, kind).
local FLAT = { place = true, org = true, demonym = true }

-- The contract's fields the analysis reads, per kind: { field [, JSON key] },
-- bool = true for JSON booleans (SQLite gives 1 and 0).
local FIELDS = {
  person = { { "name" }, { "role" }, { "affiliation" }, { "gender" } },
  org = { { "name" } },
  place = { { "name" } },
  demonym = { { "name", "place" } },
  date = { { "type" }, { "value" } },
  doc_date = { { "value" } },
  quantity = { { "value" }, { "unit" }, { "approx", bool = true } },
  ordinal_event = { { "actor" }, { "ordinal" }, { "event" }, { "destination" }, { "current", bool = true } },
  quote = { { "speaker" }, { "cue" }, { "partial", bool = true }, { "speaker_text" } },
}

-- Day numbers (0 = 1970-01-01) by Howard Hinnant's days_from_civil, so that
-- comparing and subtracting dates is integer arithmetic.
local function days(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end
M.days = days

function M.civil(n)
  n = n + 719468
  local era = floor(n / 146097)
  local doe = n - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return y, m, d
end

-- 1..7, Monday = 1 (1970-01-01 was a Thursday).
function M.weekday(n) return (n + 3) % 7 + 1 end

function M.day(value)
  if type(value) ~= "string" then return nil end
  local y, m, d = value:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if not y then return nil end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if m < 1 or m > 12 or d < 1 or d > 31 then return nil end
  return days(y, m, d)
end

function M.iso(n)
  local y, m, d = M.civil(n)
  return ("%04d-%02d-%02d"):format(y, m, d)
end

local stop
local function stopwords()
  if not stop then stop = data.set("stopwords.txt") end
  return stop
end

-- Words as runs of letters, digits, apostrophes and hyphens inside a word;
-- lowercased (ASCII; other letters pass through as bytes of the word).
function M.words(text)
  return text:gmatch("[%w\128-\255][%w\128-\255'%-]*")
end

local lower, find, sub = string.lower, string.find, string.sub

function M.content_words(text)
  local set, sw = {}, stopwords()
  for w in text:gmatch("[%w\128-\255][%w\128-\255'%-]*") do
    if #w > 2 then
      w = lower(w)
      -- a possessive is the word it follows
      if sub(w, -1) == "s" then
        if sub(w, -2) == "'s" then w = sub(w, 1, -3)
        elseif sub(w, -4) == "\226\128\153s" then w = sub(w, 1, -5) end
      end
      if #w > 2 and not sw[w] and not find(w, "^%d") then set[w] = true end
    end
  end
  return set
end

-- for s, e, name in C.named(d, "place") do ... end
function M.named(d, kind)
  local list, i = d.spans[kind], -2
  return function()
    i = i + 3
    if list[i] then return list[i], list[i + 1], list[i + 2] end
  end
end

function M.evidence(d, s, e)
  return { doc = d.id, start = s - 1, ["end"] = e - 1, text = d.text:sub(s, e - 1) }
end

function M.range(d, s, e)
  return { start = s - 1, ["end"] = e - 1, text = d.text:sub(s, e - 1) }
end

-- Sentences are kept flat: sentences[2k-1], sentences[2k] = s, e.
function M.sentence_at(d, pos)
  local t = d.sentences
  local lo, hi, ans = 1, #t // 2, nil
  while lo <= hi do
    local mid = (lo + hi) // 2
    if t[2 * mid - 1] <= pos then ans = mid; lo = mid + 1 else hi = mid - 1 end
  end
  if ans and pos < t[2 * ans] then return t[2 * ans - 1], t[2 * ans] end
  local nxt = (ans or 0) + 1
  if t[2 * nxt] then return t[2 * nxt - 1], t[2 * nxt] end
  return pos, pos
end

function M.sentence_span(d, s, e)
  local s1 = M.sentence_at(d, s)
  local _, e2 = M.sentence_at(d, math.max(s, e - 1))
  if s1 > s then s1 = s end
  if e2 < e then e2 = e end
  return s1, e2
end

-- Layout blocks are kept flat too: paras[3k-2], paras[3k-1], paras[3k] =
-- s, e, kind.
function M.paragraph_at(d, pos)
  local t = d.paras
  local lo, hi, ans = 1, #t // 3, nil
  while lo <= hi do
    local mid = (lo + hi) // 2
    if t[3 * mid - 2] <= pos then ans = mid; lo = mid + 1 else hi = mid - 1 end
  end
  if ans and pos < t[3 * ans - 1] then return t[3 * ans - 2], t[3 * ans - 1], t[3 * ans] end
  return nil
end

-- for s, e, kind in C.blocks(d) do ... end
function M.blocks(d)
  local t, i = d.paras, -2
  return function()
    i = i + 3
    if t[i] then return t[i], t[i + 1], t[i + 2] end
  end
end

local function clean_byline(text)
  text = text:gsub("^%s*[Bb][Yy]%s+", "")
  return text
end

local function load_doc(doc, index)
  local d = {
    id = doc.id, index = index, text = doc.text, title = doc.title,
    source = doc.source, meta_date = doc.date, spans = {},
  }
  local sents = {}
  for s, e in doc:sentences() do sents[#sents + 1] = s; sents[#sents + 1] = e end
  d.sentences = sents
  local paras = {}
  for s, e, kind in doc:paragraphs() do
    local n = #paras
    paras[n + 1], paras[n + 2], paras[n + 3] = s, e, kind
    if kind == "headline" and not d.headline then d.headline = doc:sub(s, e) end
    if kind == "byline" then
      local line = doc:sub(s, e)
      -- "By NAME" lines first; a dateline-like byline only when no other.
      if line:match("^%s*[Bb][Yy]%s") and not d.byline_by then
        d.byline, d.byline_by = clean_byline(line), true
      elseif not d.byline then
        d.byline = line
      end
    end
  end
  d.paras = paras
  local words = 0
  for _, _, _, class in doc:tokens() do
    if class == "word" or class == "number" then words = words + 1 end
  end
  d.words = words
  for _, k in ipairs(M.KINDS) do d.spans[k] = {} end
  return d
end

function M.load(db, opts)
  opts = opts or {}
  local docs, by_id = {}, {}
  for doc in db:docs() do
    local d = load_doc(doc, #docs + 1)
    docs[#docs + 1] = d
    by_id[d.id] = d
    if opts.progress then opts.progress("read", #docs) end
  end
  -- Spans through SQL: the attributes the analysis reads come out of the
  -- JSON in SQLite (json_extract), which is several times faster than
  -- decoding every span's attributes in Lua, and each row is the span.
  for _, kind in ipairs(M.KINDS) do
    local cols = {}
    for _, f in ipairs(FIELDS[kind]) do
      cols[#cols + 1] = ("json_extract(s.attrs, '$.%s') AS %s"):format(f[2] or f[1], f[1])
    end
    local sql = "SELECT d.id AS doc, s.start + 1 AS s, s.\"end\" + 1 AS e, " .. table.concat(cols, ", ")
      .. " FROM spans s JOIN documents d ON d.rowid = s.doc WHERE s.kind = ?1 ORDER BY s.doc, s.start, s.\"end\""
    local cur, list, d
    for sp in db:rows(sql, kind) do
      if sp.doc ~= cur then
        cur = sp.doc
        d = by_id[cur]
        list = d and d.spans[kind] or {}
      end
      if d then
        if NAMED[kind] and type(sp.name) ~= "string" then sp.name = d.text:sub(sp.s, sp.e - 1) end
        if FLAT[kind] then
          local n = #list
          list[n + 1], list[n + 2], list[n + 3] = sp.s, sp.e, sp.name
        else
          for _, f in ipairs(FIELDS[kind]) do
            if f.bool and sp[f[1]] ~= nil then sp[f[1]] = sp[f[1]] == 1 end
          end
          if kind == "date" then sp.text = d.text:sub(sp.s, sp.e - 1) end
          list[#list + 1] = sp
        end
      end
    end
  end
  for _, d in ipairs(docs) do
    local dd = d.spans.doc_date[1]
    if dd and M.day(dd.value) then
      d.date, d.date_span = dd.value:sub(1, 10), dd
    elseif M.day(d.meta_date) then
      d.date = d.meta_date:sub(1, 10)
    end
    d.day = M.day(d.date)
  end
  return { docs = docs, by_id = by_id }
end

return M
