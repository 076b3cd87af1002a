-- lede.extract: runs extractors over a document and collects their spans.
--
--   local extract = require "lede.extract"
--   local x = extract.new{ kinds = {"person", "quote"}, with = {"my.lua"} }
--   for _, span in ipairs(x:process(doc)) do ... end
--   local spans, by = x:process(doc)  -- by[i]: the name of the extractor
--                                     -- that emitted spans[i]
--
-- `doc` is a stored document (db:docs()) or one made with
-- lede.document(text, {id=, date=, meta=}). A span is
--   { kind = "person", s = 12, e = 26, attrs = { name = ..., role = ... } }
-- with LPeg positions (1-based, end exclusive: doc:sub(s, e)); the
-- binding converts to the store's byte offsets when spans are stored.
--
-- An extractor is a module (or a file given to `with`) returning
--   { name = "casualties", version = "1", kinds = {"casualty"},
--     needs = {"person"},                  -- kinds it reads from `found`
--     extract = function(doc, emit, found) ... end }
-- emit(kind, s, e, attrs) records a span (attrs may be nil; use
-- lede.json.null for a field that is explicitly null). found[kind] is the
-- array of spans of that kind emitted so far for this document, by the
-- extractors that ran before (the standard order below, then `with` files
-- in the order given); found.sentences and found.paragraphs hold the
-- document's sentences {s, e} and layout blocks {s, e, kind}.

local M = {}

local math_type = math.type

-- The standard extractors, in the order they run: later ones read the
-- spans of earlier ones (quotes and ordinal events need people).
M.STANDARD = {
  "lede.extract.places",     -- place, org, demonym
  "lede.extract.people",     -- person
  "lede.extract.dates",      -- date, doc_date
  "lede.extract.quantities", -- quantity
  "lede.extract.ordinals",   -- ordinal_event
  "lede.extract.quotes",     -- quote
}

local function check_extractor(x, where)
  local function bad(what) error(("%s: %s"):format(where, what), 0) end
  if type(x) ~= "table" then bad("an extractor must return a table, got " .. type(x)) end
  if type(x.name) ~= "string" or x.name == "" then bad("extractor needs a string 'name'") end
  if type(x.extract) ~= "function" then bad("extractor '" .. x.name .. "' needs an 'extract' function") end
  if type(x.kinds) ~= "table" or #x.kinds == 0 then bad("extractor '" .. x.name .. "' needs a list of 'kinds'") end
  x.version = tostring(x.version or "0")
  return x
end

-- Loads an extractor from a module name or a Lua file.
function M.load(spec)
  if spec:match("%.lua$") or spec:find("/", 1, true) then
    local chunk, err = loadfile(spec, "t")
    if not chunk then error(err, 0) end
    return check_extractor(chunk(), spec)
  end
  return check_extractor(require(spec), spec)
end

local Runner = {}
Runner.__index = Runner

-- opts.kinds: only spans of these kinds are kept (extractors needed for
-- them still run); opts.with: extra extractor files; opts.extractors: a
-- list of module names to run instead of M.STANDARD (an empty list runs
-- only the `with` files).
function M.new(opts)
  opts = opts or {}
  local list = {}
  for _, name in ipairs(opts.extractors or M.STANDARD) do list[#list + 1] = M.load(name) end
  for _, file in ipairs(opts.with or {}) do list[#list + 1] = M.load(file) end
  local keep
  if opts.kinds then
    keep = {}
    for _, k in ipairs(opts.kinds) do keep[k] = true end
  end
  local parts = {}
  for _, x in ipairs(list) do parts[#parts + 1] = x.name .. "@" .. x.version end
  return setmetatable({
    extractors = list,
    keep = keep,
    version = table.concat(parts, ","), -- changes when any extractor changes
  }, Runner)
end

local function by_position(a, b)
  if a.s ~= b.s then return a.s < b.s end
  if a.e ~= b.e then return a.e > b.e end
  return a.kind < b.kind
end

-- Merges the sorted arrays of lists (none empty) into one new sorted
-- array; on a tie the earlier list's span comes first. Returns it and the
-- array of the names (names[i] of list i) of where each came from.
local function merge(lists, names)
  local k = #lists
  local pos, head = {}, {}
  for i = 1, k do pos[i], head[i] = 1, lists[i][1] end
  local out, by, n = {}, {}, 0
  while k > 1 do
    local bi, b = 1, head[1]
    for i = 2, k do
      if by_position(head[i], b) then bi, b = i, head[i] end
    end
    n = n + 1
    out[n], by[n] = b, names[bi]
    local p = pos[bi] + 1
    local nxt = lists[bi][p]
    if nxt then
      pos[bi], head[bi] = p, nxt
    else
      table.remove(lists, bi)
      table.remove(names, bi)
      table.remove(pos, bi)
      table.remove(head, bi)
      k = k - 1
    end
  end
  local last, name = lists[1], names[1]
  table.move(last, pos[1], #last, n + 1, out)
  for i = n + 1, #out do by[i] = name end
  return out, by
end

-- Runs every extractor on doc; returns its spans sorted by position, and
-- the names of the extractors that emitted them (by[i] for spans[i]: a
-- span table holds no more than the four fields of the contract, the
-- smallest table Lua makes for them).
-- Each extractor's kept spans are collected apart; they are sorted only
-- when it did not emit them in order (the standard ones do), and the
-- lists are merged into one: no full sort per document.
function Runner:process(doc)
  local sentences, paragraphs, ns, np = {}, {}, 0, 0
  for s, e in doc:sentences() do
    ns = ns + 1
    sentences[ns] = { s = s, e = e }
  end
  for s, e, kind in doc:paragraphs() do
    np = np + 1
    paragraphs[np] = { s = s, e = e, kind = kind }
  end
  local found = { sentences = sentences, paragraphs = paragraphs }
  local lists, names = {}, {}
  local len = #doc.text
  local keep = self.keep
  for _, x in ipairs(self.extractors) do
    local name = x.name
    local mine, n, ordered = {}, 0, true
    local function emit(kind, s, e, attrs)
      if math_type(s) ~= "integer" or math_type(e) ~= "integer" or s < 1 or e < s or e > len + 1 then
        error(("extractor '%s' emitted a bad range %s..%s for a %d-byte document"):format(
          name, tostring(s), tostring(e), len), 2)
      end
      local span = { kind = kind, s = s, e = e, attrs = attrs or {} }
      local list = found[kind]
      if not list then list = {}; found[kind] = list end
      list[#list + 1] = span
      if not keep or keep[kind] then
        if ordered and n > 0 and by_position(span, mine[n]) then ordered = false end
        n = n + 1
        mine[n] = span
      end
    end
    x.extract(doc, emit, found)
    if n > 0 then
      if not ordered then table.sort(mine, by_position) end
      lists[#lists + 1] = mine
      names[#names + 1] = name
    end
  end
  if #lists == 0 then return {}, {} end
  return merge(lists, names)
end

return M
