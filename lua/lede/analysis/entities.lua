--[[
lede.analysis.entities -- one person whatever the form, across documents:
people with every role and affiliation seen and the evidence for each;
organisations and places by canonical name with their mentions.

Promise:
  - person spans are grouped by the canonical `name` the extractor gave
    (case and apostrophes folded); a one-word name ("Al-Mansouri",
    "Mizrahi") joins the full name whose last word it is when exactly one
    full name in the corpus ends so, preferring a full name of the same
    document; otherwise it stays a person of its own (never a guess between
    two people);
  - roles are the extractor's `role`/`affiliation` pairs, cleaned of words
    that are not part of the role (a verb before a title, an honorific after
    it: "meeting Prime Minister", "Prime Minister Sheikh"), each distinct
    pair once with the evidence of its first sighting (the role words and
    the name); titles used only before a name (Sheikh, Mr, Gen.) go to
    `titles`;
  - a description ("the prime minister", "Israel's prime minister", "the
    US secretary of state") is tied to a person only when exactly one
    person named in the same document holds a role with those words and a
    compatible affiliation; a tie adds the description (and the role and
    affiliation it states) with its evidence. A noun the holder of an
    office is called by (data/role_descriptions.txt: "diplomat" for a
    secretary of state or foreign minister) counts only after a modifier
    that singles the holder out ("the top US diplomat", "America's top
    diplomat"), and adds no role;
  - everything is per-document work plus hash lookups: linear in the
    corpus.

  local E = require "lede.analysis.entities"
  local ent = E.build(corpus)
  ent.people    -- model.people (quotes counts filled by lede.analysis.quotes)
  ent.orgs, ent.places
  ent:person(name)        -- the person record a name resolves to, or nil
  ent:canonical(name)     -- the canonical name for a person/org name, or name
]]

local lede = require "lede"
local data = require "lede.data"
local C = require "lede.analysis.corpus"

local json = lede.json
local NULL = json.null

local M = {}

local fold = lede.fold

-- Titles written only before a name (Mr., Sheikh, Gen.) and honorifics:
-- they say how a person is addressed, not what they do.
local pre_title
local function pre_titles()
  if pre_title then return pre_title end
  pre_title = {}
  for _, row in ipairs(data.table("titles.txt")) do
    if row[4] == "pre" or row[3] == "honorific" then
      pre_title[row[1]] = row[2]
      pre_title[row[1]:lower()] = row[2]
    end
  end
  return pre_title
end

-- The matching form of a name. Names recur: build() folds each once
-- (a cache per build, so nothing outlives it).
local function fold_name(name) return (fold(name):gsub("%s+", " ")) end
local function make_key_of()
  local keys = {}
  return function(name)
    local k = keys[name]
    if not k then
      k = fold_name(name)
      keys[name] = k
    end
    return k
  end
end

local function last_word(k) return k:match("(%S+)$") end

local function nwords(k)
  local n = 0
  for _ in k:gmatch("%S+") do n = n + 1 end
  return n
end

-- "meeting Prime Minister" -> "Prime Minister"; "Prime Minister Sheikh" ->
-- "Prime Minister", "Sheikh". Returns role (or nil) and a title (or nil).
local function clean_role(role)
  if type(role) ~= "string" then return nil end
  role = role:gsub("^%s+", ""):gsub("%s+$", ""):gsub("%s+", " ")
  local pt = pre_titles()
  local title
  -- a title of address at either end
  local last = role:match("(%S+)$")
  if last and pt[last] and role ~= last then
    title = pt[last]
    role = role:sub(1, #role - #last):gsub("%s+$", "")
  end
  if pt[role] then return nil, pt[role] end
  -- lowercase words before a capitalised title are the sentence's verb
  if role:find("^%l") and role:find(" %u") then
    local rest = role:match("^[%l%s]+ (%u.*)$")
    if rest then role = rest end
  end
  if role == "" then return nil, title end
  return role, title
end
M.clean_role = clean_role

-- The role's words in the text around a name span: the evidence of a role
-- is "Secretary of State Maria Alvarez", not only the name.
local function role_evidence(d, sp, role)
  local ss, se = C.sentence_at(d, sp.s)
  if se <= ss then ss, se = sp.s, sp.e end
  local sentence = d.text:sub(ss, se - 1):lower()
  local want = role:lower()
  local best_s, best_e, best_dist
  local init = 1
  while true do
    local a, b = sentence:find(want, init, true)
    if not a then break end
    local rs, re = ss + a - 1, ss + b
    local dist = rs < sp.s and sp.s - re or rs - sp.e
    if not best_dist or dist < best_dist then best_s, best_e, best_dist = rs, re, dist end
    init = a + 1
  end
  if best_s and best_dist <= 120 then
    return C.evidence(d, math.min(best_s, sp.s), math.max(best_e, sp.e))
  end
  return C.evidence(d, sp.s, sp.e)
end

local Ent = {}
Ent.__index = Ent

function Ent:person(name)
  if type(name) ~= "string" then return nil end
  local k = self.key_of(name)
  local p = self.by_key[k]
  if p then return p end
  -- a surname alone: the one full name ending so (false when shared)
  if nwords(k) == 1 then return self.by_last[k] or nil end
  return nil
end

function Ent:canonical(name)
  if type(name) ~= "string" then return name end
  local p = self:person(name)
  if p then return p.name end
  local o = self.org_by_key[self.key_of(name)]
  if o then return o.name end
  return name
end

local function add_unique(list, seen, v)
  if v and v ~= "" and not seen[v] then
    seen[v] = true
    list[#list + 1] = v
  end
end

local function by_mentions(a, b)
  if a.mentions ~= b.mentions then return a.mentions > b.mentions end
  return a.name < b.name
end

-- Place, org and demonym spans ending at pos (spaces skipped) -> the
-- affiliation they name and where they start.
local function affiliation_before(d, ends, pos)
  local p = pos - 1
  local text = d.text
  while p > 0 and text:sub(p, p) == " " do p = p - 1 end
  local sp = ends[p + 1]
  if not sp then return nil end
  return sp.name, sp.s
end

local POSS = { "\226\128\153s ", "'s " }

-- data/role_descriptions.txt: { nouns = { [role] = {noun, ...} },
-- modifiers = {word, ...} }, longest modifier first.
local desc_data
local function descriptions()
  if desc_data then return desc_data end
  local nouns, mods = {}, {}
  for _, row in ipairs(data.table("role_descriptions.txt")) do
    if row[1] == "noun" and row[2] and row[3] then
      local list = nouns[row[3]]
      if not list then list = {}; nouns[row[3]] = list end
      list[#list + 1] = row[2]
    elseif row[1] == "modifier" and row[2] then
      mods[#mods + 1] = row[2]
    end
  end
  table.sort(mods, function(x, y) return #x > #y end)
  desc_data = { nouns = nouns, modifiers = mods }
  return desc_data
end

-- Where a modifier word and one space ending at pos - 1 start (low: the
-- lowercase text), or nil.
local function modifier_before(low, pos)
  for _, m in ipairs(descriptions().modifiers) do
    local s = pos - #m - 1
    if s >= 1 and low:sub(s, pos - 1) == m .. " " and not low:sub(s - 1, s - 1):find("[%w\128-\255%-]") then
      return s
    end
  end
  return nil
end

-- Descriptions in document d naming one of `here` (persons of d).
local function scan_descriptions(d, here, ent)
  -- phrases: every role of the document's people, and its head word
  local phrases, order = {}, {}
  for p in pairs(here) do
    for _, c in ipairs(p.phrases) do
      local list = phrases[c.phrase]
      if not list then list = {}; phrases[c.phrase] = list; order[#order + 1] = c.phrase end
      list[#list + 1] = c
    end
  end
  if #order == 0 then return end
  table.sort(order, function(a, b)
    if #a ~= #b then return #a > #b end
    return a < b
  end)
  local text = d.text
  local low = text:lower()
  -- where spans end and start, to see affiliations and names beside a phrase
  local ends, starts = {}, {}
  for _, kind in ipairs { "place", "org", "demonym" } do
    for s, e, name in C.named(d, kind) do ends[e] = { s = s, name = name } end
  end
  local person_at = {}
  for _, sp in ipairs(d.spans.person) do
    starts[sp.s] = true
    for i = sp.s, sp.e - 1 do person_at[i] = true end
  end
  local taken = {}
  for _, ph in ipairs(order) do
    local init = 1
    while true do
      local a, b = low:find(ph, init, true)
      if not a then break end
      init = b + 1
      local before, after = text:sub(a - 1, a - 1), text:sub(b + 1, b + 1)
      -- whole words only ("secretary-general" is not "secretary"), and not
      -- a role of something else ("the president of the Red Crescent")
      local ok = not taken[a] and not person_at[a] and not before:find("[%w\128-\255%-]")
        and not after:find("[%w\128-\255%-]") and text:sub(b + 1, b + 4) ~= " of "
      -- a title before a name ("Prime Minister David Mizrahi") is the
      -- person's own mention, not a description
      local q = b + 1
      while text:sub(q, q) == " " do q = q + 1 end
      if ok and (starts[q] or text:sub(q, q):find("%u")) and q > b + 1 then ok = false end
      if ok then
        -- what stands before: "the", an affiliation, a possessive, and a
        -- modifier that points at the one holder ("the top US diplomat",
        -- "America's top diplomat")
        local ds, aff, modded = nil, nil, false
        local aname, astart = affiliation_before(d, ends, a)
        local pos = a
        if aname then aff, pos = aname, astart end
        local m = modifier_before(low, pos)
        if m then pos, modded = m, true end
        local pre = text:sub(math.max(1, pos - 5), pos - 1)
        if pre:find("[Tt]he $") then
          ds = pos - 4
        elseif not aname then
          for _, poss in ipairs(POSS) do
            if text:sub(pos - #poss, pos - 1) == poss then
              local n2, s2 = affiliation_before(d, ends, pos - #poss)
              if n2 then aff, ds = n2, s2 end
            end
          end
        elseif aname then
          -- "Israel's prime minister": the affiliation span then 's
          for _, poss in ipairs(POSS) do
            if text:sub(a - #poss, a - 1) == poss then ds = astart end
          end
        end
        -- "The UN's top aid official": the article before a possessor
        if ds and ds > 4 and text:sub(ds - 4, ds - 1):find("^[Tt]he $") then ds = ds - 4 end
        if ds then
          local cands, seen = {}, {}
          local described
          for _, c in ipairs(phrases[ph]) do
            local p, r = c.person, c.role
            local compatible = not aff or r.affiliation == aff or (r.affiliation == NULL and
              (p.affiliations[aff] or next(p.affiliations) == nil))
            if compatible and (modded or not c.described) and not seen[p] then
              seen[p] = true
              cands[#cands + 1] = p
              described = c.described
            end
          end
          if #cands == 1 then
            local p = cands[1]
            for i = a, b do taken[i] = true end
            local ev = C.evidence(d, ds, b + 1)
            add_unique(p.descriptions, p.desc_seen, ev.text)
            p.description_mentions = p.description_mentions + 1
            if aff and not described then
              local role = text:sub(a, b)
              ent.add_role(p, role, aff, ev, "description")
            end
          end
        end
      end
    end
  end
end

function M.build(corpus)
  local key_of = make_key_of()
  local ent = setmetatable({ by_key = {}, by_last = {}, org_by_key = {}, key_of = key_of }, Ent)
  local people = {}

  local function new_person(name)
    local p = {
      name = name, key = key_of(name), mentions = 0, documents = {}, doc_seen = {},
      roles = {}, role_seen = {}, titles = {}, title_seen = {}, forms = {}, form_seen = {},
      descriptions = {}, desc_seen = {}, description_mentions = 0, quotes = 0,
      affiliations = {}, genders = {}, names = {}, credit_only = true,
    }
    people[#people + 1] = p
    ent.by_key[p.key] = p
    return p
  end

  function ent.add_role(p, role, aff, ev, source)
    local k = role .. "\0" .. (aff or "")
    if p.role_seen[k] then
      p.role_seen[k].count = p.role_seen[k].count + 1
      return
    end
    local r = { role = role, affiliation = aff or NULL, evidence = { ev }, count = 1, source = source }
    p.role_seen[k] = r
    p.roles[#p.roles + 1] = r
    if aff then p.affiliations[aff] = (p.affiliations[aff] or 0) + 1 end
  end

  -- 1. full names (two words or more) first, then one-word names
  local mentions = {} -- { d, sp, key }
  for _, d in ipairs(corpus.docs) do
    for _, sp in ipairs(d.spans.person) do
      local name = sp.name
      mentions[#mentions + 1] = { d = d, sp = sp, name = name, key = key_of(name) }
    end
  end
  for _, m in ipairs(mentions) do
    if nwords(m.key) > 1 and not ent.by_key[m.key] then new_person(m.name) end
  end
  -- surnames of full names; false when two people share one
  local by_last = ent.by_last
  for _, p in ipairs(people) do
    local l = last_word(p.key)
    if by_last[l] == nil then by_last[l] = p elseif by_last[l] ~= p then by_last[l] = false end
  end
  -- full names of each document, by last word, for one-word names
  local function resolve_short(m)
    local l = m.key
    for _, other in ipairs(m.d.spans.person) do
      local on = other.name
      local ok = key_of(on)
      if nwords(ok) > 1 and last_word(ok) == l then return ent.by_key[ok] end
    end
    local p = by_last[l]
    if p then return p end
    return nil
  end
  for _, m in ipairs(mentions) do
    local p = ent.by_key[m.key]
    if not p and nwords(m.key) == 1 then
      p = resolve_short(m)
      if p then ent.by_key[m.key] = p end
    end
    m.person = p or new_person(m.name)
  end

  -- 2. mentions, documents, forms, roles
  local pt = pre_titles()
  for _, m in ipairs(mentions) do
    local p, d, sp = m.person, m.d, m.sp
    p.mentions = p.mentions + 1
    p.names[m.name] = (p.names[m.name] or 0) + 1
    if not p.doc_seen[d.id] then p.doc_seen[d.id] = true; p.documents[#p.documents + 1] = d.id end
    local _, _, block = C.paragraph_at(d, sp.s)
    if block ~= "byline" then p.credit_only = false end
    -- the form as written: an honorific before, a possessive after
    local form = d.text:sub(sp.s, sp.e - 1)
    local prev = d.text:sub(math.max(1, sp.s - 12), sp.s - 1):match("(%a+%.?) $")
    if prev and pt[prev] and pt[prev] ~= "General" then form = prev .. " " .. form end
    local poss = d.text:sub(sp.e, sp.e + 3)
    if poss:find("^\226\128\153s") then form = form .. "\226\128\153s"
    elseif poss:find("^'s") then form = form .. "'s" end
    add_unique(p.forms, p.form_seen, form)
    local g = sp.gender
    if g == "m" or g == "f" then p.genders[g] = (p.genders[g] or 0) + 1 end
    local role, title = clean_role(sp.role)
    if title then add_unique(p.titles, p.title_seen, title) end
    local aff = type(sp.affiliation) == "string" and sp.affiliation or nil
    if role then
      ent.add_role(p, role, aff, role_evidence(d, sp, role), "title")
    elseif aff then
      p.affiliations[aff] = (p.affiliations[aff] or 0) + 1
    end
  end

  -- 3. descriptions, per document, over the people named there. The
  -- phrases a person's roles give: the role ("prime minister") and its
  -- head ("minister", "secretary" of "secretary of state").
  for _, p in ipairs(people) do
    local list, seen = {}, {}
    for _, r in ipairs(p.roles) do
      local low = r.role:lower()
      local head = low:match("^(%S+) of ") or low:match("(%S+)$")
      local akey = "\0" .. tostring(r.affiliation)
      local function add(ph, described)
        if not seen[ph .. akey] then
          seen[ph .. akey] = true
          list[#list + 1] = { phrase = ph, person = p, role = r, described = described }
        end
      end
      for _, ph in ipairs { low, head } do
        if ph and #ph > 3 then add(ph, false) end
      end
      -- nouns that describe the role's holder ("diplomat" for a secretary
      -- of state), valid only after a modifier ("the top US diplomat")
      for _, noun in ipairs(descriptions().nouns[low] or {}) do add(noun, true) end
    end
    p.phrases = list
  end
  for _, d in ipairs(corpus.docs) do
    local here = {}
    for _, sp in ipairs(d.spans.person) do
      local p = ent:person(sp.name)
      if p and #p.roles > 0 then here[p] = true end
    end
    if next(here) then scan_descriptions(d, here, ent) end
  end

  -- 4. the model's records
  local out = {}
  for _, p in ipairs(people) do
    -- the name: the longest form, the most used among equals
    local best, bestw, bestn
    for n, c in pairs(p.names) do
      local w = nwords(key_of(n))
      if not best or w > bestw or (w == bestw and (c > bestn or (c == bestn and n < best))) then
        best, bestw, bestn = n, w, c
      end
    end
    p.name = best or p.name
    local aff, affn = nil, 0
    for a, c in pairs(p.affiliations) do
      if c > affn or (c == affn and a < aff) then aff, affn = a, c end
    end
    local gender
    local m, f = p.genders.m or 0, p.genders.f or 0
    if m > f then gender = "male" elseif f > m then gender = "female" end
    local rec = {
      name = p.name, mentions = p.mentions, documents = p.documents, roles = p.roles,
      forms = p.forms, descriptions = p.descriptions, titles = p.titles, quotes = 0,
      affiliation = aff or NULL, gender = gender or NULL,
      description_mentions = p.description_mentions,
      credit = p.credit_only or nil,
    }
    local main, mainn = nil, 0
    for _, r in ipairs(p.roles) do
      if r.count > mainn then main, mainn = r.role, r.count end
    end
    rec.role = main or NULL
    p.rec = rec
    out[#out + 1] = rec
  end
  table.sort(out, by_mentions)
  ent.people = out
  ent.record = function(name)
    local p = ent:person(name)
    return p and p.rec
  end

  -- 5. organisations and places
  local function collect(kind)
    local list, by = {}, {}
    for _, d in ipairs(corpus.docs) do
      for _, _, name in C.named(d, kind) do
        local k = key_of(name)
        local r = by[k]
        if not r then
          r = { name = name, mentions = 0, documents = {}, seen = {} }
          by[k] = r
          list[#list + 1] = r
        end
        r.mentions = r.mentions + 1
        if not r.seen[d.id] then r.seen[d.id] = true; r.documents[#r.documents + 1] = d.id end
      end
    end
    for _, r in ipairs(list) do r.seen = nil end
    table.sort(list, by_mentions)
    return list, by
  end
  ent.orgs, ent.org_by_key = collect("org")
  ent.places = collect("place")
  return ent
end

return M
