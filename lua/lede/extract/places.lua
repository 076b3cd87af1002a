--[[
lede.extract.places -- the place, org and demonym extractor.

Promise: every span names one place, organisation or nationality as the
evaluation guidelines (tests/corpus/GUIDELINES.md) define them, never with a
leading "the", a possessive or a lower-case generic head ("the Rafah
crossing" -> "Rafah"); spans of these three kinds never overlap each other
(the longest name wins: "Israel Defense Forces" is one org, "Middle East
Technical University" holds no place). Attributes:
  place    name (canonical: "US" -> "United States"), type, country
  org      name (canonical: "UN" -> "United Nations"; a capital standing
           for its government -> "Russian government"), type
  demonym  place (canonical: "Israeli" -> "Israel")

How: the document's shared scan (lede.extract.context: one pass of the C
gazetteer of places, orgs and demonyms together, with the cue words; the
words after locatives), context rules for the readings lists cannot settle
(a capital as an actor is its government; a place name that is someone's
first name; capitals in datelines), and rules for names in no list: a
capitalised phrase around an organisation head word ("Renmin University",
"Bank of Ghana", "Arab Center for Policy Studies"), a name after a noun
saying what it is ("the consultancy Analytica Sur"), or set off by commas
after one ("The chain, Greenway Foodstores, said") or before a definite
apposition it ends ("Voltaïa Cells, the French battery maker"; not a
person's occupation such as "producer"), an acronym defined in
brackets ("National Direction (ND)"), "the Ministry" for the ministry named
before, a place before a generic head ("Zhejiang province") and facility
names ("Nasser Hospital"). Names learned in a document are then found
everywhere in it.

Cost: Lua work per match and per candidate, not per word; the list matches
come in text order and are merged with the few other candidates instead of
sorted. The attrs tables of listed places, orgs and demonyms are shared by
all the spans of one entry (as every span's attrs, read-only).
]]

local lpeg = require "lpeg"
local G = require "lede.gazetteer"
local patterns = require "lede.patterns"
local gaz = require "lede.extract.gaz"
local data = require "lede.data"

local M = {
  name = "places",
  version = "20",
  kinds = { "place", "org", "demonym" },
  needs = {},
}

local context = require "lede.extract.context"
local prev_word, next_word = context.prev_word, context.next_word

-- Does w start with a capital (ASCII, or the lead byte of a Latin one)?
local function is_cap(w)
  local b = w and string.byte(w, 1)
  return b ~= nil and ((b >= 65 and b <= 90) or (b >= 195 and b <= 213))
end

---------------------------------------------------------------- phrases

local CONNECT = { ["of"] = true, ["for"] = true, ["and"] = true, ["on"] = true, ["de"] = true }

-- Extends a name leftwards from s over capitalised words (not stop words,
-- not possessives); returns the new start.
local function extend_left(text, s, stop)
  local start = s
  for _ = 1, 6 do
    local w, ws, poss, dot = prev_word(text, start)
    if not w or poss or dot or not is_cap(w) or stop[w:lower()] then break end
    start = ws
  end
  return start
end

-- Extends a name rightwards from e over " of|for|and|on [the] Capitalised
-- Words"; returns the new end.
local function extend_right(text, e)
  local stop = gaz.stopwords()
  local fin = e
  local pos = e
  for _ = 1, 8 do
    local w, ws = next_word(text, pos)
    if not w then break end
    if CONNECT[w] then
      local w2, ws2 = next_word(text, ws + #w)
      if w2 == "the" then w2, ws2 = next_word(text, ws2 + 3) end
      if not w2 or not is_cap(w2) or stop[w2:lower()] then break end
      -- "the European Union and Brazil": a listed place after "and" is
      -- the next name, not the end of this one.
      if w == "and" then
        local v = gaz.entity_find(w2)
        if v and (v.place or v.demonym) then break end
      end
      fin = ws2 + #w2
      pos = fin
    elseif is_cap(w) and not stop[w:lower()] and fin > e then
      fin = ws + #w
      pos = fin
    else
      break
    end
  end
  return fin
end

---------------------------------------------------------------- generic bodies

-- "Foreign Ministry", "Ministry of Security": a body whose country the
-- name does not give.
local generic_memo, generic_count = {}, 0
local function is_generic(name)
  local g = generic_memo[name]
  if g == nil then
    g = name:find("^%u%a+ Ministry$") ~= nil or name:find("^Ministry of ") ~= nil
    if generic_count >= 50000 then generic_memo, generic_count = {}, 0 end
    generic_memo[name] = g
    generic_count = generic_count + 1
  end
  return g
end

-- The country-specific name of a generic body: the gazetteer's own
-- ("Israeli Foreign Ministry", "Gaza Health Ministry") or "<Adjective>
-- Ministry of <Field>".
local function qualify(name, place, surface)
  local adj = gaz.demonym_of(place)
  for _, pre in ipairs { surface, adj, place } do
    if pre then
      local v = gaz.orgs():find(pre .. " " .. name)
      if v then return v.name end
    end
  end
  if not adj then return name end
  local field = name:match("^(%u%a+) Ministry$")
  if field then
    if field == "Foreign" then field = "Foreign Affairs" end
    return adj .. " Ministry of " .. field
  end
  return adj .. " " .. name
end

-- The country a place, org or demonym candidate stands for, or nil.
local function country_of_candidate(c)
  if c.kind == "demonym" then
    local p = gaz.place(c.attrs.place)
    if p and p.type ~= "country" and p.country then return p.country end
    return c.attrs.place
  elseif c.kind == "place" then
    if c.attrs.type == "country" then return c.attrs.name end
    return c.attrs.country or (c.attrs.type == "region" and c.attrs.name) or nil
  elseif c.kind == "org" and c.attrs.type == "government" and c.attrs.name then
    -- A capital standing for its government.
    local cap = gaz.metonym_capital(c.attrs.name)
    local p = cap and gaz.place(cap)
    return p and p.country
  end
  return nil
end

-- Returns a function telling the country around a generic body c: a
-- possessive before it ("Mali's Ministry"), "in Gaza" after it, a place in
-- its sentence, in the sentence before, else the document's most named one.
local function country_reader(chosen, n)
  local counts, best, bestn = {}, nil, 0
  local country = {} -- chosen index -> its country or false
  for i = 1, n do
    local k = country_of_candidate(chosen[i])
    country[i] = k or false
    if k then
      counts[k] = (counts[k] or 0) + 1
      if counts[k] > bestn then best, bestn = k, counts[k] end
    end
  end
  -- The country of the candidate nearest to target.s among those inside
  -- [lo, hi), and that candidate's text.
  local function nearest(text, target, lo, hi)
    local found_i, dist
    -- chosen is in text order: from the first starting at lo or after, up
    -- to the first starting at hi or after.
    local a, b = 1, n
    while a <= b do
      local mid = (a + b) // 2
      if chosen[mid].s < lo then a = mid + 1 else b = mid - 1 end
    end
    for i = a, n do
      local c = chosen[i]
      if c.s >= hi then break end
      if country[i] and c ~= target and c.e <= hi then
        local d = c.s - target.s
        if d < 0 then d = -d end
        if not dist or d < dist then found_i, dist = i, d end
      end
    end
    if found_i then
      local c = chosen[found_i]
      return country[found_i], text:sub(c.s, c.e - 1)
    end
    return nil
  end
  return function(text, target, sentences)
    local idx = target.idx
    local prev, nxt = chosen[idx - 1], chosen[idx + 1]
    if prev and text:sub(prev.e, target.s - 1):find("^['\226][\128]?[\153]?s ") then
      local k = country[idx - 1]
      if k then return k, text:sub(prev.s, prev.e - 1) end
    end
    if nxt and text:sub(target.e, nxt.s - 1) == " in " then
      local k = country[idx + 1]
      if k then return k, text:sub(nxt.s, nxt.e - 1) end
    end
    local si
    for i, sn in ipairs(sentences) do
      if sn.s <= target.s and target.s < sn.e then si = i break end
    end
    if si then
      local k, sf = nearest(text, target, sentences[si].s, sentences[si].e)
      if k then return k, sf end
      if si > 1 then
        k, sf = nearest(text, target, sentences[si - 1].s, sentences[si - 1].e)
        if k then return k, sf end
      end
    end
    return best, nil
  end
end

---------------------------------------------------------------- the extractor

-- Is the word at s the object of "at" after a role or title ("an analyst
-- at Havenbond", "works at")? Then it names an employer, not a place.
local function works_at(text, s)
  local lw, lws = prev_word(text, s)
  if lw ~= "at" and lw ~= "At" then return false end
  local w0, _, _, dot = prev_word(text, lws)
  if not w0 or dot then return false end
  return gaz.words("role_word")[w0] or gaz.title_find(w0) ~= nil or w0 == "works" or w0 == "worked"
    or w0 == "working"
end

-- Lower-case particles inside personal names ("da", "van", "bin"), the set
-- of data/name_particles.txt, taken at first use.
local PARTICLES

local function para_kind_at(paras, state, pos)
  local i = state.i
  while paras[i] and paras[i].e <= pos do i = i + 1 end
  state.i = i
  local p = paras[i]
  if p and p.s <= pos then return p.kind, p.s end
  return nil
end

-- Verbs and auxiliaries after a capital that make it an actor ("Beijing
-- insists").
local ACTOR_VERBS = {
  is = true, was = true, has = true, had = true, would = true, will = true, did = true,
  does = true, could = true, should = true, can = true, may = true, might = true,
  must = true, wants = true, wanted = true, says = true, said = true, assumed = true,
  insists = true, insisted = true, denied = true, denies = true, warned = true,
  warns = true, accused = true, accuses = true, rejected = true, rejects = true,
  hopes = true, hoped = true, welcomed = true, welcomes = true, sees = true, saw = true,
  responded = true, responds = true, announced = true, announces = true, imposed = true,
  intensifies = true, intensified = true, believes = true, believed = true, fears = true,
  feared = true, expects = true, expected = true, argues = true, argued = true,
  claims = true, claimed = true, condemned = true, condemns = true, blamed = true,
  blames = true, pushed = true, pushes = true, urged = true, urges = true,
  calls = true, called = true, demands = true, demanded = true, refuses = true,
  refused = true, considers = true, considered = true, maintains = true, maintained = true,
}

-- Does the context make the capital at [s, e) an actor (its government)?
local function capital_as_actor(text, s, e, locative)
  local pw, _, poss = prev_word(text, s)
  if pw and not poss then
    local lw = pw:lower()
    if locative[lw] or lw == "a" or lw == "the" or lw == "an" then return false end
  end
  local after = text:sub(e, e + 2)
  if after:find("^'s") or after:find("^\226\128\153") then return true end
  local nw = next_word(text, e)
  if pw and pw:lower() == "for" and after:find("^,") then return true end
  if pw and pw:lower() == "than" then return true end
  if not nw or not nw:find("^%l") then return false end
  if nw == "officials" or nw == "government" then return true end
  return ACTOR_VERBS[nw] == true
end

-- The end of the capitalised word at a position (the word a locative run
-- starts with, as lede.patterns cuts it: "U.S.", "St.").
local CAP_WORD_END = patterns.raw.cap_word * lpeg.Cp()
-- The same for a plain word (ASCII letters and digits, then nothing that
-- could carry the word on: a full stop, apostrophe, hyphen, a joiner of
-- figures or a non-ASCII character), without the full grammar.
local PLAIN_CAP_WORD_END = lpeg.R"AZ" * lpeg.R("az", "AZ", "09")^0 * lpeg.Cp()
  * -(lpeg.S".'-,:/" + lpeg.R"\128\255")

local MONTHS = {}
for _, m in ipairs { "January", "February", "March", "April", "May", "June", "July", "August",
                     "September", "October", "November", "December", "Monday", "Tuesday",
                     "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" } do
  MONTHS[m] = true
end

-- The attributes of a list's place or org: one table per gazetteer value,
-- shared by its spans (read-only, as every span's attrs).
local attrs_of = setmetatable({}, { __mode = "k" })

-- The shared attrs tables of listed orgs whose canonical name is an
-- acronym ("USAID"), as keys.
local acronym_attrs = setmetatable({}, { __mode = "k" })

local function org_attrs(v)
  local a = attrs_of[v]
  if not a then
    a = { name = v.name, type = v.type }
    attrs_of[v] = a
    if v.name:find("^%u+$") then acronym_attrs[a] = true end
  end
  return a
end

local function place_attrs(v)
  local a = attrs_of[v]
  if not a then
    a = { name = v.name, type = v.type, country = v.country }
    attrs_of[v] = a
  end
  return a
end

local function demonym_attrs(v)
  local a = attrs_of[v]
  if not a then
    a = { place = v.place }
    attrs_of[v] = a
  end
  return a
end

local function is_alnum(b)
  return b ~= nil and ((b >= 48 and b <= 57) or (b >= 65 and b <= 90) or (b >= 97 and b <= 122))
end

-- The candidate tables of listed names, reused from one document to the
-- next (they never leave extract).
local LISTED = {}

-- Candidates sort by start, the longer first, then the higher priority.
local function before(a, b)
  if a.s ~= b.s then return a.s < b.s end
  if a.e ~= b.e then return a.e > b.e end
  return a.prio > b.prio
end

-- org name -> its head words (org_head words in it), memoised.
local heads_of = setmetatable({}, { __mode = "k" })
local heads_count = 0
local function org_heads(name)
  local h = heads_of[name]
  if h then return h end
  h = {}
  local org_head = gaz.words("org_head")
  for w in name:gmatch("%u%a+") do
    if org_head[w] then h[#h + 1] = w end
  end
  heads_count = heads_count + 1
  if heads_count > 50000 then heads_of, heads_count = setmetatable({}, { __mode = "k" }), 0 end
  heads_of[name] = h
  return h
end

local NO_CUE = {}

function M.extract(doc, emit, found)
  local text = doc.text
  local paras = found.paragraphs or {}
  local first_names = gaz.first_names()
  local common = gaz.common_words()
  local stop = gaz.stopwords()
  local locative = gaz.words("locative")
  local role_word, dict_names = gaz.words("role_word"), gaz.dict_names()
  local legal_suffix = gaz.words("legal_suffix")
  local entity_find = gaz.entity_find
  local a = context.analyze(text)
  local sub, byte, find = string.sub, string.byte, string.find

  -- 1. Names in the lists: in text order, never overlapping, so they need
  -- no sorting.
  local listed = LISTED
  local nl = 0
  local es, ee, ev = a.es, a.ee, a.ev
  local pstate
  for i = 1, a.ne do
    local s, e, v = es[i], ee[i], ev[i]
    local kind, attrs, prio
    if v.upper then
      -- A capitalised place counts only as a dateline, at a paragraph's start.
      pstate = pstate or { i = 1 }
      local pkind, ps = para_kind_at(paras, pstate, s)
      if pkind and s - ps <= 2 and v.place then
        kind, attrs, prio = "place", attrs_of[v.place] or place_attrs(v.place), 0
      end
    elseif v.org then
      kind, attrs, prio = "org", attrs_of[v.org] or org_attrs(v.org), 3
    elseif v.place then
      local p = v.place
      local skip = false
      -- A place that is also a first name, before a surname: a person.
      if v.first and first_names[sub(text, s, e - 1)] then
        local nw, nws = next_word(text, e)
        -- "Sofia da Cunha": the surname after its particles
        PARTICLES = PARTICLES or data.set("name_particles.txt")
        while nw and PARTICLES[nw] do nw, nws = next_word(text, nws + #nw) end
        if nw and is_cap(nw) and not common[nw:lower()] and not stop[nw:lower()]
            and not entity_find(nw) then
          skip = true
        end
      end
      -- After a first name ("Michael Jordan"), unless a country.
      if not skip and p.type ~= "country" then
        local pw = prev_word(text, s)
        if pw and first_names[pw] and not common[pw:lower()] and is_cap(pw)
            and not entity_find(pw) then
          skip = true
        end
      end
      if not skip then
        local gov = v.gov
        if gov and capital_as_actor(text, s, e, locative) then
          kind, attrs, prio = "org", { name = gov, type = "government" }, 0
        else
          kind, attrs, prio = "place", attrs_of[p] or place_attrs(p), 3
        end
      end
    elseif v.demonym then
      kind, attrs, prio = "demonym", attrs_of[v.demonym] or demonym_attrs(v.demonym), 0
    end
    if kind then
      nl = nl + 1
      local c = listed[nl]
      if not c then
        c = {}
        listed[nl] = c
      end
      c.s, c.e, c.kind, c.attrs, c.prio, c.idx = s, e, kind, attrs, prio, nil
    end
  end

  -- Other candidates: few, sorted at the end and merged with the listed.
  local cands = {}
  local function new_candidate(s, e, kind, attrs, prio)
    cands[#cands + 1] = { s = s, e = e, kind = kind, attrs = attrs, prio = prio }
  end

  -- A capitalised word in no list at s that may be a place: its end.
  local function unlisted_place_at(s)
    local e = lpeg.match(PLAIN_CAP_WORD_END, text, s) or lpeg.match(CAP_WORD_END, text, s)
    if not e then return nil end
    local w = sub(text, s, e - 1)
    local after = byte(text, e)
    if not (after == 39 or (after == 226 and sub(text, e, e + 2) == "\226\128\153"))
        and not entity_find(w) and not common[w:lower()] and not stop[w:lower()]
        and not first_names[w] and not w:find("^%u+$") and not gaz.title_find(w)
        and not MONTHS[w] then
      local nw = next_word(text, e)
      if not (nw and is_cap(nw)) then return e, w end
    end
    return nil
  end
  -- 2. Names in no list, around head words and cues.
  local learned -- surface -> attrs of org names learned in this document
  local function learn(surface, attrs)
    learned = learned or {}
    if not learned[surface] then learned[surface] = attrs end
  end
  -- An org named by the capitalised word at s (ending at re) and up to four
  -- capitalised words after it, unless a list knows the name: a candidate,
  -- and the name learned for the rest of the document.
  local function unlisted_org(s, re)
    for _ = 1, 4 do
      local w2, ws2 = next_word(text, re)
      if not w2 or not is_cap(w2) or stop[w2:lower()] then break end
      re = ws2 + #w2
    end
    local name = sub(text, s, re - 1)
    if not entity_find(name) then
      new_candidate(s, re, "org", { name = name }, 1)
      learn(name, { name = name })
    end
  end
  local cs, ce, cv = a.cs, a.ce, a.cv
  for i = 1, a.nc do
    local s, e, v = cs[i], ce[i], cv[i]
    -- "the South Korean Park Jae-won": a head word that is a Korean family
    -- name before a given name ("Jae-won", "Ho-jin") heads nothing.
    if (v.org_head or v.place_head) and find(text, "^ %u%l%l?%l?%-%l%l%l?%l?%f[^%w%-]", e) then
      v = NO_CUE
    end
    if v.org_head or v.place_head then
      local ls = extend_left(text, s, stop)
      local re = extend_right(text, e)
      if not v.org_head and re > e then
        -- "the Southern Ocean and the Faroe Trough": two places ("Bay of
        -- Bengal" is one).
        local cut = find(text, " and ", e, true)
        if cut and cut < re then re = cut end
      end
      if v.org_head and re == e and ls < s then
        -- "the group Mothers for Clean Air": capitalised words and "for"
        -- before the name belong to it, after a lower-case word (not at
        -- a sentence's start: "Tickets for Nordvik Air").
        local pw, pws = prev_word(text, ls)
        if pw == "for" then
          local w0, ws0, poss0, dot0 = prev_word(text, pws)
          if w0 and not poss0 and not dot0 and is_cap(w0) and not stop[w0:lower()] then
            local l0 = extend_left(text, ws0, stop)
            local wb, _, _, dotb = prev_word(text, l0)
            if wb and not dotb and find(wb, "^%l") then ls = l0 end
          end
        end
      end
      if ls < s or re > e then
        local name = sub(text, ls, re - 1)
        if v.org_head then
          -- "Foreign Affairs" or "Red Sea": a head word in the middle makes
          -- the phrase an org only when the org head ends or starts it.
          if re == e and ls < s and legal_suffix[sub(text, s, e - 1)] then
            -- "Permata Logistik Bhd": the company is named without its legal
            -- form, and so found without it (and by its first word) later.
            local short = sub(text, ls, s - 2)
            new_candidate(ls, re, "org", { name = short }, 2)
            learn(short, { name = short })
            local fw = short:match("^(%S+) %S+$")
            if fw and not find(fw, "[^%w%-\128-\255]") and not entity_find(fw) and not common[fw:lower()]
                and not stop[fw:lower()] and not first_names[fw] and not dict_names[fw]
                and not gaz.title_find(fw) then
              learn(fw, { name = short })
            end
          else
            new_candidate(ls, re, "org", { name = name }, 2)
          end
          -- "Selvaris Therapeutics": "Selvaris" alone is the same company
          -- later on.
          if re == e and ls < s then
            local short = sub(text, ls, s - 2)
            local lw = short:lower()
            if not find(short, "[^%w%-]") and not entity_find(short) and not common[lw]
                and not stop[lw] and not first_names[short] and not gaz.title_find(short) then
              learn(short, { name = name })
            end
          end
        elseif v.place_head and ls < s then
          new_candidate(ls, re, "place", { name = name }, 2)
        end
      elseif v.org_head then
        local pw = prev_word(text, ls)
        if pw and pw:lower() == "the" then
          -- "the Ministry", "the Fund": the org of that head named before.
          new_candidate(s, e, "org", { head = sub(text, s, e - 1) }, -1)
        end
      end
    elseif v.place_generic then
      -- "Zhejiang province", "the Allenby crossing": the name before.
      local pw, ws, poss = prev_word(text, s)
      if pw and not poss and is_cap(pw) and not stop[pw:lower()] then
        local ls = extend_left(text, ws, stop)
        local w1 = sub(text, ls, ws + #pw - 1)
        local before_w = prev_word(text, ls)
        if not (ls == ws and common[pw:lower()] and (not before_w or before_w:find("[.!?]$"))) then
          new_candidate(ls, ws + #pw, "place", { name = w1 }, -1)
        end
      end
    end
    if v.place_generic or v.place_of then
      -- "the city of Malatya", "the mayor of Faenza", "the provinces of
      -- Ravenna and Forli"
      local nw, nws = next_word(text, e)
      if nw == "of" then
        local w2, ws2 = next_word(text, nws + 2)
        if w2 and is_cap(w2) and not stop[w2:lower()] then
          new_candidate(ws2, ws2 + #w2, "place", { name = w2 }, -1)
          local e2 = ws2 + #w2
          if find(text, "^ and ", e2) then
            local e3, w3 = unlisted_place_at(e2 + 5)
            if e3 then new_candidate(e2 + 5, e3, "place", { name = w3 }, -2) end
          end
        end
      end
    end
    if v.org_cue then
      -- "the consultancy Analytica Sur", "agency AFAD"
      local nw, nws = next_word(text, e)
      if nw and is_cap(nw) and not stop[nw:lower()] then
        unlisted_org(nws, nws + #nw)
      elseif byte(text, e) == 44 and byte(text, e + 1) == 32 then
        -- "The chain, Greenway Foodstores, said": after "the" and the cue,
        -- capitalised words set off by commas name it (not a person's
        -- first name: "The firm, Anna Berg said, ...").
        local pw = prev_word(text, s)
        local w1, ws1 = next_word(text, e + 1)
        if (pw == "the" or pw == "The") and w1 and ws1 == e + 2 and is_cap(w1)
            and not stop[w1:lower()] and not first_names[w1] and not entity_find(w1) then
          local re = ws1 + #w1
          for _ = 1, 4 do
            local w2, ws2 = next_word(text, re)
            if not w2 or not is_cap(w2) or stop[w2:lower()] then break end
            re = ws2 + #w2
          end
          if byte(text, re) == 44 then unlisted_org(ws1, ws1 + #w1) end
        end
      end
      -- "Voltaïa Cells, the French battery maker, ...": the capitalised
      -- words before a definite apposition that the cue ends name the
      -- body (not a cue that is a person's occupation too: "a film
      -- producer"; not a first name or a dictionary name: a person).
      local q = s
      local cue = sub(text, s, e - 1)
      -- Only where ", the " stands in the few words before the cue.
      local near = find(sub(text, s > 120 and s - 120 or 1, s - 1), ", the ", 1, true)
      local tries = near and not (role_word[cue] or gaz.title_find(cue)) and 4 or 0
      for _ = 1, tries do
        local pw, pws = prev_word(text, q)
        if not pw then break end
        if pw == "the" then
          if sub(text, pws - 2, pws - 1) == ", " then
            local ne = pws - 2
            local w, ws, poss, dot = prev_word(text, ne)
            if w and not poss and not dot and is_cap(w) and not stop[w:lower()] then
              local ls = extend_left(text, ws, stop)
              local fw = text:match("^[^%s,]+", ls)
              local name = sub(text, ls, ne - 1)
              if fw and not first_names[fw] and not dict_names[fw] and not stop[fw:lower()]
                  and not entity_find(name) and not gaz.title_find(fw) then
                new_candidate(ls, ne, "org", { name = name }, 1)
                learn(name, { name = name })
                -- "Voltaïa" alone later on: the first word of two.
                if ws > ls and find(sub(text, ls, ws - 2), "^[^%s]+$") and not common[fw:lower()] then
                  learn(fw, { name = name })
                end
              end
            end
          end
          break
        end
        q = pws
      end
    end
  end

  -- 3. Acronyms defined in brackets: "National Direction (ND)".
  local at_paren = text:find("(", 1, true)
  if at_paren then
    local org_by_end = {}
    for i = 1, nl do
      local c = listed[i]
      if c.kind == "org" then org_by_end[c.e] = c end
    end
    for i = 1, #cands do
      local c = cands[i]
      if c.kind == "org" then org_by_end[c.e] = c end
    end
    while at_paren do
      local ps = at_paren
      local acr = text:match("^%((%u[%u%d]+)%)", ps)
      at_paren = text:find("(", ps + 1, true)
      if acr and #acr <= 8 then
        local nameend = ps
        while nameend > 1 and sub(text, nameend - 1, nameend - 1):find("[ \t]") do nameend = nameend - 1 end
        -- An org already found ending there gives its name to the acronym.
        local owner = org_by_end[nameend]
        if owner then
          learn(acr, owner.attrs)
        else
          -- Capitalised words whose initials spell the acronym.
          -- (connectors and commas between them spell nothing: "Police
          -- of the Republic of Mozambique (PRM)", "Philippine Atmospheric,
          -- Geophysical and Astronomical Services Administration (PAGASA)")
          local ls = nameend
          local initials = {}
          for _ = 1, #acr + 6 do
            local k = ls - 1
            while k > 1 and byte(text, k) == 32 do k = k - 1 end
            if byte(text, k) == 44 then ls = k end
            local w, ws = prev_word(text, ls)
            if not w then break end
            if CONNECT[w] or w == "the" then
              if #initials == 0 then break end
              ls = ws
            elseif is_cap(w) then
              table.insert(initials, 1, w:sub(1, 1))
              ls = ws
              if table.concat(initials) == acr then break end
            else
              break
            end
          end
          if table.concat(initials) == acr then
            local name = sub(text, ls, nameend - 1)
            if not entity_find(name) then
              new_candidate(ls, nameend, "org", { name = name }, 2)
              learn(name, { name = name })
              learn(acr, { name = name })
            end
          end
        end
      end
    end
  end

  -- 4. A capitalised word in no list after "in", "near", "from",
  -- "between", "at", "outside", "into" or "off": a place ("in Yiwu",
  -- "between Gao and Ansongo"), but not a body after a role ("a negotiator
  -- at Havenbond"); the runs the shared scan marks.
  local locs = a.locs
  local listed_end -- start -> end of the listed places
  for i = 1, #locs do
    local s = locs[i]
    local e, w = unlisted_place_at(s)
    local employer = works_at(text, s)
    if employer then
      -- "an analyst at Banco Meridional": the employer is an org.
      local fw = next_word(text, s - 1)
      if fw and not entity_find(fw) and not common[fw:lower()] and not stop[fw:lower()]
          and not first_names[fw] and not gaz.title_find(fw) then
        unlisted_org(s, s + #fw)
      end
      e = nil
    elseif e then
      new_candidate(s, e, "place", { name = w }, -2)
    else
      if not listed_end then
        listed_end = {}
        for k = 1, nl do
          local c = listed[k]
          if c.kind == "place" then listed_end[c.s] = c.e end
        end
      end
      e = listed_end[s]
    end
    -- "between Gao and Ansongo", "in Ravenna and Forli": the place after
    -- "and" too.
    if e and find(text, "^ and ", e) then
      local s2 = e + 5
      local e2, w2 = unlisted_place_at(s2)
      if e2 then new_candidate(s2, e2, "place", { name = w2 }, -2) end
    end
  end

  -- 4b. A dateline in capitals that no list knows: "MALATYA, Turkey --".
  for ip = 1, #paras do
    local p = paras[ip]
    local b, b2 = byte(text, p.s, p.s + 1)
    -- Two capitals (or a capital, then a space, hyphen or apostrophe).
    if b and b >= 65 and b <= 90 and b2 and ((b2 >= 65 and b2 <= 90) or b2 == 32 or b2 == 45 or b2 == 39) then
      local w, e = text:match("^(%u[%u%-' ]*%u)()[,(]", p.s)
      if not w then w, e = text:match("^(%u[%u%-' ]*%u)() [(\226]", p.s) end
      if w and #w >= 3 and not entity_find(w) and e - p.s < 30 then
        local name = w:lower():gsub("(%a)([%w']*)", function(x, y) return x:upper() .. y end)
        new_candidate(p.s, e, "place", { name = name }, -2)
      end
    end
  end

  -- 5. "said on X": the social network.
  local at = text:find("on X", 1, true)
  while at do
    if not is_alnum(byte(text, at - 1)) and not is_alnum(byte(text, at + 4)) then
      new_candidate(at + 3, at + 4, "org", { name = "X", type = "company" }, 0)
    end
    at = text:find("on X", at + 4, true)
  end

  -- 6. Learned names wherever else they occur.
  if learned then
    local g = G.new()
    for surface, attrs in pairs(learned) do g:add(surface, attrs) end
    for s, e, attrs in g:match(text) do
      new_candidate(s, e, "org", { name = attrs.name, type = attrs.type }, 1)
    end
  end

  -- 7. Longest first, then priority; no two spans overlap.
  local nc = #cands
  if nc > 1 then table.sort(cands, before) end
  local chosen = {}
  local nch = 0
  local li, ci = 1, 1
  while li <= nl or ci <= nc do
    -- The next of the two lists in order (the listed first on a tie).
    local c
    local x, y = li <= nl and listed[li] or nil, cands[ci]
    local take_x = y == nil
    if x ~= nil and y ~= nil then
      -- not before(y, x), inline
      if y.s ~= x.s then take_x = y.s > x.s
      elseif y.e ~= x.e then take_x = y.e < x.e
      else take_x = y.prio <= x.prio end
    end
    if take_x then
      c = x
      li = li + 1
    else
      c = y
      ci = ci + 1
    end
    local last = chosen[nch]
    if last and c.s < last.e then
      -- Overlap: keep the longer, or on a tie the higher priority.
      local lc, ll = c.e - c.s, last.e - last.s
      if lc > ll or (lc == ll and c.prio > last.prio) then chosen[nch] = c end
    else
      nch = nch + 1
      chosen[nch] = c
    end
  end

  -- 8. Emit, resolving "the Ministry" against the orgs named before and
  -- generic bodies ("Commerce Ministry") against the country around them.
  local country_of
  local last_org_by_head = {}
  -- A listed org whose canonical name is an acronym ("USAID") is named
  -- by its longest form the document writes ("US Agency for International
  -- Development"), on every mention.
  local spelled
  for i = 1, nch do
    local c = chosen[i]
    local attrs = c.attrs
    if acronym_attrs[attrs] and c.e - c.s > #attrs.name then
      spelled = spelled or {}
      local prev = spelled[attrs]
      if not prev or c.e - c.s > #prev.name then
        spelled[attrs] = { name = sub(text, c.s, c.e - 1), type = attrs.type }
      end
    end
  end
  for i = 1, nch do
    local c = chosen[i]
    local attrs = c.attrs
    local kind = c.kind
    if kind == "org" then
      if spelled and spelled[attrs] then attrs = spelled[attrs] end
      local name = attrs.name
      if name and is_generic(name) then
        if not country_of then
          for k = 1, nch do chosen[k].idx = k end
          country_of = country_reader(chosen, nch)
        end
        local place, surface = country_of(text, c, found.sentences or {})
        if place then attrs = { name = qualify(name, place, surface), type = "government" } end
      end
      if attrs.head then
        local ref = last_org_by_head[attrs.head]
        if ref then emit("org", c.s, c.e, { name = ref.name, type = ref.type }) end
      else
        emit("org", c.s, c.e, attrs)
        local heads = org_heads(attrs.name or "")
        for k = 1, #heads do last_org_by_head[heads[k]] = attrs end
      end
    else
      emit(kind, c.s, c.e, attrs)
    end
  end
end

return M
