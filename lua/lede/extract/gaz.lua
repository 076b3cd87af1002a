--[[
lede.extract.gaz -- the gazetteers and word lists of data/, loaded once per
Lua state and shared by every extractor.

Promise: each function builds its matcher or table on first call (reading
data/ through lede.data) and returns the same object on every later call in
the same Lua state, so extractors may call them per document for nothing.
Matchers are lede.gazetteer objects: `for s, e, v in g:match(text)`, LPeg
positions, leftmost-longest, case-sensitive unless noted. Treat every
returned table as read-only.

  gaz.places()        matcher: surface -> {name=, type=, country=, alts=}
                      (alts: the other readings of an ambiguous surface,
                      e.g. Georgia the U.S. state, in data order)
  gaz.orgs()          matcher: surface -> {name=, type=}; names as
                      data/entity_canonical.txt renames them (NATO ->
                      North Atlantic Treaty Organization), also for
                      demonyms' places
  gaz.demonyms()      matcher: surface -> {place=}
  gaz.entities()      one matcher over places, orgs and demonyms together,
                      so that the longest name wins across the lists
                      ("Israel Defense Forces" is an org, not a place):
                      surface -> {place=, org=, demonym=} (one or more set,
                      each the value the lists above give); capitalised
                      datelines ("CAIRO") match entries with upper = true;
                      first = true when the surface is also a first name,
                      gov = the government a capital stands for
  gaz.titles()        matcher: title -> {title=, canonical=, kind=, use=,
                      gender=} ("Secretary of State", "spokeswoman")
  gaz.combined()      one matcher over the entity list, the titles and the
                      cue words (org_head, org_cue, place_head,
                      place_generic), for one scan with {all = true}:
                      surface -> {e=, t=, c=}, the entities() value, the
                      titles() value, the set of cue kinds (those it is)
  gaz.cues()          matcher: cue word (org_head, org_cue, place_head,
                      place_generic, place_of) -> the set of its kinds
  gaz.entity_find(s), gaz.title_find(s)
                      entities():find(s) and titles():find(s) without
                      tokenizing when s is plain (a Lua table lookup,
                      answers remembered)
  gaz.place(name)     the place value of a canonical place name, or nil
  gaz.demonym_of(place) the adjective for a canonical place (Egypt ->
                      Egyptian), or nil
  gaz.first_names()   table: first name -> "m" | "f" | "u"
  gaz.common_words()  set of lowercase dictionary words
  gaz.dict_names()    set of capitalised dictionary names (Abbas, Biden)
  gaz.stopwords()     set of lowercase function words
  gaz.speech_verbs()  table: lowercase form -> lemma ("said" -> "say")
  gaz.pronouns()      table: lowercase pronoun -> {gender=, number=, case=}
  gaz.groups()        set of group words (Arab, Jewish, Shiite)
  gaz.words(kind)     set of the words of data/entity_words.txt of that kind
                      (org_head, org_cue, place_head, place_generic,
                      role_word, role_modifier, name_stop, locative)
  gaz.metonyms()      table: capital -> the government it stands for
                      (data/metonyms.txt: Washington -> United States
                      government)
  gaz.metonym_capital(government) the capital of metonyms.txt standing for
                      that government, or nil
]]

local data = require "lede.data"
local G = require "lede.gazetteer"

local gaz = {}

-- One slot per builder: the objects live as long as this module, i.e. the
-- Lua state.
local cache = {}

local function cached(key, build)
  return function(...)
    local v = cache[key]
    if v == nil then
      v = build(...)
      cache[key] = v
    end
    return v
  end
end

-- Lower-case words that may stand inside an organisation's name.
local LOWER_OK = { ["of"] = true, ["for"] = true, ["and"] = true, ["the"] = true, ["on"] = true,
                   ["de"] = true, ["du"] = true, ["des"] = true, ["la"] = true, ["in"] = true }

local function is_dash(s) return s == nil or s == "-" end

-- Canonical place name -> value; surface -> list of values.
local place_rows = cached("place_rows", function()
  local by_name, by_surface, order = {}, {}, {}
  for _, row in ipairs(data.table("places.txt")) do
    local surface, name, typ, country = row[1], row[2], row[3], row[4]
    local v = by_name[name .. "\0" .. typ]
    if not v then
      v = { name = name, type = typ, country = (not is_dash(country)) and country or nil }
      by_name[name .. "\0" .. typ] = v
      if not by_name[name] then by_name[name] = v end
    end
    local list = by_surface[surface]
    if not list then
      list = {}
      by_surface[surface] = list
      order[#order + 1] = surface
    end
    list[#list + 1] = v
  end
  return { by_name = by_name, by_surface = by_surface, order = order }
end)

-- The value a surface gets: its first reading, carrying the others.
local place_values = cached("place_values", function()
  local rows = place_rows()
  local out = {}
  for _, surface in ipairs(rows.order) do
    local list = rows.by_surface[surface]
    local v = list[1]
    if #list > 1 then
      local alts = {}
      for i = 2, #list do alts[#alts + 1] = list[i] end
      v = { name = v.name, type = v.type, country = v.country, alts = alts }
    end
    out[#out + 1] = { surface, v }
  end
  return out
end)

-- kind -> gazetteer canonical -> reported canonical (entity_canonical.txt).
local renames = cached("renames", function()
  local t = { org = {}, place = {}, demonym = {} }
  for _, row in ipairs(data.table("entity_canonical.txt")) do
    if t[row[1]] then t[row[1]][row[2]] = row[3] end
  end
  return t
end)

local org_values = cached("org_values", function()
  local out, seen = {}, {}
  local rename = renames().org
  for _, row in ipairs(data.table("orgs.txt")) do
    local key = row[2] .. "\0" .. row[3]
    local v = seen[key]
    if not v then
      v = { name = rename[row[2]] or row[2], type = row[3] }
      seen[key] = v
    end
    out[#out + 1] = { row[1], v }
  end
  return out
end)

local demonym_values = cached("demonym_values", function()
  local out = {}
  local rename = renames().demonym
  for _, row in ipairs(data.table("demonyms.txt")) do
    out[#out + 1] = { row[1], { place = rename[row[2]] or row[2] } }
  end
  return out
end)

local function matcher(list)
  local g = G.new()
  for _, sv in ipairs(list) do g:add(sv[1], sv[2]) end
  return g
end

gaz.places = cached("places", function() return matcher(place_values()) end)
gaz.orgs = cached("orgs", function() return matcher(org_values()) end)
gaz.demonyms = cached("demonyms", function() return matcher(demonym_values()) end)

function gaz.place(name)
  return place_rows().by_name[name]
end

-- The entity list: {surface, value} in the order the matcher gets them
-- (places, proper orgs, demonyms, then capitalised datelines), each value
-- {place=, org=, demonym=, upper=, first=, gov=}: first when the surface is
-- also a first name ("Jordan"), gov the government a capital stands for
-- (metonyms.txt).
local entity_entries = cached("entity_entries", function()
  local by_surface, order = {}, {}
  local function put(list, field)
    for _, sv in ipairs(list) do
      local t = by_surface[sv[1]]
      if not t then
        t = {}
        by_surface[sv[1]] = t
        order[#order + 1] = sv[1]
      end
      if t[field] == nil then t[field] = sv[2] end
    end
  end
  put(place_values(), "place")
  -- Lower-case bodies ("security cabinet", "Egyptian intelligence") are
  -- not names: the guidelines annotate only capitalised ones and acronyms.
  local proper_orgs = {}
  for _, sv in ipairs(org_values()) do
    local proper = true
    for w in sv[1]:gmatch("%S+") do
      if w:find("^%l") and not w:find("^%l+%-%u") and not LOWER_OK[w] then proper = false end
    end
    if proper then proper_orgs[#proper_orgs + 1] = sv end
  end
  put(proper_orgs, "org")
  put(demonym_values(), "demonym")
  -- Datelines write the city in capitals ("CAIRO (Wire) --"): upper-case
  -- forms of place names, marked so the extractor accepts them only there.
  for _, sv in ipairs(place_values()) do
    local surface = sv[1]
    if #surface >= 4 and surface:find("%l") then
      local up = surface:upper()
      if not by_surface[up] then
        by_surface[up] = { place = sv[2], upper = true }
        order[#order + 1] = up
      end
    end
  end
  local first = gaz.first_names()
  local metonyms = gaz.metonyms()
  local out = {}
  for i, surface in ipairs(order) do
    local t = by_surface[surface]
    t.first = first[surface] ~= nil
    t.gov = metonyms[surface]
    out[i] = { surface, t }
  end
  return out
end)

gaz.entities = cached("entities", function()
  local g = G.new()
  for _, sv in ipairs(entity_entries()) do g:add(sv[1], sv[2]) end
  return g
end)

-- Title values, in data order.
local title_entries = cached("title_entries", function()
  local out = {}
  for _, row in ipairs(data.table("titles.txt")) do
    out[#out + 1] = { row[1], { title = row[1], canonical = row[2], kind = row[3], use = row[4],
                                gender = (not is_dash(row[5])) and row[5] or nil } }
  end
  return out
end)

local CUE_KINDS = { "org_head", "org_cue", "place_head", "place_generic", "place_of" }

-- Cue words: word -> the set of its kinds.
local cue_entries = cached("cue_entries", function()
  local vals, out = {}, {}
  for _, kind in ipairs(CUE_KINDS) do
    local words = {}
    for w in pairs(gaz.words(kind)) do words[#words + 1] = w end
    table.sort(words)
    for _, w in ipairs(words) do
      local v = vals[w]
      if not v then
        v = {}
        vals[w] = v
        out[#out + 1] = { w, v }
      end
      v[kind] = true
    end
  end
  return out
end)

-- The cue words alone: surface -> the set of its kinds.
gaz.cues = cached("cues", function() return matcher(cue_entries()) end)

gaz.combined = cached("combined", function()
  local g = G.new()
  local function put(list, field)
    for _, sv in ipairs(list) do
      local slot = g:find(sv[1])
      if slot == nil then
        slot = {}
        g:add(sv[1], slot)
      end
      if slot[field] == nil then slot[field] = sv[2] end
    end
  end
  put(entity_entries(), "e")
  put(title_entries(), "t")
  put(cue_entries(), "c")
  return g
end)

-- Exact lookups without tokenizing: a Lua table holds every surface as
-- written; a word with characters the matcher normalises (apostrophes,
-- dashes, quotes, non-ASCII, runs of spaces) asks the matcher.
-- Other strings asked for are remembered (up to MEMO_MAX, then forgotten
-- at once): the same words come back in every document.
local MEMO_MAX = 50000

local function fast_find(get_matcher, entries)
  local t = {}
  for _, sv in ipairs(entries) do
    if t[sv[1]] == nil then t[sv[1]] = sv[2] end
  end
  local memo, n = {}, 0
  return function(w)
    local v = t[w]
    if v ~= nil then return v end
    v = memo[w]
    if v == nil then
      v = (w:find("[^%w .]") or w:find("  ")) and get_matcher():find(w) or false
      if n >= MEMO_MAX then memo, n = {}, 0 end
      memo[w] = v
      n = n + 1
    end
    return v or nil
  end
end

function gaz.entity_find(w)
  local f = cache.entity_find
  if not f then
    f = fast_find(gaz.entities, entity_entries())
    cache.entity_find = f
  end
  return f(w)
end

function gaz.title_find(w)
  local f = cache.title_find
  if not f then
    f = fast_find(gaz.titles, title_entries())
    cache.title_find = f
  end
  return f(w)
end

gaz.demonym_of = function(place)
  local t = cache.demonym_of
  if not t then
    t = {}
    for _, row in ipairs(data.table("demonyms.txt")) do
      -- The first demonym listed for a place is its adjective.
      if not t[row[2]] then t[row[2]] = row[1] end
    end
    cache.demonym_of = t
  end
  return t[place]
end

gaz.titles = cached("titles", function()
  local g = G.new()
  for _, sv in ipairs(title_entries()) do g:add(sv[1], sv[2]) end
  return g
end)

gaz.first_names = cached("first_names", function()
  local t = {}
  for _, row in ipairs(data.table("first_names.txt")) do t[row[1]] = row[2] end
  return t
end)

gaz.common_words = cached("common_words", function() return data.set("common_words.txt") end)
gaz.dict_names = cached("dict_names", function() return data.set("dict_names.txt") end)
gaz.stopwords = cached("stopwords", function() return data.set("stopwords.txt") end)

gaz.speech_verbs = cached("speech_verbs", function()
  local t = {}
  for _, row in ipairs(data.table("speech_verbs.txt")) do t[row[1]] = row[2] end
  return t
end)

gaz.pronouns = cached("pronouns", function()
  local t = {}
  for _, row in ipairs(data.table("pronouns.txt")) do
    t[row[1]] = { gender = row[2], number = row[3], case = row[4] }
  end
  return t
end)

gaz.groups = cached("groups", function()
  local t = {}
  for _, row in ipairs(data.table("groups.txt")) do t[row[1]] = true end
  return t
end)

local entity_words = cached("entity_words", function()
  local by_kind = {}
  for _, row in ipairs(data.table("entity_words.txt")) do
    local set = by_kind[row[2]]
    if not set then
      set = {}
      by_kind[row[2]] = set
    end
    set[row[1]] = true
  end
  return by_kind
end)

function gaz.words(kind)
  local set = entity_words()[kind]
  if not set then error("data/entity_words.txt has no words of kind '" .. tostring(kind) .. "'", 2) end
  return set
end

gaz.metonyms = cached("metonyms", function()
  local t = {}
  for _, row in ipairs(data.table("metonyms.txt")) do t[row[1]] = row[2] end
  return t
end)

-- The capital whose government has this name, or nil.
function gaz.metonym_capital(government)
  local t = cache.metonym_capital
  if not t then
    t = {}
    for _, row in ipairs(data.table("metonyms.txt")) do
      if not t[row[2]] then t[row[2]] = row[1] end
    end
    cache.metonym_capital = t
  end
  return t[government]
end

return gaz
