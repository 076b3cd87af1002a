-- lede.report.markdown: the analysis model as Markdown, to read in a
-- terminal or on a code host.
--
--   local md = require("lede.report.markdown").render(model [, opts])
--
-- Same sections as the HTML page (overview, people, organisations and
-- places, quotes by speaker, timeline, numbered events, figures,
-- disagreements, near-duplicates, summaries), without charts or the
-- documents' text. Every claim is followed by its source, ID:START-END
-- (0-based byte offsets, end exclusive); with opts.html_link = "report.html"
-- the source is a link to the passage in that page (#doc-ID-START-END).
-- Text from the documents is escaped so that it cannot turn into markup.
local C = require "lede.report.common"
local json = require "lede.json"

local M = {}

local null = json.null
local concat, format = table.concat, string.format
local list, str = C.list, C.str

-- Text from documents: Markdown's active characters escaped, one line.
local function md(s)
  s = str(s):gsub("[\r\n]+", " ")
  return (s:gsub("[\\`*_%[%]<>|]", "\\%0"))
end

local function first(...)
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if v ~= nil and v ~= null and v ~= "" then return v end
  end
  return nil
end

local Doc = {}
Doc.__index = Doc

-- The source of an evidence item: `ID:S-E`, or a link to the HTML passage.
function Doc:cite(ev, doc)
  if type(ev) ~= "table" then return "" end
  local d = first(ev.doc, doc)
  local s, e = C.range(ev)
  if not d or not s then return d and ("`" .. str(d) .. "`") or "" end
  local label = format("%s:%d-%d", str(d), s, e)
  if self.html_link then
    return format("[%s](%s#%s)", md(label), self.html_link, C.anchor(d, s, e))
  end
  return "`" .. label .. "`"
end

function Doc:add(...)
  for i = 1, select("#", ...) do self.out[#self.out + 1] = select(i, ...) end
end

local function cell(s)
  return md(s)
end

-- A table; a header written "Name:" is a right-aligned (numeric) column.
local function table_rows(doc, header, rows)
  local names, sep = {}, {}
  for i, h in ipairs(header) do
    names[i] = h:gsub(":$", "")
    sep[i] = h:find(":$") and "---:" or "---"
  end
  doc:add("| " .. concat(names, " | ") .. " |")
  doc:add("|" .. concat(sep, "|") .. "|")
  for _, r in ipairs(rows) do doc:add("| " .. concat(r, " | ") .. " |") end
  doc:add("")
end

local function overview(doc, m)
  local c = m.corpus or {}
  local cs = m.corpus_summary or {}
  local nquotes = 0
  for _, g in ipairs(list(m.quotes)) do nquotes = nquotes + (tonumber(g.count) or #list(g.quotes)) end
  doc:add("## Overview", "")
  doc:add(format("- **%s**, %s", C.count(c.documents or #list(m.documents), "document"), C.count(c.words or 0, "word")))
  local f, l = first(c.first_date, cs.dates and cs.dates.first), first(c.last_date, cs.dates and cs.dates.last)
  if f then doc:add(format("- Dated from **%s** to **%s**", C.date(f), C.date(l or f)))
  else doc:add("- No document carries a date") end
  doc:add(format("- %s, %s, %s, %s", C.count(#list(m.people), "person", "people"), C.count(nquotes, "quote"),
    C.count(#list(m.disagreements), "disagreement"), C.count(#list(m.near_duplicates), "near-duplicate group")), "")
  local actors = list(cs.actors)
  if #actors > 0 then
    doc:add("### Main actors", "")
    for i, a in ipairs(actors) do
      if i > 12 then break end
      local roles = C.role_texts(a.roles)
      doc:add(format("- **%s**%s", md(a.name), #roles > 0 and (" — " .. md(concat(roles, "; "))) or ""))
    end
    doc:add("")
  end
  local claims = list(cs.claims)
  if #claims > 0 then
    doc:add("### Key claims", "")
    for i, cl in ipairs(claims) do doc:add(format("%d. %s %s", i, md(cl.text), doc:cite(cl))) end
    doc:add("")
  end
  local figs = list(cs.figures)
  if #figs > 0 then
    doc:add("### Key figures", "")
    for i, fig in ipairs(figs) do
      if i > 20 then break end
      local ndocs = #list(fig.documents)
      doc:add(format("- %s%s %s", md(C.figure_text(fig)), ndocs > 1 and format(" (%d documents)", ndocs) or "",
        doc:cite(fig)))
    end
    doc:add("")
  end
  local kw = list(m.keywords and m.keywords.corpus)
  if #kw > 0 then
    local terms = {}
    for i, k in ipairs(kw) do
      if i > 25 then break end
      terms[#terms + 1] = md(k.term)
    end
    doc:add("### Keywords", "", concat(terms, " · "), "")
  end
end

local function people(doc, m)
  local ps = list(m.people)
  doc:add("## People", "")
  if #ps == 0 then doc:add("No people found.", ""); return end
  local rows = {}
  for _, p in ipairs(ps) do
    local roles = {}
    for _, r in ipairs(list(p.roles)) do
      local evs = list(r.evidence)
      roles[#roles + 1] = md(C.role_text(r)) .. (evs[1] and (" " .. doc:cite(evs[1])) or "")
    end
    rows[#rows + 1] = { "**" .. cell(p.name) .. "**", C.number(p.mentions or 0), tostring(#list(p.documents)),
      C.number(p.quotes or 0), concat(roles, "; "), cell(concat(list(p.forms), ", ")) }
  end
  table_rows(doc, { "Person", "Mentions:", "Docs:", "Quotes:", "Roles", "Also written" }, rows)
end

local function named_counts(doc, title, items)
  items = list(items)
  if #items == 0 then return end
  local parts = {}
  for i, o in ipairs(items) do
    if i > 20 then
      parts[#parts + 1] = format("and %d more", #items - 20)
      break
    end
    parts[#parts + 1] = format("%s (%s)", md(o.name), C.number(o.mentions or 0))
  end
  doc:add(format("**%s:** %s", title, concat(parts, ", ")), "")
end

local function quotes(doc, m)
  local groups = list(m.quotes)
  doc:add("## Who said what", "")
  if #groups == 0 then doc:add("No quotes found.", ""); return end
  for _, g in ipairs(groups) do
    local qs = list(g.quotes)
    doc:add(format("### %s (%d)", md(C.speaker_name(g)), tonumber(g.count) or #qs), "")
    for _, q in ipairs(qs) do
      local meta = { doc:cite(q) }
      if first(q.date) then meta[#meta + 1] = C.date(q.date) end
      if first(q.cue) then meta[#meta + 1] = md(q.cue) end
      if q.partial == true then meta[#meta + 1] = "partial" end
      doc:add(format("- “%s” — %s", md(q.text), concat(meta, ", ")))
    end
    doc:add("")
  end
end

local function timeline(doc, m)
  local entries = list(m.timeline)
  local idx = C.doc_index(m)
  doc:add("## Timeline", "")
  if #entries > 0 then
    local rows = {}
    for i, en in ipairs(entries) do
      local evs = {}
      for _, ev in ipairs(list(en.evidence)) do
        evs[#evs + 1] = format("%s: %s “%s” %s", str(ev.type), md(C.evidence_label(ev)), md(ev.text),
          doc:cite(ev, en.doc))
      end
      local d = idx[str(en.doc)]
      rows[#rows + 1] = { str(first(en.position) or i), C.date(en.date),
        "`" .. str(en.doc) .. "` " .. md(d and C.title(d.doc) or ""), concat(evs, " · ") }
    end
    table_rows(doc, { "#:", "Date", "Document", "Evidence" }, rows)
  else
    doc:add("No document could be placed in time.", "")
  end
  local unplaced = list(m.unplaced)
  if #unplaced > 0 then
    local ids = {}
    for _, id in ipairs(unplaced) do ids[#ids + 1] = "`" .. str(id) .. "`" end
    doc:add("Not placed (no date and no numbered event): " .. concat(ids, ", "), "")
  end
end

local function events(doc, m)
  local evs = list(m.events)
  if #evs == 0 then return end
  doc:add("## Numbered events", "")
  local rows = {}
  for _, e in ipairs(evs) do
    rows[#rows + 1] = { cell(e.actor), C.ordinal(e.ordinal), cell(e.event), cell(e.destination),
      "“" .. md(e.text) .. "” " .. doc:cite(e) }
  end
  table_rows(doc, { "Actor", "Ordinal:", "Event", "Destination", "As written" }, rows)
end

local function figures(doc, m)
  local fs = list(m.figures)
  doc:add("## Figures", "")
  if #fs == 0 then doc:add("No figures found.", ""); return end
  local rows = {}
  for _, f in ipairs(fs) do
    rows[#rows + 1] = { (f.approx == true and "≈ " or "") .. C.number(f.value), cell(f.unit),
      "“" .. md(f.text) .. "”", doc:cite(f) }
  end
  table_rows(doc, { "Value:", "Unit", "As written", "Source" }, rows)
end

local function disagreements(doc, m)
  local ds = list(m.disagreements)
  doc:add("## Disagreements", "")
  if #ds == 0 then doc:add("None found: the documents do not contradict each other on a figure, ordinal or date.", "")
    return
  end
  for _, dg in ipairs(ds) do
    doc:add(format("### %s (%s)", md(dg.fact), md(dg.kind)), "")
    for _, v in ipairs(list(dg.values)) do
      local value = v.value
      if dg.kind == "ordinal" then value = C.ordinal(value)
      elseif dg.kind == "date" then value = C.date(value)
      else value = C.number(value) end
      local passage = type(v.passage) == "table" and v.passage.text or v.passage
      doc:add(format("- **%s** — “%s” %s", md(value), md(first(passage, v.text) or ""), doc:cite(v)))
    end
    doc:add("")
  end
end

local function duplicates(doc, m)
  local groups = list(m.near_duplicates)
  doc:add("## Near-duplicate documents", "")
  if #groups == 0 then doc:add("None.", ""); return end
  for _, g in ipairs(groups) do
    local ids = {}
    for _, id in ipairs(list(g.docs)) do ids[#ids + 1] = "`" .. str(id) .. "`" end
    local sim = tonumber(g.similarity)
    doc:add("- " .. concat(ids, " ≈ ") .. (sim and format(" (%d%% similar)", math.floor(sim * 100 + 0.5)) or ""))
  end
  doc:add("")
end

local function summaries(doc, m)
  local docs = list(m.documents)
  doc:add("## Document summaries", "")
  local kwd = m.keywords and m.keywords.documents or {}
  local summary_of = C.summaries(m)
  for _, d in ipairs(docs) do
    doc:add(format("### %s", md(C.title(d))), "")
    local meta = { "`" .. str(d.id) .. "`" }
    local vals = { C.source(d), first(d.byline) and ("by " .. str(d.byline)), C.date(d.date),
                   d.words and (C.number(d.words) .. " words") }
    for i = 1, 4 do
      if vals[i] and str(vals[i]) ~= "" then meta[#meta + 1] = md(vals[i]) end
    end
    doc:add(concat(meta, " · "), "")
    local kw = list(kwd[str(d.id)])
    if #kw > 0 then
      local terms = {}
      for i, k in ipairs(kw) do
        if i > 8 then break end
        terms[#terms + 1] = md(k.term)
      end
      doc:add("Keywords: " .. concat(terms, ", "), "")
    end
    for i, s in ipairs(summary_of(d.id)) do
      doc:add(format("%d. %s %s", i, md(s.text), doc:cite(s, d.id)))
    end
    doc:add("")
  end
end

function M.render(model, opts)
  if type(model) ~= "table" then
    error("bad argument #1 to 'render' (table expected, got " .. type(model) .. ")", 2)
  end
  opts = opts or {}
  local doc = setmetatable({ out = {}, html_link = opts.html_link }, Doc)
  local c = model.corpus or {}
  doc:add("# " .. md(opts.title or "lede report"), "")
  local span = ""
  if first(c.first_date) then
    span = format(", %s to %s", C.date(c.first_date), C.date(first(c.last_date, c.first_date)))
  end
  doc:add(format("%s documents%s. Sources are cited as DOCUMENT:START-END (byte offsets of the stored text).",
    C.number(c.documents or #list(model.documents)), span), "")
  overview(doc, model)
  people(doc, model)
  if #list(model.orgs) + #list(model.places) > 0 then
    doc:add("## Organisations and places", "")
    named_counts(doc, "Organisations", model.orgs)
    named_counts(doc, "Places", model.places)
  end
  quotes(doc, model)
  timeline(doc, model)
  events(doc, model)
  figures(doc, model)
  disagreements(doc, model)
  duplicates(doc, model)
  summaries(doc, model)
  doc:add(format("---", ""), "",
    format("Made by lede %s%s.", str(model.lede_version), first(model.generated) and (" on " .. model.generated) or ""))
  return concat(doc.out, "\n") .. "\n"
end

return M
