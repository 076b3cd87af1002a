-- lede.extract.worker: what one worker of the extraction pool runs
-- (core/pool.c: `lede extract --jobs N` and `lede map`). Each worker has a
-- Lua state of its own; the pool requires this module there once, calls
-- it with the options, and then calls the function it returns once per
-- document.
--
--   local process, info = require("lede.extract.worker")(key, value, key, value, ...)
--   local out = process(text, id, date, title, source, url, meta_json)
--
-- Options (strings, in pairs):
--   "standard", "1"|"0"   run the standard extractors (lede.extract.STANDARD)
--   "with", FILE          a user extractor file, after them (repeatable)
--   "keep", WHICH         the spans kept: "all" (every span emitted, what
--                         `lede extract` stores), "declared" (the kinds the
--                         extractors declare, what `extract --format jsonl`
--                         prints) or a list "person,quote"
--   "script", FILE        a map script (below)
--
-- `info` describes the extractors loaded, one line each, in the order
-- they run: name \t version \t kind,kind \t module \t corpus ("1" when it
-- has a corpus step, resolve_corpus; module is what extract.load takes).
--
-- The document is made with lede.document from the fields (meta is the
-- JSON object text the store keeps), so extractors see the same document
-- as from db:docs(). `out` is one line per item, for C to read without a
-- JSON parser:
--   S<by>\t<kind>\t<start>\t<end>\t<attrs JSON>   a span, 0-based [start, end)
--   T<text>                                        a line a map script returned
-- Spans come sorted as the store prints them (start, end descending, kind).
--
-- A map script is a Lua file returning function(doc, spans): `spans` holds
-- the kept spans of the extractors (LPeg positions, as from
-- extract.new():process, empty when no extractor runs); it returns an
-- array whose items are span tables {kind=, s=, e=, attrs=} (printed as
-- span JSON Lines) or strings (printed as lines, as they are), in the
-- order given.
--
-- An error raised here fails the document it happened in: the pool reports
-- it for that document and goes on with the next.

local lede = require "lede"
local extract = require "lede.extract"
local json = require "lede.json"
local span_lines = require("lede.pool").span_lines

local encode, format, concat, null = json.encode, string.format, table.concat, json.null
local type, math_type, tostring, error = type, math.type, tostring, error

-- A kind or an extractor name goes into a tab-separated line.
local function check_name(what, s)
  if type(s) ~= "string" or s == "" or s:find("[%z\t\n]") then
    error(format("%s must be a non-empty name without tabs or newlines, got %s", what,
      type(s) == "string" and format("%q", s) or type(s)), 0)
  end
  return s
end
-- the kinds already checked (a few per run)
local good_kind = {}

local function span_line(by, kind, s, e, attrs)
  local a = "{}"
  if attrs ~= nil then
    if type(attrs) ~= "table" then
      error(format("span attributes must be a table, got %s", type(attrs)), 0)
    end
    a = encode(attrs)
    if a:byte(1) ~= 123 then error("span attributes must encode as a JSON object", 0) end
  end
  if not good_kind[kind] then good_kind[check_name("a span's kind", kind)] = true end
  -- (s and e are integers: the driver and script_lines check them)
  return "S" .. by .. "\t" .. kind .. "\t" .. (s - 1) .. "\t" .. (e - 1) .. "\t" .. a
end

-- The lines of spans, each ended by a newline: C writes those whose
-- attributes are flat objects (lede.pool.span_lines, the bytes span_line
-- makes), span_line the others and raises the errors.
local function all_lines(spans, by)
  local chunk, stop = span_lines(spans, by, null, 1)
  if not stop then return chunk end
  local parts, n = { chunk }, 1
  repeat
    local sp = spans[stop]
    n = n + 1
    parts[n] = span_line(by[stop], sp.kind, sp.s, sp.e, sp.attrs) .. "\n"
    chunk, stop = span_lines(spans, by, null, stop + 1)
    n = n + 1
    parts[n] = chunk
  until not stop
  return concat(parts, "", 1, n)
end

local function load_script(file)
  local chunk, err = loadfile(file, "t")
  if not chunk then error(err, 0) end
  local fn = chunk()
  if type(fn) ~= "function" then
    error(format("%s: a map script must return a function(doc, spans), got %s", file, type(fn)), 0)
  end
  return fn
end

-- What a map script returned, as output lines.
local function script_lines(result, len, out, n)
  if type(result) ~= "table" then
    error(format("the map script must return an array of spans and strings, got %s", type(result)), 0)
  end
  for i = 1, #result do
    local item = result[i]
    if type(item) == "string" then
      n = n + 1
      out[n] = "T" .. item:gsub("\n", "\nT")
    elseif type(item) == "table" then
      local s, e = item.s, item.e
      if math_type(s) ~= "integer" or math_type(e) ~= "integer" or s < 1 or e < s or e > len + 1 then
        error(format("the map script returned a bad range %s..%s (item %d) for a %d-byte document",
          tostring(s), tostring(e), i, len), 0)
      end
      n = n + 1
      out[n] = span_line("", item.kind, s, e, item.attrs)
    else
      error(format("the map script returned a %s (item %d): a span table or a string expected",
        type(item), i), 0)
    end
  end
  return n
end

return function(...)
  local standard, with, keep, script = true, {}, "all", nil
  local args = table.pack(...)
  for i = 1, args.n, 2 do
    local k, v = args[i], args[i + 1]
    if k == "standard" then standard = v ~= "0"
    elseif k == "with" then with[#with + 1] = v
    elseif k == "keep" then keep = v
    elseif k == "script" then script = v
    else error("lede.extract.worker: unknown option " .. tostring(k), 0) end
  end

  local runner = extract.new{ extractors = (not standard) and {} or nil, with = with }
  local modules = {}
  if standard then
    for _, m in ipairs(extract.STANDARD) do modules[#modules + 1] = m end
  end
  for _, f in ipairs(with) do modules[#modules + 1] = f end
  local info = {}
  for i, x in ipairs(runner.extractors) do
    check_name("an extractor's name", x.name)
    check_name("extractor '" .. x.name .. "''s version", x.version)
    for _, k in ipairs(x.kinds) do check_name("extractor '" .. x.name .. "''s kind", k) end
    info[i] = concat({ x.name, x.version, concat(x.kinds, ","), modules[i]:gsub("[\t\n]", " "),
      type(x.resolve_corpus) == "function" and "1" or "0" }, "\t")
  end
  local wanted
  if keep == "declared" then
    wanted = {}
    for _, x in ipairs(runner.extractors) do
      for _, k in ipairs(x.kinds) do wanted[k] = true end
    end
  elseif keep ~= "all" then
    wanted = {}
    for k in keep:gmatch("[^,%s]+") do wanted[k] = true end
  end
  local map = script and load_script(script)
  local any_extractor = #runner.extractors > 0
  local document = lede.document

  local function process(text, id, date, title, source, url, meta)
    local doc = document(text, { id = id, date = date, title = title, source = source, url = url,
      meta = meta })
    local spans, by = {}, {}
    if any_extractor then spans, by = runner:process(doc) end
    if wanted then
      local kept, kept_by, n = {}, {}, 0
      for i = 1, #spans do
        local sp = spans[i]
        if wanted[sp.kind] then
          n = n + 1
          kept[n], kept_by[n] = sp, by[i]
        end
      end
      spans, by = kept, kept_by
    end
    if not map then return all_lines(spans, by) end
    local out = {}
    local n = script_lines(map(doc, spans), #text, out, 0)
    if n == 0 then return "" end
    out[n + 1] = ""
    return concat(out, "\n", 1, n + 1)
  end
  return process, concat(info, "\n")
end
