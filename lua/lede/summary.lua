--[==[
lede.summary -- extractive summaries: the few sentences of a document that
say what it is about, and what the corpus as a whole says.

  summary.document(db, doc [, n])  -> { {start=, ["end"]=, text=, score=}, ... }
      n sentences (default 3) of doc (a lede.Document or an id), in
      document order; start/end are 0-based byte offsets, end exclusive, and
      text is exactly the stored bytes of that range.
  summary.sentences(db, doc)       -> every sentence a summary may use, in
      document order, with its features: {s=, e= (1-based, as doc:sub),
      start=, ["end"]=, text=, score=, position=, centrality=, density=}
  summary.corpus(db [, parts [, opts]])
      -> { actors = { {name=, mentions=, documents=N, quotes=, roles={ {role=, affiliation=} }} ... },
           claims = { {doc=, start=, ["end"]=, text=, date=, documents={ids}} ... },
           figures = { {value=, unit=, approx=, doc=, start=, ["end"]=, text=, documents={ids}, mentions=} ... },
           dates = { first=, last=, dated=N, undated=N } }

What a document summary promises:
  * only body sentences: those of paragraphs, never of headlines, bylines,
    captions or subheads (the store's layout spans; a document without any
    layout spans is all body), and never shorter than three words;
  * a leading dateline ("CAIRO, June 11 (Meridian) –", "GENEVA —") is left
    out of the sentence's range;
  * a sentence's score mixes its position (news put the gist first),
    its centrality (TextRank over the document's sentences, each a TF-IDF
    vector whose IDF comes from the whole store, via lede.keywords.stats,
    computed once and cached per store) and its density of people, figures
    and quotes (person, quantity and quote spans); sentences that cannot
    stand alone (a quote's second half, a pronoun with no antecedent, the
    lead-in of a list, ending in a colon) or
    are very short count for less;
  * no two chosen sentences are near duplicates (Jaccard similarity of
    their content words above 0.7): a repeated sentence is chosen once.

summary.corpus reads what the analysis already computed, when given in
parts (the analysis model's fields), and the store otherwise:
  parts.people    { {name=, mentions=, documents={ids}, quotes=N, roles={ {role=, affiliation=} }} ... }
                  (by mentions, highest first) -> actors
  parts.summaries { {doc=, sentences={ {start=, ["end"]=, text=} ... }} ... } -> claims
  parts.figures   { {value=, unit=, approx=, doc=, start=, ["end"]=, text=} ... } -> figures
  parts.documents { {id=, date=} ... } -> dates and the dates of claims
  parts.timeline  { {doc=, position=} ... } -> the order of claims
  parts.near_duplicates { {docs={ids}} ... } -> one claim per group of copies
opts: actors (8), claims (6), figures (8): how many of each.
Claims are summary sentences chosen for how much they share with the other
documents' summaries (cosine to their TF-IDF centroid) while differing
from the claims already chosen (maximal marginal relevance); each names the
documents whose summaries carry a similar sentence. Figures are the
quantities with a unit, the most widely reported first (copies of one
article, near-duplicates, count as one source).
]==]

local lede = require "lede"
local data = require "lede.data"
local keywords = require "lede.keywords"
local duplicates = require "lede.duplicates"

local M = {}

local W_POSITION, W_CENTRALITY, W_DENSITY = 0.45, 0.35, 0.20
local TEXTRANK_MAX = 200 -- above this many sentences, centrality is cosine to the document
local DUP_JACCARD = 0.7
local fold = keywords.fold

local function as_doc(db, doc)
  if type(doc) == "string" then
    local d, err = db:doc(doc)
    if not d then error(err, 3) end
    return d
  end
  return doc
end

local function round(x) return math.floor(x * 1000 + 0.5) / 1000 end

local pronoun_set
local function pronouns()
  if not pronoun_set then
    pronoun_set = {}
    for _, row in ipairs(data.table("pronouns.txt")) do pronoun_set[row[1]] = true end
  end
  return pronoun_set
end

-- ------------------------------------------------------------- sentences

-- Layout: body ranges (paragraph) and ranges to keep out, 1-based.
local function layout(doc)
  local body, out = {}, {}
  for s, e, kind in doc:paragraphs() do
    if kind == "paragraph" then
      body[#body + 1] = { s, e }
    else
      out[#out + 1] = { s, e }
    end
  end
  return body, out
end

local function overlaps(list, s, e)
  for _, r in ipairs(list) do
    if r[1] < e and s < r[2] then return true end
  end
  return false
end

-- Bytes of a leading dateline to skip: an upper-case place, maybe a date
-- and an agency in brackets, then a dash. 0 when there is none.
local DASHES = { " \226\128\148 ", " \226\128\147 ", " -- ", " - " }
local function dateline_len(text)
  if not text:find("^%u[%u%.'%-]*%u") then return 0 end
  local head = text:sub(1, 80)
  for _, d in ipairs(DASHES) do
    local a, b = head:find(d, 1, true)
    if a then
      local prefix = head:sub(1, a - 1)
      local place = prefix:match("^[%u%.'%- ]+")
      local rest = prefix:sub(#place + 1)
      if #place >= 2 and not place:find("%s%s") and (rest == "" or rest:find("^, ")) and not rest:find("[.!?]%s") then
        return b
      end
    end
  end
  return 0
end

-- Every body sentence of a document with its words and quote marks.
local function body_sentences(doc)
  local body, out = layout(doc)
  local any_layout = #body > 0 or #out > 0
  local list = {}
  for s, e in doc:sentences() do
    if not overlaps(out, s, e) and (not any_layout or overlaps(body, s, e)) then
      list[#list + 1] = { s = s, e = e, words = {}, nwords = 0, opens = 0, closes = 0, first_word = nil }
    end
  end
  -- A sentence that starts inside a quotation (the quote opened in an
  -- earlier sentence) is a quote's continuation: tracked over every token.
  local text = doc.text
  local k = 1
  local cur = list[1]
  local inq, started = false, false
  for _, ts, te, class in doc:tokens() do
    while cur and ts >= cur.e do
      k = k + 1
      cur = list[k]
      started = false
    end
    if cur and ts >= cur.s then
      if not started then
        started = true
        if inq and class ~= "open_quote" then cur.continues = true end
      end
      if class == "word" then
        local w = fold(text:sub(ts, te - 1))
        cur.nwords = cur.nwords + 1
        if not cur.first_word then cur.first_word = w end
        if keywords.is_word(w) then cur.words[#cur.words + 1] = w end
      elseif class == "number" then
        cur.nwords = cur.nwords + 1
      elseif class == "open_quote" then
        cur.opens = cur.opens + 1
      elseif class == "close_quote" then
        if cur.opens == 0 then cur.continues = true end
        cur.closes = cur.closes + 1
      end
    end
    if class == "open_quote" then
      inq = true
    elseif class == "close_quote" then
      inq = false
    end
  end
  local kept = {}
  for _, x in ipairs(list) do
    if x.nwords >= 3 then
      x.colon = text:sub(x.s, x.e - 1):find(":%s*$") ~= nil
      kept[#kept + 1] = x
    end
  end
  return kept
end

-- Person, quantity and quote spans per sentence.
local function density(db, doc, list)
  local rows = db:query("SELECT start, end, kind FROM spans WHERE doc = ?1"
    .. " AND kind IN ('person', 'quantity', 'quote') ORDER BY start", doc.rowid)
  for _, x in ipairs(list) do
    local n, quote = 0, false
    for _, r in ipairs(rows) do
      local s, e = r.start + 1, r["end"] + 1
      if s < x.e and x.s < e then
        if r.kind == "quote" then quote = true else n = n + 1 end
      end
    end
    if quote then n = n + 1 end
    x.density = math.min(1, n / 3)
  end
end

local function vector(words, st)
  local tf = {}
  for _, w in ipairs(words) do tf[w] = (tf[w] or 0) + 1 end
  local v, norm = {}, 0
  for w, k in pairs(tf) do
    local x = k * keywords.idf(st, w)
    v[w] = x
    norm = norm + x * x
  end
  return v, math.sqrt(norm)
end

local function cosine(a, na, b, nb)
  if na == 0 or nb == 0 then return 0 end
  local dot = 0
  for w, x in pairs(a) do
    local y = b[w]
    if y then dot = dot + x * y end
  end
  return dot / (na * nb)
end

-- TextRank (PageRank over the cosine-similarity graph), or cosine to the
-- document's centroid for long documents; scaled so the best is 1. The
-- similarities come from an inverted index of the sentences' terms, so
-- only sentences that share a term are ever compared.
local function centrality(list)
  local n = #list
  if n == 0 then return end
  local c = {}
  if n > TEXTRANK_MAX then
    local centroid, norm = {}, 0
    for _, x in ipairs(list) do
      for w, v in pairs(x.vec) do centroid[w] = (centroid[w] or 0) + v end
    end
    for _, v in pairs(centroid) do norm = norm + v * v end
    norm = math.sqrt(norm)
    for i, x in ipairs(list) do c[i] = cosine(x.vec, x.norm, centroid, norm) end
  else
    local post = {}
    for i, x in ipairs(list) do
      if x.norm > 0 then
        for w, v in pairs(x.vec) do
          local p = post[w]
          if not p then p = {}; post[w] = p end
          p[#p + 1] = i
          p[#p + 1] = v / x.norm
        end
      end
    end
    local sim = {}
    for i = 1, n do sim[i] = {} end
    for _, p in pairs(post) do
      local m = #p
      for a = 1, m - 2, 2 do
        local row, wa = sim[p[a]], p[a + 1]
        for b = a + 2, m, 2 do
          local j = p[b]
          row[j] = (row[j] or 0) + wa * p[b + 1]
        end
      end
    end
    -- Edges both ways as arrays; weights divided by the source's degree.
    local out = {}
    for i = 1, n do out[i] = 0 end
    for i = 1, n do
      for j, s in pairs(sim[i]) do
        out[i] = out[i] + s
        out[j] = out[j] + s
      end
    end
    local from, weight = {}, {}
    for i = 1, n do from[i], weight[i] = {}, {} end
    for i = 1, n do
      for j, s in pairs(sim[i]) do
        local fj, fi = from[j], from[i]
        local kj, ki = #fj + 1, #fi + 1
        fj[kj] = i
        weight[j][kj] = s / out[i]
        fi[ki] = j
        weight[i][ki] = s / out[j]
      end
    end
    -- On an undirected graph the walk's stationary distribution is the
    -- weighted degree: a start close to where damping ends.
    local total = 0
    for i = 1, n do total = total + out[i] end
    for i = 1, n do c[i] = total > 0 and out[i] / total or 1 / n end
    local d = 0.85
    local base = (1 - d) / n
    for _ = 1, 30 do
      local nc, delta = {}, 0
      for i = 1, n do
        local acc, f, w = 0, from[i], weight[i]
        for k = 1, #f do acc = acc + w[k] * c[f[k]] end
        local v = base + d * acc
        nc[i] = v
        delta = delta + math.abs(v - c[i])
      end
      c = nc
      if delta < 1e-3 then break end
    end
  end
  local best = 0
  for i = 1, n do if c[i] > best then best = c[i] end end
  for i, x in ipairs(list) do x.centrality = best > 0 and c[i] / best or 0 end
end

local function word_set(words)
  local s = {}
  for _, w in ipairs(words) do s[w] = true end
  return s
end

local function jaccard(a, b)
  local inter, na, nb = 0, 0, 0
  for w in pairs(a) do
    na = na + 1
    if b[w] then inter = inter + 1 end
  end
  for _ in pairs(b) do nb = nb + 1 end
  local u = na + nb - inter
  return u > 0 and inter / u or 0
end

function M.sentences(db, doc)
  doc = as_doc(db, doc)
  local st = keywords.stats(db)
  local list = body_sentences(doc)
  density(db, doc, list)
  for _, x in ipairs(list) do x.vec, x.norm = vector(x.words, st) end
  centrality(list)
  local pro = pronouns()
  for i, x in ipairs(list) do
    x.position = 1 / math.sqrt(i)
    local score = W_POSITION * x.position + W_CENTRALITY * x.centrality + W_DENSITY * x.density
    -- Sentences that do not stand alone out of their context.
    if x.continues then score = score * 0.6 end
    if x.first_word and pro[x.first_word] then score = score * 0.8 end
    if x.nwords < 6 then score = score * 0.5 end
    if x.colon then score = score * 0.6 end -- introduces a list that is not part of it
    x.score = score
    local text = doc:sub(x.s, x.e)
    local skip = dateline_len(text)
    if skip > 0 and skip < #text then
      x.s = x.s + skip
      text = text:sub(skip + 1)
    end
    x.start, x["end"], x.text = x.s - 1, x.e - 1, text
  end
  return list
end

function M.document(db, doc, n)
  n = n or 3
  local list = M.sentences(db, doc)
  local order = {}
  for i = 1, #list do order[i] = i end
  table.sort(order, function(a, b)
    if list[a].score ~= list[b].score then return list[a].score > list[b].score end
    return a < b
  end)
  local chosen, sets = {}, {}
  for _, i in ipairs(order) do
    if #chosen >= n then break end
    local x = list[i]
    local set = word_set(x.words)
    local dup = false
    for _, o in ipairs(sets) do
      if jaccard(set, o) > DUP_JACCARD then
        dup = true
        break
      end
    end
    if not dup then
      chosen[#chosen + 1] = i
      sets[#sets + 1] = set
    end
  end
  table.sort(chosen)
  local out = {}
  for k, i in ipairs(chosen) do
    local x = list[i]
    out[k] = { start = x.start, ["end"] = x["end"], text = x.text, score = round(x.score) }
  end
  return out
end

-- ---------------------------------------------------------------- corpus

local function actors_from_store(db)
  local rows = db:query([[
    SELECT json_extract(s.attrs, '$.name') AS name, count(*) AS mentions,
           count(DISTINCT s.doc) AS docs
    FROM spans s WHERE s.kind = 'person' AND json_extract(s.attrs, '$.name') IS NOT NULL
    GROUP BY name ORDER BY mentions DESC, name]])
  local roles = {}
  for _, r in ipairs(db:query([[
    SELECT DISTINCT json_extract(attrs, '$.name') AS name, json_extract(attrs, '$.role') AS role,
           json_extract(attrs, '$.affiliation') AS affiliation
    FROM spans WHERE kind = 'person' AND json_extract(attrs, '$.role') IS NOT NULL]])) do
    local l = roles[r.name]
    if not l then l = {}; roles[r.name] = l end
    l[#l + 1] = { role = r.role, affiliation = r.affiliation }
  end
  local quotes = {}
  for _, r in ipairs(db:query([[
    SELECT json_extract(attrs, '$.speaker') AS name, count(*) AS n FROM spans
    WHERE kind = 'quote' AND json_extract(attrs, '$.speaker') IS NOT NULL GROUP BY name]])) do
    quotes[r.name] = r.n
  end
  local people = {}
  for _, r in ipairs(rows) do
    people[#people + 1] = { name = r.name, mentions = r.mentions, documents = r.docs,
      quotes = quotes[r.name] or 0, roles = roles[r.name] or {} }
  end
  return people
end

local function actors(db, parts, n)
  local out = {}
  if parts.people then
    for _, p in ipairs(parts.people) do
      local roles, seen = {}, {}
      for _, r in ipairs(p.roles or {}) do
        local role = type(r.role) == "string" and r.role or nil
        local aff = type(r.affiliation) == "string" and r.affiliation or nil
        local key = lede.fold((role or "") .. "|" .. (aff or ""))
        if role and not seen[key] then
          seen[key] = true
          roles[#roles + 1] = { role = role, affiliation = aff }
        end
      end
      local docs = p.documents
      out[#out + 1] = { name = p.name, mentions = p.mentions or 0,
        documents = type(docs) == "table" and #docs or docs or 0,
        quotes = type(p.quotes) == "table" and #p.quotes or p.quotes or 0, roles = roles }
    end
  else
    out = actors_from_store(db)
  end
  local top = {}
  for i = 1, math.min(n, #out) do top[i] = out[i] end
  return top
end

local function doc_dates(db, parts)
  local dates = {}
  if parts.documents then
    for _, d in ipairs(parts.documents) do
      if type(d.date) == "string" then dates[d.id] = d.date end
    end
  else
    for _, r in ipairs(db:query([[
      SELECT d.id AS id, json_extract(s.attrs, '$.value') AS value FROM spans s
      JOIN documents d ON d.rowid = s.doc WHERE s.kind = 'doc_date' ORDER BY s.doc, s.start]])) do
      if type(r.value) == "string" and not dates[r.id] then dates[r.id] = r.value end
    end
    for doc in db:docs() do
      if not dates[doc.id] and doc.date then dates[doc.id] = doc.date end
    end
  end
  return dates
end

local function claims(db, parts, st, dates, copies, n)
  local summaries = parts.summaries
  if not summaries then
    summaries = {}
    for doc in db:docs() do summaries[#summaries + 1] = { doc = doc.id, sentences = M.document(db, doc, 3) } end
  end
  local cands = {}
  for _, s in ipairs(summaries) do
    local sents = s.sentences or {}
    local best = 0
    for _, x in ipairs(sents) do
      if type(x.score) == "number" and x.score > best then best = x.score end
    end
    for rank, x in ipairs(sents) do
      local words = {}
      local text = x.text or ""
      for _, ts, te, class in lede.tokenize(text) do
        if class == "word" then
          local w = fold(text:sub(ts, te - 1))
          if keywords.is_word(w) then words[#words + 1] = w end
        end
      end
      local v, norm = vector(words, st)
      -- How much the document's own summary stands by this sentence.
      local own = (best > 0 and type(x.score) == "number") and x.score / best or 1 / math.sqrt(rank)
      cands[#cands + 1] = { doc = s.doc, start = x.start, ["end"] = x["end"], text = text,
        vec = v, norm = norm, own = own }
    end
  end
  local centroid, cn = {}, 0
  for _, c in ipairs(cands) do
    if c.norm > 0 then
      for w, v in pairs(c.vec) do centroid[w] = (centroid[w] or 0) + v / c.norm end
    end
  end
  for _, v in pairs(centroid) do cn = cn + v * v end
  cn = math.sqrt(cn)
  local top = 0
  for _, c in ipairs(cands) do
    c.rel = cosine(c.vec, c.norm, centroid, cn)
    if c.rel > top then top = c.rel end
  end
  for _, c in ipairs(cands) do c.rel = 0.5 * (top > 0 and c.rel / top or 0) + 0.5 * c.own end

  -- Maximal marginal relevance: relevant to the corpus, unlike what is
  -- chosen; one claim per document, and per group of near-duplicates.
  local chosen, used_doc = {}, {}
  local lambda = 0.7
  while #chosen < n do
    local best, best_c = -math.huge, nil
    for _, c in ipairs(cands) do
      if not used_doc[c.doc] and c.norm > 0 then
        local red = 0
        for _, o in ipairs(chosen) do
          local s = cosine(c.vec, c.norm, o.vec, o.norm)
          if s > red then red = s end
        end
        local m = lambda * c.rel - (1 - lambda) * red
        if m > best then best, best_c = m, c end
      end
    end
    if not best_c then break end
    used_doc[best_c.doc] = true
    for _, other in ipairs(copies[best_c.doc] or {}) do used_doc[other] = true end
    chosen[#chosen + 1] = best_c
  end

  -- In story order: the timeline's when the analysis gives it, else by date
  -- (undated last), else as chosen.
  local place = {}
  for i, t in ipairs(parts.timeline or {}) do
    if t.doc and not place[t.doc] then place[t.doc] = t.position or i end
  end
  for i, c in ipairs(chosen) do c.pick = i end
  table.sort(chosen, function(a, b)
    local pa, pb = place[a.doc], place[b.doc]
    if pa or pb then
      if pa and pb and pa ~= pb then return pa < pb end
      if not (pa and pb) then return pa ~= nil end
    end
    local da, db_ = dates[a.doc], dates[b.doc]
    if da ~= db_ then
      if da and db_ then return da < db_ end
      return da ~= nil
    end
    return a.pick < b.pick
  end)
  local out = {}
  for _, c in ipairs(chosen) do
    local docs, seen = { c.doc }, { [c.doc] = true }
    for _, o in ipairs(cands) do
      if not seen[o.doc] and cosine(c.vec, c.norm, o.vec, o.norm) >= 0.3 then
        seen[o.doc] = true
        docs[#docs + 1] = o.doc
      end
    end
    out[#out + 1] = { doc = c.doc, start = c.start, ["end"] = c["end"], text = c.text,
      date = dates[c.doc], documents = docs }
  end
  return out
end

local function figures(db, parts, copies, n)
  local list = parts.figures
  if not list then
    list = {}
    for _, r in ipairs(db:query([[
      SELECT d.id AS doc, s.start AS start, s.end AS "end",
             CAST(substr(CAST(d.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT) AS text,
             json_extract(s.attrs, '$.value') AS value, json_extract(s.attrs, '$.unit') AS unit,
             json_extract(s.attrs, '$.approx') AS approx
      FROM spans s JOIN documents d ON d.rowid = s.doc
      WHERE s.kind = 'quantity' ORDER BY s.doc, s.start]])) do
      r.approx = r.approx == 1 or r.approx == true
      list[#list + 1] = r
    end
  end
  local groups, order = {}, {}
  for _, f in ipairs(list) do
    if type(f.unit) == "string" and f.unit ~= "" and type(f.value) == "number" then
      local key = f.unit .. "\0" .. f.value
      local g = groups[key]
      if not g then
        g = { value = f.value, unit = f.unit, approx = f.approx, doc = f.doc, start = f.start,
          ["end"] = f["end"], text = f.text, documents = {}, mentions = 0, seen = {},
          sources = {}, nsources = 0 }
        groups[key] = g
        order[#order + 1] = g
      end
      g.mentions = g.mentions + 1
      if not g.seen[f.doc] then
        g.seen[f.doc] = true
        -- Copies of one article are one source.
        local source = copies[f.doc] and copies[f.doc][1] or f.doc
        if not g.sources[source] then
          g.sources[source] = true
          g.nsources = g.nsources + 1
        end
        g.documents[#g.documents + 1] = f.doc
      end
    end
  end
  for i, g in ipairs(order) do g.rank = i end
  table.sort(order, function(a, b)
    if a.nsources ~= b.nsources then return a.nsources > b.nsources end
    if a.mentions ~= b.mentions then return a.mentions > b.mentions end
    return a.rank < b.rank
  end)
  local out = {}
  for i = 1, math.min(n, #order) do
    local g = order[i]
    g.seen, g.rank, g.sources, g.nsources = nil, nil, nil, nil
    out[i] = g
  end
  return out
end

function M.corpus(db, parts, opts)
  parts, opts = parts or {}, opts or {}
  local st = keywords.stats(db)
  local dates = doc_dates(db, parts)
  local first, last, dated = nil, nil, 0
  for _, d in pairs(dates) do
    if d:find("^%d%d%d%d%-%d%d%-%d%d") then
      local day = d:sub(1, 10)
      dated = dated + 1
      if not first or day < first then first = day end
      if not last or day > last then last = day end
    end
  end
  local docs = parts.documents and #parts.documents or db:count()
  local copies = {}
  for _, g in ipairs(parts.near_duplicates or duplicates.groups(db)) do
    for _, id in ipairs(g.docs or {}) do copies[id] = g.docs end
  end
  return {
    actors = actors(db, parts, opts.actors or 8),
    claims = claims(db, parts, st, dates, copies, opts.claims or 6),
    figures = figures(db, parts, copies, opts.figures or 8),
    dates = { first = first, last = last, dated = dated, undated = docs - dated },
  }
end

return M
