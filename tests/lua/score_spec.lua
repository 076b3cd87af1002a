-- tests/lua/score_spec.lua -- the evaluation scorer (tests/eval/score.lua)
-- gives the figures a user expects, and the annotated corpus it scores
-- against is sound. Run from the repository root:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;tests/?.lua;;' busted tests/lua/score_spec.lua

local score = require("eval.score")
local json = require("eval.json")
local ann2gold = require("eval.ann2gold")

local CORPUS = "tests/corpus"

local function span(doc, kind, s, e, fields)
    local t = { doc = doc, kind = kind, start = s, ["end"] = e, text = "" }
    for k, v in pairs(fields or {}) do t[k] = v end
    return t
end

-- A small gold standard: two documents, one per split.
local function fixture()
    local gold = {
        span("a", "person", 0, 14, { name = "Antony Blinken", role = "Secretary of State" }),
        span("a", "place", 30, 36, { name = "Israel" }),
        span("a", "quote", 40, 80, { speaker = "Antony Blinken", partial = false }),
        span("a", "date", 90, 97, { type = "date", value = "2024-10-29" }),
        span("b", "person", 5, 12, { name = "Antony Blinken", role = json.null }),
        span("b", "quantity", 20, 31, { value = 37000, unit = "Palestinians", approx = true }),
        span("b", "quote", 50, 70, { speaker = json.null, partial = true }),
    }
    local docs = { a = true, b = true }
    local split = { a = "dev", b = "heldout" }
    return gold, docs, split
end

local function copy_all(list)
    local out = {}
    for i, s in ipairs(list) do
        local t = {}
        for k, v in pairs(s) do t[k] = v end
        out[i] = t
    end
    return out
end

local function sink()
    local buf = {}
    return { write = function(self, ...)
        for _, s in ipairs({ ... }) do buf[#buf + 1] = s end
        return self
    end, text = function() return table.concat(buf) end }
end

local function write_file(path, content)
    local f = assert(io.open(path, "wb"))
    f:write(content)
    f:close()
end

local function jsonl(spans)
    local lines = {}
    for i, s in ipairs(spans) do lines[i] = json.encode(s) end
    return table.concat(lines, "\n") .. "\n"
end

describe("the scorer", function()
    it("gives 1.0 everywhere for a perfect prediction", function()
        local gold, docs, split = fixture()
        local r = score.score(gold, copy_all(gold), docs, split)
        for _, sp in ipairs({ "dev", "heldout", "all" }) do
            for _, k in ipairs(r.kinds) do
                local c = r.splits[sp][k]
                if c.gold > 0 then
                    assert.are.equal(1, c.strict.f1, sp .. " " .. k)
                    assert.are.equal(1, c.lenient.p, sp .. " " .. k)
                    assert.are.equal(1, c.lenient.r, sp .. " " .. k)
                end
                for f, fc in pairs(c.fields) do
                    if fc.pairs > 0 then assert.are.equal(1, fc.acc, k .. "." .. f) end
                end
            end
        end
    end)

    it("lowers recall, not precision, for a missing span", function()
        local gold, docs, split = fixture()
        local pred = copy_all(gold)
        table.remove(pred, 2) -- the place in document a
        local r = score.score(gold, pred, docs, split)
        local c = r.splits.dev.place
        assert.are.equal(1, c.gold)
        assert.are.equal(0, c.pred)
        assert.are.equal(0, c.lenient.r)
        assert.is_nil(c.lenient.p)
        assert.are.equal(0, c.lenient.f1)
        assert.are.equal(1, r.splits.dev.person.lenient.r)
        local all = r.splits.all
        assert.are.equal(1, all.quote.lenient.p)
    end)

    it("counts an off-by-one boundary as lenient-correct and strict-wrong", function()
        local gold, docs, split = fixture()
        local pred = copy_all(gold)
        pred[1]["end"] = 15 -- "Antony Blinken’" one byte too far
        local r = score.score(gold, pred, docs, split)
        local c = r.splits.dev.person
        assert.are.equal(0, c.strict.tp)
        assert.are.equal(0, c.strict.f1)
        assert.are.equal(1, c.lenient.tp)
        assert.are.equal(1, c.lenient.f1)
        assert.are.equal(1, c.fields.name.acc)
    end)

    it("matches one to one: a second overlapping prediction is a false positive", function()
        local gold, docs, split = fixture()
        local pred = copy_all(gold)
        pred[#pred + 1] = span("a", "person", 7, 14, { name = "Blinken" })
        local r = score.score(gold, pred, docs, split)
        local c = r.splits.dev.person
        assert.are.equal(1, c.lenient.tp)
        assert.are.equal(0.5, c.lenient.p)
        assert.are.equal(1, c.fields.name.acc) -- the exact pair was kept
    end)

    it("lowers speaker accuracy for a wrong speaker, and null matches only null", function()
        local gold, docs, split = fixture()
        local pred = copy_all(gold)
        pred[3].speaker = "Benjamin Netanyahu"
        pred[7].speaker = "Hamas"
        local r = score.score(gold, pred, docs, split)
        assert.are.equal(1, r.splits.all.quote.lenient.f1)
        assert.are.equal(0, r.splits.dev.quote.fields.speaker.acc)
        assert.are.equal(0, r.splits.heldout.quote.fields.speaker.acc)
        pred[7].speaker = nil -- absent is the same as null
        r = score.score(gold, pred, docs, split)
        assert.are.equal(1, r.splits.heldout.quote.fields.speaker.acc)
    end)

    it("compares field values case- and apostrophe-insensitively, numbers numerically", function()
        assert.is_true(score.same_value("Secretary of State", "secretary  of state"))
        assert.is_true(score.same_value("Gaza’s", "Gaza's"))
        assert.is_true(score.same_value(37000, 37000.0))
        assert.is_false(score.same_value(37000, 3700))
        assert.is_false(score.same_value(json.null, "Hamas"))
        assert.is_true(score.same_value(false, nil))
        assert.is_false(score.same_value("2024-10-29", "2024-10-28"))
    end)

    it("ignores kinds absent from the gold and documents without gold", function()
        local gold, docs, split = fixture()
        local pred = copy_all(gold)
        pred[#pred + 1] = span("a", "sentence", 0, 100)
        pred[#pred + 1] = span("a", "headline", 0, 20)
        pred[#pred + 1] = span("zzz", "person", 0, 5, { name = "Nobody" })
        local r = score.score(gold, pred, docs, split)
        assert.are.equal(3, r.ignored)
        assert.is_nil(r.splits.all.sentence)
        assert.are.equal(1, r.splits.all.person.lenient.p)
        assert.is_falsy(score.format_table(r):find("sentence", 1, true))
    end)

    it("matches doc_date per document and compares its value", function()
        local gold = { span("a", "doc_date", 0, 0, { value = "2024-10-29" }),
                       span("b", "doc_date", 0, 0, { value = "2024-06-10" }) }
        local pred = { span("a", "doc_date", 120, 130, { value = "2024-10-29" }),
                       span("b", "doc_date", 0, 0, { value = "2024-06-11" }) }
        local r = score.score(gold, pred, { a = true, b = true }, {})
        local c = r.splits.all.doc_date
        assert.are.equal(2, c.lenient.tp)
        assert.are.equal(1, c.strict.tp)
        assert.are.equal(0.5, c.fields.value.acc)
    end)

    it("checks the heldout targets", function()
        local gold, docs, split = fixture()
        local pred = copy_all(gold)
        pred[7].speaker = "Hamas"
        local r = score.score(gold, pred, docs, split)
        local by = {}
        for _, t in ipairs(score.check_targets(r)) do by[t.label] = t end
        assert.is_true(by["heldout person lenient F1 >= 0.90"].met)
        assert.is_false(by["heldout quote speaker accuracy >= 0.90"].met)
        assert.is_false(by["heldout org lenient F1 >= 0.90"].met) -- no org at all
    end)

    describe("run as a command", function()
        local dir, gold_dir, pred_path, base_path, worse_path
        setup(function()
            dir = os.tmpname()
            os.remove(dir)
            assert(os.execute("mkdir -p '" .. dir .. "/gold'"))
            gold_dir = dir .. "/gold"
            local gold, _, split = fixture()
            local by_doc = {}
            for _, s in ipairs(gold) do
                by_doc[s.doc] = by_doc[s.doc] or {}
                table.insert(by_doc[s.doc], s)
            end
            for doc, spans in pairs(by_doc) do
                write_file(gold_dir .. "/" .. doc .. ".jsonl", jsonl(spans))
            end
            write_file(dir .. "/SPLIT", "a " .. split.a .. "\nb " .. split.b .. "\n")
            pred_path = dir .. "/pred.jsonl"
            write_file(pred_path, jsonl(gold))
            local worse = copy_all(gold)
            table.remove(worse, 1) -- the person of document a
            worse[5].value = 3700 -- a quantity value (document b)
            worse_path = dir .. "/worse.jsonl"
            write_file(worse_path, jsonl(worse))
            base_path = dir .. "/base.json"
        end)
        teardown(function()
            os.execute("rm -rf '" .. dir .. "'")
        end)

        it("prints the table, writes --json and passes its own baseline", function()
            local out, err = sink(), sink()
            assert.are.equal(0, score.main({ gold_dir, pred_path, "--json", base_path }, out, err))
            assert.truthy(out:text():find("heldout  quote", 1, true))
            assert.truthy(out:text():find("documents: 2 (dev 1, heldout 1)", 1, true))
            local base = json.decode(assert(io.open(base_path)):read("*a"))
            assert.are.equal(1, base.splits.heldout.quantity.lenient.f1)
            out = sink()
            assert.are.equal(0, score.main({ gold_dir, pred_path, "--baseline", base_path }, out, err))
            assert.truthy(out:text():find("no figure dropped", 1, true))
        end)

        it("exits 1 and names each figure that dropped below the baseline", function()
            local out, err = sink(), sink()
            assert.are.equal(1, score.main({ gold_dir, worse_path, "--baseline", base_path }, out, err))
            local text = out:text()
            assert.truthy(text:find("regression: dev.person.lenient.r dropped 1.000 -> 0.000", 1, true))
            assert.truthy(text:find("regression: heldout.quantity.field.value dropped 1.000 -> 0.000", 1, true))
            assert.truthy(text:find("regression: dev.person.field.name dropped 1.000 -> undefined", 1, true))
            assert.is_falsy(text:find("heldout.person", 1, true))
        end)

        it("prints the targets with --targets", function()
            local out, err = sink(), sink()
            assert.are.equal(0, score.main({ gold_dir, worse_path, "--targets" }, out, err))
            assert.truthy(out:text():find("heldout person lenient F1 >= 0.90%s+1.000%s+met"))
            assert.truthy(out:text():find("heldout org lenient F1 >= 0.90%s+-%s+NOT MET"))
        end)

        it("refuses malformed predictions with the line number", function()
            local bad = dir .. "/bad.jsonl"
            write_file(bad, jsonl(fixture()) .. "{\"doc\":\"a\",\"kind\":\"person\"\n")
            local out, err = sink(), sink()
            assert.are.equal(2, score.main({ gold_dir, bad }, out, err))
            assert.truthy(err:text():find("bad.jsonl:8:", 1, true))
            assert.are.equal(1, score.main({ gold_dir }, out, err))
        end)
    end)
end)

describe("the json module", function()
    it("round-trips UTF-8, escapes and null", function()
        local v = json.decode('{"a":"Blinken\\u2019s \\ud83d\\ude00 \\"x\\"","b":[1,2.5,null,true],"c":-3e2}')
        assert.are.equal("Blinken’s 😀 \"x\"", v.a)
        assert.are.equal(json.null, v.b[3])
        assert.are.equal(4, #v.b)
        assert.are.equal(-300, v.c)
        local again = json.decode(json.encode(v))
        assert.are.equal(v.a, again.a)
        assert.are.equal(2.5, again.b[2])
        assert.are.equal('{"x":2500000000}', json.encode({ x = 2.5e9 }))
    end)

    it("rejects malformed JSON", function()
        for _, bad in ipairs({ '{"a":1,}', '[1 2]', '"abc', '01', '{"a":1} x', 'nul' }) do
            assert.has_error(function() json.decode(bad) end)
        end
    end)
end)

describe("the annotation converter", function()
    it("counts offsets in bytes through nested markup", function()
        local src = "@date 2024-10-29\n---\n"
            .. "“{quo sp=Ayman Haddad; cue=said; st=Haddad|Über {pl|Gaza} now}” {per|Haddad} said.\n"
        local doc = ann2gold.parse_ann(src, "t", { person = { Haddad = "Ayman Haddad" } })
        assert.are.equal("“Über Gaza now” Haddad said.\n", doc.text)
        for _, s in ipairs(doc.spans) do
            assert.are.equal(s.text, doc.text:sub(s.start + 1, s["end"]))
        end
        local by = {}
        for _, s in ipairs(doc.spans) do by[s.kind] = s end
        assert.are.equal("Ayman Haddad", by.person.name)
        assert.are.equal("Gaza Strip", (function()
            return ann2gold.parse_ann(src, "t", { place = { Gaza = "Gaza Strip" } }).spans[3].name
        end)())
        assert.are.equal(0, by.doc_date["end"])
    end)

    it("refuses spans that break the guidelines", function()
        local cases = {
            "---\n{per|Blinken’s} visit\n",          -- possessive inside a name
            "---\n“{quo sp=-|“no deal}” \n",          -- quote mark inside a quote
            "---\n{qty|many} people\n",               -- no number, no unit
            "---\n{dt v=2024-13x|May}\n",             -- malformed date value
            "---\n{per|Ann {per|Lee}}\n",             -- overlapping spans of a kind
            "---\n{per|Ann\n",                        -- never closed
            "---\n{foo|Ann}\n",                       -- unknown kind
        }
        for _, src in ipairs(cases) do
            assert.has_error(function() ann2gold.parse_ann(src, "t", {}) end, nil, src)
        end
    end)
end)

describe("the evaluation corpus", function()
    local docs, split, gold_files

    setup(function()
        docs = {}
        for line in io.lines(CORPUS .. "/corpus.jsonl") do
            local d = json.decode(line)
            docs[d.id] = d
        end
        split = score.parse_split(assert(io.open(CORPUS .. "/SPLIT")):read("*a"))
        gold_files = ann2gold.list_dir(CORPUS .. "/gold", ".jsonl")
    end)

    it("has at least 18 articles of 300 to 900 words, a third or more held out", function()
        local n, heldout = 0, 0
        for id, d in pairs(docs) do
            n = n + 1
            if split[id] == "heldout" then heldout = heldout + 1 end
            local _, words = d.text:gsub("%S+", "")
            assert.is_true(words >= 300 and words <= 900, id .. " has " .. words .. " words")
        end
        assert.is_true(n >= 18, "only " .. n .. " articles")
        assert.is_true(heldout * 3 >= n, heldout .. " of " .. n .. " held out")
    end)

    it("lists every article in SPLIT as dev or heldout, and nothing else", function()
        for id in pairs(docs) do
            assert.is_truthy(split[id] == "dev" or split[id] == "heldout", id)
        end
        for id in pairs(split) do assert.is_truthy(docs[id], "SPLIT names " .. id) end
    end)

    it("has a gold file per article whose every text is the article's bytes", function()
        assert.are.equal(#gold_files, (function()
            local n = 0
            for _ in pairs(docs) do n = n + 1 end
            return n
        end)())
        for _, f in ipairs(gold_files) do
            local id = f:gsub("%.jsonl$", "")
            local d = docs[id]
            assert.is_truthy(d, f .. " has no article")
            local text = assert(io.open(CORPUS .. "/gold/" .. f)):read("*a")
            local spans = score.parse_spans(text, f)
            assert.is_true(#spans > 0, f)
            for _, s in ipairs(spans) do
                local where = ("%s:%d"):format(f, s.line)
                assert.are.equal(id, s.doc, where)
                assert.is_true(s.start >= 0 and s["end"] <= #d.text, where)
                assert.are.equal(d.text:sub(s.start + 1, s["end"]), s.text, where)
                for _, field in ipairs(ann2gold.FIELDS[s.kind]) do
                    assert.is_true(s[field] ~= nil, where .. " lacks " .. field)
                end
            end
        end
    end)

    it("is what the sources in src/ produce (ann2gold.lua --check)", function()
        local built = ann2gold.outputs(ann2gold.build(CORPUS))
        for path, content in pairs(built) do
            local f = assert(io.open(CORPUS .. "/" .. path, "rb"))
            local committed = f:read("*a")
            f:close()
            assert.is_true(committed == content, path .. " is out of date: run lua5.4 tests/eval/ann2gold.lua")
        end
    end)

    it("scores its own gold as perfect", function()
        local gold, gdocs = score.load_gold(CORPUS .. "/gold")
        local r = score.score(gold, copy_all(gold), gdocs, split)
        for _, k in ipairs({ "person", "org", "place", "demonym", "date", "quantity",
                             "ordinal_event", "quote", "doc_date" }) do
            assert.are.equal(1, r.splits.heldout[k].strict.f1, k)
            assert.are.equal(1, r.splits.dev[k].strict.f1, k)
        end
    end)
end)
