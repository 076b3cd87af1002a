-- binding_spec.lua -- the `lede` module as a script sees it, in a stock
-- lua5.4 with lede/core.so (tests/40-lua-run.t builds and runs it):
-- documents, tokens and sentences with LPeg-style positions, SQL with bound
-- parameters, transactions, spans with attributes and runs, JSON.

local lede = require "lede"

local ARTICLE = table.concat({
  "Storm closes mountain pass for third day",
  "",
  "By Lena Okafor",
  "",
  "Snow shut the Valdor pass again on Wednesday, road officials said.",
  "",
  "\u{201C}We will reopen when it is safe,\u{201D} said Tomas Reyes, the regional director. About 140 trucks waited.",
  "",
}, "\n")

local function fresh()
  local db = assert(lede.open(":memory:"))
  local id = assert(db:add_document(ARTICLE, { id = "pass", title = "Storm closes pass", date = "2025-01-15",
                                              meta = { section = "weather", tags = { "snow", "roads" } } }))
  return db, id
end

describe("lede.open and documents", function()
  it("opens a store and reads a document back byte for byte", function()
    local db, id = fresh()
    assert.are.equal("pass", id)
    assert.are.equal(1, db:count())
    local doc = assert(db:doc("pass"))
    assert.are.equal(ARTICLE, doc.text)
    assert.are.equal("Storm closes pass", doc.title)
    assert.are.equal("2025-01-15", doc.date)
    assert.are.equal("weather", doc.meta.section)
    assert.are.same({ "snow", "roads" }, doc.meta.tags)
    assert.is_nil(doc.url)
  end)

  it("returns nil and a message for a missing document or store", function()
    local db = fresh()
    local doc, msg = db:doc("nope")
    assert.is_nil(doc)
    assert.are.equal("no document 'nope'", msg)
    local bad, err = lede.open("/nonexistent-dir/x.db")
    assert.is_nil(bad)
    assert.truthy(err:find("/nonexistent-dir/x.db", 1, true))
  end)

  it("iterates documents in store order and closes the cursor on break", function()
    local db = fresh()
    db:add_document("A second, shorter text about the pass.\n", { id = "second" })
    local ids = {}
    for doc in db:docs() do ids[#ids + 1] = doc.id end
    assert.are.same({ "pass", "second" }, ids)
    for doc in db:docs() do -- luacheck: ignore 512 (one pass is the point)
      assert.are.equal("pass", doc.id)
      break
    end
    assert.are.equal(2, db:count())
  end)

  it("keeps document fields read-only", function()
    local doc = fresh():doc("pass")
    assert.has_error(function() doc.title = "x" end, "document fields are read-only")
  end)

  it("names the argument in argument errors", function()
    local doc = fresh():doc("pass")
    local ok, err = pcall(function() return doc:sub() end)
    assert.is_false(ok)
    assert.truthy(err:find("bad argument #1 to 'sub' (number expected, got no value)", 1, true), err)
    ok, err = pcall(function() return doc:sub(1, #doc.text + 2) end)
    assert.is_false(ok)
    assert.truthy(err:find("bad argument #2 to 'sub' (end", 1, true), err)
  end)
end)

describe("positions", function()
  it("gives tokens as (i, s, e, class) with text:sub(s, e - 1) the token", function()
    local doc = fresh():doc("pass")
    local words, n = {}, 0
    for i, s, e, class in doc:tokens() do
      n = i
      assert.are.equal(doc.text:sub(s, e - 1), doc:sub(s, e))
      if class == "word" and #words < 3 then words[#words + 1] = doc:sub(s, e) end
    end
    assert.are.same({ "Storm", "closes", "mountain" }, words)
    assert.is_true(n > 30)
  end)

  it("tokenizes a Lua string with the same iterator shape and classes", function()
    local got = {}
    for i, s, e, class in lede.tokenize("About 140 trucks \u{2014} waited.") do
      got[i] = class .. ":" .. ("About 140 trucks \u{2014} waited."):sub(s, e - 1)
    end
    assert.are.same({ "word:About", "number:140", "word:trucks", "dash:\u{2014}", "word:waited", "punct:." }, got)
  end)

  it("gives sentences and paragraphs as ranges within the text", function()
    local doc = fresh():doc("pass")
    local sentences = {}
    for s, e in doc:sentences() do sentences[#sentences + 1] = doc:sub(s, e) end
    local want = "Snow shut the Valdor pass again on Wednesday, road officials said."
    local found = false
    for _, text in ipairs(sentences) do found = found or text == want end
    assert.is_true(found, "a sentence of the body: " .. table.concat(sentences, " | "))
    local kinds = {}
    for s, e, kind in doc:paragraphs() do
      assert.is_true(s >= 1 and e <= #doc.text + 1 and s < e)
      kinds[#kinds + 1] = kind
    end
    assert.truthy(#kinds >= 3)
  end)

  it("agrees with LPeg's positions", function()
    local lpeg = require "lpeg"
    local doc = fresh():doc("pass")
    local pattern = lpeg.P { lpeg.Cp() * lpeg.P("Valdor") * lpeg.Cp() + 1 * lpeg.V(1) }
    local s, e = pattern:match(doc.text)
    assert.are.equal("Valdor", doc:sub(s, e))
  end)
end)

describe("SQL", function()
  it("binds parameters positionally and by name and returns rows as tables", function()
    local db = fresh()
    local rows = db:query("select id, length(text) > ? as long from documents where id = ?", 10, "pass")
    assert.are.same({ { id = "pass", long = 1 } }, rows)
    rows = db:query("select :a + :b as sum, ?3 as third", { a = 2, b = 3, [3] = "x" })
    assert.are.same({ { sum = 5, third = "x" } }, rows)
    local injected = db:query("select count(*) as n from documents where id = ?", "pass' or '1'='1")
    assert.are.equal(0, injected[1].n)
  end)

  it("iterates rows", function()
    local db = fresh()
    local n = 0
    for row in db:rows("select start from sentences where doc = (select rowid from documents where id = ?)", "pass") do
      assert.is_number(row.start)
      n = n + 1
    end
    assert.is_true(n >= 3)
  end)

  it("refuses more than one statement and transaction control", function()
    local db = fresh()
    assert.has_error(function() db:query("select 1; delete from documents") end, "db:query: one SQL statement per call")
    assert.has_error(function() db:query("begin") end)
    assert.are.equal(1, db:count())
  end)

  it("commits a transaction and rolls it back on error, re-raising", function()
    local db = fresh()
    local a, b = db:transaction(function(d, x)
      d:query("create table notes(t text)")
      d:query("insert into notes values (?)", x)
      return "done", 2
    end, "kept")
    assert.are.equal("done", a)
    assert.are.equal(2, b)
    local ok, err = pcall(db.transaction, db, function(d)
      d:query("insert into notes values ('lost')")
      d:add_span("pass", 1, 6, "lost_span")
      error("undo it")
    end)
    assert.is_false(ok)
    assert.truthy(err:find("undo it"))
    assert.are.same({ { t = "kept" } }, db:query("select t from notes"))
    assert.are.equal(0, #db:query("select id from spans where kind = 'lost_span'"))
  end)
end)

describe("spans", function()
  it("stores spans with attributes and reads them back in Lua positions", function()
    local db = fresh()
    local doc = db:doc("pass")
    local s = doc.text:find("Tomas Reyes", 1, true)
    local e = s + #"Tomas Reyes"
    db:add_span(doc, s, e, "person", { name = "Tomas Reyes", role = "regional director" })
    db:add_span("pass", 1, 6, "word")
    local got = {}
    for span in db:spans { doc = "pass", kind = "person" } do got[#got + 1] = span end
    assert.are.equal(1, #got)
    assert.are.equal("pass", got[1].doc)
    assert.are.equal(s, got[1].s)
    assert.are.equal(e, got[1].e)
    assert.are.equal("Tomas Reyes", got[1].text)
    assert.are.same({ name = "Tomas Reyes", role = "regional director" }, got[1].attrs)
    local row = db:query("select start, end from spans where kind = 'person'")[1]
    assert.are.equal(s - 1, row.start)
    assert.are.equal(e - 1, row["end"])
    local missing, msg = db:spans { doc = "nope" }
    assert.is_nil(missing)
    assert.are.equal("no document 'nope'", msg)
  end)

  it("refuses ranges outside the text and unknown documents", function()
    local db = fresh()
    local doc = db:doc("pass")
    assert.has_error(function() db:add_span(doc, 0, 3, "x") end)
    assert.has_error(function() db:add_span(doc, 5, 4, "x") end)
    assert.has_error(function() db:add_span(doc, 1, #doc.text + 2, "x") end)
    assert.has_error(function() db:add_span("nope", 1, 2, "x") end)
    assert.has_error(function() db:add_span(doc, 1, 2, "x", { f = print }) end)
    db:add_span(doc, #doc.text + 1, #doc.text + 1, "empty_at_end")
  end)

  it("gives spans a run: begin_run, or one made for the script", function()
    local db = fresh()
    local run = db:begin_run("my-extractor", "1.2")
    db:add_span("pass", 1, 6, "tagged")
    for span in db:spans { kind = "tagged" } do assert.are.equal(run, span.run) end
    local r = db:query("select script, version from runs where id = ?", run)[1]
    assert.are.same({ script = "my-extractor", version = "1.2" }, r)
    local n = 0
    for _ in db:spans { run = run } do n = n + 1 end
    assert.are.equal(1, n)
  end)

  it("writes more spans than one batch", function()
    local db = fresh()
    local doc = db:doc("pass")
    for i = 1, 2500 do db:add_span(doc, 1, 2, "many", { i = i }) end
    assert.are.equal(2500, #db:query("select id from spans where kind = 'many'"))
  end)
end)

describe("lede.json", function()
  local json = lede.json
  it("encodes deterministically and decodes back", function()
    local v = { b = { 1, 2.5, "x\n\"y\"" }, a = true, c = json.null, d = {} }
    local text = json.encode(v)
    assert.are.equal('{"a":true,"b":[1,2.5,"x\\n\\"y\\""],"c":null,"d":{}}', text)
    assert.are.same({ a = true, b = { 1, 2.5, 'x\n"y"' }, d = {} }, json.decode(text))
  end)

  it("writes flat objects as it writes them nested, whatever order their keys were made in", function()
    -- a flat object of scalars takes a cached fast path; the same object
    -- inside another takes the general one: both must agree, each time
    local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
    local cases = dofile(here .. "/json_shapes.lua")
    for i, t in ipairs(cases) do
      local general = json.encode({ x = t }):sub(6, -2)
      local keys = {}
      for k in pairs(t) do keys[#keys + 1] = k end
      local reversed = {}
      for j = #keys, 1, -1 do reversed[keys[j]] = t[keys[j]] end
      for round = 1, 2 do
        assert.are.equal(general, json.encode(t), ("case %d, round %d"):format(i, round))
        assert.are.equal(general, json.encode(reversed), ("case %d reversed, round %d"):format(i, round))
      end
    end
    assert.has_error(function() json.encode({ a = 1, b = 0 / 0 }) end)
  end)

  it("decodes escapes and surrogate pairs and reports errors with positions", function()
    assert.are.equal("\u{1F600}\u{e9}", json.decode('"\\ud83d\\ude00\\u00e9"'))
    local v, err = json.decode('{"a": [1, 2,]}')
    assert.is_nil(v)
    assert.truthy(err:find("byte 13"), err)
    assert.is_nil((json.decode("[1] x")))
    assert.is_nil((json.decode("01")))
  end)

  it("refuses what JSON cannot hold", function()
    assert.has_error(function() json.encode({ f = print }) end)
    assert.has_error(function() json.encode(0 / 0) end)
    local t = {}
    t.self = t
    assert.has_error(function() json.encode(t) end)
  end)
end)

describe("each_doc", function()
  it("goes on after a failing document with keep_going and counts failures", function()
    local db = fresh()
    db:add_document("Another short text.\n", { id = "b" })
    db:add_document("A third short text.\n", { id = "c" })
    local done = {}
    -- the failure report goes to stderr; silence is not needed here
    local failures, count = lede.each_doc(db, function(doc)
      if doc.id == "b" then error("bad doc") end
      done[#done + 1] = doc.id
    end, { keep_going = true })
    assert.are.equal(1, failures)
    assert.are.equal(3, count)
    assert.are.same({ "pass", "c" }, done)
    assert.has_error(function()
      lede.each_doc(db, function(doc) if doc.id == "b" then error("stop here") end end)
    end)
  end)
end)
