-- report_test.lua -- the report writers (lede.report: JSON, HTML, Markdown,
-- CSV) on the hand-written model in tests/data/report/model.json, whose
-- evidence points into the three articles of tests/data/report/corpus, so
-- that these checks do not move with extraction quality. Run by
-- tests/82-report.t:
--   lede --db :memory: run tests/lua/report_test.lua ROOT
-- and, for the end-to-end checks on a real report, with a mode:
--   lede --db STORE run tests/lua/report_test.lua ROOT check-json FILE.json
--   lede --db STORE run tests/lua/report_test.lua ROOT check-html FILE.html
--   lede --db STORE run tests/lua/report_test.lua ROOT check-md FILE.md
-- (every evidence range inside its document with the document's bytes;
-- every link target present in the page; the sections present).
local lede = require "lede"
local report = require "lede.report"
local C = require "lede.report.common"
local json = lede.json

local ROOT = arg[1] or "."
local MODE, FILE = arg[2], arg[3]

local t = { n = 0, failed = 0 }
local function ok(cond, name)
  t.n = t.n + 1
  print((cond and "ok " or "not ok ") .. t.n .. " - " .. name)
  if not cond then t.failed = t.failed + 1 end
  return cond
end
local function show(v) return type(v) == "string" and string.format("%q", v) or tostring(v) end
local function is(got, want, name)
  if not ok(got == want, name) then
    print("#   got:  " .. show(got))
    print("#   want: " .. show(want))
  end
end
local function done()
  print("1.." .. t.n)
  os.exit(t.failed == 0 and 0 or 1)
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function count(s, plain)
  local n, i = 0, 1
  while true do
    local a, b = s:find(plain, i, true)
    if not a then return n end
    n, i = n + 1, b + 1
  end
end

local db = lede.open()

------------------------------------------------------------ shared checks

-- Every table with doc/start/end (or start/end under an item with doc) is
-- a range inside the stored document; with text, the text is its bytes.
-- Returns the number of ranges and a list of problems.
local function check_evidence(model)
  local texts, n, bad = {}, 0, {}
  local function text_of(id)
    if texts[id] == nil then
      local d = db:doc(id)
      texts[id] = d and d.text or false
    end
    return texts[id]
  end
  local function walk(v, doc, path)
    if type(v) ~= "table" then return end
    if v.doc ~= nil and type(v.doc) ~= "table" then doc = v.doc end
    if v.start ~= nil and v["end"] ~= nil and doc ~= nil then
      n = n + 1
      local text = text_of(tostring(doc))
      local s, e = v.start, v["end"]
      if not text then
        bad[#bad + 1] = path .. ": no document " .. tostring(doc)
      elseif math.type(s) ~= "integer" or math.type(e) ~= "integer" or s < 0 or e < s or e > #text then
        bad[#bad + 1] = ("%s: %s [%s, %s) outside 0..%d"):format(path, tostring(doc), tostring(s), tostring(e), #text)
      elseif v.text ~= nil and text:sub(s + 1, e) ~= v.text then
        bad[#bad + 1] = ("%s: %s [%d, %d) is %q, not %q"):format(path, tostring(doc), s, e, text:sub(s + 1, e), v.text)
      end
    end
    for k, x in pairs(v) do walk(x, doc, path .. "." .. tostring(k)) end
  end
  walk(model, nil, "model")
  return n, bad
end

-- Ids of the page, and the #fragments it links to that have no id.
local function dangling_links(page)
  local ids, missing, links = {}, {}, 0
  for id in page:gmatch('%sid="([^"]+)"') do ids[id] = true end
  for target in page:gmatch('href="#([^"]*)"') do
    links = links + 1
    if not ids[target] then missing[#missing + 1] = target end
  end
  return missing, links
end

local function no_external(page)
  return not page:find('%ssrc="') and not page:find('href="[%a]+:') and not page:find("@import")
    and not page:find("url%(") and not page:find("<link ")
end

local SECTIONS = { "overview", "people", "orgs-places", "quotes", "timeline", "figures", "disagreements",
  "duplicates", "summaries", "documents" }

local function unescape(s)
  return (s:gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&quot;", '"'):gsub("&#39;", "'"):gsub("&amp;", "&"))
end

-- The bytes of [s, e) as the document view of `doc` shows them.
local function view_text(page, doc, s, e)
  local view = page:match('<article class="docview" id="' .. C.doc_anchor(doc):gsub("%p", "%%%0") ..
    '".-</article>')
  if not view then return nil end
  local parts = {}
  for b, piece in view:gmatch('<span data%-b="(%d+)">(.-)</span>') do
    b = tonumber(b)
    if b >= s and b < e then parts[#parts + 1] = unescape(piece) end
  end
  return table.concat(parts)
end

if MODE == "check-json" then
  local model, err = json.decode(read(FILE))
  ok(type(model) == "table", "the JSON report parses" .. (err and (": " .. err) or ""))
  model = model or {}
  for _, k in ipairs{ "documents", "people", "quotes", "timeline", "disagreements", "summaries" } do
    ok(type(model[k]) == "table", "the JSON report has " .. k)
  end
  local n, bad = check_evidence(model)
  ok(n > 0, ("the report cites passages (%d ranges)"):format(n))
  is(table.concat(bad, "\n", 1, math.min(#bad, 5)), "",
    "every range is inside its document and its text is the document's bytes")
  local docs = {}
  for _, d in ipairs(model.documents or {}) do docs[d.id] = true end
  local placed_ok, last = true, 0
  for _, en in ipairs(model.timeline or {}) do
    if not docs[en.doc] or type(en.evidence) ~= "table" or #en.evidence == 0 then placed_ok = false end
    -- documents the evidence cannot order share a position
    if math.type(en.position) ~= "integer" or en.position < last or en.position > last + 1 then placed_ok = false end
    last = en.position or last
  end
  ok(placed_ok, "every timeline entry is a document of the store with its evidence, in position order")
  is(db:count(), #(model.documents or {}), "one documents entry per stored document")
  done()
elseif MODE == "check-html" then
  local page = read(FILE)
  ok(page:sub(1, 15) == "<!DOCTYPE html>", "an HTML5 page")
  ok(no_external(page), "nothing fetched: no src=, no external links, no url() or @import")
  for _, s in ipairs(SECTIONS) do ok(page:find('<section id="' .. s .. '">', 1, true), "section " .. s) end
  local missing, links = dangling_links(page)
  ok(links > 0, ("the page links to its passages (%d links)"):format(links))
  is(table.concat(missing, " ", 1, math.min(#missing, 5)), "", "every link target is in the page")
  local checked, wrong = 0, {}
  for doc, s, e in page:gmatch('<a class="anchor" id="doc%-(.-)%-(%d+)%-(%d+)"></a>') do
    local id = doc:gsub("~(%x%x)", function(h) return string.char(tonumber(h, 16)) end)
    local d = db:doc(id)
    s, e = tonumber(s), tonumber(e)
    checked = checked + 1
    if not d or view_text(page, id, s, e) ~= d.text:sub(s + 1, e) then
      wrong[#wrong + 1] = doc .. ":" .. s .. "-" .. e
    end
  end
  ok(checked > 0, ("the document views anchor the passages (%d)"):format(checked))
  is(table.concat(wrong, " ", 1, math.min(#wrong, 5)), "", "each anchored range shows the document's bytes")
  ok(count(page, '<svg class="chart') >= 5, "charts: people, organisations, places, quotes, timeline")
  done()
elseif MODE == "check-md" then
  local md = read(FILE)
  for _, h in ipairs{ "## Overview", "## People", "## Who said what", "## Timeline", "## Figures",
                      "## Disagreements", "## Near-duplicate documents", "## Document summaries" } do
    ok(md:find("\n" .. h .. "\n", 1, true), "Markdown section " .. h)
  end
  local cites, wrong = 0, {}
  for doc, _, e in md:gmatch("%[([^%]:]+):(%d+)%-(%d+)%]%(") do
    cites = cites + 1
    local d = db:doc((doc:gsub("\\", "")))
    if not d or tonumber(e) > #d.text then wrong[#wrong + 1] = doc end
  end
  for doc, s, e in md:gmatch("`([^`:]+):(%d+)%-(%d+)`") do
    cites = cites + 1
    local d = db:doc(doc)
    if not d or tonumber(e) > #d.text or tonumber(s) > tonumber(e) then wrong[#wrong + 1] = doc end
  end
  ok(cites > 0, ("the Markdown cites its sources (%d)"):format(cites))
  is(table.concat(wrong, " ", 1, math.min(#wrong, 5)), "", "every citation is a range of a stored document")
  done()
end

------------------------------------------------------------ the fixture

local DATA = ROOT .. "/tests/data/report"
assert(db:ingest(DATA .. "/corpus"))
local FIXTURE = read(DATA .. "/model.json")
local function fixture() return assert(json.decode(FIXTURE)) end
local model = fixture()

-- The fixture's own evidence is right: otherwise the checks below prove nothing.
local nranges, bad = check_evidence(model)
ok(nranges >= 25 and #bad == 0, ("the fixture's %d ranges match its articles"):format(nranges))

-- JSON ---------------------------------------------------------------
local js = report.render("json", model)
local back = json.decode(js)
local function same(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then return a == b end
  for k, v in pairs(a) do if not same(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
ok(same(back, model), "the JSON report decodes to the model itself")
is(js, report.render("json", fixture()), "the same model gives the same bytes")
ok(js:find('^{\n  "generated": ') and js:find('\n  "documents": %[') and js:find('\n  "keywords": {'),
  "top-level keys in the report's order")
local m2 = fixture()
m2.unplaced, m2.disagreements, m2.keywords.documents = {}, {}, {}
local js2 = report.render("json", m2)
ok(js2:find('"unplaced": []', 1, true) and js2:find('"disagreements": []', 1, true),
  "empty lists are [] (a consumer can iterate)")
ok(js2:find('"documents": {}', 1, true), "... and the per-document keyword map stays an object")
m2.speakerless = { speaker = json.null }
ok(report.render("json", m2):find('"speaker": null', 1, true), "json.null is written as null")

-- HTML ---------------------------------------------------------------
local html = report.render("html", model, db)
ok(html:sub(1, 15) == "<!DOCTYPE html>", "an HTML5 page")
ok(no_external(html), "self-contained: nothing fetched")
for _, s in ipairs(SECTIONS) do ok(html:find('<section id="' .. s .. '">', 1, true), "HTML section " .. s) end
local missing, links = dangling_links(html)
is(table.concat(missing, " "), "", ("all %d in-page links have their target"):format(links))
ok(html:find('data-ready', 1, true) and html:find('id="script-errors" hidden', 1, true),
  "the script marks the page ready and has a hidden error box")

-- every item of the model links to its passage
local function has_link(ev, doc)
  return html:find('href="#' .. C.anchor(ev.doc or doc, ev.start, ev["end"]) .. '"', 1, true) ~= nil
end
local items, unlinked = 0, {}
local function need(ev, what, doc)
  items = items + 1
  if not has_link(ev, doc) then unlinked[#unlinked + 1] = what end
end
for _, p in ipairs(model.people) do
  for _, r in ipairs(p.roles) do for _, ev in ipairs(r.evidence) do need(ev, "role of " .. p.name) end end
end
for _, g in ipairs(model.quotes) do for _, q in ipairs(g.quotes) do need(q, "quote " .. q.text) end end
for _, en in ipairs(model.timeline) do for _, ev in ipairs(en.evidence) do need(ev, "timeline " .. ev.text) end end
for _, f in ipairs(model.figures) do need(f, "figure " .. f.text) end
for _, dg in ipairs(model.disagreements) do for _, v in ipairs(dg.values) do need(v, "disagreement " .. v.text) end end
for _, s in ipairs(model.summaries) do for _, x in ipairs(s.sentences) do need(x, "summary of " .. s.doc, s.doc) end end
for _, e in ipairs(model.events) do need(e, "event " .. e.text) end
is(table.concat(unlinked, "; "), "", ("each of the %d cited items links to its passage"):format(items))

-- the views: anchor where the range starts, the range's bytes in the view
local a = C.anchor("a-river-post", 294, 310)
ok(html:find('<a class="anchor" id="' .. a .. '"></a><span data-b="294">', 1, true),
  "the passage's anchor sits where the range starts in its document's view")
is(view_text(html, "a-river-post", 294, 310), "240 crew members", "the view's pieces of the range are its bytes")
local whole = read(DATA .. "/corpus/b-valley-times.txt")
is(view_text(html, "b-valley-times", 0, #whole), whole,
  "a document view holds the whole text, once")
is(count(html, "Nobody won this strike,"), 2, "the text appears once in the view and once in the quote")

-- escaping
ok(html:find("a fair start &lt;for everyone&gt;", 1, true) and not html:find("<for everyone>", 1, true),
  "document text is escaped (no markup from the articles)")
ok(html:find("Fares &amp; timetables", 1, true), "ampersands are escaped")

-- charts
is(count(html, '<svg class="chart'), 5, "five charts: people, organisations, places, quotes by speaker, timeline")
local people_chart = html:match('<svg class="chart"[^>]*aria%-label="People by mentions".-</svg>') or ""
local order = {}
for name in people_chart:gmatch('text%-anchor="end">([^<]+)</text>') do order[#order + 1] = name end
is(table.concat(order, ", "), "Piet Okafor, Zoë Lind, Tilda Morrow",
  "the people chart: one bar each, in the model's order")
local w1, w2 = people_chart:match('<rect x="%d+" y="%d+" width="(%d+)"'), nil
for w in people_chart:gmatch('<rect x="%d+" y="%d+" width="(%d+)"') do w2 = w end
ok(tonumber(w1) > tonumber(w2) * 2, "bar lengths follow the mentions (6 against 2)")

-- timeline
local tl = html:match('<svg class="chart timeline".-</svg>') or ""
is(count(tl, "<circle"), 2, "one dot per placed document")
ok(tl:find("a-river-post · 3 March 2025", 1, true)
  and tl:find("b-valley-times · 4 March 2025 · 2nd round of talks", 1, true),
  "each dot is labelled with its document and evidence")
ok(html:find('<h3>Not placed</h3>', 1, true)
  and html:find('<ul class="unplaced"><li><a href="#document-c-ferry-notes">', 1, true),
  "a document without evidence is listed as not placed")
local m3 = fixture()
table.insert(m3.timeline, 2, { doc = "c-ferry-notes", position = 2, evidence = {
  { type = "ordinal", value = 1, event = "round of talks", doc = "c-ferry-notes", start = 52, ["end"] = 68,
    text = "Harbour Minister" } } })
m3.timeline[3].position = 3
local tl3 = report.render("html", m3, db):match('<svg class="chart timeline".-</svg>') or ""
local xs = {}
for cx in tl3:gmatch('<circle cx="([%d.]+)"') do xs[#xs + 1] = tonumber(cx) end
ok(tl3:find('class="entry undated"', 1, true) and #xs == 3 and xs[1] < xs[2] and xs[2] < xs[3],
  "an entry placed by an ordinal only: a hollow dot between its dated neighbours")

-- disagreements side by side, with their values marked in the passages
local dg = html:match('<div class="disagreement card".-\n</div></div>') or ""
is(count(dg, 'class="side"'), 2, "a disagreement shows both sides")
ok(dg:find("<mark>240 crew members</mark>", 1, true) and dg:find("<mark>260 crew members</mark>", 1, true),
  "... each with its value marked in its passage")

-- a claim whose range is not in the store is not linked
local m4 = fixture()
m4.figures[1].start, m4.figures[1]["end"] = 5000, 5007
m4.quotes[1].quotes[1].doc = "no-such-doc"
local h4 = report.render("html", m4, db)
local missing4 = dangling_links(h4)
ok(#missing4 == 0 and h4:find('class="ev nosrc"', 1, true) and h4:find('class="pass nosrc"', 1, true),
  "a range outside its document, or of no document, gives no link (and no dangling one)")
local m5 = fixture()
m5.figures[1].text = "13 days"
ok(report.render("html", m5, db):find('class="ev stale"', 1, true),
  "evidence text that differs from the document is flagged")

-- without the store: no views, no links, still a page
local bare = report.render("html", model)
ok(#dangling_links(bare) == 0 and not bare:find('class="docview"', 1, true) and bare:find("Piet Okafor", 1, true),
  "without document texts: the page has no views and no links, but all the content")

-- odd document ids
ok(C.anchor("a b", 1, 2) ~= C.anchor("a~20b", 1, 2) and C.anchor("a b", 1, 2) == "doc-a~20b-1-2",
  "anchors escape characters of ids that would break a fragment, without collisions")

-- Markdown -----------------------------------------------------------
local md = report.render("md", model)
for _, h in ipairs{ "## Overview", "## People", "## Who said what", "## Timeline", "## Figures",
                    "## Disagreements", "## Near-duplicate documents", "## Document summaries" } do
  ok(md:find("\n" .. h .. "\n", 1, true), "Markdown section " .. h)
end
ok(md:find("- “Nobody won this strike,” — `b-valley-times:293-316`, 4 March 2025, said", 1, true),
  "a quote with its source ID:START-END, date and cue")
ok(md:find("| **Piet Okafor** | 6 | 3 | 3 | Harbour Minister `a-river-post:82-110` | Piet Okafor, Okafor |", 1, true),
  "a person's row: mentions, documents, quotes, role with its source, forms")
ok(md:find("a fair start \\<for everyone\\>", 1, true), "document text cannot become Markdown or HTML")
local mdl = report.render("md", model, nil, { html_link = "report.html" })
ok(mdl:find("[b-valley-times:293-316](report.html#doc-b-valley-times-293-316)", 1, true),
  "with the HTML beside it, each source links to its passage there")
local m6 = fixture()
m6.people[1].name = "Piet | Okafor"
local row = report.render("md", m6):match("\n(| %*%*Piet[^\n]*)")
is(row and select(2, row:gsub("[^\\]|", "")), 6, "a | in a name does not add a table column")
ok(md:find("- **240** — “The union says 240 crew members have been idle since the strike began.” "
  .. "`a-river-post:294-310`", 1, true), "a disagreement's sides with their passages and sources")

-- CSV ----------------------------------------------------------------
local doc = db:doc("b-valley-times")
local s1 = doc.text:find("Okafor, who", 1, true)
db:add_span(doc, s1, s1 + #"Okafor, who", "test_csv", { note = 'has "quotes", commas' })
local q1 = doc.text:find("“Nobody", 1, true)
db:add_span(doc, 1, q1, "test_csv_long")
local csv = report.render("csv", nil, db)
is(csv:sub(1, 36), "doc,kind,start,end,text,attributes\r\n", "a header row, CRLF line ends")
ok(csv:find('\r\nb-valley-times,test_csv,' .. (s1 - 1) .. "," .. (s1 - 1 + #"Okafor, who") ..
  ',"Okafor, who","{""note"":""has \\""quotes\\"", commas""}"\r\n', 1, true),
  "a field with a comma or a quote is quoted, its quotes doubled; attributes as JSON")
ok(csv:find('b-valley-times,test_csv_long,0,' .. (q1 - 1) .. ',"Ferry Strike Ends', 1, true) and
  csv:find("Friday. \r\n", 1, true) == nil and csv:find("by Friday. ", 1, true),
  "a field with line breaks is quoted and keeps them")
local rows = 0
for _ in csv:gmatch("\r\n") do rows = rows + 1 end
is(rows, 1 + db:query("SELECT count(*) AS n FROM spans")[1].n, "one row per stored span")
local only = report.render("csv", nil, db, { kinds = { "test_csv" } })
is(select(2, only:gsub("\r\n", "")), 2, "kinds chooses the spans")

-- shared wording ------------------------------------------------------
is(table.concat(C.role_texts{ { role = "Secretary of State", affiliation = "United States" },
  { role = "Secretary of State" }, { role = "secretary of state", affiliation = "United States" },
  { role = "envoy" } }, "; "), "Secretary of State (United States); envoy",
  "a role is listed once, whatever its case, and not again without its affiliation")
is(C.figure_text{ value = 1200, unit = "people", text = "about 1,200" }, "about 1,200 people", "a figure with its unit")
is(C.figure_text{ value = 240, unit = "crew members", text = "240 crew members" }, "240 crew members",
  "... not repeated when the text says it")
ok(md:find("### Key figures\n\n- 240 crew members `a-river-post:294-310`", 1, true),
  "the overview's key figures with their sources")
is(C.number(1350), "1,350", "numbers with thousands separators")
is(C.ordinal(11) .. " " .. C.ordinal(22) .. " " .. C.ordinal(113), "11th 22nd 113th", "ordinals")
is(C.date("2024-06-11") .. "|" .. C.date("XXXX-06-11"), "11 June 2024|XXXX-06-11",
  "dates in words, partial ones as given")
local y, mo, d = C.civil_from_days(C.day_number("2024-02-29"))
is(("%d-%d-%d"):format(y, mo, d), "2024-2-29", "day numbers round-trip (leap day)")

-- dispatch -----------------------------------------------------------
is(report.format_of("out/r.HTML"), "html", "the format from a file name")
is(report.format_of("r.markdown"), "md", "... .markdown is md")
is(report.format_of("report"), nil, "... none without an extension")
ok(not pcall(report.render, "pdf", model), "an unknown format is an error")

done()
