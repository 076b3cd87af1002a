--[[
lede.analysis.timeline -- documents placed in time from explicit dates and
from ordinal evidence ("eighth visit" before "tenth visit"), each placement
with the evidence it used; documents without evidence are left unplaced.

Promise:
  - a document's date is its doc_date; else the latest full date (with a
    year) in its first body paragraph; else the first date in its text that
    names a weekday, a month and a day ("Monday, August 19"), its year being
    the one year, among those of the corpus's dated documents and one year
    either side, in which that day falls on that weekday. The evidence says
    which;
  - ordinal evidence: per document and series (an actor and the event nouns
    that count the same thing: the travel nouns are one series; other nouns
    join when one document gives the same number to both), the highest
    ordinal the document reports as made. An ordinal announced in its own
    sentence ("is expected to make a tenth trip") is not made: on its own it
    counts as the one before it;
  - dates and ordinals are combined: per series, the (ordinal, date) pairs
    of dated documents must rise together; the largest consistent set is
    kept (doc_date weighs more than an inferred date) and a document whose
    ordinal contradicts it is placed by its date alone and reported in
    `conflicts`. An undated document with an ordinal is placed with the
    dated documents of the same ordinal (the same trip), else between the
    nearest lower and higher ordinals, marked `estimated`; when no dated
    document counts its series, after all dated documents in the order of
    its ordinal, marked `estimated` too;
  - equal keys are ties: they share a position, keep store order and are
    marked `tied`. Documents with no date and no ordinal go to `unplaced`
    in store order, never guessed;
  - per series the work is sorting plus an O(n log n) longest chain over
    its dated documents; nothing compares all pairs of documents.

  local T = require "lede.analysis.timeline"
  local tl = T.build(corpus, entities)
  tl.timeline, tl.unplaced, tl.events  -- model fields
  tl.docinfo[id] -- { day =, date =, date_ev =, weight =, ordinals = { [series] = o } }
  tl.series      -- { [key] = { actor =, nouns =, points (kept, by day) =, ks =, by_k = } }
  tl.conflicts   -- { {series =, actor =, doc =, ordinal =, day =, ev =} }
  tl.same_trip_day[id], tl.year_min, tl.year_max -- for lede.analysis.disagreements
]]

local lede = require "lede"
local data = require "lede.data"
local C = require "lede.analysis.corpus"

local NULL = lede.json.null

local M = {}

-- Words that, between the start of an ordinal's sentence and the ordinal,
-- make the event announced rather than made. Grammar, not vocabulary: a
-- closed set of English future and intention markers ("due to" and "next"
-- are left out: "due to the war", "the next day" are about the past too).
local FUTURE = { "will", "would", "expected to", "plans to", "planning to", "planned", "scheduled to",
  "is due", "is to", "are to", "intends to" }

-- Event nouns that count one series: "her sixth tour" and "her seventh
-- trip" count the same travels. data/events.txt may name a noun's series in
-- a fourth column; while it names none, the travel nouns here are one.
local DEFAULT_SERIES = { visit = "travel", trip = "travel", tour = "travel", mission = "travel",
  journey = "travel", voyage = "travel" }
local series_of
local function noun_series(noun)
  if not series_of then
    series_of = {}
    for _, row in ipairs(data.table("events.txt")) do
      if row[1] == "event" and row[4] and row[4] ~= "-" then series_of[row[3]] = row[4] end
    end
    if next(series_of) == nil then
      for k, v in pairs(DEFAULT_SERIES) do series_of[k] = v end
    end
  end
  return series_of[noun] or noun
end

local weekday_of
local function weekdays()
  if weekday_of then return weekday_of end
  weekday_of = {}
  for _, row in ipairs(data.table("time_words.txt")) do
    if row[1] == "weekday" then
      for i = 3, #row do weekday_of[row[i]:lower()] = tonumber(row[2]) end
    end
  end
  return weekday_of
end

local function text_weekday(text)
  local wd = weekdays()
  for w in text:gmatch("%a+") do
    local n = wd[w:lower()]
    if n and #w > 3 then return n end
  end
  return nil
end

-- The first paragraph block of body text: s, e, or nil.
local function lead(d)
  for s, e, kind in C.blocks(d) do
    if kind == "paragraph" then return s, e end
  end
  return nil
end

local function is_future(d, sp)
  local ss = C.sentence_at(d, sp.s)
  if ss > sp.s then ss = sp.s end
  local before = " " .. d.text:sub(math.max(ss, sp.s - 80), sp.s - 1):lower() .. " "
  for _, w in ipairs(FUTURE) do
    if before:find("[^%w]" .. w:gsub(" ", "%%s+") .. "[^%w]") then return true end
  end
  return false
end

-- Union-find over event nouns of one actor.
local function find(parent, x)
  while parent[x] ~= x do
    parent[x] = parent[parent[x]]
    x = parent[x]
  end
  return x
end

function M.build(corpus, ent)
  local docinfo = {}
  -- 1. dates: doc_date, then the lead's full dates
  local years = {}
  for _, d in ipairs(corpus.docs) do
    local info = { doc = d, ordinals = {} }
    docinfo[d.id] = info
    if d.day then
      info.day, info.date, info.weight = d.day, d.date, 2
      local ev
      if d.date_span then
        ev = C.evidence(d, d.date_span.s, d.date_span.e)
      else
        ev = { doc = d.id, text = d.meta_date, source = "metadata" }
      end
      ev.type, ev.value, ev.source = "date", d.date, ev.source or "doc_date"
      info.date_ev = ev
    else
      local ls, le = lead(d)
      local best, bestsp
      for _, sp in ipairs(d.spans.date) do
        local day = C.day(sp.value)
        if ls and day and sp.s >= ls and sp.e <= le and sp.type ~= "duration"
          and (not best or day > best) then
          best, bestsp = day, sp
        end
      end
      if best then
        info.day, info.date, info.weight = best, C.iso(best), 1
        local ev = C.evidence(d, bestsp.s, bestsp.e)
        ev.type, ev.value, ev.source = "date", info.date, "lead"
        info.date_ev = ev
      end
    end
    if info.day then years[#years + 1] = C.civil(info.day) end
  end
  -- 2. weekday-anchored dates for the rest
  local ymin, ymax = math.huge, -math.huge
  for _, y in ipairs(years) do
    if y < ymin then ymin = y end
    if y > ymax then ymax = y end
  end
  if #years > 0 then
    for _, d in ipairs(corpus.docs) do
      local info = docinfo[d.id]
      if not info.day then
        for _, sp in ipairs(d.spans.date) do
          local v = sp.value
          local m, dd
          if type(v) == "string" then m, dd = v:match("^XXXX%-(%d%d)%-(%d%d)$") end
          local wd = m and text_weekday(sp.text)
          if wd then
            local found, n = nil, 0
            for y = ymin - 1, ymax + 1 do
              local day = C.days(y, tonumber(m), tonumber(dd))
              if C.weekday(day) == wd then found, n = day, n + 1 end
            end
            if n == 1 then
              info.day, info.date, info.weight = found, C.iso(found), 1
              local ev = C.evidence(d, sp.s, sp.e)
              ev.type, ev.value, ev.source = "date", info.date, "weekday"
              ev.note = ("the only year from %d to %d in which %s falls on that weekday"):format(
                ymin - 1, ymax + 1, v:sub(6))
              info.date_ev = ev
              break
            end
          end
        end
      end
    end
  end

  -- 3. ordinal events, their actors and series
  local events = {}
  local parent = {} -- "actor\0noun" -> representative
  local function node(actor, noun)
    local k = actor .. "\0" .. noun
    if not parent[k] then parent[k] = k end
    return k
  end
  for _, d in ipairs(corpus.docs) do
    local seen = {} -- actor\0ordinal -> node, to join nouns of one count
    for _, sp in ipairs(d.spans.ordinal_event) do
      local a = sp
      local actor = type(a.actor) == "string" and ent:canonical(a.actor) or nil
      local k = type(a.ordinal) == "number" and math.tointeger(a.ordinal) or nil
      local noun = type(a.event) == "string" and a.event or "event"
      if actor and k then
        local ev = C.evidence(d, sp.s, sp.e)
        ev.actor, ev.ordinal, ev.event = actor, k, noun
        ev.destination = type(a.destination) == "string" and a.destination or NULL
        ev.announced = a.current ~= false and is_future(d, sp) or nil
        ev.current = a.current
        ev.d = d
        events[#events + 1] = ev
        local nd = node(actor, noun_series(noun))
        local sk = actor .. "\0" .. k
        if seen[sk] then
          local r1, r2 = find(parent, seen[sk]), find(parent, nd)
          if r1 ~= r2 then parent[r2] = r1 end
        else
          seen[sk] = nd
        end
      end
    end
  end
  local series = {}
  for _, ev in ipairs(events) do
    local key = find(parent, ev.actor .. "\0" .. noun_series(ev.event))
    ev.series = key
    local s = series[key]
    if not s then
      s = { key = key, actor = ev.actor, nouns = {}, points = {} }
      series[key] = s
    end
    s.nouns[ev.event] = true
  end
  -- per document and series: the highest ordinal made (or announced - 1)
  for _, ev in ipairs(events) do
    if ev.current ~= false then
      local info = docinfo[ev.d.id]
      local o = info.ordinals[ev.series]
      if not o then
        o = { series = ev.series, made = nil, announced = nil }
        info.ordinals[ev.series] = o
      end
      if ev.announced then
        if not o.announced or ev.ordinal > o.announced.ordinal then o.announced = ev end
      elseif not o.made or ev.ordinal > o.made.ordinal then
        o.made = ev
      end
    end
  end
  for _, info in pairs(docinfo) do
    for key, o in pairs(info.ordinals) do
      if o.made then
        o.k, o.ev = o.made.ordinal, o.made
      elseif o.announced then
        o.k, o.ev = o.announced.ordinal - 1, o.announced
      else
        info.ordinals[key] = nil
      end
    end
  end

  -- 4. per series, the largest set of dated (ordinal, date) pairs that rise
  -- together: a lower ordinal on a strictly earlier day, one ordinal on any
  -- days. Points sorted by (ordinal, day); a chain ending at a point
  -- extends the best chain of a lower ordinal on an earlier day (a
  -- Fenwick tree of maxima over day ranks, filled one ordinal at a time)
  -- or of the same ordinal before it: O(n log n) per series.
  local conflicts = {}
  local pts_of = {}
  for _, d in ipairs(corpus.docs) do
    local info = docinfo[d.id]
    if info.day then
      for key, o in pairs(info.ordinals) do
        local l = pts_of[key]
        if not l then l = {}; pts_of[key] = l end
        l[#l + 1] = { doc = d.id, index = d.index, k = o.k, day = info.day, w = info.weight, o = o }
      end
    end
  end
  local keys_sorted = {}
  for key in pairs(series) do keys_sorted[#keys_sorted + 1] = key end
  table.sort(keys_sorted) -- the same store gives the same model
  for _, key in ipairs(keys_sorted) do
    local s = series[key]
    local pts = pts_of[key] or {}
    table.sort(pts, function(a, b)
      if a.k ~= b.k then return a.k < b.k end
      if a.day ~= b.day then return a.day < b.day end
      return a.index < b.index
    end)
    -- day ranks
    local days, rank = {}, {}
    for _, p in ipairs(pts) do days[#days + 1] = p.day end
    table.sort(days)
    local nr = 0
    for _, dd in ipairs(days) do
      if not rank[dd] then nr = nr + 1; rank[dd] = nr end
    end
    local tree_v, tree_i = {}, {}
    local function query(r) -- best over ranks 1..r
      local v, i = 0, nil
      while r > 0 do
        if (tree_v[r] or 0) > v then v, i = tree_v[r], tree_i[r] end
        r = r - (r & -r)
      end
      return v, i
    end
    local function update(r, v, i)
      while r <= nr do
        if (tree_v[r] or 0) < v then tree_v[r], tree_i[r] = v, i end
        r = r + (r & -r)
      end
    end
    local best, prev = {}, {}
    local g = 1
    while g <= #pts do
      local h = g
      while h + 1 <= #pts and pts[h + 1].k == pts[g].k do h = h + 1 end
      local run_v, run_i = 0, nil -- best chain ending at this ordinal so far
      for i = g, h do
        local p = pts[i]
        local v, j = query(rank[p.day] - 1)
        if run_v > v then v, j = run_v, run_i end
        best[i], prev[i] = v + p.w, j
        if best[i] > run_v then run_v, run_i = best[i], i end
      end
      for i = g, h do update(rank[pts[i].day], best[i], i) end
      g = h + 1
    end
    local top, topi = -1, nil
    for i = 1, #pts do
      if best[i] > top then top, topi = best[i], i end
    end
    local keep = {}
    while topi do keep[topi] = true; topi = prev[topi] end
    s.points = {}
    for i, p in ipairs(pts) do
      if keep[i] then
        s.points[#s.points + 1] = p
      else
        p.o.conflict = true
        conflicts[#conflicts + 1] = { series = key, actor = s.actor, doc = p.doc, ordinal = p.k,
          day = p.day, ev = p.o.ev }
      end
    end
    -- per ordinal kept: its first and last day, for placing undated
    -- documents and finding the dated neighbours of a conflict
    local ks, by_k = {}, {}
    for _, p in ipairs(s.points) do
      local r = by_k[p.k]
      if not r then r = { k = p.k, first = p, last = p }; by_k[p.k] = r; ks[#ks + 1] = r end
      if p.day < r.first.day then r.first = p end
      if p.day > r.last.day then r.last = p end
    end
    s.ks, s.by_k = ks, by_k
    table.sort(s.points, function(a, b)
      if a.day ~= b.day then return a.day < b.day end
      return a.index < b.index
    end)
  end

  -- 5. a key (a day, possibly fractional) per document
  local EPS = 0.01
  local placed, unplaced, same_trip_day = {}, {}, {}
  for _, d in ipairs(corpus.docs) do
    local info = docinfo[d.id]
    local evidence, basis, note = {}, nil, nil
    if info.date_ev then evidence[#evidence + 1] = info.date_ev end
    local key = info.day
    if key then basis = "date" end
    -- ordinal evidence, in a stable order
    local keys = {}
    for sk in pairs(info.ordinals) do keys[#keys + 1] = sk end
    table.sort(keys)
    local estimate
    for _, sk in ipairs(keys) do
      local o = info.ordinals[sk]
      local ev = o.ev
      local e = { type = "ordinal", value = o.k, event = ev.event, actor = ev.actor, doc = ev.doc,
        start = ev.start, ["end"] = ev["end"], text = ev.text }
      if ev.announced then
        e.announced = ev.ordinal
        e.note = ("ordinal %d is announced, not made"):format(ev.ordinal)
      end
      if o.conflict then
        e.conflict = true
        e.note = "contradicts the dated documents of the same series; placed by its date"
      end
      evidence[#evidence + 1] = e
      if not key and not o.conflict then
        local sr = series[sk]
        local same = sr.by_k[o.k] and sr.by_k[o.k].first
        -- the nearest kept ordinals below and above (ks is sorted)
        local lower, upper
        local lo, hi = 1, #sr.ks
        while lo <= hi do
          local mid = (lo + hi) // 2
          if sr.ks[mid].k < o.k then lower = sr.ks[mid].last; lo = mid + 1 else hi = mid - 1 end
        end
        lo, hi = 1, #sr.ks
        while lo <= hi do
          local mid = (lo + hi) // 2
          if sr.ks[mid].k > o.k then upper = sr.ks[mid].first; hi = mid - 1 else lo = mid + 1 end
        end
        local k2, n2
        if same then
          k2 = same.day
          n2 = ("the same %s as %s (ordinal %d, %s)"):format(ev.event, same.doc, o.k, C.iso(same.day))
        elseif lower and upper then
          k2 = lower.day + (upper.day - lower.day) * (o.k - lower.k) / (upper.k - lower.k)
          n2 = ("between %s (ordinal %d) and %s (ordinal %d)"):format(lower.doc, lower.k, upper.doc, upper.k)
        elseif lower then
          k2 = lower.day + (o.k - lower.k) * EPS
          n2 = ("after %s (ordinal %d)"):format(lower.doc, lower.k)
        elseif upper then
          k2 = upper.day - (upper.k - o.k) * EPS
          n2 = ("before %s (ordinal %d)"):format(upper.doc, upper.k)
        end
        if k2 and (not estimate or k2 > estimate) then
          estimate, note = k2, n2
          basis = same and "ordinal" or "ordinal, estimated"
          same_trip_day[d.id] = same and same.day or nil
        elseif not k2 and not estimate then
          -- a series with no dated document: its ordinals order it among
          -- themselves only
          info.floating = info.floating and math.max(info.floating, o.k) or o.k
        end
      end
    end
    if not key and estimate then key = estimate end
    if key then
      placed[#placed + 1] = { d = d, key = key, evidence = evidence, basis = basis, note = note,
        date = info.date, estimated = basis == "ordinal, estimated" or nil }
    elseif info.floating then
      -- after the dated documents, in the order of their ordinals: where
      -- they fall among dated documents is not known, and they say so
      placed[#placed + 1] = { d = d, floating = info.floating, evidence = evidence, estimated = true,
        basis = "ordinal", note = "ordered by its ordinal only: no dated document counts the same series" }
    else
      unplaced[#unplaced + 1] = d.id
    end
  end
  -- dated (and estimated) first by key; documents of undated series after
  -- them by ordinal
  table.sort(placed, function(a, b)
    if (a.key ~= nil) ~= (b.key ~= nil) then return a.key ~= nil end
    local ka, kb = a.key or a.floating, b.key or b.floating
    if ka ~= kb then return ka < kb end
    return a.d.index < b.d.index
  end)
  local timeline = {}
  local pos, prevkey = 0, nil
  for i, p in ipairs(placed) do
    local k = p.key or ("f" .. p.floating)
    if k ~= prevkey then pos = pos + 1 end
    prevkey = k
    local entry = {
      doc = p.d.id, date = p.date or NULL, position = pos, evidence = p.evidence,
      basis = p.basis, note = p.note, estimated = p.estimated,
    }
    if p.key and not p.date then entry.estimated_date = C.iso(math.floor(p.key)) end
    timeline[i] = entry
  end
  for i, e in ipairs(timeline) do
    local nb = (timeline[i - 1] and timeline[i - 1].position == e.position)
      or (timeline[i + 1] and timeline[i + 1].position == e.position)
    if nb then e.tied = true end
  end

  -- 6. the events list: by actor, then ordinal, then store order
  table.sort(events, function(a, b)
    if a.actor ~= b.actor then return a.actor < b.actor end
    if a.ordinal ~= b.ordinal then return a.ordinal < b.ordinal end
    if a.d.index ~= b.d.index then return a.d.index < b.d.index end
    return a.start < b.start
  end)
  local out_events = {}
  for i, ev in ipairs(events) do
    out_events[i] = {
      actor = ev.actor, event = ev.event, ordinal = ev.ordinal, destination = ev.destination,
      doc = ev.doc, start = ev.start, ["end"] = ev["end"], text = ev.text,
      date = docinfo[ev.doc].date or NULL, announced = ev.announced,
    }
  end
  return {
    timeline = timeline, unplaced = unplaced, events = out_events,
    docinfo = docinfo, series = series, conflicts = conflicts, same_trip_day = same_trip_day,
    year_min = #years > 0 and ymin or nil, year_max = #years > 0 and ymax or nil,
  }
end

return M
