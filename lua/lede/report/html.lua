-- lede.report.html: the analysis model as one self-contained HTML page.
--
--   local page = require("lede.report.html").render(model, { text = function(id) ... end })
--
-- opts.text(id) returns a document's stored text (report.render passes the
-- store's); without it the page has no document views and no links.
--
-- What the page promises:
--   - one file and nothing fetched: inline CSS, SVG charts drawn here, a
--     small inline script, no fonts, images or links leaving the page;
--   - readable by someone who has not read the articles: overview, people
--     (chart by mentions, roles), organisations and places, quotes by
--     speaker, timeline (SVG and table), numbered events, figures,
--     disagreements side by side, near-duplicates, per-document summaries,
--     then every document's text;
--   - every item links to its passage: #doc-ID-START-END (byte offsets,
--     0-based, end exclusive) is an anchor at START in the document's view,
--     so the link jumps there without JavaScript; the script highlights the
--     whole range. A link is made only when the range lies inside the
--     document (else the item says "no passage"), so every link has its
--     target in the page;
--   - the script sets data-ready="1" on <body> when it has run, and puts any
--     error into the visible #script-errors box (and data-errors="1");
--   - prints cleanly (navigation hidden, cards kept whole).
local C = require "lede.report.common"
local json = require "lede.json"

local M = {}

local null = json.null
local concat, format, floor, min, max = table.concat, string.format, math.floor, math.min, math.max
local list, str = C.list, C.str

local ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }
local function esc(s)
  return (str(s):gsub("[&<>\"']", ESC))
end
M.escape = esc

-- The first n characters of s (UTF-8), with an ellipsis when cut.
local function shorten(s, n)
  s = str(s)
  local ok, len = pcall(utf8.len, s)
  if not ok or not len or len <= n then return s end
  return s:sub(1, utf8.offset(s, n) - 1) .. "…"
end

-- Moves a byte offset back to the start of its UTF-8 character, so that a
-- range never cuts a character in the page.
local function char_start(text, b)
  while b > 0 and b < #text do
    local c = text:byte(b + 1)
    if c < 0x80 or c >= 0xC0 then break end
    b = b - 1
  end
  return b
end

------------------------------------------------------------------ the page

local Page = {}
Page.__index = Page

local function new_page(model, opts)
  local text_of = opts and opts.text
  local cache = {}
  return setmetatable({
    model = model,
    docs = C.doc_index(model),
    speakers = {},  -- speakers with a group of quotes (their section exists)
    refs = {},      -- refs[id] = { {s=, e=, anchor=}, ... } to place in the views
    anchors = {},   -- anchors already registered
    text = function(id)
      if not text_of or id == nil or id == null then return nil end
      id = tostring(id)
      local t = cache[id]
      if t == nil then
        t = text_of(id) or false
        cache[id] = t
      end
      return t or nil
    end,
  }, Page)
end

-- The href of an evidence range, registering its anchor in the document's
-- view; nil when the range is not inside a stored document.
function Page:href(ev, doc)
  if type(ev) ~= "table" then return nil end
  doc = ev.doc ~= nil and ev.doc ~= null and ev.doc or doc
  local s, e = C.range(ev)
  if not s or doc == nil or doc == null then return nil end
  doc = tostring(doc)
  local text = self.text(doc)
  if not text or e > #text then return nil end
  local a = C.anchor(doc, s, e)
  if not self.anchors[a] then
    self.anchors[a] = true
    local r = self.refs[doc]
    if not r then r = {}; self.refs[doc] = r end
    r[#r + 1] = { s = s, e = e, anchor = a }
  end
  return "#" .. a
end

-- A link to a passage; label is HTML. Without a passage, the label alone,
-- marked so that a reader sees the claim has no source in the page.
function Page:link(ev, label_html, doc, class)
  local href = self:href(ev, doc)
  local d = type(ev) == "table" and ev.doc ~= nil and ev.doc ~= null and ev.doc or doc
  if href then
    local s, e = C.range(ev)
    local text = self.text(tostring(d))
    local stale = type(ev.text) == "string" and text:sub(s + 1, e) ~= ev.text
    return format('<a class="%s%s" href="%s" title="%s, bytes %d–%d%s">%s</a>', class or "src",
      stale and " stale" or "", href, esc(d), s, e, stale and " (text differs from the document)" or "",
      label_html)
  end
  return format('<span class="%s nosrc" title="no passage in the page">%s</span>', class or "src", label_html)
end

-- A small source link naming the document: "02_gulf-daily-review ↗".
function Page:source(ev, doc)
  local d = type(ev) == "table" and ev.doc ~= nil and ev.doc ~= null and ev.doc or doc
  return self:link(ev, esc(d) .. " ↗", doc, "src")
end

function Page:doc_link(id, label_html)
  id = str(id)
  if self.text(id) then
    return format('<a href="#%s">%s</a>', C.doc_anchor(id), label_html or esc(id))
  end
  return label_html or esc(id)
end

-- passage (a string or {start=, end=, text=}) with the part `ev` covers
-- marked: by offsets when both have them, else by finding its text.
local function marked_passage(passage, ev)
  local ptext = type(passage) == "table" and passage.text or passage
  if ptext == nil or ptext == null then return nil end
  ptext = tostring(ptext)
  local a, b
  local ps = type(passage) == "table" and C.range(passage)
  local es, ee = C.range(ev)
  if ps and es and es >= ps and ee - ps <= #ptext
      and (type(ev.text) ~= "string" or ptext:sub(es - ps + 1, ee - ps) == ev.text) then
    a, b = es - ps + 1, ee - ps
  elseif type(ev) == "table" and type(ev.text) == "string" and ev.text ~= "" then
    a, b = ptext:find(ev.text, 1, true)
  end
  if not a then return esc(ptext) end
  return esc(ptext:sub(1, a - 1)) .. "<mark>" .. esc(ptext:sub(a, b)) .. "</mark>" .. esc(ptext:sub(b + 1))
end

------------------------------------------------------------------ charts

-- Horizontal bars: items {label=, value=, href=, tip=}, the largest first.
local function bar_chart(items, o)
  local n = min(#items, o.max or 15)
  if n == 0 then return '<p class="empty">None found.</p>' end
  local W, LW, RH, PAD = o.width or 520, o.label_width or 170, 22, 6
  local top = 0
  for i = 1, n do top = max(top, tonumber(items[i].value) or 0) end
  if top <= 0 then top = 1 end
  local h = n * RH + 2 * PAD
  local out = {
    format('<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">',
      W, h, W, h, esc(o.title)),
    "<title>" .. esc(o.title) .. "</title>",
  }
  local room = W - LW - 60
  for i = 1, n do
    local it = items[i]
    local v = tonumber(it.value) or 0
    local y = PAD + (i - 1) * RH
    local w = max(2, floor(room * v / top + 0.5))
    local g = format('<g class="bar"><title>%s</title><text class="label" x="%d" y="%d" text-anchor="end">%s</text>' ..
      '<rect x="%d" y="%d" width="%d" height="%d" rx="3"></rect><text class="value" x="%d" y="%d">%s</text></g>',
      esc(it.tip or (str(it.label) .. ": " .. C.number(v))), LW - 8, y + 15, esc(shorten(it.label, 24)),
      LW, y + 3, w, RH - 6, LW + w + 6, y + 15, esc(C.number(v)))
    if it.href then g = format('<a href="%s">%s</a>', it.href, g) end
    out[#out + 1] = g
  end
  out[#out + 1] = "</svg>"
  if #items > n then
    out[#out + 1] = format('<p class="note">The %d with most mentions of %d.</p>', n, #items)
  end
  return concat(out)
end

-- The day of a timeline entry: its date, else the first full date of its
-- evidence; nil for an entry placed by ordinals only.
local function entry_day(entry)
  local d = C.day_number(entry.date)
  if d then return d end
  for _, ev in ipairs(list(entry.evidence)) do
    if ev.type == "date" then
      d = C.day_number(ev.value)
      if d then return d end
    end
  end
  return nil
end

local function short_month(y, m)
  return C.MONTHS[m]:sub(1, 3) .. (m == 1 and (" " .. y) or "")
end

-- Entries in their order, one row each, at their date; an entry placed by
-- ordinal evidence only sits between its neighbours' dates (hollow dot).
local function timeline_chart(page, entries)
  local n = #entries
  if n == 0 then return '<p class="empty">No document could be placed in time.</p>' end
  local days, known = {}, {}
  for i, en in ipairs(entries) do
    days[i] = entry_day(en)
    if days[i] then known[#known + 1] = i end
  end
  -- interpolate the undated between their dated neighbours
  local x_of = {}
  if #known == 0 then
    for i = 1, n do x_of[i] = i end
  else
    for i = 1, n do
      if days[i] then
        x_of[i] = days[i]
      elseif C.day_number(entries[i].estimated_date) then
        -- the analysis's estimate (e.g. the date of the same numbered trip)
        x_of[i] = C.day_number(entries[i].estimated_date)
      else
        local prev, nxt
        for j = i - 1, 1, -1 do if days[j] then prev = j; break end end
        for j = i + 1, n do if days[j] then nxt = j; break end end
        if prev and nxt then
          x_of[i] = days[prev] + (days[nxt] - days[prev]) * (i - prev) / (nxt - prev)
        elseif prev then
          x_of[i] = days[prev] + 7 * (i - prev)
        else
          x_of[i] = days[nxt] - 7 * (nxt - i)
        end
      end
    end
  end
  local lo, hi = math.huge, -math.huge
  for i = 1, n do lo, hi = min(lo, x_of[i]), max(hi, x_of[i]) end
  if hi - lo < 10 then lo, hi = lo - 5, hi + 5 end
  local W, L, R, TOP, RH = 960, 30, 30, 34, 24
  local H = TOP + n * RH + 10
  local function X(v) return L + (W - L - R) * (v - lo) / (hi - lo) end
  local out = {
    format('<svg class="chart timeline" viewBox="0 0 %d %d" width="%d" height="%d" role="img" ' ..
      'aria-label="Timeline of the documents">', W, H, W, H),
    "<title>Timeline: documents in the order their evidence gives</title>",
  }
  -- ticks at years, quarters, months, weeks or days, whichever suits the
  -- span; only when there are dates
  if #known > 0 then
    local ticks = {}
    local span = hi - lo
    if span > 60 then
      local step = span > 3 * 365 and 12 or (span > 540 and 3 or 1)
      local y, m = C.civil_from_days(floor(lo))
      m = step == 12 and 1 or m - (m - 1) % step
      for _ = 1, 400 do
        local d = C.days_from_civil(y, m, 1)
        if d > hi then break end
        if d >= lo then ticks[#ticks + 1] = { d, step == 12 and tostring(y) or short_month(y, m) } end
        m = m + step
        while m > 12 do m = m - 12; y = y + 1 end
      end
    else
      local step = span > 14 and 7 or 1
      for d = math.ceil(lo), floor(hi), step do
        local y, mo, day = C.civil_from_days(d)
        ticks[#ticks + 1] = { d, day .. " " .. short_month(y, mo):sub(1, 3) }
      end
    end
    for _, t in ipairs(ticks) do
      local x = X(t[1])
      out[#out + 1] = format('<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"></line>', x, TOP - 8, x, H - 6)
      out[#out + 1] = format('<text class="tick" x="%.1f" y="%d" text-anchor="middle">%s</text>', x, TOP - 14,
        esc(t[2]))
    end
  end
  local pts = {}
  for i = 1, n do pts[#pts + 1] = format("%.1f,%d", X(x_of[i]), TOP + (i - 1) * RH + RH // 2) end
  out[#out + 1] = format('<polyline class="path" points="%s"></polyline>', concat(pts, " "))
  for i, en in ipairs(entries) do
    local x, y = X(x_of[i]), TOP + (i - 1) * RH + RH // 2
    local d = page.docs[str(en.doc)]
    local evs = {}
    for _, ev in ipairs(list(en.evidence)) do evs[#evs + 1] = C.evidence_label(ev) end
    local label = str(en.doc)
    if days[i] then label = label .. " · " .. C.date(en.date ~= nil and en.date ~= null and en.date or "") end
    local ord
    for _, ev in ipairs(list(en.evidence)) do
      if ev.type == "ordinal" then ord = C.ordinal(ev.value or ev.ordinal) .. " " .. str(ev.event) end
    end
    if ord then label = label .. " · " .. ord end
    label = label:gsub(" · $", "")
    local right = X(x_of[i]) < (L + W - R) / 2
    local pos = (en.position ~= nil and en.position ~= null) and en.position or i
    local tip = format("%s. %s%s\n%s", str(pos), d and C.title(d.doc) or str(en.doc),
      days[i] and "" or " (placed by ordinal evidence)", concat(evs, "; "))
    if str(en.note) ~= "" then tip = tip .. "\n" .. str(en.note) end
    out[#out + 1] = format('<a href="#tl-%d"><g class="entry%s"><title>%s</title>' ..
      '<circle cx="%.1f" cy="%d" r="5"></circle>' ..
      '<text x="%.1f" y="%d" text-anchor="%s">%s</text></g></a>',
      i, days[i] and "" or " undated", esc(tip), x, y, right and x + 9 or x - 9, y + 4,
      right and "start" or "end", esc(label))
  end
  out[#out + 1] = "</svg>"
  return concat(out)
end

------------------------------------------------------------------ sections

local function h2(id, title, count)
  return format('<section id="%s"><h2>%s%s</h2>', id, esc(title),
    count and format(' <span class="count">%s</span>', esc(C.number(count))) or "")
end

local function overview(page)
  local m = page.model
  local c = m.corpus or {}
  local cs = m.corpus_summary or {}
  local out = { h2("overview", "Overview") }
  local nquotes = 0
  for _, g in ipairs(list(m.quotes)) do nquotes = nquotes + (tonumber(g.count) or #list(g.quotes)) end
  local first = c.first_date ~= nil and c.first_date ~= null and c.first_date or (cs.dates and cs.dates.first)
  local last = c.last_date ~= nil and c.last_date ~= null and c.last_date or (cs.dates and cs.dates.last)
  local stats = {
    { C.number(c.documents or #list(m.documents)), "documents" },
    { C.number(c.words or 0), "words" },
    { C.number(#list(m.people)), "people" },
    { C.number(nquotes), "quotes" },
    { C.number(#list(m.disagreements)), "disagreements" },
    { C.number(#list(m.near_duplicates)), "near-duplicate groups" },
  }
  out[#out + 1] = '<div class="stats">'
  for _, s in ipairs(stats) do
    out[#out + 1] = format('<div class="stat"><b>%s</b><span>%s</span></div>', esc(s[1]), esc(s[2]))
  end
  out[#out + 1] = "</div>"
  if first and first ~= null then
    out[#out + 1] = format('<p class="span">The dated documents run from <b>%s</b> to <b>%s</b>.</p>',
      esc(C.date(first)), esc(C.date(last or first)))
  else
    out[#out + 1] = '<p class="span">No document carries a date.</p>'
  end
  local actors = list(cs.actors)
  if #actors > 0 then
    out[#out + 1] = '<h3>Main actors</h3><ul class="actors">'
    for i, a in ipairs(actors) do
      if i > 12 then break end
      local roles = C.role_texts(a.roles)
      out[#out + 1] = format("<li><b>%s</b>%s</li>", esc(a.name),
        #roles > 0 and (" — " .. esc(concat(roles, "; "))) or "")
    end
    out[#out + 1] = "</ul>"
  end
  local claims = list(cs.claims)
  if #claims > 0 then
    out[#out + 1] = '<h3>Key claims</h3><ol class="claims">'
    for _, cl in ipairs(claims) do
      out[#out + 1] = format("<li>%s %s</li>", page:link(cl, esc(cl.text), nil, "pass"), page:source(cl))
    end
    out[#out + 1] = "</ol>"
  end
  local figs = list(cs.figures)
  if #figs > 0 then
    out[#out + 1] = '<h3>Key figures</h3><ul class="figs">'
    for i, f in ipairs(figs) do
      if i > 20 then break end
      local ndocs = #list(f.documents)
      out[#out + 1] = format("<li>%s%s %s</li>", page:link(f, esc(C.figure_text(f)), nil, "pass"),
        ndocs > 1 and format(' <span class="meta">(%d documents)</span>', ndocs) or "", page:source(f))
    end
    out[#out + 1] = "</ul>"
  end
  local kw = list(m.keywords and m.keywords.corpus)
  if #kw > 0 then
    out[#out + 1] = '<h3>Keywords</h3><ul class="chips">'
    for i, k in ipairs(kw) do
      if i > 30 then break end
      out[#out + 1] = format('<li><span class="chip" title="score %s">%s</span></li>', esc(C.number(k.score)),
        esc(k.term))
    end
    out[#out + 1] = "</ul>"
  end
  out[#out + 1] = "</section>"
  return concat(out, "\n")
end

local function people(page)
  local ps = list(page.model.people)
  local out = { h2("people", "People", #ps) }
  local items = {}
  for i, p in ipairs(ps) do
    items[i] = { label = p.name, value = p.mentions or 0, href = "#person-" .. i,
      tip = format("%s: %s mentions in %d documents", str(p.name), C.number(p.mentions or 0), #list(p.documents)) }
  end
  out[#out + 1] = bar_chart(items, { title = "People by mentions", max = 15, width = 640, label_width = 200 })
  if #ps > 0 then
    out[#out + 1] = '<table class="people"><thead><tr><th>Person</th><th class="num">Mentions</th>' ..
      '<th class="num">Docs</th><th class="num">Quotes</th><th>Roles and affiliations (with sources)</th>' ..
      "<th>Also written</th></tr></thead><tbody>"
    for i, p in ipairs(ps) do
      local roles = {}
      for _, r in ipairs(list(p.roles)) do
        local links = {}
        local evs = list(r.evidence)
        for j, ev in ipairs(evs) do
          if j > 3 then
            links[#links + 1] = format('<span class="more">+%d</span>', #evs - 3)
            break
          end
          links[#links + 1] = page:link(ev, esc(shorten(ev.text or ev.doc, 60)), nil, "ev")
        end
        roles[#roles + 1] = format("<li><b>%s</b> %s</li>", esc(C.role_text(r)), concat(links, " "))
      end
      local nq = tonumber(p.quotes) or 0
      local quotes = page.speakers[str(p.name)] and format('<a href="#speaker-%s">%d</a>', C.safe(p.name), nq)
        or tostring(nq)
      local docs = list(p.documents)
      out[#out + 1] = format('<tr id="person-%d"><td><b>%s</b></td><td class="num">%s</td>' ..
        '<td class="num" title="%s">%d</td><td class="num">%s</td><td><ul class="roles">%s</ul></td><td>%s</td></tr>',
        i, esc(p.name), esc(C.number(p.mentions or 0)), esc(concat(docs, ", ")), #docs, quotes,
        concat(roles), esc(concat(list(p.forms), ", ")))
    end
    out[#out + 1] = "</tbody></table>"
  end
  out[#out + 1] = "</section>"
  return concat(out, "\n")
end

local function orgs_places(page)
  local m = page.model
  local out = { h2("orgs-places", "Organisations and places"), '<div class="cols">' }
  for _, part in ipairs{ { "Organisations", m.orgs }, { "Places", m.places } } do
    local items = {}
    for i, o in ipairs(list(part[2])) do
      local docs = list(o.documents)
      items[i] = { label = o.name, value = o.mentions or 0,
        tip = format("%s: %s mentions in %d documents (%s)", str(o.name), C.number(o.mentions or 0), #docs,
          concat(docs, ", ")) }
    end
    out[#out + 1] = format('<div><h3>%s <span class="count">%d</span></h3>%s</div>', part[1], #items,
      bar_chart(items, { title = part[1] .. " by mentions", max = 12, width = 470, label_width = 170 }))
  end
  out[#out + 1] = "</div></section>"
  return concat(out, "\n")
end

local function quotes(page)
  local groups = list(page.model.quotes)
  local total = 0
  for _, g in ipairs(groups) do total = total + (tonumber(g.count) or #list(g.quotes)) end
  local out = { h2("quotes", "Who said what", total) }
  local items = {}
  for i, g in ipairs(groups) do
    items[i] = { label = C.speaker_name(g), value = tonumber(g.count) or #list(g.quotes),
      href = "#speaker-" .. C.safe(C.speaker_name(g) == "(no speaker)" and "none" or g.speaker) }
  end
  out[#out + 1] = bar_chart(items, { title = "Quotes by speaker", max = 15, width = 640, label_width = 200 })
  for _, g in ipairs(groups) do
    local name = C.speaker_name(g)
    local qs = list(g.quotes)
    out[#out + 1] = format('<div class="speaker" id="speaker-%s"><h3>%s <span class="count">%d</span></h3>' ..
      '<ol class="quotes">',
      C.safe(name == "(no speaker)" and "none" or g.speaker), esc(name), tonumber(g.count) or #qs)
    for _, q in ipairs(qs) do
      local shown = marked_passage(q.sentence, q)
      if not shown or not shown:find("<mark>", 1, true) then
        shown = "<mark>“" .. esc(q.text) .. "”</mark>"
      end
      local meta = { page:source(q) }
      local d = page.docs[str(q.doc)]
      if q.date ~= nil and q.date ~= null then meta[#meta + 1] = esc(C.date(q.date)) end
      if d then meta[#meta + 1] = '<span class="hl-title">' .. esc(shorten(C.title(d.doc), 70)) .. "</span>" end
      if q.cue ~= nil and q.cue ~= null then meta[#meta + 1] = "cue: " .. esc(q.cue) end
      if q.partial == true then meta[#meta + 1] = '<span class="tag">partial</span>' end
      out[#out + 1] = format('<li>%s<div class="meta">%s</div></li>',
        page:link(q, shown, nil, "pass"), concat(meta, " · "))
    end
    out[#out + 1] = "</ol></div>"
  end
  out[#out + 1] = "</section>"
  return concat(out, "\n")
end

local function timeline(page)
  local m = page.model
  local entries = list(m.timeline)
  local out = { h2("timeline", "Timeline", #entries) }
  out[#out + 1] = '<p class="note">Documents in the order their evidence gives: dates in the text or metadata, ' ..
    "and numbered events (an eighth visit comes before a tenth). A hollow dot is placed by such ordinal " ..
    "evidence only, between the dated documents around it.</p>"
  out[#out + 1] = '<div class="scroll">' .. timeline_chart(page, entries) .. "</div>"
  if #entries > 0 then
    out[#out + 1] = '<table class="timeline"><thead><tr><th class="num">#</th><th>Date</th><th>Document</th>' ..
      "<th>Evidence</th></tr></thead><tbody>"
    for i, en in ipairs(entries) do
      local d = page.docs[str(en.doc)]
      local evs = {}
      for _, ev in ipairs(list(en.evidence)) do
        evs[#evs + 1] = format('<li><span class="tag %s">%s</span> %s %s</li>', esc(ev.type), esc(ev.type),
          esc(C.evidence_label(ev)), page:link(ev, "“" .. esc(shorten(ev.text, 90)) .. "”", en.doc, "ev"))
      end
      local date = esc(C.date(en.date))
      if date == "" and str(en.estimated_date) ~= "" then
        date = '<span class="meta" title="no date in the text: estimated from the evidence">about ' ..
          esc(C.date(en.estimated_date)) .. "</span>"
      end
      if str(en.note) ~= "" then evs[#evs + 1] = '<li class="meta">' .. esc(en.note) .. "</li>" end
      out[#out + 1] = format('<tr id="tl-%d"><td class="num">%s</td><td>%s</td><td>%s<div class="meta">%s</div></td>' ..
        '<td><ul class="evidence">%s</ul></td></tr>', i, esc(str(en.position ~= nil and en.position or i)),
        date, page:doc_link(en.doc, esc(d and C.title(d.doc) or str(en.doc))), esc(en.doc), concat(evs))
    end
    out[#out + 1] = "</tbody></table>"
  end
  local unplaced = list(m.unplaced)
  if #unplaced > 0 then
    local links = {}
    for _, id in ipairs(unplaced) do
      local d = page.docs[str(id)]
      links[#links + 1] = "<li>" .. page:doc_link(id, esc(id)) ..
        (d and (" — " .. esc(C.title(d.doc))) or "") .. "</li>"
    end
    out[#out + 1] = format('<h3>Not placed</h3><p class="note">No date and no numbered event: these documents ' ..
      'are placed nowhere rather than guessed.</p><ul class="unplaced">%s</ul>', concat(links))
  end
  out[#out + 1] = "</section>"
  return concat(out, "\n")
end

local function events(page)
  local evs = list(page.model.events)
  if #evs == 0 then return "" end
  local out = { h2("events", "Numbered events", #evs),
    '<table class="events"><thead><tr><th>Actor</th><th class="num">Ordinal</th><th>Event</th><th>Destination</th>' ..
    "<th>As written</th><th>Document</th></tr></thead><tbody>" }
  for _, e in ipairs(evs) do
    out[#out + 1] = format('<tr><td>%s</td><td class="num">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
      esc(e.actor), esc(C.ordinal(e.ordinal)), esc(e.event), esc(e.destination),
      page:link(e, "“" .. esc(shorten(e.text, 80)) .. "”", nil, "ev"), page:doc_link(e.doc))
  end
  out[#out + 1] = "</tbody></table></section>"
  return concat(out, "\n")
end

local function figures(page)
  local fs = list(page.model.figures)
  local out = { h2("figures", "Figures", #fs) }
  if #fs == 0 then
    out[#out + 1] = '<p class="empty">No figures found.</p></section>'
    return concat(out, "\n")
  end
  out[#out + 1] = '<table class="figures"><thead><tr><th class="num">Value</th><th>Unit</th><th>As written</th>' ..
    "<th>In the sentence</th><th>Document</th></tr></thead><tbody>"
  for _, f in ipairs(fs) do
    local value = C.number(f.value)
    if f.approx == true then value = "≈ " .. value end
    local sentence = f.sentence ~= nil and f.sentence ~= null and marked_passage(f.sentence, f) or ""
    if type(f.sentence) == "table" and C.range(f.sentence) then
      sentence = page:link(f.sentence, sentence, f.doc, "pass")
    end
    out[#out + 1] = format('<tr><td class="num">%s</td><td>%s</td><td>%s</td><td class="ctx">%s</td><td>%s</td></tr>',
      esc(value), esc(f.unit), page:link(f, esc(f.text), nil, "ev"), sentence, page:doc_link(f.doc))
  end
  out[#out + 1] = "</tbody></table></section>"
  return concat(out, "\n")
end

local function disagreements(page)
  local ds = list(page.model.disagreements)
  local out = { h2("disagreements", "Disagreements", #ds) }
  if #ds == 0 then
    out[#out + 1] = '<p class="empty">The documents do not contradict each other on any figure, ordinal or ' ..
      "date found.</p></section>"
    return concat(out, "\n")
  end
  out[#out + 1] = '<p class="note">The same fact reported differently by different documents, each side with ' ..
    "its passage.</p>"
  for i, dg in ipairs(ds) do
    out[#out + 1] = format('<div class="disagreement card" id="disagreement-%d"><h3>%s <span class="tag">%s</span>' ..
      '</h3><div class="sides">',
      i, esc(dg.fact), esc(dg.kind))
    for _, v in ipairs(list(dg.values)) do
      local d = page.docs[str(v.doc)]
      local meta = { page:source(v) }
      if d and str(d.doc.date) ~= "" then meta[#meta + 1] = esc(C.date(d.doc.date)) end
      if d then meta[#meta + 1] = esc(shorten(C.title(d.doc), 60)) end
      local value = v.value
      if dg.kind == "ordinal" then value = C.ordinal(value)
      elseif dg.kind == "date" then value = C.date(value)
      else value = C.number(value) end
      local passage = v.passage ~= nil and v.passage ~= null and marked_passage(v.passage, v) or
        ("<mark>" .. esc(v.text) .. "</mark>")
      out[#out + 1] = format('<div class="side"><div class="value">%s</div><div class="meta">%s</div>' ..
        '<blockquote>%s</blockquote></div>', esc(value), concat(meta, " · "), page:link(v, passage, nil, "pass"))
    end
    out[#out + 1] = "</div></div>"
  end
  out[#out + 1] = "</section>"
  return concat(out, "\n")
end

local function duplicates(page)
  local groups = list(page.model.near_duplicates)
  local out = { h2("duplicates", "Near-duplicate documents", #groups) }
  if #groups == 0 then
    out[#out + 1] = '<p class="empty">No two documents are near-copies of each other.</p></section>'
    return concat(out, "\n")
  end
  out[#out + 1] = '<ul class="dups">'
  for _, g in ipairs(groups) do
    local docs = {}
    for _, id in ipairs(list(g.docs)) do
      local d = page.docs[str(id)]
      local title = d and (' <span class="meta">' .. esc(shorten(C.title(d.doc), 60)) .. "</span>") or ""
      docs[#docs + 1] = page:doc_link(id) .. title
    end
    local sim = tonumber(g.similarity)
    out[#out + 1] = format("<li>%s%s</li>", concat(docs, " ≈ "),
      sim and format(' <span class="tag">%d%% similar</span>', floor(sim * 100 + 0.5)) or "")
  end
  out[#out + 1] = "</ul></section>"
  return concat(out, "\n")
end

-- Source, byline, date (and length) of a document entry, escaped.
local function doc_meta(d, words)
  local vals = { C.source(d), d.byline ~= nil and d.byline ~= null and ("by " .. str(d.byline)) or nil, C.date(d.date),
                 words and d.words and (C.number(d.words) .. " words") or nil }
  local meta = {}
  for i = 1, 4 do
    if vals[i] and str(vals[i]) ~= "" then meta[#meta + 1] = esc(vals[i]) end
  end
  return meta
end

local function summaries(page)
  local m = page.model
  local docs = list(m.documents)
  local out = { h2("summaries", "Document summaries", #docs) }
  local kwd = m.keywords and m.keywords.documents or {}
  local summary_of = C.summaries(m)
  for _, d in ipairs(docs) do
    local meta = doc_meta(d, true)
    out[#out + 1] = format('<div class="summary card" id="summary-%s"><h3>%s</h3><div class="meta">%s · %s</div>',
      C.safe(d.id), page:doc_link(d.id, esc(C.title(d))), esc(d.id), concat(meta, " · "))
    local kw = list(kwd[d.id] or kwd[str(d.id)])
    if #kw > 0 then
      local chips = {}
      for i, k in ipairs(kw) do
        if i > 8 then break end
        chips[#chips + 1] = '<li><span class="chip">' .. esc(k.term) .. "</span></li>"
      end
      out[#out + 1] = '<ul class="chips small">' .. concat(chips) .. "</ul>"
    end
    local sents = summary_of(d.id)
    if #sents > 0 then
      out[#out + 1] = '<ol class="sum">'
      for _, s in ipairs(sents) do
        out[#out + 1] = "<li>" .. page:link(s, esc(s.text), d.id, "pass") .. "</li>"
      end
      out[#out + 1] = "</ol>"
    end
    out[#out + 1] = "</div>"
  end
  out[#out + 1] = "</section>"
  return concat(out, "\n")
end

-- A document's text split at every cited boundary: each piece a
-- <span data-b=START> (the script highlights the pieces inside a range),
-- each cited range an empty anchor where it starts.
local function document_view(page, d)
  local id = str(d.id)
  local text = page.text(id)
  if not text then return "" end
  local refs = page.refs[id] or {}
  local cuts, at = { [0] = true, [#text] = true }, {}
  for _, r in ipairs(refs) do
    local s, e = char_start(text, r.s), char_start(text, r.e)
    cuts[s], cuts[e] = true, true
    local a = at[s]
    if not a then a = {}; at[s] = a end
    a[#a + 1] = r.anchor
  end
  local bounds = {}
  for b in pairs(cuts) do bounds[#bounds + 1] = b end
  table.sort(bounds)
  local out = {}
  for i = 1, #bounds - 1 do
    local b = bounds[i]
    for _, a in ipairs(at[b] or {}) do out[#out + 1] = format('<a class="anchor" id="%s"></a>', a) end
    out[#out + 1] = format('<span data-b="%d">%s</span>', b, esc(text:sub(b + 1, bounds[i + 1])))
  end
  for _, a in ipairs(at[#text] or {}) do out[#out + 1] = format('<a class="anchor" id="%s"></a>', a) end
  local meta = doc_meta(d, false)
  return format('<article class="docview" id="%s"><header><h3>%s</h3><div class="meta">%s%s · ' ..
    '<a href="#summary-%s">summary</a></div></header><div class="text">%s</div></article>',
    C.doc_anchor(id), esc(C.title(d)), esc(id), #meta > 0 and (" · " .. concat(meta, " · ")) or "",
    C.safe(id), concat(out))
end

local CSS = [[
:root{--ink:#1d232b;--muted:#5d6773;--line:#d9dee4;--bg:#fff;--soft:#f4f6f8;--accent:#2f6db5;
  --mark:#ffe68a;--warn:#b5452f}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  color:var(--ink);background:var(--bg)}
header.top{background:#1f3550;color:#fff;padding:18px 24px 10px}
header.top h1{margin:0 0 4px;font-size:24px}
header.top p{margin:0;color:#cfd9e6}
nav{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:6px 24px;font-size:14px}
nav a{margin-right:14px;color:var(--accent);text-decoration:none;white-space:nowrap}
main{max-width:1120px;margin:0 auto;padding:8px 24px 40px}
section{margin-top:28px}
h2{font-size:21px;border-bottom:2px solid var(--ink);padding-bottom:4px;margin:0 0 12px}
h3{font-size:16px;margin:18px 0 6px}
.count{font-size:.75em;color:var(--muted);font-weight:normal;background:var(--soft);border-radius:9px;padding:1px 7px}
.note,.empty{color:var(--muted);font-size:14px}
.meta{color:var(--muted);font-size:13px}
.stats{display:flex;flex-wrap:wrap;gap:10px}
.stat{background:var(--soft);border-radius:8px;padding:8px 14px;min-width:120px}
.stat b{display:block;font-size:22px}
.stat span{color:var(--muted);font-size:13px}
.chips{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.chip{display:inline-block;background:#e8eff8;border-radius:12px;padding:1px 10px;font-size:13px;color:var(--ink);
  text-decoration:none}
.chips.small .chip{font-size:12px}
ul.figs{columns:2 320px;margin:6px 0;padding-left:20px}
ul.figs li{break-inside:avoid}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
tbody tr:target{background:#fff6d6}
ul.roles,ul.evidence{list-style:none;margin:0;padding:0}
ul.roles li,ul.evidence li{margin:1px 0}
a{color:var(--accent)}
a.src{font-size:12px;white-space:nowrap;text-decoration:none}
a.ev{font-size:13px}
a.pass{color:inherit;text-decoration:none}
a.pass:hover{text-decoration:underline}
.stale{color:var(--warn)}
.nosrc{color:var(--muted)}
.tag{display:inline-block;font-size:11px;text-transform:uppercase;letter-spacing:.04em;background:var(--soft);
  border:1px solid var(--line);border-radius:4px;padding:0 5px;color:var(--muted)}
mark{background:var(--mark);padding:0 1px}
.cols{display:flex;flex-wrap:wrap;gap:24px}
.scroll{overflow-x:auto}
svg.chart{display:block;max-width:100%;height:auto;font-size:12px}
svg .bar rect{fill:#4a7fc0}
svg a:hover .bar rect{fill:#2f5f99}
svg .label{fill:var(--ink)}
svg .value{fill:var(--muted)}
svg .grid{stroke:#e6e9ed}
svg .tick{fill:var(--muted);font-size:11px}
svg .path{fill:none;stroke:#9db4d2;stroke-width:1.5}
svg .entry circle{fill:#c0522f;stroke:#c0522f;stroke-width:2}
svg .entry.undated circle{fill:#fff}
svg .entry text{fill:var(--ink);font-size:12px}
svg a:hover .entry text{text-decoration:underline}
.speaker ol.quotes{margin:0 0 10px;padding-left:22px}
.speaker li{margin:4px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0;break-inside:avoid}
.card h3{margin-top:2px}
table.people td:first-child{white-space:nowrap}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:12px}
.side{background:var(--soft);border-radius:6px;padding:8px 12px}
.side .value{font-size:24px;font-weight:700;color:var(--warn)}
blockquote{margin:6px 0;padding-left:10px;border-left:3px solid var(--line)}
ol.sum li{margin:3px 0}
.docview{border-top:1px solid var(--line);margin-top:18px}
.docview .text{white-space:pre-wrap;font:14px/1.6 Georgia,"Times New Roman",serif;background:#fbfbf9;
  border:1px solid var(--line);border-radius:6px;padding:12px 16px;overflow-wrap:anywhere}
.docview .hl{background:var(--mark);box-shadow:0 0 0 2px var(--mark)}
a.anchor{scroll-margin-top:60px}
a.anchor:target+span{background:var(--mark)}
#script-errors{background:#fde8e4;border:1px solid var(--warn);color:var(--warn);padding:8px 12px;margin:10px 24px;
  border-radius:6px}
footer{color:var(--muted);font-size:13px;border-top:1px solid var(--line);margin-top:30px;padding-top:10px}
@media print{nav,#script-errors{display:none}body{font-size:12px}a{color:inherit;text-decoration:none}
header.top{background:none;color:#000;padding:0}header.top p{color:#333}
.docview{break-before:page}.card,tr,.side{break-inside:avoid}}
]]

-- Highlights the range of a #doc-ID-START-END link; any error is shown.
local SCRIPT = [[
(function () {
  var box = document.getElementById('script-errors');
  function fail(msg) {
    box.hidden = false;
    var li = document.createElement('li');
    li.textContent = String(msg);
    box.querySelector('ul').appendChild(li);
    document.body.setAttribute('data-errors', '1');
  }
  window.addEventListener('error', function (e) { fail(e.message || e); });
  try {
    var lit = [];
    var highlight = function () {
      lit.forEach(function (el) { el.classList.remove('hl'); });
      lit = [];
      var m = /^doc-(.+)-(\d+)-(\d+)$/.exec(decodeURIComponent(location.hash.slice(1)));
      if (!m) return;
      var view = document.getElementById('document-' + m[1]);
      if (!view) return;
      var s = +m[2], e = +m[3], pieces = view.querySelectorAll('span[data-b]');
      for (var i = 0; i < pieces.length; i++) {
        var b = +pieces[i].getAttribute('data-b');
        if (b >= s && b < e) { pieces[i].classList.add('hl'); lit.push(pieces[i]); }
      }
    };
    window.addEventListener('hashchange', highlight);
    highlight();
    document.body.setAttribute('data-ready', '1');
  } catch (err) {
    fail(err && err.message ? err.message : err);
  }
})();
]]

-- The page. opts.text(id) -> stored text of a document; opts.title.
function M.render(model, opts)
  if type(model) ~= "table" then
    error("bad argument #1 to 'render' (table expected, got " .. type(model) .. ")", 2)
  end
  opts = opts or {}
  local page = new_page(model, opts)
  for _, g in ipairs(list(model.quotes)) do
    if g.speaker ~= nil and g.speaker ~= null then page.speakers[str(g.speaker)] = true end
  end
  local c = model.corpus or {}
  local ndocs = c.documents or #list(model.documents)
  local span = ""
  if c.first_date and c.first_date ~= null then
    span = " · " .. C.date(c.first_date) .. " to " .. C.date(c.last_date or c.first_date)
  end
  local title = opts.title or "lede report"
  -- sections first: they register the passages the document views anchor
  local body = {
    overview(page), people(page), orgs_places(page), quotes(page), timeline(page), events(page),
    figures(page), disagreements(page), duplicates(page), summaries(page),
  }
  local views = {}
  for _, d in ipairs(list(model.documents)) do views[#views + 1] = document_view(page, d) end
  body[#body + 1] = h2("documents", "Documents", #list(model.documents)) ..
    '<p class="note">The text of every document as stored. A link elsewhere in this report jumps to its passage ' ..
    "here and highlights it.</p>" ..
    concat(views, "\n") .. "</section>"
  local nav = {}
  for _, s in ipairs{ { "overview", "Overview" }, { "people", "People" }, { "orgs-places", "Organisations & places" },
                      { "quotes", "Quotes" }, { "timeline", "Timeline" },
                      #list(model.events) > 0 and { "events", "Events" } or false,
                      { "figures", "Figures" }, { "disagreements", "Disagreements" },
                      { "duplicates", "Near-duplicates" }, { "summaries", "Summaries" },
                      { "documents", "Documents" } } do
    if s then nav[#nav + 1] = format('<a href="#%s">%s</a>', s[1], esc(s[2])) end
  end
  return concat({
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="lede ' .. esc(model.lede_version) .. '">',
    "<title>" .. esc(title) .. "</title>",
    "<style>" .. CSS .. "</style></head>",
    "<body>",
    format('<header class="top"><h1>%s</h1><p>%s documents%s</p></header>', esc(title),
      esc(C.number(ndocs)), esc(span)),
    "<nav>" .. concat(nav) .. "</nav>",
    '<div id="script-errors" hidden><b>The page script failed:</b><ul></ul></div>',
    "<main>",
    concat(body, "\n"),
    format('<footer>Made by lede %s%s. Every item cites its source as document id and byte range ' ..
      '[start, end) of the stored text; the links lead to the passage in “Documents”.</footer>',
      esc(model.lede_version), model.generated and (" on " .. esc(model.generated)) or ""),
    "</main>",
    "<script>" .. SCRIPT .. "</script>",
    "</body></html>",
    "",
  }, "\n")
end

return M
