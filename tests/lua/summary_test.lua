-- summary_test.lua -- lede.summary, lede.keywords and lede.duplicates on
-- articles written for these tests, on the sample corpus (examples/corpus,
-- checked against examples/EXPECTED.json) and on the seed articles when
-- present. Run by tests/80-summary.t:
--   lede --db :memory: run tests/lua/summary_test.lua
local lede = require "lede"
local summary = require "lede.summary"
local keywords = require "lede.keywords"
local duplicates = require "lede.duplicates"

local DIR = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local ROOT = os.getenv("LEDE_ROOT") or (DIR .. "/../..")

local tap = dofile(DIR .. "/tap.lua")
local is, skip = tap.is, tap.skip
-- details may be numbers or tables here: shown with tostring
local function ok(cond, name, diag)
  return tap.ok(cond, name, diag and tostring(diag))
end

local function texts(list)
  local out = {}
  for _, x in ipairs(list) do out[#out + 1] = x.text end
  return table.concat(out, " | ")
end

-- Every summary sentence: exact bytes, in document order, in body text.
local function check_summary(doc, list, label)
  local ranges_ok, order_ok, body_ok = true, true, true
  local prev = -1
  local outside = {}
  for s, e, kind in doc:paragraphs() do
    if kind ~= "paragraph" then outside[#outside + 1] = { s - 1, e - 1, kind } end
  end
  for _, x in ipairs(list) do
    if doc.text:sub(x.start + 1, x["end"]) ~= x.text then ranges_ok = false end
    if x.start < prev then order_ok = false end
    prev = x.start
    for _, r in ipairs(outside) do
      if x.start < r[2] and r[1] < x["end"] then body_ok = false end
    end
  end
  ok(ranges_ok, label .. ": each sentence's text is the stored bytes of its range")
  ok(order_ok, label .. ": sentences come in document order")
  ok(body_ok, label .. ": no headline, byline, caption or subhead")
end

-- ------------------------------------------------- articles of our own
local own = lede.open(":memory:")

local A = [[
Marrow River Bursts Its Banks in Riverton

By Jane Porter

Sandbags stacked along Mill Street on Sunday © Riverton Echo/Sam Hill

RIVERTON — The Marrow River burst its banks on Sunday and flooded 300 homes in the lower town, forcing the evacuation of the riverside district.

Mayor Ellen Brook said the flood wall had held for six hours before the water came over it.

Volunteers filled sandbags at the school gym through the night, and the fire brigade pumped water from the flooded cellars of the old mill.

Engineers will inspect the flood wall on Monday.
]]

local B = [[
Riverton counts the cost after Marrow flood

By Oskar Lind

The flood that swept through Riverton on Sunday left the lower town under a metre of water, and the council said repairs to the flood wall could take a year.
Council engineer Tomas Reyes said the wall was built for a river that no longer exists. He said the winter rains had been the heaviest on record.
Shops on Mill Street stayed shut on Monday as owners pumped water from their cellars and carried ruined stock into the street.
The insurance office on Bridge Road had a queue out of the door by nine in the morning.
Residents of the riverside district were told they could not return before Wednesday.
]]

local C = [[
Council Budget Vote Delayed Again

By Jane Porter

The Riverton council delayed its budget vote for a third time on Tuesday after members failed to agree on cuts to the bus service.

The budget gap stands at four million pounds, the finance officer told members.

Members will meet again next week to vote on a revised budget that keeps the night buses running.
]]

local D = [[
Flood Wall Needs Rebuilding, Engineers Say

The flood wall along the Marrow River must be rebuilt rather than patched, engineers told the Riverton council on Thursday.

“The wall did its job for six hours. It cannot do it again,” said Tomas Reyes, the council engineer.

A new wall would cost about nine million pounds and take two years to build.
]]

-- E is B with a new headline and a line added at the end: a copy.
local E = B:gsub("^[^\n]*", "Lower Riverton still under water", 1)
  .. "Additional reporting by the Riverton Echo news desk.\n"

-- R repeats its lead as its last paragraph.
local R = [[
Bridge Reopens After Flood Repairs

The Bridge Road crossing over the Marrow River reopened on Friday after three weeks of flood repairs.

Traffic was light in the morning as drivers tested the new surface.

The council thanked residents for their patience during the closure.

The Bridge Road crossing over the Marrow River reopened on Friday after three weeks of flood repairs.
]]

-- Q: the same sentence as a quote's second half (Q1) and standing alone (Q2).
local Q1 = [[
Pumps Arrive

Pumps arrived in Riverton on Saturday.

“We asked for the pumps a week ago. The pumps will clear the cellars of the lower town by Monday,” Reyes said.
]]
local Q2 = [[
Pumps Arrive Early

Pumps arrived in Riverton on Saturday.

We asked for the pumps a week ago. The pumps will clear the cellars of the lower town by Monday, Reyes said.
]]

for _, doc in ipairs({ { "a", A }, { "b", B }, { "c", C }, { "d", D }, { "e", E }, { "r", R } }) do
  assert(own:add_document(doc[2], { id = doc[1] }))
end
-- Q1 and Q2 are copies of each other: a store of their own.
local qdb = lede.open(":memory:")
assert(qdb:add_document(Q1, { id = "q1" }))
assert(qdb:add_document(Q2, { id = "q2" }))

local a = assert(own:doc("a"))
local kinds = {}
for s, e, kind in a:paragraphs() do kinds[#kinds + 1] = kind .. ":" .. a:sub(s, e):sub(1, 8) end
ok(table.concat(kinds, " "):find("caption:Sandbags", 1, true) ~= nil,
  "the test article's photo line is a caption (so the next checks mean something)", table.concat(kinds, " "))

local sa = summary.document(own, a, 2)
is(#sa, 2, "n sentences are returned")
check_summary(a, sa, "own article a")
is(sa[1] and sa[1].text:sub(1, 36), "The Marrow River burst its banks on ",
  "the lead sentence is chosen first, its dateline left out")
is(sa[1] and a.text:sub(sa[1].start + 1, sa[1].start + 3), "The", "... and the dateline is outside its byte range")
ok(not texts(summary.document(own, a, 10)):find("Sandbags stacked", 1, true), "a caption is never a summary sentence")
ok(not texts(summary.document(own, a, 10)):find("Bursts Its Banks", 1, true), "nor the headline")
is(#summary.document(own, a, 10), 4, "asking for more sentences than the body has gives the body")
is(#summary.document(own, "a"), 3, "a document may be given by id; n defaults to 3")

local sr = summary.document(own, "r", 3)
local seen, twice = {}, false
for _, x in ipairs(sr) do
  if seen[x.text] then twice = true end
  seen[x.text] = true
end
ok(not twice, "a repeated sentence is chosen once", texts(sr))
is(sr[1] and sr[1].start, (R:find("The Bridge Road", 1, true)) - 1, "... at its first place, the lead")

local sb = summary.document(own, "b", 5)
local ordered = true
for i = 2, #sb do if sb[i].start <= sb[i - 1].start then ordered = false end end
ok(ordered and #sb == 5, "summaries come in document order", texts(sb))

local function score_of(db, id, prefix)
  for _, x in ipairs(summary.sentences(db, id)) do
    if x.text:sub(1, #prefix) == prefix then return x.score end
  end
end
local s1, s2 = score_of(qdb, "q1", "The pumps will clear"), score_of(qdb, "q2", "The pumps will clear")
ok(s1 and s2 and s1 < s2, "a quote's second half counts for less than the same words standing alone",
  tostring(s1) .. " vs " .. tostring(s2))

ok(not pcall(summary.document, own, "nope"), "an unknown id is an error")

-- keywords
local kc = keywords.corpus(own, 10)
local kterms = {}
for _, k in ipairs(kc) do kterms[k.term] = k end
ok(kterms.flood ~= nil, "the corpus keywords include 'flood'", texts(kc))
ok(kc[1] and kc[1].score >= (kc[#kc] and kc[#kc].score or 0), "corpus keywords come best first")
local kd = keywords.documents(own, 6)
local cterms = {}
for _, k in ipairs(kd.c or {}) do cterms[#cterms + 1] = k.term end
ok(table.concat(cterms, ","):find("budget", 1, true) ~= nil, "the budget article's keywords include 'budget'",
  table.concat(cterms, ","))
local stop = require("lede.data").set("stopwords.txt")
local bad_edge, month = {}, false
for _, list in pairs(kd) do
  for _, k in ipairs(list) do
    local first, last = k.term:match("^(%S+)"), k.term:match("(%S+)$")
    if stop[first] or stop[last] then bad_edge[#bad_edge + 1] = k.term end
    if k.term:find("sunday") or k.term:find("monday") then month = true end
    if k.term ~= lede.fold(k.term) then bad_edge[#bad_edge + 1] = k.term end
  end
end
is(table.concat(bad_edge, ","), "", "no keyword starts or ends with a stop word, and all are case-folded")
ok(not month, "weekday names are not keywords, however often they occur")
local kb = keywords.document(own, "b", 10)
local has_phrase = false
for _, k in ipairs(kb) do if k.term:find(" ", 1, true) then has_phrase = true end end
ok(has_phrase, "document keywords include multiword phrases", texts(kb))
local wc, pc = keywords.terms(own, "a")
is(wc.flood, 2, "term counts: 'flood' twice in article a (the caption and byline not counted)")
is(pc["flood wall"], 2, "... and the phrase 'flood wall' twice")
ok(pc["on sunday"] == nil and pc["the marrow"] == nil, "phrases do not start with stop words")

-- near-duplicates
local g = duplicates.groups(own)
is(#g, 1, "one near-duplicate group among the test articles")
is(g[1] and table.concat(g[1].docs, ","), "b,e", "... the copy and its source, in store order")
local exact = duplicates.jaccard(duplicates.shingles(own:doc("b")), duplicates.shingles(own:doc("e")))
ok(g[1] and math.abs(g[1].similarity - exact) < 0.001 and exact >= 0.8,
  "the group's similarity is the exact Jaccard similarity of their shingles", exact)
is(#duplicates.groups(own, { threshold = 0.99 }), 0, "no group above a threshold the copy does not reach")
ok(not pcall(duplicates.groups, own, { threshold = 2 }), "a threshold above 1 is refused")

-- corpus summary from parts and from the store
local cs = summary.corpus(own, {
  people = {
    { name = "Tomas Reyes", mentions = 4, documents = { "b", "d" }, quotes = 1,
      roles = { { role = "council engineer", affiliation = "Riverton council" },
        { role = "Council engineer", affiliation = "Riverton council" } } },
    { name = "Ellen Brook", mentions = 1, documents = { "a" }, quotes = 0, roles = { { role = "Mayor" } } },
  },
  figures = {
    { value = 1, unit = "metres", doc = "b", start = 1, ["end"] = 8, text = "a metre" },
    { value = 1, unit = "metres", doc = "e", start = 1, ["end"] = 8, text = "a metre" },
    { value = 300, unit = "homes", doc = "a", start = 10, ["end"] = 13, text = "300" },
    { value = 6, unit = "hours", doc = "a", start = 20, ["end"] = 25, text = "six hours" },
    { value = 6, unit = "hours", doc = "d", start = 30, ["end"] = 35, text = "six hours" },
    { value = 4, unit = nil, doc = "c", start = 1, ["end"] = 2, text = "4" },
  },
  documents = { { id = "a", date = "2024-03-03" }, { id = "b", date = "2024-03-04" }, { id = "c" },
    { id = "d", date = "2024-03-07" }, { id = "e" }, { id = "r" } },
})
is(cs.actors[1] and cs.actors[1].name, "Tomas Reyes", "actors: the most mentioned first")
is(cs.actors[1] and #cs.actors[1].roles, 1, "... roles that differ only in case are one role")
is(cs.actors[1] and cs.actors[1].documents, 2, "... with the number of documents")
is(cs.figures[1] and cs.figures[1].text .. "/" .. #cs.figures[1].documents, "six hours/2",
  "figures: the one reported by most documents first")
is(cs.figures[2] and cs.figures[2].text .. "/" .. #cs.figures[2].documents, "a metre/2",
  "... an article and its copy count as one source (listed after two independent ones)")
is(#cs.figures, 3, "... figures without a unit left out")
is(cs.dates.first .. ".." .. cs.dates.last .. " " .. cs.dates.dated .. "/" .. cs.dates.undated,
  "2024-03-03..2024-03-07 3/3", "dates: the span and how many documents are dated")
ok(#cs.claims >= 3, "claims are chosen", #cs.claims)
local claim_docs, claims_ok = {}, true
for _, c in ipairs(cs.claims) do
  if claim_docs[c.doc] then claims_ok = false end
  claim_docs[c.doc] = true
  local d = own:doc(c.doc)
  if d.text:sub(c.start + 1, c["end"]) ~= c.text then claims_ok = false end
end
ok(claims_ok, "claims: at most one per document, each traced to its bytes")
ok(not (claim_docs.b and claim_docs.e), "... and not both a document and its copy")

own:add_span("d", 1, 10, "person", { name = "Tomas Reyes", role = "engineer" })
own:add_span("b", 1, 10, "person", { name = "Tomas Reyes" })
own:add_span("b", 12, 20, "person", { name = "Ellen Brook" })
local cs2 = summary.corpus(own)
is(cs2.actors[1] and (cs2.actors[1].name .. " " .. cs2.actors[1].mentions .. " " .. cs2.actors[1].documents),
  "Tomas Reyes 2 2", "without parts, actors come from the store's person spans")
is(cs2.actors[1] and cs2.actors[1].roles[1] and cs2.actors[1].roles[1].role, "engineer", "... with their roles")

-- A larger store: planted copies among random documents are all found,
-- and nothing else (the LSH banding must not lose a pair at 0.9).
local big = lede.open(":memory:")
math.randomseed(7)
local vocab = {}
for i = 1, 2000 do vocab[i] = "w" .. i .. string.char(97 + i % 26) end
local function random_doc(len)
  local w = {}
  for i = 1, len do w[i] = vocab[math.random(#vocab)] end
  return table.concat(w, " ") .. ".\n"
end
local planted = {}
do
  for i = 1, 400 do
    local text = random_doc(150)
    big:add_document(text, { id = ("d%03d"):format(i) })
    if i % 100 == 0 then
      -- a copy with a few words changed near the end
      local copy = text:gsub("(%S+) (%S+)%.\n$", "changed words.\n")
      big:add_document(copy, { id = ("d%03d-copy"):format(i) })
      planted[#planted + 1] = ("d%03d,d%03d-copy"):format(i, i)
    end
  end
end
local found = {}
for _, grp in ipairs(duplicates.groups(big, { threshold = 0.9 })) do found[#found + 1] = table.concat(grp.docs, ",") end
table.sort(found)
is(table.concat(found, " "), table.concat(planted, " "), "400 documents: exactly the 4 planted copies are grouped")

-- A person is one keyword, under the canonical name: not also the words
-- or phrases of the mentions as written ("sheikh nasser", "nasser").
do
  local pdb = lede.open(":memory:")
  local text = "Emir meets envoy\n\nSheikh Nasser al-Thani met the envoy in Doha on Monday. "
    .. "Sheikh Nasser said the talks on water rights were useful. Later Sheikh Nasser al-Thani "
    .. "hosted a dinner on water rights, and Sheikh Nasser spoke again about water rights.\n"
  assert(pdb:add_document(text, { id = "p" }))
  local from = 1
  for _, m in ipairs({ "Sheikh Nasser al-Thani", "Sheikh Nasser", "Sheikh Nasser al-Thani", "Sheikh Nasser" }) do
    local s, e = text:find(m, from, true)
    pdb:add_span("p", s, e + 1, "person", { name = "Nasser al-Thani" })
    from = e + 1
  end
  local terms = {}
  for _, k in ipairs(keywords.document(pdb, "p", 20)) do terms[k.term] = true end
  ok(terms["nasser al-thani"] and terms["water rights"], "a person's canonical name and other phrases are keywords")
  ok(not terms["sheikh nasser"] and not terms.sheikh and not terms.nasser,
    "the words and phrases of a person's mentions are not keywords beside the canonical name")
  pdb:close()
end

-- ------------------------------------------------------ the sample corpus
local ex = lede.open(":memory:")
local corpus_dir = ROOT .. "/examples/corpus"
local res = ex:ingest(corpus_dir)
if not res or ex:count() < 12 then
  skip("no sample corpus at " .. corpus_dir)
else
  local f = assert(io.open(ROOT .. "/examples/EXPECTED.json"))
  local expected = lede.json.decode(f:read("a"))
  f:close()
  local want = {}
  for _, grp in ipairs(expected.near_duplicates) do
    local ids = {}
    for i, id in ipairs(grp.docs) do ids[i] = id end
    table.sort(ids)
    want[#want + 1] = table.concat(ids, ",")
  end
  local got = {}
  for _, grp in ipairs(duplicates.groups(ex, { threshold = 0.8 })) do
    local ids = {}
    for i, id in ipairs(grp.docs) do ids[i] = id end
    table.sort(ids)
    got[#got + 1] = table.concat(ids, ",")
  end
  is(table.concat(got, " "), table.concat(want, " "),
    "sample corpus: the near-duplicate groups are those of EXPECTED.json (01 and 10), no other pair")

  local terms = {}
  for _, k in ipairs(keywords.corpus(ex, 20)) do terms[#terms + 1] = k.term end
  ok((" " .. table.concat(terms, " ") .. " "):find(" ceasefire ", 1, true) ~= nil,
    "sample corpus: the corpus keywords include 'ceasefire'", table.concat(terms, ", "))
  local reporting = {}
  for _, t in ipairs(terms) do
    if t == "told" or t == "said" or t == "officials" or t == "people" or t == "reporters" then
      reporting[#reporting + 1] = t
    end
  end
  is(table.concat(reporting, ","), "", "sample corpus: the words of reporting (told, officials, people) are no keywords")

  local kd_all, same = keywords.documents(ex, 10), true
  for doc in ex:docs() do
    local one = keywords.document(ex, doc, 10)
    local list = kd_all[doc.id] or {}
    if #one ~= #list or #one ~= 10 then same = false end
    for i = 1, #one do
      if not list[i] or one[i].term ~= list[i].term or one[i].score ~= list[i].score then same = false end
    end
  end
  ok(same, "sample corpus: keywords.documents gives each document the 10 terms keywords.document gives it")

  local all_ok, count_ok = true, true
  for doc in ex:docs() do
    local list = summary.document(ex, doc, 3)
    if #list ~= 3 then count_ok = false end
    for _, x in ipairs(list) do
      if doc.text:sub(x.start + 1, x["end"]) ~= x.text then all_ok = false end
    end
  end
  ok(all_ok, "sample corpus: every summary sentence is the stored bytes of its range")
  ok(count_ok, "sample corpus: three sentences for every article")
  local s01 = summary.document(ex, "01_meridian-wire", 3)
  check_summary(ex:doc("01_meridian-wire"), s01, "01_meridian-wire")
  is(s01[1] and s01[1].text:sub(1, 40), "US Secretary of State Maria Alvarez urge",
    "01_meridian-wire: the lead comes first, without its dateline")
  local headline = expected.articles["13_global-brief"].headline
  ok(not texts(summary.document(ex, "13_global-brief", 5)):find(headline, 1, true),
    "13_global-brief: the headline is not part of the summary")
end

-- --------------------------------------------------------------- seeds
local seeds = os.getenv("LEDE_SEEDS") or (ROOT .. "/../shared/seeds")
local sdb = lede.open(":memory:")
local sres = sdb:ingest(seeds)
if not sres or sdb:count() == 0 then
  skip("no seed articles at " .. seeds)
else
  local good, three = true, true
  for doc in sdb:docs() do
    local list = summary.document(sdb, doc, 3)
    if #list ~= 3 then three = false end
    for _, x in ipairs(list) do
      if doc.text:sub(x.start + 1, x["end"]) ~= x.text then good = false end
    end
  end
  ok(good, "seeds: every summary sentence is the stored bytes of its range")
  ok(three, "seeds: three sentences for every article")
  is(#duplicates.groups(sdb), 0, "seeds: the five articles are not near-duplicates of one another")
  local st = {}
  for _, k in ipairs(keywords.corpus(sdb, 10)) do st[#st + 1] = k.term end
  ok((" " .. table.concat(st, " ") .. " "):find(" blinken ", 1, true) ~= nil,
    "seeds: 'blinken' is a corpus keyword", table.concat(st, ", "))
end

tap.done()
