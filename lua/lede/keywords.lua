--[[
lede.keywords -- keywords and key phrases, per document and for the corpus,
weighed by TF-IDF against the documents of the store.

  keywords.documents(db [, n])      -> { [doc_id] = { {term=, score=, count=}, ... } }
  keywords.document(db, doc [, n])  -> { {term=, score=, count=}, ... } for one
                                       document (a lede.Document or an id)
  keywords.corpus(db [, n])         -> { {term=, score=, count=, documents=}, ... }
  keywords.stats(db)                -> { docs = N, df = {[term] = documents},
                                       cf = {[term] = count}, mass = {...} }: the
                                       corpus statistics the scores use
  keywords.terms(db, doc)           -> words, phrases: { [term] = count } of one document
  keywords.idf(stats, term)         -> log(1 + N / df), the weight of a term
  keywords.is_word(w)               -> true for a folded word that can be a keyword
  keywords.fold(w)                  -> lede.fold(w), memoised

n defaults to 10 per document and 20 for the corpus; lists are best first.

What it promises:
  * a term is a word (the tokenizer's word tokens, case-folded with
    lede.fold, with a letter, not a stop word of data/stopwords.txt, a
    word of reporting of data/keyword_skip.txt, a one-word form of
    data/speech_verbs.txt nor a month or weekday name of
    data/time_words.txt), a phrase of 2 or 3 words
    in a row on one line with only spaces between them that neither starts
    nor ends with a stop word ("security council", "secretary of state"), or
    the canonical name of a person the extractors found (then counted once
    per mention, whatever form the mention took: "maria alvarez" also counts
    "Alvarez" and "Ms Alvarez", whose words are then no words or phrases
    of their own);
  * a document's score of a term is tf * idf with idf = log(1 + N / df)
    over the N documents of the store; a term must occur twice in the
    document unless there are too few such terms to fill the list;
  * the corpus score of a term is idf * sum over documents of (1 + log tf),
    for terms found in at least two documents (when the store has three or
    more): terms that recur across the corpus, not a single document's
    oddities;
  * a word or phrase inside a chosen longer phrase is left out when most of
    its occurrences are that phrase ("council" under "security council");
  * statistics are computed in one pass over the store and cached for that
    store until documents or spans are added, so per-document calls do
    not recount the corpus; the pass also keeps each document's repeated
    terms (packed, a few hundred bytes a document) for keywords.documents. Phrase document frequencies are exact up to
    PHRASE_LIMIT distinct phrases; beyond that the phrases seen in a single
    document so far are forgotten (lossy counting), which only makes rare
    phrases look rarer, so memory stays bounded on large stores.
]]

local lede = require "lede"
local data = require "lede.data"

local M = {}

local PHRASE_LIMIT = 400000
local DOC_N, CORPUS_N = 10, 20

-- Words that never head a keyword: stop words, months and weekdays.
local skip_words
local function skip_set()
  if skip_words then return skip_words end
  local s = {}
  for w in pairs(data.set("stopwords.txt")) do s[w] = true end
  for w in pairs(data.set("keyword_skip.txt")) do s[w] = true end
  for _, row in ipairs(data.table("speech_verbs.txt")) do
    if not row[1]:find(" ", 1, true) then s[row[1]] = true end
  end
  for _, row in ipairs(data.table("time_words.txt")) do
    if row[1] == "month" or row[1] == "weekday" then
      for k = 3, #row do s[lede.fold(row[k]:gsub("%.$", ""))] = true end
    end
  end
  skip_words = s
  return s
end

-- Folded forms of surface forms, and whether a folded word can be a
-- keyword, memoised: most tokens of a corpus are a few thousand words. The
-- memo is emptied when it grows past MEMO_MAX, so memory stays bounded.
local MEMO_MAX = 200000
local folded, content, memo_n = {}, {}, 0

local function fold(w)
  local f = folded[w]
  if f then return f end
  if memo_n >= MEMO_MAX then
    folded, content, memo_n = {}, {}, 0
  end
  f = lede.fold(w)
  folded[w] = f
  memo_n = memo_n + 1
  return f
end
M.fold = fold

local function is_word(w)
  local c = content[w]
  if c == nil then
    c = #w > 1 and w:find("%a") ~= nil and not skip_set()[w]
    content[w] = c
  end
  return c
end
M.is_word = is_word

local function as_doc(db, doc)
  if type(doc) == "string" then
    local d, err = db:doc(doc)
    if not d then error(err, 3) end
    return d
  end
  return doc
end

-- Byte ranges (1-based, end exclusive) of a document's bylines and
-- captions, in order: credits and photo lines are not what it is about.
local function credit_ranges(doc)
  local out = {}
  for s, e, kind in doc:paragraphs() do
    if kind == "byline" or kind == "caption" then
      out[#out + 1] = s
      out[#out + 1] = e
    end
  end
  return out
end

-- The folded words of a document outside its credits, with, for each,
-- whether a phrase may join it to the word before (same line, only spaces
-- between, no punctuation). Words inside a person's mention are left out:
-- a person counts once, under the canonical name, not also as "sheikh",
-- "sheikh yousef" or "ms alvarez". persons: sorted 1-based ranges
-- {s1, e1, s2, e2, ...} or nil.
-- Returns words (array) and joins (booleans).
local function word_run(doc, persons)
  local text = doc.text
  local words, joins = {}, {}
  local prev_e, prev_word = nil, false
  local byte = string.byte
  local skip = credit_ranges(doc)
  local k, skip_s, skip_e = 1, skip[1], skip[2]
  persons = persons or {}
  local q, per_s, per_e = 1, persons[1], persons[2]
  for _, s, e, class in doc:tokens() do
    while skip_e and s >= skip_e do
      k = k + 2
      skip_s, skip_e = skip[k], skip[k + 1]
    end
    while per_e and s >= per_e do
      q = q + 2
      per_s, per_e = persons[q], persons[q + 1]
    end
    local inside = per_s ~= nil and s >= per_s
    if class == "word" and not (skip_s and s >= skip_s) and not inside then
      local join = false
      if prev_word then
        if s == prev_e + 1 then
          join = byte(text, prev_e) == 32
        elseif s > prev_e then
          join = not text:sub(prev_e, s - 1):find("[^ ]")
        end
      end
      local n = #words + 1
      words[n] = fold(text:sub(s, e - 1))
      joins[n] = join
      prev_word = true
    else
      prev_word = false
    end
    prev_e = e
  end
  return words, joins
end

-- Person names (canonical, folded, multiword) of one document or of all,
-- outside bylines and captions: { [rowid] = { [name] = mentions } }, and
-- where every person mention is: { [rowid] = {s1, e1, s2, e2, ...} }
-- (1-based, end exclusive, in order).
local function person_names(db, rowid)
  local sql = "SELECT s.doc AS doc, s.start AS s, s.end AS e, json_extract(s.attrs, '$.name') AS name,"
    .. " EXISTS (SELECT 1 FROM spans b WHERE b.doc = s.doc AND b.kind IN ('byline', 'caption')"
    .. " AND b.start <= s.start AND b.end >= s.end) AS credit"
    .. " FROM spans s WHERE s.kind = 'person'" .. (rowid and " AND s.doc = ?1" or "")
    .. " ORDER BY s.doc, s.start"
  local out, where = {}, {}
  for _, r in ipairs(rowid and db:query(sql, rowid) or db:query(sql)) do
    if r.credit == 0 and type(r.name) == "string" and r.name:find(" ", 1, true) then
      local t = out[r.doc]
      if not t then t = {}; out[r.doc] = t end
      local name = fold(r.name)
      t[name] = (t[name] or 0) + 1
    end
    local t = where[r.doc]
    if not t then t = {}; where[r.doc] = t end
    if #t == 0 or r.s + 1 >= t[#t] then
      t[#t + 1] = r.s + 1
      t[#t + 1] = r.e + 1
    elseif r.e + 1 > t[#t] then
      t[#t] = r.e + 1 -- overlapping mentions: one range
    end
  end
  return out, where
end

-- Terms of one document: words and phrases with their counts. A phrase
-- may hold stop words inside ("secretary of state") but not at its ends.
local function count_terms(doc, names, persons)
  local words, joins = word_run(doc, persons)
  local wc, pc = {}, {}
  local n = #words
  for i = 1, n do
    local w = words[i]
    if is_word(w) then
      wc[w] = (wc[w] or 0) + 1
      local p = w
      for j = i + 1, (i + 2 < n) and i + 2 or n do
        if not joins[j] then break end
        local wj = words[j]
        p = p .. " " .. wj
        if is_word(wj) then pc[p] = (pc[p] or 0) + 1 end
      end
    end
  end
  if names then
    for name, k in pairs(names) do
      local have = pc[name]
      if not have or have < k then pc[name] = k end
    end
  end
  return wc, pc, n
end

function M.terms(db, doc)
  doc = as_doc(db, doc)
  local names, where = person_names(db, doc.rowid)
  return count_terms(doc, names[doc.rowid], where[doc.rowid])
end

-- ------------------------------------------------------------ statistics

local caches = setmetatable({}, { __mode = "k" })

-- What identifies the store's contents for the cache: the last document
-- and the last span added (both read from the end of their b-tree, so a
-- check costs the same however large the store).
local function version_of(db)
  local r = db:query("SELECT (SELECT coalesce(max(rowid), 0) FROM documents) AS m,"
    .. " (SELECT coalesce(max(id), 0) FROM spans) AS p")[1]
  return r.m .. ":" .. r.p
end

-- Terms seen at least twice in a document, packed into two strings until
-- the corpus statistics are complete: a few hundred bytes per document.
local function pack_terms(wc, pc)
  local terms, counts = {}, {}
  for _, c in ipairs({ wc, pc }) do
    for t, k in pairs(c) do
      if k >= 2 then
        terms[#terms + 1] = t
        counts[#counts + 1] = k
      end
    end
  end
  return table.concat(terms, "\0"), string.pack(("<" .. ("I4"):rep(#counts)), table.unpack(counts)), #terms
end

local function unpack_terms(terms, counts)
  local wc, pc, i = {}, {}, 0
  local list = { string.unpack(("<" .. ("I4"):rep(#counts // 4)), counts) }
  for t in (terms .. "\0"):gmatch("([^\0]*)\0") do
    if t ~= "" then
      i = i + 1
      if t:find(" ", 1, true) then pc[t] = list[i] else wc[t] = list[i] end
    end
  end
  return wc, pc
end

-- stats = { docs = N, df = {[term] = documents}, cf = {[term] = count},
--           mass = {[term] = sum of 1 + log tf}, kept = {[id] = packed terms} }
-- kept holds each document's repeated terms, so that keywords.documents
-- does not read the store a second time.
local function compute(db)
  local st = { docs = 0, df = {}, cf = {}, mass = {}, idfs = {}, kept = {} }
  local df, cf, mass = st.df, st.cf, st.mass
  local names, where = person_names(db)
  local log = math.log
  local distinct, floor = 0, 0
  for doc in db:docs() do
    st.docs = st.docs + 1
    local wc, pc = count_terms(doc, names[doc.rowid], where[doc.rowid])
    for t, k in pairs(wc) do
      df[t] = (df[t] or 0) + 1
      cf[t] = (cf[t] or 0) + k
      mass[t] = (mass[t] or 0) + 1 + log(k)
    end
    for t, k in pairs(pc) do
      local d = df[t]
      if not d then
        d = 0
        distinct = distinct + 1
      end
      df[t] = d + 1
      cf[t] = (cf[t] or 0) + k
      mass[t] = (mass[t] or 0) + 1 + log(k)
    end
    if distinct > PHRASE_LIMIT then
      -- Lossy counting: forget the phrases no more frequent than the floor.
      floor = floor + 1
      for t, d in pairs(df) do
        if d <= floor and t:find(" ", 1, true) then
          df[t], cf[t], mass[t] = nil, nil, nil
          distinct = distinct - 1
        end
      end
    end
    local terms, counts, k = pack_terms(wc, pc)
    st.kept[doc.id] = { terms, counts, k }
  end
  return st
end

function M.stats(db)
  local c = caches[db]
  local v = version_of(db)
  if c and c.version == v then return c.stats end
  local st = compute(db)
  caches[db] = { version = v, stats = st }
  return st
end

function M.idf(st, term)
  local x = st.idfs[term]
  if x then return x end
  local d = st.df[term]
  if not d or d == 0 then d = 1 end
  x = math.log(1 + (st.docs > 0 and st.docs or 1) / d)
  st.idfs[term] = x
  return x
end

-- ------------------------------------------------------------- choosing

local function contains(long, short)
  return (" " .. long .. " "):find(" " .. short .. " ", 1, true) ~= nil
end

-- Drops terms that are mostly part of a longer candidate, then keeps the n
-- best. cands: array of {term=, score=, count=}.
local function choose(cands, n)
  local cover = {}
  for _, c in ipairs(cands) do
    local t = c.term
    if t:find(" ", 1, true) then
      local parts = {}
      for w in t:gmatch("%S+") do parts[#parts + 1] = w end
      local subs = {}
      for i = 1, #parts do
        subs[#subs + 1] = parts[i]
        if i < #parts and #parts == 3 then subs[#subs + 1] = parts[i] .. " " .. parts[i + 1] end
      end
      for _, s in ipairs(subs) do
        if (cover[s] or 0) < c.count then cover[s] = c.count end
      end
    end
  end
  table.sort(cands, function(a, b)
    if a.score ~= b.score then return a.score > b.score end
    return a.term < b.term
  end)
  local out = {}
  for _, c in ipairs(cands) do
    if #out >= n then break end
    local cov = cover[c.term]
    if not (cov and c.count < 2 * cov) then
      -- A phrase that repeats one already chosen adds nothing.
      local dup = false
      for _, o in ipairs(out) do
        if o.count == c.count and contains(c.term, o.term) and o.term:find(" ", 1, true) then
          dup = true
          break
        end
      end
      if not dup then out[#out + 1] = c end
    end
  end
  return out
end

local function round(x) return math.floor(x * 1000 + 0.5) / 1000 end

-- The n best terms of a document; nil when wc and pc hold only its repeated
-- terms (repeated_only) and those do not fill the list.
local function doc_keywords(st, wc, pc, n, repeated_only)
  local function gather(min)
    local cands = {}
    for _, counts in ipairs({ wc, pc }) do
      for t, k in pairs(counts) do
        if k >= min then
          cands[#cands + 1] = { term = t, count = k, score = k * M.idf(st, t) }
        end
      end
    end
    return cands
  end
  local out = choose(gather(2), n)
  if #out < n and repeated_only then return nil end
  if #out < n then
    local have = {}
    for _, o in ipairs(out) do have[o.term] = true end
    for _, c in ipairs(choose(gather(1), n)) do
      if #out >= n then break end
      if not have[c.term] then out[#out + 1] = c end
    end
  end
  for _, o in ipairs(out) do o.score = round(o.score) end
  return out
end

function M.document(db, doc, n)
  doc = as_doc(db, doc)
  local st = M.stats(db)
  local wc, pc = M.terms(db, doc)
  return doc_keywords(st, wc, pc, n or DOC_N)
end

function M.documents(db, n)
  n = n or DOC_N
  local st = M.stats(db)
  local out, names, where = {}, nil, nil
  for doc in db:docs() do
    local k = st.kept[doc.id]
    local list
    if k and k[3] >= n then
      local wc, pc = unpack_terms(k[1], k[2])
      list = doc_keywords(st, wc, pc, n, true)
    end
    if not list then
      -- Too few repeated terms to fill the list: counted again from the text.
      if not names then names, where = person_names(db) end
      local wc, pc = count_terms(doc, names[doc.rowid], where[doc.rowid])
      list = doc_keywords(st, wc, pc, n)
    end
    out[doc.id] = list
  end
  return out
end

function M.corpus(db, n)
  local st = M.stats(db)
  local min_df = st.docs >= 3 and 2 or 1
  local cands = {}
  for t, d in pairs(st.df) do
    if d >= min_df then
      cands[#cands + 1] = { term = t, count = st.cf[t], documents = d, score = M.idf(st, t) * st.mass[t] }
    end
  end
  local out = choose(cands, n or CORPUS_N)
  for _, o in ipairs(out) do o.score = round(o.score) end
  return out
end

return M
