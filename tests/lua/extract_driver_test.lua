-- extract_driver_test.lua -- the extraction driver (lede.extract): the
-- order of the spans it returns, found[kind] for later extractors, the
-- kinds filter and range checks, with small extractors written here.
-- Prints TAP. Run by tests/71-extract-dates-quantities.t:
--   lede --db :memory: run tests/lua/extract_driver_test.lua
local lede = require "lede"
local extract = require "lede.extract"

local DIR = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local tap = dofile(DIR .. "/tap.lua")
local ok, is = tap.ok, tap.is

-- An extractor emitting the given spans {kind, s, e} in the given order.
local function fixed(name, kinds, spans, seen)
  return {
    name = name, version = "1", kinds = kinds,
    extract = function(_, emit, found)
      if seen then seen(found) end
      for _, sp in ipairs(spans) do emit(sp[1], sp[2], sp[3], { tag = name }) end
    end,
  }
end

local function runner(list, opts)
  local r = extract.new { extractors = {}, kinds = opts and opts.kinds }
  for _, x in ipairs(list) do r.extractors[#r.extractors + 1] = x end
  return r
end

local function show(spans)
  local out = {}
  for _, sp in ipairs(spans) do
    out[#out + 1] = ("%s:%d-%d:%s"):format(sp.kind, sp.s, sp.e, sp.attrs.tag or "")
  end
  return table.concat(out, " ")
end

local doc = lede.document(("word "):rep(20), { id = "d" })

-- spans in order by start, the longer first at the same start, then by kind
do
  local r = runner {
    fixed("a", { "x", "y" }, { { "x", 5, 9 }, { "y", 1, 3 }, { "x", 1, 3 }, { "x", 1, 8 } }), -- out of order
    fixed("b", { "z" }, { { "z", 1, 2 }, { "z", 5, 12 }, { "z", 20, 21 } }),                 -- in order
    fixed("c", { "w" }, {}),
    fixed("d", { "v" }, { { "v", 5, 9 }, { "v", 30, 31 } }),
  }
  is(show(r:process(doc)),
    "x:1-8:a x:1-3:a y:1-3:a z:1-2:b z:5-12:b v:5-9:d x:5-9:a z:20-21:b v:30-31:d",
    "spans of several extractors come out by start, longer first, then kind")
  local tie = runner {
    fixed("p", { "x" }, { { "x", 1, 3 }, { "x", 4, 6 } }),
    fixed("q", { "x" }, { { "x", 1, 3 } }),
    fixed("r", { "x" }, { { "x", 1, 3 }, { "x", 4, 6 } }),
  }
  is(show(tie:process(doc)), "x:1-3:p x:1-3:q x:1-3:r x:4-6:p x:4-6:r",
    "the same span from several extractors comes in the order they ran")
end

-- the same result as a full sort, on many spans emitted in order by some
-- extractors and out of order by others
do
  local list, all = {}, {}
  local seed = 7
  local function rnd(m)
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % m + 1
  end
  for k = 1, 5 do
    local spans = {}
    for _ = 1, 60 do
      local s = rnd(90)
      spans[#spans + 1] = { "k" .. rnd(3), s, s + rnd(6) }
    end
    if k % 2 == 1 then
      table.sort(spans, function(a, b)
        if a[2] ~= b[2] then return a[2] < b[2] end
        if a[3] ~= b[3] then return a[3] > b[3] end
        return a[1] < b[1]
      end)
    end
    list[k] = fixed("x" .. k, { "k1", "k2", "k3" }, spans)
    for _, sp in ipairs(spans) do all[#all + 1] = sp end
  end
  local got = runner(list):process(doc)
  is(#got, #all, "every span emitted is returned")
  local sorted = true
  for i = 2, #got do
    local a, b = got[i - 1], got[i]
    if a.s > b.s or (a.s == b.s and (a.e < b.e or (a.e == b.e and a.kind > b.kind))) then
      sorted = false
    end
  end
  ok(sorted, "300 spans of five extractors, in order and out of order, come out sorted")
end

-- the second result names the extractor of each span
do
  local r = runner {
    fixed("a", { "x" }, { { "x", 9, 10 }, { "x", 2, 4 } }),
    fixed("b", { "y" }, { { "y", 2, 4 }, { "y", 30, 31 } }),
    fixed("c", { "z" }, {}),
  }
  local spans, by = r:process(doc)
  local got = {}
  for i, sp in ipairs(spans) do got[i] = sp.kind .. sp.s .. "=" .. tostring(by[i]) end
  is(table.concat(got, " "), "x2=a y2=b x9=a y30=b", "by[i] names the extractor of spans[i]")
  local one, one_by = runner { fixed("solo", { "x" }, { { "x", 1, 2 }, { "x", 3, 4 } }) }:process(doc)
  is(#one .. ":" .. tostring(one_by[1]) .. "," .. tostring(one_by[2]), "2:solo,solo",
    "by names the extractor when only one emitted spans")
end

-- found[kind]: the spans of earlier extractors, as emitted
do
  local seen
  local r = runner {
    fixed("a", { "x" }, { { "x", 9, 10 }, { "x", 2, 4 } }),
    fixed("b", { "y" }, {}, function(found) seen = found end),
  }
  r:process(doc)
  ok(seen and seen.x and #seen.x == 2 and seen.x[1].s == 9 and seen.x[2].s == 2
    and seen.x[1].attrs.tag == "a",
    "a later extractor reads the earlier one's spans in found[kind], in emit order")
  ok(seen and #seen.sentences >= 1 and #seen.paragraphs >= 1, "found has sentences and paragraphs")
end

-- kinds: only those kept, the others still in found
do
  local seen
  local r = runner({
    fixed("a", { "x", "y" }, { { "y", 3, 4 }, { "x", 1, 2 } }),
    fixed("b", { "z" }, { { "z", 2, 3 } }, function(found) seen = found end),
  }, { kinds = { "x", "z" } })
  is(show(r:process(doc)), "x:1-2:a z:2-3:b", "kinds keeps only the kinds asked for")
  ok(seen and seen.y and #seen.y == 1, "a kind not kept is still in found")
end

-- a bad range is an error naming the extractor
do
  local r = runner { fixed("broken", { "x" }, { { "x", 5, 3 } }) }
  local okc, err = pcall(r.process, r, doc)
  ok(not okc and tostring(err):find("extractor 'broken' emitted a bad range 5..3", 1, true) ~= nil,
    "a range ending before it starts is an error naming the extractor", tostring(err))
end

-- lede.extract.worker writes span attributes as lede.json.encode does,
-- byte for byte, whatever their shape
do
  local json = require "lede.json"
  local file = os.tmpname()
  local f = assert(io.open(file, "w"))
  f:write(([[
local cases = dofile(%q)
return { name = "shapes", version = "1", kinds = { "shape" }, cases = cases,
  extract = function(_, emit)
    for i, a in ipairs(cases) do emit("shape", i, i + 1, a) end
  end }
]]):format(DIR .. "/json_shapes.lua"))
  f:close()
  local cases = dofile(file).cases
  local process = require("lede.extract.worker")("standard", "0", "with", file, "keep", "all")
  local same, lines = 0, 0
  -- twice: the second time every shape of table is known
  for _ = 1, 2 do
    local i = 0
    for line in process(("x"):rep(40), "d", nil):gmatch("[^\n]+") do
      i = i + 1
      lines = lines + 1
      local got = line:match("^Sshapes\tshape\t%d+\t%d+\t(.*)$")
      local want = cases[i] and json.encode(cases[i])
      if got == want then same = same + 1 end
      if got ~= want then
        print(("# attributes %d\n#   got:  %s\n#   want: %s"):format(i, tostring(got), tostring(want)))
      end
    end
  end
  os.remove(file)
  is(lines, 2 * #cases, "the worker prints one line per span")
  is(same, 2 * #cases, ("attributes of %d shapes written as json.encode writes them"):format(#cases))
end

-- lede.pool.span_lines writes the flat objects and stops at a span it
-- leaves to the Lua code (a nested table, a key that is not a string,
-- a kind with a tab), whose index it returns
do
  local null = require("lede.json").null
  local span_lines = require("lede.pool").span_lines
  local spans = {
    { kind = "a", s = 1, e = 3, attrs = { name = "X", n = 2, ok = true, z = null } },
    { kind = "b", s = 2, e = 2, attrs = {} },
    { kind = "c", s = 4, e = 9, attrs = { nested = { 1 } } },
    { kind = "d", s = 5, e = 6, attrs = { [1] = "x" } },
    { kind = "e\tf", s = 5, e = 6, attrs = {} },
    { kind = "g", s = 7, e = 8, attrs = { v = 0 / 0 } },
    { kind = "h", s = 9, e = 10, attrs = { q = "\"" } },
  }
  local by = { "p", "q", "r", "s", "t", "u", "v" }
  local lines, stop = span_lines(spans, by, null, 1)
  is(lines, 'Sp\ta\t0\t2\t{"n":2,"name":"X","ok":true,"z":null}\nSq\tb\t1\t1\t{}\n',
    "span_lines writes flat objects with sorted keys, 0-based offsets, a newline each")
  is(stop, 3, "span_lines stops at a nested table")
  local _, stop4 = span_lines(spans, by, null, 4)
  local _, stop5 = span_lines(spans, by, null, 5)
  local _, stop6 = span_lines(spans, by, null, 6)
  is(("%s %s %s"):format(stop4, stop5, stop6), "4 5 6", "and at a number key, a kind with a tab, a NaN")
  local last, none = span_lines(spans, by, null, 7)
  is(last, 'Sv\th\t8\t9\t{"q":"\\""}\n', "and goes on from where it is asked to")
  is(none, nil, "stop is nil when every span was written")
  local process = require("lede.extract.worker")("standard", "0", "keep", "all")
  ok(process(("x"):rep(10), "d", nil) == "", "no extractor: the worker returns no lines")
end

-- lede.pool.jsonl_line writes the span JSONL lines lede.spanjson.line
-- writes (what `lede extract --format jsonl` prints), byte for byte
do
  local jsonl_line = require("lede.pool").jsonl_line
  local spanjson = require "lede.spanjson"
  local cases = {
    { "d1", "person", 0, 14, "Antony Blinken", '{"name":"Antony Blinken","role":"Secretary of State"}' },
    { "wire-x", "quote", 120, 180, 'He said "no" \\ then\nleft\t\1\127 — «ok»', '{"speaker":null}' },
    { "d\"q", "date", 5, 5, "", "{}" }, { "d", "sentence", 0, 3, "abc", "[]" }, { "d", "k", 1, 2, "x", nil },
    { "d", "k", 1, 2, "x", "" }, { "d", "k", 1, 2, "x", "{" }, { "ü/é", "place", 7, 11, "Köln", '{"name":"Cologne"}' },
  }
  local same = 0
  for i, c in ipairs(cases) do
    local got, want = jsonl_line(table.unpack(c, 1, 6)), spanjson.line(table.unpack(c, 1, 6))
    if got == want then same = same + 1 else
      print(("# case %d\n#   got:  %s\n#   want: %s"):format(i, tostring(got), want))
    end
  end
  is(same, #cases, "jsonl_line writes spanjson.line's bytes (escapes, empty and odd attrs, UTF-8)")
  ok(jsonl_line(12, "k", 1, 2, "x", "{}") == nil and jsonl_line("d", "k", 1.5, 2, "x") == nil
    and jsonl_line("d", "k", 1, 2, "x", {}) == nil, "jsonl_line leaves other types to spanjson (nil)")
end

-- no extractor: no spans
is(#runner({}):process(doc), 0, "no extractor, no spans")

tap.done()
