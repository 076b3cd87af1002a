--[[
lede.analysis.disagreements -- the figures of the corpus, and the facts its
documents report differently: different figures for the same count,
different ordinals for the same trip, different dates for the same meeting.
Each disagreement gives every side with its span and the sentence around.

Promise (precision before recall: a reader must be able to trust each one):
  - figures: two quantities (counts, not percentages) are the same count
    only when they come from different documents dated (or placed on the
    same trip) within FIGURE_DAYS of each other, count the same unit at
    the same rate ("69 trucks a day" is not "1,350 trucks"), their
    sentences share words that are rare among the figures' sentences
    (weighted overlap at least FIGURE_OVERLAP, or half that when both name
    the same period: "a week" = "seven-day"), and each is the other's best
    match in its document.
    They disagree when their values differ: exact values by anything, an
    approximate one ("about", "more than") by more than APPROX_SLACK;
  - ordinals: a document whose ordinal for an actor's series contradicts
    the dated documents of that series (lede.analysis.timeline) disagrees
    with those dated within ORDINAL_DAYS of it that give another ordinal;
  - dates: a date span with a full date and, before it in its clause, the
    same two or more people (and, when both name places, a common place),
    in two documents giving days at most DATE_DAYS apart, the clauses
    sharing a word besides the names (the verb: "met"). Undated documents
    take the year their weekday allows (as the timeline does);
  - comparisons stay inside buckets (unit and week, pairs proposed by a
    shared word; the people of a clause), never all pairs of documents.

  local D = require "lede.analysis.disagreements"
  local r = D.build(corpus, entities, timeline_result)
  r.figures, r.disagreements   -- model fields
]]

local lede = require "lede"
local data = require "lede.data"
local C = require "lede.analysis.corpus"

local NULL = lede.json.null

local M = {}

M.FIGURE_DAYS = 3
M.FIGURE_OVERLAP = 0.25
M.APPROX_SLACK = 0.25
M.ORDINAL_DAYS = 2
M.DATE_DAYS = 3
M.PAIR_CAP = 50

-- Proportions are not counts: two polls' "58 percent" and "55 percent" are
-- two findings, not one fact reported twice.
local PROPORTION = { percent = true, ["per cent"] = true, ["%"] = true, ["percentage point"] = true,
  ["percentage points"] = true }

local function unit_key(u)
  if type(u) ~= "string" or u == "" then return nil end
  u = u:lower()
  if PROPORTION[u] then return nil end
  if #u > 3 and u:sub(-1) == "s" and u:sub(-2) ~= "ss" then u = u:sub(1, -2) end
  return u
end

-- ISO durations in days, so that "a week" (P1W) is "seven-day" (P7D).
local DUR_DAYS = { D = 1, W = 7, M = 30, Y = 365 }
local function duration_days(v)
  if type(v) ~= "string" then return nil end
  local n, u = v:match("^P(%d+%.?%d*)([DWMY])$")
  if not n then return nil end
  return tonumber(n) * DUR_DAYS[u]
end

-- The time of a document for comparisons: its date, else the date of the
-- documents of the same trip.
local function doc_day(tl, d)
  local info = tl.docinfo[d.id]
  if info and info.day then return info.day end
  return tl.same_trip_day and tl.same_trip_day[d.id] or nil
end

local function passage(d, s, e)
  local ss, se = C.sentence_span(d, s, e)
  return C.range(d, ss, se)
end

---------------------------------------------------------------- figures

local function figures_of(corpus, tl)
  local figures, cands = {}, {}
  for _, d in ipairs(corpus.docs) do
    local day = doc_day(tl, d)
    for _, sp in ipairs(d.spans.quantity) do
      local a = sp
      local value = tonumber(a.value)
      local f = C.evidence(d, sp.s, sp.e)
      f.value = value or NULL
      f.unit = type(a.unit) == "string" and a.unit or NULL
      f.approx = a.approx == true
      local ss, se = C.sentence_span(d, sp.s, sp.e)
      f.sentence = C.range(d, ss, se)
      figures[#figures + 1] = f
      local unit = unit_key(a.unit)
      if value and unit and day then
        -- a rate: a recurrence span ("a day") right after the figure
        local rate, period = nil, nil
        for _, ds in ipairs(d.spans.date) do
          if ds.s >= sp.e and ds.s <= sp.e + 30 and ds.s < se and ds.type == "set" then rate = ds.value end
          if ds.s >= ss and ds.e <= se and ds.type == "duration" then
            period = period or duration_days(ds.value)
          end
        end
        -- a period in the sentence after (a figure's sentence often leaves
        -- it to the next: "... 1,600 trucks ... The seven-day operation")
        if not period then
          local _, ne = C.sentence_at(d, se)
          for _, ds in ipairs(d.spans.date) do
            if ds.s >= se and ds.e <= ne and ds.type == "duration" then
              period = period or duration_days(ds.value)
            end
          end
        end
        cands[#cands + 1] = {
          f = f, d = d, sp = sp, day = day, unit = unit, value = value, approx = f.approx,
          rate = rate or false, period = period, words = C.content_words(d.text:sub(ss, se - 1)),
        }
      end
    end
  end
  return figures, cands
end

local function values_differ(a, b)
  if a.value == b.value then return false end
  local hi = math.max(math.abs(a.value), math.abs(b.value))
  if hi == 0 then return false end
  local rel = math.abs(a.value - b.value) / hi
  if a.approx or b.approx then return rel > M.APPROX_SLACK end
  return true
end

local function figure_disagreements(cands)
  -- rarity of a word among the figures' sentences
  local df, n = {}, #cands
  for _, c in ipairs(cands) do
    for w in pairs(c.words) do df[w] = (df[w] or 0) + 1 end
  end
  local idfs = {}
  for w, c in pairs(df) do idfs[w] = math.log((n + 1) / c) end
  local function idf(w) return idfs[w] or math.log(n + 1) end
  local function weight(set, skip)
    local t = 0
    for w in pairs(set) do if not skip[w] then t = t + idf(w) end end
    return t
  end
  local skips = {}
  for _, c in ipairs(cands) do
    local skip = skips[c.unit]
    if not skip then skip = { [c.unit] = true, [c.unit .. "s"] = true }; skips[c.unit] = skip end
    c.weight = weight(c.words, skip)
  end
  local function same_fact(a, b)
    if a.d == b.d or a.unit ~= b.unit or a.rate ~= b.rate then return false end
    if math.abs(a.day - b.day) > M.FIGURE_DAYS then return false end
    local skip = skips[a.unit]
    local shared, words = 0, {}
    for w in pairs(a.words) do
      if b.words[w] and not skip[w] then shared = shared + idf(w); words[#words + 1] = w end
    end
    local small = math.min(a.weight, b.weight)
    local overlap = small > 0 and shared / small or 0
    local same_period = a.period and b.period and a.period == b.period
    if overlap >= M.FIGURE_OVERLAP or (same_period and overlap >= M.FIGURE_OVERLAP / 2) then
      return true, overlap, words
    end
    return false
  end
  -- Candidate pairs: same unit, weeks w and w + 1, sharing a word that is
  -- not common in that window (a word shared by more than PAIR_CAP figures
  -- proposes no pairs), so a crowded week does not compare all its pairs.
  local weeks = {}
  for i, c in ipairs(cands) do
    local k = c.unit .. "\0" .. (c.day // 7)
    local b = weeks[k]
    if not b then b = { unit = c.unit, week = c.day // 7 }; weeks[k] = b end
    b[#b + 1] = i
  end
  local pairs_seen, found = {}, {}
  local best = {} -- best[i][doc] = { j =, score = }
  local function consider(i, j)
    if i > j then i, j = j, i end
    local key = i * (n + 1) + j
    if pairs_seen[key] then return end
    pairs_seen[key] = true
    local a, b = cands[i], cands[j]
    local same, score, words = same_fact(a, b)
    if not same then return end
    found[#found + 1] = { i = i, j = j, words = words }
    for _, x in ipairs { { i, j }, { j, i } } do
      local bi = best[x[1]]
      if not bi then bi = {}; best[x[1]] = bi end
      local dj = cands[x[2]].d
      local cur = bi[dj]
      if not cur or score > cur.score or (score == cur.score and x[2] < cur.j) then
        bi[dj] = { j = x[2], score = score }
      end
    end
  end
  for _, b in pairs(weeks) do
    local window = {}
    for _, i in ipairs(b) do window[#window + 1] = i end
    for _, i in ipairs(weeks[b.unit .. "\0" .. (b.week + 1)] or {}) do window[#window + 1] = i end
    local by_word = {}
    for _, i in ipairs(window) do
      for w in pairs(cands[i].words) do
        -- words in more than a tenth of a large set of figures propose nothing
        if n < 200 or df[w] * 10 <= n then
          local l = by_word[w]
          if not l then l = {}; by_word[w] = l end
          l[#l + 1] = i
        end
      end
    end
    for _, l in pairs(by_word) do
      if #l <= M.PAIR_CAP then
        for x = 1, #l do
          for y = x + 1, #l do
            if cands[l[x]].d ~= cands[l[y]].d then consider(l[x], l[y]) end
          end
        end
      end
    end
  end
  -- a figure is the same fact as a figure of another document only when
  -- each is the other's best match there: two figures of one document
  -- never both match the same figure
  local parent = {}
  local function find(x)
    while parent[x] ~= x do x = parent[x] end
    return x
  end
  local shared_words = {}
  table.sort(found, function(x, y) if x.i ~= y.i then return x.i < y.i end return x.j < y.j end)
  for _, f in ipairs(found) do
    local i, j = f.i, f.j
    if best[i][cands[j].d].j == j and best[j][cands[i].d].j == i then
      parent[i] = parent[i] or i
      parent[j] = parent[j] or j
      local ri, rj = find(i), find(j)
      if ri ~= rj then parent[rj] = ri end
      if not shared_words[i] then
        table.sort(f.words, function(x, y)
          local ix, iy = idf(x), idf(y)
          if ix ~= iy then return ix > iy end
          return x < y
        end)
        shared_words[i] = f.words
      end
    end
  end
  local groups, order = {}, {}
  for i in pairs(parent) do
    local r = find(i)
    if not groups[r] then groups[r] = {}; order[#order + 1] = r end
    table.insert(groups[r], i)
  end
  table.sort(order)
  local out = {}
  for _, r in ipairs(order) do
    local g = groups[r]
    table.sort(g)
    -- at least two figures that differ
    local differ = false
    for x = 1, #g do
      for y = x + 1, #g do
        local a, b = cands[g[x]], cands[g[y]]
        if a.d ~= b.d and values_differ(a, b) then differ = true end
      end
    end
    if differ then
      local values = {}
      local words = {}
      for _, i in ipairs(g) do
        local c = cands[i]
        values[#values + 1] = {
          value = c.value, unit = c.f.unit, approx = c.approx, doc = c.d.id, date = C.iso(c.day),
          start = c.f.start, ["end"] = c.f["end"], text = c.f.text, passage = c.f.sentence,
        }
        if shared_words[i] then
          for _, w in ipairs(shared_words[i]) do words[#words + 1] = w end
        end
      end
      local seen, label = {}, {}
      for _, w in ipairs(words) do
        if not seen[w] and #label < 4 then seen[w] = true; label[#label + 1] = w end
      end
      local first = cands[g[1]]
      local span = ""
      if first.rate then span = (" (rate %s)"):format(first.rate)
      elseif first.period then span = (" over %s days"):format(math.tointeger(first.period) or first.period) end
      out[#out + 1] = {
        kind = "figure", unit = first.f.unit,
        fact = ("%s%s around %s (%s)"):format(first.f.unit, span, C.iso(first.day), table.concat(label, ", ")),
        values = values,
      }
    end
  end
  return out
end

---------------------------------------------------------------- ordinals

local function ordinal_disagreements(corpus, tl)
  local out = {}
  for _, cf in ipairs(tl.conflicts) do
    local d = corpus.by_id[cf.doc]
    local s = tl.series[cf.series]
    -- kept points are sorted by day: the first on or after cf.day - window
    local pts, others = s.points, {}
    local lo, hi, first = 1, #pts, #pts + 1
    while lo <= hi do
      local mid = (lo + hi) // 2
      if pts[mid].day >= cf.day - M.ORDINAL_DAYS then first = mid; hi = mid - 1 else lo = mid + 1 end
    end
    for i = first, #pts do
      local p = pts[i]
      if p.day > cf.day + M.ORDINAL_DAYS then break end
      if p.k ~= cf.ordinal then others[#others + 1] = p end
    end
    if #others > 0 then
      local values = {}
      local function side(doc, o)
        local ev = o.ev
        values[#values + 1] = {
          value = o.k, doc = doc.id, date = C.iso(tl.docinfo[doc.id].day), actor = ev.actor, event = ev.event,
          start = ev.start, ["end"] = ev["end"], text = ev.text, passage = passage(doc, ev.start + 1, ev["end"] + 1),
        }
      end
      for _, p in ipairs(others) do side(corpus.by_id[p.doc], p.o) end
      side(d, tl.docinfo[d.id].ordinals[cf.series])
      -- the dated documents around it that agree with each other
      local supported = {}
      for i = math.max(1, first - 3), math.min(#pts, first + #others + 3) do
        supported[#supported + 1] = pts[i].doc
      end
      out[#out + 1] = {
        kind = "ordinal",
        fact = ("ordinal of %s's %s around %s"):format(s.actor, cf.ev.event, C.iso(cf.day)),
        actor = s.actor, values = values,
        note = ("the dated documents counting %s's %ss agree with each other and not with %s"):format(
          s.actor, cf.ev.event, d.id),
        consistent = supported,
      }
    end
  end
  return out
end

---------------------------------------------------------------- dates

local function date_events(corpus, ent, tl)
  local events = {}
  local weekday_of = {}
  for _, row in ipairs(data.table("time_words.txt")) do
    if row[1] == "weekday" then
      for i = 3, #row do weekday_of[row[i]:lower()] = tonumber(row[2]) end
    end
  end
  local ymin, ymax = tl.year_min, tl.year_max
  local function resolve(sp)
    local day = C.day(sp.value)
    if day then return day end
    if not ymin then return nil end
    local m, dd
    if type(sp.value) == "string" then m, dd = sp.value:match("^XXXX%-(%d%d)%-(%d%d)$") end
    if not m then return nil end
    local wd
    for w in sp.text:gmatch("%a+") do wd = wd or (#w > 3 and weekday_of[w:lower()]) or nil end
    if not wd then return nil end
    local found, n = nil, 0
    for y = ymin - 1, ymax + 1 do
      local day2 = C.days(y, tonumber(m), tonumber(dd))
      if C.weekday(day2) == wd then found, n = day2, n + 1 end
    end
    return n == 1 and found or nil
  end
  for _, d in ipairs(corpus.docs) do
    local dates = {}
    for _, sp in ipairs(d.spans.date) do
      if sp.type == "date" or sp.type == nil then dates[#dates + 1] = sp end
    end
    for i, sp in ipairs(dates) do
      local day = resolve(sp)
      if day then
        local ss = C.sentence_at(d, sp.s)
        if ss > sp.s then ss = sp.s end
        local prev = dates[i - 1]
        local cs = (prev and prev.e > ss) and prev.e or ss
        local people, pset, plset = {}, {}, {}
        for _, p in ipairs(d.spans.person) do
          if p.s >= cs and p.e <= sp.s then
            local name = ent:canonical(p.name)
            if not pset[name] then pset[name] = true; people[#people + 1] = name end
          end
        end
        for ps, pe, name in C.named(d, "place") do
          if ps >= cs and pe <= sp.s then plset[name] = true end
        end
        if #people >= 2 then
          table.sort(people)
          -- words of the clause that are not names
          local clause = d.text:sub(cs, sp.s - 1)
          local words = C.content_words(clause)
          for _, p in ipairs(d.spans.person) do
            if p.s >= cs and p.e <= sp.s then
              for w in pairs(C.content_words(d.text:sub(p.s, p.e - 1))) do words[w] = nil end
            end
          end
          for ps, pe in C.named(d, "place") do
            if ps >= cs and pe <= sp.s then
              for w in pairs(C.content_words(d.text:sub(ps, pe - 1))) do words[w] = nil end
            end
          end
          local ps = C.sentence_span(d, cs, sp.e)
          events[#events + 1] = {
            d = d, sp = sp, day = day, people = people, places = plset, words = words,
            key = table.concat(people, "\0"), clause_s = ps,
          }
        end
      end
    end
  end
  return events
end

local function date_disagreements(corpus, ent, tl)
  local events = date_events(corpus, ent, tl)
  local buckets, order = {}, {}
  for _, ev in ipairs(events) do
    local b = buckets[ev.key]
    if not b then b = {}; buckets[ev.key] = b; order[#order + 1] = ev.key end
    b[#b + 1] = ev
  end
  local function same_event(a, b)
    if a.d == b.d or math.abs(a.day - b.day) > M.DATE_DAYS then return false end
    local place_ok = next(a.places) == nil or next(b.places) == nil
    for p in pairs(a.places) do if b.places[p] then place_ok = true end end
    if not place_ok then return false end
    for w in pairs(a.words) do if b.words[w] then return true end end
    return false
  end
  local out = {}
  for _, key in ipairs(order) do
    local b = buckets[key]
    -- components of same_event inside the bucket
    local comp, ncomp = {}, 0
    for i = 1, #b do
      if not comp[i] then
        ncomp = ncomp + 1
        comp[i] = ncomp
        local stack = { i }
        while #stack > 0 do
          local x = table.remove(stack)
          for j = 1, #b do
            if not comp[j] and same_event(b[x], b[j]) then comp[j] = ncomp; stack[#stack + 1] = j end
          end
        end
      end
    end
    for c = 1, ncomp do
      local members = {}
      for i = 1, #b do
        if comp[i] == c then members[#members + 1] = b[i] end
      end
      -- two documents giving two days: one document naming two days for
      -- one clause key is not a disagreement between sources
      local differ = false
      for x = 1, #members do
        for y = x + 1, #members do
          local p, q = members[x], members[y]
          if p.d ~= q.d and p.day ~= q.day then differ = true end
        end
      end
      if differ then
        local values = {}
        table.sort(members, function(x, y)
          if x.day ~= y.day then return x.day < y.day end
          return x.d.index < y.d.index
        end)
        local seen = {}
        for _, m in ipairs(members) do
          local k = m.d.id .. "\0" .. m.day
          if not seen[k] then
            seen[k] = true
            local v = C.evidence(m.d, m.sp.s, m.sp.e)
            v.value = C.iso(m.day)
            v.passage = passage(m.d, m.sp.s, m.sp.e)
            values[#values + 1] = v
          end
        end
        local places = {}
        for p in pairs(members[1].places) do places[#places + 1] = p end
        table.sort(places)
        -- the words the clauses share besides the names ("met")
        local shared = {}
        for _, m in ipairs(members) do
          if m.d ~= members[1].d then
            for w in pairs(members[1].words) do
              if m.words[w] then shared[#shared + 1] = w end
            end
            break
          end
        end
        table.sort(shared)
        local who = table.concat(members[1].people, " and ")
        out[#out + 1] = {
          kind = "date",
          fact = ("date of %s%s%s"):format(who, #shared > 0 and (" (" .. table.concat(shared, ", ") .. ")") or "",
            #places > 0 and (" in " .. table.concat(places, ", ")) or ""),
          people = members[1].people, values = values,
        }
      end
    end
  end
  return out
end

function M.build(corpus, ent, tl)
  local figures, cands = figures_of(corpus, tl)
  local out = {}
  for _, list in ipairs { figure_disagreements(cands), ordinal_disagreements(corpus, tl),
    date_disagreements(corpus, ent, tl) } do
    for _, x in ipairs(list) do out[#out + 1] = x end
  end
  return { figures = figures, disagreements = out }
end

return M
