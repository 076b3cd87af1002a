-- gazetteer_spec.lua -- lede.gazetteer as an extractor uses it: entries
-- carrying Lua values, matches as LPeg-style positions, loading data files.
-- Run by tests/33-gazetteer.t (busted, lua5.4); the sentences are our own.

local G = require "lede.gazetteer"

local root = os.getenv("LEDE_ROOT") or "."

-- Every match as {surface text, value}, in order.
local function matches(g, text, opts)
  local out = {}
  for s, e, v in g:match(text, opts) do
    out[#out + 1] = { text:sub(s, e - 1), v }
  end
  return out
end

-- Just the matched texts, joined by "|".
local function texts(g, text, opts)
  local out = {}
  for _, m in ipairs(matches(g, text, opts)) do out[#out + 1] = m[1] end
  return table.concat(out, "|")
end

local function readable(path)
  local f = io.open(path, "r")
  if f then f:close() end
  return f ~= nil
end

describe("lede.gazetteer", function()
  describe("positions", function()
    it("are 1-based with an exclusive end: text:sub(s, e - 1) is the surface", function()
      local g = G.new()
      g:add("East Jerusalem")
      local text = "Clinics in East Jerusalem reopened."
      local got = {}
      for s, e in g:match(text) do got[#got + 1] = { s, e } end
      assert.are.same({ { 12, 26 } }, got)
      assert.are.equal("East Jerusalem", text:sub(12, 25))
      assert.are.equal(string.find(text, "East Jerusalem", 1, true), got[1][1])
    end)

    it("count bytes, not characters, in non-ASCII text", function()
      local g = G.new()
      g:add("Zürich", { name = "Zurich" })
      local text = "Tōkyō and Zürich"
      local s, e, v
      for a, b, c in g:match(text) do s, e, v = a, b, c end
      assert.are.equal(#"Tōkyō and " + 1, s)
      assert.are.equal(#text + 1, e)
      assert.are.equal("Zurich", v.name)
    end)
  end)

  describe("values", function()
    it("come back as the very table that was added", function()
      local g = G.new()
      local strip = { name = "Gaza Strip", type = "region" }
      g:add("Gaza Strip", strip)
      local m = matches(g, "Aid entered the Gaza Strip.")
      assert.are.equal(1, #m)
      assert.are.equal(strip, m[1][2])
    end)

    it("default to the surface", function()
      local g = G.new()
      g:add("Rafah")
      assert.are.same({ { "Rafah", "Rafah" } }, matches(g, "near Rafah"))
    end)

    it("of a repeated surface: the first stays and add says false", function()
      local g = G.new()
      assert.is_true(g:add("Georgia", "the country"))
      assert.is_false(g:add("Georgia", "the state"))
      assert.are.equal(1, g:count())
      assert.are.equal("the country", g:find("Georgia"))
    end)
  end)

  describe("matching", function()
    local g = G.new()
    g:add("Gaza", "g1")
    g:add("Gaza Strip", "g2")
    g:add("Gaza Strip border", "g3")
    g:add("Hamas", "h")
    g:add("WHO", "who-org")
    g:add("ceasefire", "cf", { fold = true })
    g:add("Prime Minister’s Office", "pmo")
    g:add("U.S.", "us")

    it("takes the longest entry", function()
      assert.are.equal("Gaza Strip border|Gaza Strip|Gaza",
        texts(g, "The Gaza Strip border, the Gaza Strip, Gaza."))
    end)

    it("scans leftmost-longest without overlaps, or all with {all = true}", function()
      local h = G.new()
      h:add("New York")
      h:add("York University")
      assert.are.equal("New York", texts(h, "New York University"))
      assert.are.equal("New York|York University", texts(h, "New York University", { all = true }))
    end)

    it("collects the same matches into arrays, leaving entries past n alone", function()
      local h = G.new()
      h:add("New York", "city")
      h:add("York University", "uni")
      local text = "New York University and York University"
      local s, e, v = { 9, 9, 9, 9 }, {}, {}
      assert.are.equal(2, h:collect(text, s, e, v))
      assert.are.same({ 1, 25, 9, 9 }, s)
      assert.are.same({ 9, 40 }, e)
      assert.are.same({ "city", "uni" }, v)
      assert.are.equal(3, h:collect(text, s, e, v, { all = true }))
      assert.are.same({ "city", "uni", "uni" }, v)
      assert.are.equal(0, h:collect("nothing here", s, e, v))
      assert.has_error(function() h:collect(text, s, e) end)
    end)

    it("sorts one scan into leftmost-longest groups by the values' fields", function()
      local h = G.new()
      h:add("White House", { org = "WH" })
      h:add("White House Press Secretary", { title = "press secretary" })
      h:add("Press", { org = "press" })
      local text = "White House Press Secretary Jean Ross met the White House Press corps"
      local os_, oe, ov, ts, te, tv = {}, {}, {}, {}, {}, {}
      local no, nt = h:collect_groups(text, { "org", "title" }, { { os_, oe, ov }, { ts, te, tv } })
      -- as separate scans: "Press" inside the title is an org all the same
      assert.are.equal(4, no)
      assert.are.same({ "WH", "press", "WH", "press" }, ov)
      assert.are.same({ 1, 13, 47, 59 }, os_)
      assert.are.equal(1, nt)
      assert.are.same({ 1, 28 }, { ts[1], te[1] })
      assert.are.equal("press secretary", tv[1])
      assert.has_error(function() h:collect_groups(text, {}, {}) end)
    end)

    it("is case-sensitive unless the entry was added with fold", function()
      assert.are.equal("WHO", texts(g, "who told the WHO"))
      assert.are.equal("Ceasefire|CEASEFIRE", texts(g, "Ceasefire now, CEASEFIRE!"))
    end)

    it("treats curly and straight apostrophes alike", function()
      assert.are.equal("Prime Minister's Office", texts(g, "the Prime Minister's Office said"))
    end)

    it("stops before a possessive", function()
      assert.are.same({ { "Hamas", "h" } }, matches(g, "Hamas’s leaders"))
    end)

    it("matches punctuation only where the entry has it", function()
      assert.are.equal("U.S.", texts(g, "the U.S. said"))
      assert.are.equal("Gaza", texts(g, "in Gaza. Strip mines"))
    end)

    it("finds nothing in empty text", function()
      assert.are.same({}, matches(g, ""))
    end)

    it("survives entries added while it iterates", function()
      local h = G.new()
      h:add("Rafah")
      local n = 0
      for _ in h:match("Rafah Rafah Rafah") do
        n = n + 1
        h:add("Khan Younis " .. n)
      end
      assert.are.equal(3, n)
    end)

    it("runs several gazetteers over one text, and other texts meanwhile", function()
      local places, orgs = G.new(), G.new()
      places:add("Gaza")
      orgs:add("Hamas")
      local a = "Gaza, then Gaza again, and Gaza"
      local seen = {}
      for s, e in places:match(a) do
        local b = "Hamas " .. s .. " and Hamas"
        local n = 0
        for _ in orgs:match(b) do n = n + 1 end
        collectgarbage()
        seen[#seen + 1] = a:sub(s, e - 1) .. n
      end
      assert.are.same({ "Gaza2", "Gaza2", "Gaza2" }, seen)
      assert.are.equal("Hamas|Hamas", texts(orgs, "Hamas and Hamas"))
      assert.are.equal("Gaza|Gaza|Gaza", texts(places, a))
      assert.are.equal("", texts(orgs, a))
    end)

    it("survives iterators abandoned early and collected", function()
      local h = G.new()
      h:add("Rafah")
      for _ = 1, 200 do
        local next_match = h:match("Rafah and Rafah")
        assert.are.equal(1, next_match()) -- one step, then dropped
      end
      collectgarbage()
      collectgarbage()
      assert.are.equal(2, #matches(h, "Rafah and Rafah"))
    end)
  end)

  describe("find and count", function()
    it("look up exact entries", function()
      local g = G.new()
      g:add("East Jerusalem", 1)
      g:add("gaza city", 2, { fold = true })
      assert.are.equal(1, g:find("East Jerusalem"))
      assert.is_nil(g:find("East"))
      assert.is_nil(g:find("east jerusalem"))
      assert.are.equal(2, g:find("GAZA CITY", { fold = true }))
      assert.are.equal(2, g:count())
      assert.are.equal(2, #g)
      assert.matches("2 entries", tostring(g))
    end)
  end)

  describe("load", function()
    local lines = {
      "# a comment",
      "Gaza Strip\tGaza Strip\tregion\tPalestine",
      "",
      "Gaza\tGaza Strip\tregion\tPalestine",
      "Gaza\tGaza City\tcity\tPalestine",
      "East Jerusalem\tEast Jerusalem\tregion\tPalestine\r",
    }

    it("adds rows of a table of lines, the row as the value", function()
      local g = G.new()
      assert.are.equal(3, g:load(lines))
      local m = matches(g, "from Gaza to East Jerusalem")
      assert.are.same({ "Gaza", "Gaza Strip", "region", "Palestine" }, m[1][2])
      assert.are.same({ "East Jerusalem", "East Jerusalem", "region", "Palestine" }, m[2][2])
    end)

    it("takes surface, value and options from fn, skipping rows it refuses", function()
      local g = G.new()
      local n = g:load(lines, function(row)
        if row[3] == "city" then return nil end
        return row[1], { name = row[2] }, { fold = true }
      end)
      assert.are.equal(3, n)
      local m = matches(g, "GAZA STRIP")
      assert.are.equal("Gaza Strip", m[1][2].name)
    end)

    it("reads an iterator of lines and a file", function()
      local g = G.new()
      assert.are.equal(3, g:load(string.gmatch(table.concat(lines, "\n"), "[^\n]*")))
      local path = os.tmpname()
      local f = assert(io.open(path, "w"))
      f:write(table.concat(lines, "\n"), "\n")
      f:close()
      local h = G.new()
      local ok, n = pcall(h.load, h, path)
      os.remove(path)
      assert.is_true(ok, n)
      assert.are.equal(3, n)
      assert.are.equal("Gaza Strip", h:find("Gaza")[2])
    end)

    it("names the line of a bad row", function()
      local g = G.new()
      local ok, err = pcall(g.load, g, { "Gaza", "\tno surface" })
      assert.is_false(ok)
      assert.matches("lines:2: surface has no tokens", err)
      assert.has_error(function() g:load("/nonexistent/places.txt") end)
    end)

    it("uses the line number an iterator gives (as lede.data.lines does)", function()
      local rows, numbers, i = { "Gaza", "\tno surface" }, { 14, 17 }, 0
      local function numbered()
        i = i + 1
        return rows[i], numbers[i]
      end
      local g = G.new()
      local ok, err = pcall(g.load, g, numbered)
      assert.is_false(ok)
      assert.matches("lines:17: surface has no tokens", err)
    end)

    it("refuses a path when there is no io library (the sandbox)", function()
      local g = G.new()
      local saved = io
      _G.io = nil
      local ok, err = pcall(g.load, g, "data/places.txt")
      _G.io = saved
      assert.is_false(ok)
      assert.matches("needs the io library", err)
      assert.are.equal(0, g:count())
    end)
  end)

  describe("argument errors", function()
    local g = G.new()
    -- The message of calling f, which must fail.
    local function err_of(f)
      local ok, err = pcall(f)
      assert.is_false(ok)
      return err
    end

    it("name the argument and the method", function()
      assert.matches("bad argument #1 to 'add' %(string expected, got no value%)",
        err_of(function() g:add() end))
      assert.matches("bad argument #1 to 'add' %(surface has no tokens",
        err_of(function() g:add("") end))
      assert.matches("bad argument #3 to 'add' %(table expected, got string%)",
        err_of(function() g:add("x", 1, "fold") end))
      assert.matches("bad argument #1 to 'match' %(string expected, got table%)",
        err_of(function() g:match({}) end))
      assert.matches("bad argument #1 to 'load'", err_of(function() g:load(42) end))
      assert.matches("bad argument #1 to 'count' %(lede.Gazetteer expected, got table%)",
        err_of(function() g.count({}) end))
    end)
  end)

  describe("the data files", function()
    local places, orgs = root .. "/data/places.txt", root .. "/data/orgs.txt"
    local sentence = "Scholars at the Carnegie Endowment for International Peace "
      .. "compared the Gaza Strip with East Jerusalem."

    local function load(path)
      local g = G.new()
      g:load(path, function(row) return row[1], { name = row[2], type = row[3] } end)
      return g
    end

    it("places.txt gives Gaza Strip and East Jerusalem", function()
      if not readable(places) then return pending("data/places.txt not there yet") end
      local g = load(places)
      assert.is_true(g:count() > 500)
      local got = {}
      for _, m in ipairs(matches(g, sentence)) do got[#got + 1] = m[1] .. "=" .. m[2].name end
      assert.are.same({ "Gaza Strip=Gaza Strip", "East Jerusalem=East Jerusalem" }, got)
    end)

    it("finds the places and organisations of the seed articles", function()
      local seeds = os.getenv("LEDE_SEEDS") or (root .. "/../shared/seeds")
      local ls = io.popen('ls "' .. seeds .. '" 2>/dev/null')
      local files = {}
      for name in ls:lines() do
        if name:match("%.txt$") then files[#files + 1] = seeds .. "/" .. name end
      end
      ls:close()
      if #files == 0 or not readable(places) or not readable(orgs) then
        return pending("no seed articles or data files")
      end
      local g = G.new()
      local function canonical(row) return row[1], row[2] end
      g:load(places, canonical)
      g:load(orgs, canonical)
      local found, n = {}, 0
      for _, path in ipairs(files) do
        local f = assert(io.open(path, "rb"))
        local text = f:read("a")
        f:close()
        for s, e, name in g:match(text) do
          local m = text:sub(s, e - 1)
          assert.is_falsy(m:find("^%s") or m:find("%s$"), "no space around a match: " .. m)
          found[name] = true
          n = n + 1
        end
      end
      assert.is_true(n > 100, "matches in the seed articles: " .. n)
      for _, name in ipairs({ "Gaza Strip", "East Jerusalem", "Qatar", "Egypt", "Hezbollah",
                               "Carnegie Endowment for International Peace", "European Union" }) do
        assert.is_true(found[name], name .. " found in the seed articles")
      end
    end)

    it("orgs.txt gives the Carnegie Endowment for International Peace", function()
      if not readable(orgs) then return pending("data/orgs.txt not there yet") end
      local g = load(orgs)
      local m = matches(g, sentence)
      assert.are.equal("Carnegie Endowment for International Peace", m[1] and m[1][1])
    end)
  end)
end)
