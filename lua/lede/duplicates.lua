--[[
lede.duplicates -- near-duplicate documents: the same article syndicated,
lightly edited or re-headlined, found without comparing every pair.

  duplicates.groups(db [, opts]) -> { {docs = {ids}, similarity = 0..1,
                                       pairs = { {a=, b=, similarity=} ... }} ... }
  duplicates.shingles(doc [, k]) -> { [hash] = true }, count
  duplicates.jaccard(a, b)       -> |a & b| / |a | b| of two shingle sets

opts: threshold (0.8: the least Jaccard similarity of a pair), k (5: words
per shingle), bins (128: signature length).

What it promises:
  * a document is the set of its shingles: every run of k consecutive word
    and number tokens, case-folded (punctuation, quote marks and layout do
    not count, so a re-punctuated copy is still a copy);
  * candidate pairs come from a MinHash signature (one-permutation hashing
    with densification: one hash per shingle, not one per shingle and
    function) split into bands for locality-sensitive hashing, the band
    width chosen so that a pair at the threshold becomes a candidate with
    probability >= 0.995; the work grows with the number of documents, not
    with the number of pairs (7,800 generated news documents, 42 MB: 6 s
    at 0.8; a low threshold widens the bands, and on a corpus of one story
    0.5 takes about 2.5 times as long and 0.3 about 14 times);
  * every candidate is then checked on its exact shingle sets, so a
    reported similarity is the true Jaccard similarity, and a pair below
    the threshold is never reported;
  * groups are the connected components of the pairs at or above the
    threshold; a group's similarity is the least similarity among its
    members' checked pairs; groups come largest first, then by their first
    document id; ids inside a group in store order.
]]

local lede = require "lede"

local M = {}

local MASK = (1 << 57) - 1 -- a hash's low bits are its value in its bin
local EMPTY = math.maxinteger
local CROWD = 32 -- members of one bucket compared pairwise

-- 64-bit finaliser (MurmurHash3's fmix64): spreads a combined id over all bits.
local function fmix(h)
  h = h ~ (h >> 33)
  h = h * -49064778989728563 -- 0xff51afd7ed558ccd
  h = h ~ (h >> 33)
  h = h * -4265267296055464877 -- 0xc4ceb9fe1a85ec53
  return h ~ (h >> 33)
end

-- FNV-1a over the bytes of a string: the same word has the same number in
-- every call and every process.
local function word_hash(w)
  local h = -3750763034362895579
  for i = 1, #w do h = (h ~ w:byte(i)) * 1099511628211 end
  return h
end

-- Folded word and number tokens of a document as numbers; memo maps a
-- surface form to its number.
local function token_ids(doc, memo)
  local text = doc.text
  local ids, n = {}, 0
  for _, s, e, class in doc:tokens() do
    if class == "word" or class == "number" then
      local w = text:sub(s, e - 1)
      local id = memo[w]
      if not id then
        id = word_hash(lede.fold(w))
        memo[w] = id
      end
      n = n + 1
      ids[n] = id
    end
  end
  return ids, n
end

-- Calls fn(hash) for each shingle (repeats included).
local function each_shingle(ids, n, k, fn)
  if n == 0 then return end
  local last = n - k + 1
  if last < 1 then last, k = 1, n end
  for i = 1, last do
    local h = -3750763034362895579 -- FNV offset basis
    for j = i, i + k - 1 do
      h = (h ~ ids[j]) * 1099511628211
    end
    fn(fmix(h))
  end
end

local function shingle_set(doc, k, vocab)
  local ids, n = token_ids(doc, vocab)
  local set, count = {}, 0
  each_shingle(ids, n, k, function(h)
    if not set[h] then
      set[h] = true
      count = count + 1
    end
  end)
  return set, count
end

function M.shingles(doc, k)
  return shingle_set(doc, k or 5, {})
end

function M.jaccard(a, b)
  local inter, na, nb = 0, 0, 0
  for h in pairs(a) do
    na = na + 1
    if b[h] then inter = inter + 1 end
  end
  for _ in pairs(b) do nb = nb + 1 end
  local union = na + nb - inter
  if union == 0 then return 0 end
  return inter / union
end

-- One-permutation MinHash: the least value per bin, empty bins filled from
-- the next full bin to the right (rotation densification), so that a short
-- document still has a signature comparable with long ones. nil when the
-- document has no shingle.
local function signature(ids, n, k, bins)
  local sig = {}
  for i = 1, bins do sig[i] = EMPTY end
  local any = false
  each_shingle(ids, n, k, function(h)
    local b = ((h >> 57) % bins) + 1
    local v = h & MASK
    if v < sig[b] then sig[b] = v end
    any = true
  end)
  if not any then return nil end
  local full = {}
  for i = 1, bins do full[i] = sig[i] ~= EMPTY end
  for i = 1, bins do
    if not full[i] then
      local j, d = i, 0
      repeat
        j = j % bins + 1
        d = d + 1
      until full[j]
      -- The offset keeps a borrowed value from matching its source bin's.
      sig[i] = sig[j] + d * 0x9E3779B9
    end
  end
  return sig
end

-- The widest band whose probability of making a pair at threshold t a
-- candidate is at least 0.995.
local function band_rows(t, bins)
  for r = 16, 1, -1 do
    local b = bins // r
    if b >= 1 and 1 - (1 - t ^ r) ^ b >= 0.995 then return r, b end
  end
  return 1, bins
end

local function find(parent, x)
  while parent[x] ~= x do
    parent[x] = parent[parent[x]]
    x = parent[x]
  end
  return x
end

local function round(x) return math.floor(x * 1000 + 0.5) / 1000 end

-- Signatures of every document, banded into buckets: the pairs sharing a
-- bucket, each once. Returns ids (store order), order (id -> index), pairs.
local function candidate_pairs(db, k, bins, r, b, memo)
  local ids, order, pairs_ = {}, {}, {}
  local buckets = {}
  local pack = string.pack
  local nd = 0
  local fmt = "<" .. ("i8"):rep(r)
  for doc in db:docs() do
    nd = nd + 1
    ids[nd] = doc.id
    order[doc.id] = nd
    local toks, n = token_ids(doc, memo)
    local sig = signature(toks, n, k, bins)
    if sig then
      for band = 0, b - 1 do
        local key = pack("<I2", band) .. pack(fmt, table.unpack(sig, band * r + 1, band * r + r))
        local list = buckets[key]
        if not list then
          buckets[key] = nd
        elseif type(list) == "number" then
          buckets[key] = { list, nd }
        else
          list[#list + 1] = nd
        end
      end
    end
  end

  -- Candidate pairs, each once. A crowded bucket (many copies of one
  -- text) gives its members paired with the first and with their
  -- neighbour, not every pair: enough to connect a group.
  local seen = {}
  local function add(x, y)
    if x > y then x, y = y, x end
    local key = x * 4294967296 + y
    if not seen[key] then
      seen[key] = true
      pairs_[#pairs_ + 1] = { x, y }
    end
  end
  for _, list in pairs(buckets) do
    if type(list) == "table" then
      if #list <= CROWD then
        for i = 1, #list - 1 do
          for j = i + 1, #list do add(list[i], list[j]) end
        end
      else
        for i = 2, #list do
          add(list[1], list[i])
          add(list[i - 1], list[i])
        end
      end
    end
  end
  return ids, order, pairs_
end

function M.groups(db, opts)
  opts = opts or {}
  local threshold = opts.threshold or 0.8
  local k = opts.k or 5
  local bins = opts.bins or 128
  if type(threshold) ~= "number" or threshold <= 0 or threshold > 1 then
    error("bad option 'threshold' to 'groups' (a number in (0, 1] expected)", 2)
  end
  -- Bins are picked by the hash's top bits, 7 of them: at most 128.
  if bins > 128 then bins = 128 end
  local r, b = band_rows(threshold, bins)
  local vocab = {}
  local ids, order, pairs_ = candidate_pairs(db, k, bins, r, b, vocab)

  -- Exact check on the candidates' shingle sets.
  local sets = {}
  local function set_of(i)
    local s = sets[i]
    if not s then
      s = shingle_set(assert(db:doc(ids[i])), k, vocab)
      sets[i] = s
    end
    return s
  end
  local parent, sim = {}, {}
  for _, p in ipairs(pairs_) do
    local x, y = p[1], p[2]
    local j = M.jaccard(set_of(x), set_of(y))
    if j >= threshold then
      parent[x] = parent[x] or x
      parent[y] = parent[y] or y
      local rx, ry = find(parent, x), find(parent, y)
      if rx ~= ry then parent[ry] = rx end
      sim[#sim + 1] = { x, y, j }
    end
  end

  local by_root = {}
  for x in pairs(parent) do
    local root = find(parent, x)
    local g = by_root[root]
    if not g then g = { members = {}, least = 1, pairs = {} }; by_root[root] = g end
    g.members[#g.members + 1] = x
  end
  for _, e in ipairs(sim) do
    local g = by_root[find(parent, e[1])]
    if e[3] < g.least then g.least = e[3] end
    g.pairs[#g.pairs + 1] = { a = ids[e[1]], b = ids[e[2]], similarity = round(e[3]) }
  end
  local out = {}
  for _, g in pairs(by_root) do
    table.sort(g.members)
    local docs = {}
    for i, x in ipairs(g.members) do docs[i] = ids[x] end
    table.sort(g.pairs, function(p, q)
      if order[p.a] ~= order[q.a] then return order[p.a] < order[q.a] end
      return order[p.b] < order[q.b]
    end)
    out[#out + 1] = { docs = docs, similarity = round(g.least), pairs = g.pairs, first = g.members[1] }
  end
  table.sort(out, function(p, q)
    if #p.docs ~= #q.docs then return #p.docs > #q.docs end
    return p.first < q.first
  end)
  for _, g in ipairs(out) do g.first = nil end
  return out
end

return M
