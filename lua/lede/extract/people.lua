--[[
lede.extract.people -- the person extractor.

Promise: a person span is a named individual's name as written, without
titles, honorifics or a possessive ("US Secretary of State Antony
Blinken’s" -> "Antony Blinken"), never overlapping a place, org or demonym
found before. Attributes:
  name         the canonical full name, the fullest form the document
               gives, for every mention (surname-only "Blinken", first-
               name-only "Sophie", possessive "Calloway’s"); a surname the
               document never completes stays as written (see
               resolve_corpus)
  role         the position the mention states, as written without
               determiners and without the words giving the affiliation:
               a title before the name ("Foreign Minister"), an apposition
               ("Chen, an economist at ..."), a role before a comma ("Its
               director general, Amara Nwosu"); nil when the mention states
               none
  affiliation  the canonical place or org that role phrase names
               ("US envoy" -> "United States", "an analyst at the Brussels
               Institute" -> that org; "Its" -> the org named just before)
  gender       "m" or "f" when the first name, a title (spokeswoman, Mrs.)
               or the pronouns after the person's mentions tell; the same
               for every mention of one canonical name

How: one pass in C (lede.names) over the text with the places, orgs and
demonyms found before and the titles masked finds runs of capitalised
words (with name particles: al-, bin, van der), so that each run is a
candidate name (lone stop words, months and weekdays are dropped by the
pass itself); a candidate is a name when a first name
list, the dictionary (a word that is not a common English word), a title
before it, or a speech verb next to it says so, with stricter evidence in
Title Case headlines and at sentence starts. A common word or month
opening a run is still a first name when a title or a speech verb comes
before, a role apposition after, or (a month, a non-name word) the
surname comes back alone ("Agriculture Commissioner Jan Novák", "Rim
Benali, a Libya analyst at ..."); so are the short given names that are
English words (An, Do, So: "Do Kwon ... Kwon said"), never in a question.
Honorifics and ranks (data/titles.txt: Mr, Rev, Father, Hajji, Det Insp,
Sgt ...) are masked like titles, so they never enter a name. Full names are
collected first; then every single-word mention of one of their parts
(also a surname with its particle: "De Wit", "Al-Mansouri", "D'Almeida")
resolves to them, also when written with other accents or apostrophes
("Zuniga" for "Sofía Zúñiga", "Tran" for "Trần Thị Hạnh", d' for d’); a
part the scan drops alone (a month, a stop word: "June", "Do" for "Đỗ")
is a mention next to a speech verb or in a list with a name; a surname
several people share goes, after a gendered title ("Mrs Okoro"), to the
one of that gender last named in full.

M.resolve_corpus(docs) completes surname-only names across documents (see
there).
]]

local lpeg = require "lpeg"
local gaz = require "lede.extract.gaz"
local context = require "lede.extract.context"
local data = require "lede.data"

local prev_word, next_word = context.prev_word, context.next_word
local byte, sub, find = string.byte, string.sub, string.find

local M = {
  name = "people",
  version = "15",
  kinds = { "person" },
  needs = { "place", "org", "demonym" },
}

---------------------------------------------------------------- word lists

local lists
local function words()
  if lists then return lists end
  local months = {}
  for _, row in ipairs(data.table("time_words.txt")) do
    if row[1] == "month" or row[1] == "weekday" then
      for i = 3, #row do months[row[i]] = true end
    end
  end
  lists = {
    first = gaz.first_names(),
    common = gaz.common_words(),
    stop = gaz.stopwords(),
    speech = gaz.speech_verbs(),
    pronouns = gaz.pronouns(),
    org_head = gaz.words("org_head"),
    place_head = gaz.words("place_head"),
    state_word = gaz.words("state_word"),
    role_word = gaz.words("role_word"),
    role_modifier = gaz.words("role_modifier"),
    locative = gaz.words("locative"),
    post_nominal = gaz.words("post_nominal"),
    kinship = gaz.words("kinship"),
    storm_head = gaz.words("storm_head"),
    groups = gaz.groups(),
    time = months,
    particles = data.set("name_particles.txt"),
  }
  return lists
end

---------------------------------------------------------------- the scan

-- A run: capitalised words (a word starting with a capital: "al-Sisi"
-- starts lower-case but is one word with its particle, and "J." is an
-- initial), separated by single spaces or free particles ("bin", "van
-- der"). The scan (lede.names, core/lx_names.c: one pass in C) reads the
-- text with the entities found before and the titles masked, so that a run
-- is already a name's segment; it starts a run only where no letter comes
-- before (a capital inside "iPhone" starts nothing), and drops a run of one
-- stop word, month or weekday ("The", "In", "May"). Result, flat: for each
-- run the start and the text of each word, then 0.
local names = require "lede.names"
local P, R = lpeg.P, lpeg.R

local SCANNER
local function scanner(L)
  if SCANNER then return SCANNER end
  -- Stop words capitalised, months and weekdays.
  local list = {}
  for w in pairs(L.stop) do list[#list + 1] = w:sub(1, 1):upper() .. w:sub(2) end
  for w in pairs(L.time) do list[#list + 1] = w end
  table.sort(list)
  -- The particles as data/name_particles.txt has them; the articles among
  -- them open no name.
  local particles, articles = {}, {}
  for line in data.lines("name_particles.txt") do particles[#particles + 1] = line end
  for w in pairs(gaz.words("particle_article")) do articles[#articles + 1] = w end
  SCANNER = names.scanner(list, particles, articles)
  return SCANNER
end

-- The ranges the scan masks, from the entities found before and the
-- titles, in text order: starts and ends in MS, ME (reused), and their
-- number. A title's last word stays when " bin " follows ("Sultan bin
-- Khalifa").
local MS, ME = {}, {}
local function mask_ranges(text, ne, es, ee, ts, te, nt)
  local n = 0
  local i, j = 1, 1
  while i <= ne or j <= nt do
    local s, e
    if i <= ne and (j > nt or es[i] <= ts[j]) then
      s, e = es[i], ee[i]
      i = i + 1
    else
      s, e = ts[j], te[j]
      j = j + 1
      if find(text, "^ +[bi][ib]n ", e) and byte(text, e - 1) ~= 46 then
        -- Up to the space before the title's last word.
        local w = e
        while w > s and byte(text, w - 1) ~= 32 do w = w - 1 end
        e = w > s and w - 1 or s
      end
    end
    n = n + 1
    MS[n], ME[n] = s, e
  end
  return MS, ME, n
end

local DETERMINERS = { a = true, an = true, the = true, its = true, his = true, her = true,
                      their = true, our = true, this = true, that = true }
local PREPS = { at = true, of = true, ["for"] = true, with = true, ["in"] = true, on = true,
                from = true }

local AFF_PREPS = { at = true, of = true, ["for"] = true, with = true }

-- Does w start with a capital (ASCII, or the lead byte of a Latin one)?
local function is_cap(w)
  local b = w and string.byte(w, 1)
  return b ~= nil and ((b >= 65 and b <= 90) or (b >= 195 and b <= 213))
end

-- A table memoising f(word): the same capitalised words come back in
-- every document. Emptied when it grows past MEMO_MAX words, so memory
-- stays bounded on any corpus.
local MEMO_MAX = 100000
local function memo(f)
  local count = 0
  return setmetatable({}, { __index = function(t, w)
    local v = f(w)
    count = count + 1
    if count > MEMO_MAX then
      for k in pairs(t) do t[k] = nil end
      count = 0
    end
    t[w] = v
    return v
  end })
end

-- Lower-case forms.
local LOWER = memo(string.lower)
local function lower(w) return LOWER[w] end

-- Whether a word starts with a lower-case particle and a hyphen ("al-Sisi")
-- or an elided d' ("d'Almeida", "d’Almeida").
local PARTICLE_WORD = memo(function(w)
  return w:find("^%l+%-") ~= nil or w:find("^d'") ~= nil or w:find("^d\226\128\153") ~= nil
end)

-- A name folded for comparison: Latin letters without their marks
-- ("Zúñiga" -> "Zuniga", "Trần Thị Hạnh" -> "Tran Thi Hanh";
-- data/latin_base.txt), ’ as '. SPECIAL finds the strings that folding may
-- change (any byte past ASCII, an apostrophe).
local SPECIAL = "[\128-\255']"
local fold = require("lede.extract.salience").plain

-- Whether a word is a Korean given name as news writes it: two syllables
-- joined by a hyphen, the second lower-case ("Jae-won", "Ho-jin").
local KOREAN_GIVEN = memo(function(w) return w:find("^%u%l%l?%l?%-%l%l%l?%l?$") ~= nil end)

-- Whether a word is all ASCII capitals ("IDF"), or such a plural ("MPs",
-- "NGOs").
local ALLCAPS = memo(function(w) return w:find("^%u+$") ~= nil or w:find("^%u%u+s$") ~= nil end)

---------------------------------------------------------------- spans index

-- Spans found before (places, orgs, demonyms) in text order: the three
-- lists, each in order, merged; their starts and ends also in ES, EE
-- (reused arrays: the first #out entries hold the current document).
local ES, EE = {}, {}
local function merge_entities(found)
  local pl, og, dm = found.place or {}, found.org or {}, found.demonym or {}
  local out = {}
  local i, j, k, n = 1, 1, 1, 0
  local x, y, z = pl[1], og[1], dm[1]
  while x or y or z do
    local best = x
    if y and (not best or y.s < best.s) then best = y end
    if z and (not best or z.s < best.s) then best = z end
    n = n + 1
    out[n] = best
    ES[n], EE[n] = best.s, best.e
    if best == x then i = i + 1; x = pl[i]
    elseif best == y then j = j + 1; y = og[j]
    else k = k + 1; z = dm[k] end
  end
  -- Lists made by other extractors may come unsorted.
  for m = 2, n do
    if ES[m] < ES[m - 1] then
      table.sort(out, function(p, q) return p.s < q.s end)
      for q = 1, n do ES[q], EE[q] = out[q].s, out[q].e end
      break
    end
  end
  return out
end

local function entity_name(x)
  if not x then return nil end
  if x.kind == "demonym" then return x.attrs.place end
  return x.attrs.name
end

---------------------------------------------------------------- helpers

local function para_at(paras, state, pos)
  local i = state.i
  while paras[i] and paras[i].e <= pos do i = i + 1 end
  state.i = i
  local p = paras[i]
  if p and p.s <= pos then return p end
  return nil
end

-- Is position s the start of a sentence (or a line, or after an opening
-- quote or a colon)?
local function sentence_start(text, s)
  local i = s - 1
  local c = byte(text, i)
  while c == 32 or c == 9 do
    i = i - 1
    c = byte(text, i)
  end
  if i < 1 then return true end
  -- \n . ! ? : "
  if c == 10 or c == 46 or c == 33 or c == 63 or c == 58 or c == 34 then return true end
  if c == 156 or c == 152 or c == 148 then
    local q = sub(text, i - 2, i)
    return q == "\226\128\156" or q == "\226\128\152" or q == "\226\128\148"
  end
  return false
end

local function is_byline(text, p)
  if p == nil then return false end
  if p.kind == "byline" then return true end
  local b1, b2, b3 = byte(text, p.s, p.s + 2)
  return b1 == 66 and b2 == 121 and b3 == 32 -- "By "
end

-- A line is in Title Case when most of its words are capitalised.
local function title_case_line(text, p)
  if not p or is_byline(text, p) then return false end
  if p.kind == "headline" or p.kind == "subhead" then
    local caps, all = 0, 0
    for w in text:sub(p.s, p.e - 1):gmatch("%a[%w'%-]*") do
      all = all + 1
      if w:find("^%u") then caps = caps + 1 end
    end
    return all >= 3 and caps * 10 >= all * 6
  end
  return false
end

---------------------------------------------------------------- roles

-- The role phrase made of `ws` (an array of {w=, s=, e=}): strips
-- determiners, takes an entity at its start or inside as the affiliation,
-- and needs a role head at its end. Returns role, affiliation (or nil).
local function parse_role(text, ws, ent_at, last_org, L, keep_places)
  local i, n = 1, #ws
  local aff
  while i <= n and DETERMINERS[lower(ws[i].w)] do
    if lower(ws[i].w) == "its" and last_org then aff = last_org end
    i = i + 1
  end
  if i > n then return nil end
  local parts = {}
  for j = i, n do
    -- "the Tripoli-based prime minister": where (no role, no affiliation)
    if not find(ws[j].w, "%-based$") then
      local x = ent_at(ws[j].s)
      if x and keep_places and x.kind == "place" then
        parts[#parts + 1] = ws[j]
      elseif x then
        aff = aff or entity_name(x)
      else
        parts[#parts + 1] = ws[j]
      end
    end
  end
  if #parts == 0 then return nil end
  local last = lower(parts[#parts].w)
  local title = gaz.title_find(parts[#parts].w)
  if not (L.role_word[last] or title or gaz.title_find(last)) then
    -- "Secretary of State": a title over several words.
    local phrase = text:sub(parts[1].s, parts[#parts].e - 1)
    if not gaz.title_find(phrase) then return nil end
  end
  local out = {}
  for j, w in ipairs(parts) do
    out[j] = text:sub(w.s, w.e - 1)
  end
  return table.concat(out, " "), aff
end

-- The words before position s back to a boundary that can hold a role
-- ("Egyptian Foreign Minister", "US envoy", "Bank of Ghana governor"):
-- only when a title or role word ends right before the name.
local function role_before(text, s, ctx)
  local L = ctx.L
  local ti = ctx.title_by_end[s] or ctx.title_by_end[s - 1]
  local tv = ti and ctx.tv[ti]
  local ws, start
  if ti then
    -- An honorific is no role: the role is what stands before it ("Prime
    -- Minister Sheikh ..."), and its start is where a role before a comma
    -- ends ("Qatar's minister of state, Sheikh ...").
    if tv.kind == "honorific" then
      local hs = ctx.ts[ti]
      local role, aff, g, hs2 = role_before(text, hs, ctx)
      return role, aff, g or tv.gender, hs2 or hs
    end
    local ts, te = ctx.ts[ti], ctx.te[ti]
    start = ts
    ws = { { w = text:sub(ts, te - 1), s = ts, e = te } }
  else
    local w, wstart, poss, dot = prev_word(text, s)
    if not w or poss or dot or not L.role_word[w] then return nil end
    start = wstart
    ws = { { w = w, s = wstart, e = wstart + #w } }
  end
  local gender = tv and tv.gender
  local lowercase_taken = false
  for _ = 1, 5 do
    local w, wstart, poss, dot = prev_word(text, start)
    if not w or dot then break end
    local x = ctx.entity_end(wstart + #w)
    if x then
      table.insert(ws, 1, { w = w, s = x.s, e = x.e })
      break
    end
    local t2 = ctx.title_by_end[wstart + #w]
    local lw = lower(w)
    if poss then break end
    if L.role_modifier[lw] or t2 then
      table.insert(ws, 1, { w = w, s = wstart, e = wstart + #w })
      start = wstart
    elseif is_cap(w) and not L.stop[lw] and not ctx.is_name_at(wstart) then
      table.insert(ws, 1, { w = w, s = wstart, e = wstart + #w })
      start = wstart
    elseif not is_cap(w) and not L.stop[lw] and not lowercase_taken then
      -- One noun modifier ("trade minister", "toy exporter"), only after a
      -- boundary, so that a verb ("met Minister ...") is never taken.
      local w2, _, poss2, dot2 = prev_word(text, wstart)
      -- "Chief financial officer": a modifier of roles before it.
      local boundary = not w2 or dot2 or L.stop[lower(w2)] or ctx.entity_end(wstart - 1)
        or L.role_modifier[lower(w2)]
      if not boundary and w2 then boundary = ctx.entity_end(wstart - 1) ~= nil or poss2 end
      if not boundary then break end
      table.insert(ws, 1, { w = w, s = wstart, e = wstart + #w })
      start = wstart
      lowercase_taken = true
    else
      break
    end
  end
  -- A possessive entity before the phrase: "Mali's Foreign Minister".
  local role, aff = parse_role(text, ws, ctx.entity_at, nil, L)
  if role and not aff then
    -- Only a word ending in "s" can be a possessive: look before asking.
    local p = ws[1].s
    local b1, b2 = byte(text, p - 2, p - 1)
    if p > 2 and (b2 == 115 or ((b2 == 32 or b2 == 9) and (b1 == 115 or b1 == 32 or b1 == 9))) then
      local w, wstart, poss = prev_word(text, p)
      if w and poss then
        local x = ctx.entity_end(wstart + #w)
        if x then aff = entity_name(x) end
      end
    end
  end
  return role, aff, gender
end

-- The next word after anything else: its start, the end of its plain
-- part (ASCII letters, digits, hyphens), its end.
local SEG_WORD
do
  local plain = R("az", "AZ", "09") + P"-"
  local any = plain + P"'" + R"\128\255"
  -- It starts at a letter, digit or non-ASCII byte ("'" and "-" before
  -- are skipped).
  SEG_WORD = (1 - (R("az", "AZ", "09") + R"\128\255"))^0 * lpeg.Cp() * plain^0 * lpeg.Cp() * any^0
    * lpeg.Cp()
end

-- Words of text[s, e) as {w=, s=, e=} (letters, digits, inner ' - .),
-- appended to out from position pos on, at most max of them (all without
-- max); returns out and the position after the last word read.
local function split_words(text, s, e, max, out, pos)
  out = out or {}
  pos = pos or s
  local n = #out
  while pos < e and (not max or n < max) do
    local a, m, b = lpeg.match(SEG_WORD, text, pos)
    if not a or a >= e then
      pos = e
      break
    end
    if b > e then b = e end
    local w = sub(text, a, b - 1)
    local poss = false
    if m < b then
      -- Glued curly punctuation is not part of a word.
      while w:find("^\226\128[\144-\159]") do w = w:sub(4); a = a + 3 end
      -- "the Conservatives’ critic": a plural's possessive.
      if w:find("%ls\226\128\153$") or w:find("%ls'$") then poss = true end
      while w:find("\226\128[\144-\159]$") do w = w:sub(1, -4) end
      if w:find("%ls'$") then w = w:sub(1, -2) end
      if w:find("'s$") then w, poss = w:sub(1, -3), true
      elseif w:find("\226\128\153s$") then w, poss = w:sub(1, -5), true end
    end
    if w ~= "" then
      n = n + 1
      out[n] = { w = w, s = a, e = a + #w, poss = poss }
    end
    pos = b
  end
  return out, pos
end

-- From a position to the next clause punctuation, dash or quote mark; to
-- the next clause punctuation (over the reversed text: the previous one).
local TO_CLAUSE_END = (1 - (lpeg.S",.;:()\n" + lpeg.P"\226\128" * lpeg.S"\147\148\156\157"))^0 * lpeg.Cp()
local TO_PUNCT = (1 - lpeg.S",.;:\n()")^0 * lpeg.Cp()

-- "NAME, a senior fellow at the X," / "NAME, president of the X": the
-- apposition after the name ending at e.
local function role_after(text, e, ctx)
  local L = ctx.L
  if not text:find("^,[ \t]", e) then return nil end
  -- Up to the next punctuation, dash or quote mark.
  local stop = lpeg.match(TO_CLAUSE_END, text, e + 1)
  -- Up to "who", "which" and the like: words read as far as needed (a
  -- clause after the comma can be long).
  local seg, pos = split_words(text, e + 2, stop, 4)
  if #seg == 0 then return nil end
  local function more(n)
    if #seg < n and pos < stop then seg, pos = split_words(text, e + 2, stop, n + 3, seg, pos) end
  end
  local role_ws = {}
  local aff, aff_org
  local i = 1
  while i <= #seg do
    more(i + 3)
    local lw = lower(seg[i].w)
    if lw == "who" or lw == "whose" or lw == "which" or lw == "that" or lw == "and" then break end
    if PREPS[lw] and #role_ws > 0 then
      -- The object of "at/of/for": its entity is the affiliation unless the
      -- preposition is part of a title ("Minister of State").
      local t = gaz.title_find(text:sub(role_ws[1].s, (seg[i + 1] or seg[i]).e - 1))
      if not t then
        if AFF_PREPS[lw] then
          local j = i + 1
          if seg[j] and seg[j].w == "the" then j = j + 1 end
          if seg[j] and ctx.org_cue[seg[j].w] then j = j + 1 end
          local x = seg[j] and ctx.entity_at(seg[j].s)
          if x then aff, aff_org = entity_name(x), x.kind == "org" end
        end
        break
      end
    end
    role_ws[#role_ws + 1] = seg[i]
    i = i + 1
  end
  if #role_ws == 0 then return nil end
  -- "the opposition’s finance spokesperson": from after a possessive.
  for j = #role_ws, 1, -1 do
    local w = role_ws[j]
    if w.poss then
      local x = ctx.entity_at(w.s)
      if x then aff = aff or entity_name(x) end
      local rest = {}
      for k = j + 1, #role_ws do rest[#rest + 1] = role_ws[k] end
      role_ws = rest
      break
    end
  end
  if #role_ws == 0 then return nil end
  local lob = ctx.last_org_before(e)
  -- "a Libya analyst at the International Crisis Group": the place is
  -- what the role covers, the org after "at" whom it belongs to.
  local role, aff2 = parse_role(text, role_ws, ctx.entity_at, lob, L, aff_org)
  if not role then
    -- "NAME, spokesperson, Ministry of ...": an org right after the role.
    return nil
  end
  if not aff and stop <= #text and text:sub(stop, stop) == "," then
    local x = ctx.entity_at((text:match("^,[ \t]*()", stop)))
    if x and x.kind == "org" then aff = entity_name(x) end
  end
  return role, aff2 or aff
end

-- The role in the last noun phrase before the comma at `comma`, when the
-- clause is longer or starts otherwise than role_comma_before reads:
-- "said its commander, NAME", "said a spokeswoman for the agency, NAME",
-- "The former president of the Port Authority, NAME", "The committee's
-- chair, NAME". The phrase starts at its determiner or after its
-- possessor; a phrase after of/for/at/with is that preposition's object,
-- and the role is the phrase before it (its org, if any, the affiliation).
local NP_PREPS = { of = true, ["for"] = true, at = true, with = true }
local NP_PREP_WORDS = { " of ", " for ", " at ", " with " }
local function role_last_np(text, comma, ctx)
  local L = ctx.L
  local lo = comma - 160
  if lo < 1 then lo = 1 end
  local n = #text
  local punct = n - lpeg.match(TO_PUNCT, context.reversed(text), n - comma + 2) + 1
  local from = punct >= lo and punct + 1 or lo
  -- Cheap tests first: the phrase ends in a role word or title, or a
  -- preposition in the clause may end it.
  local final = prev_word(text, comma)
  if not (final and (L.role_word[lower(final)] or gaz.title_find(final)
      or gaz.title_find(lower(final)))) then
    local clause = sub(text, from, comma):lower()
    local pp = false
    for k = 1, #NP_PREP_WORDS do
      if find(clause, NP_PREP_WORDS[k], 1, true) then pp = true break end
    end
    if not pp then return nil end
  end
  local seg = split_words(text, from, comma, 16)
  local nseg = #seg
  if nseg == 0 or nseg >= 16 then return nil end
  -- The start of the phrase ending at word `last`: its determiner or the
  -- word after its possessor (and that possessor).
  local function np_start(last)
    for i = last, 1, -1 do
      local w = seg[i]
      if w.poss then return i + 1, w end
      if DETERMINERS[lower(w.w)] then return i, nil end
    end
    return nil
  end
  local i, possessor = np_start(nseg)
  if not i then return nil end
  local aff
  if i > 2 and NP_PREPS[lower(seg[i - 1 - (possessor and 1 or 0)].w)] then
    -- The object of a preposition: its org is the affiliation.
    local obj = possessor and i - 1 or i
    for k = obj, nseg do
      local x = ctx.entity_at(seg[k].s)
      if x and x.kind == "org" then aff = entity_name(x) break end
    end
    local j, poss2 = np_start(obj - 2)
    if not j then return nil end
    i, possessor, nseg = j, poss2, obj - 2
  end
  if possessor then
    local x = ctx.entity_at(possessor.s)
    if x then aff = entity_name(x) end
  end
  if i > nseg then return nil end
  local np = {}
  for k = i, nseg do np[#np + 1] = seg[k] end
  local role, aff2 = parse_role(text, np, ctx.entity_at, ctx.last_org_before(from), L)
  if not role then return nil end
  return role, aff or aff2
end

-- "Its director general, Amara Nwosu" / "A White House spokesman, Aaron
-- Pike": the role before a comma right before the name at s.
local function role_comma_before(text, s, ctx)
  local L = ctx.L
  local comma = s - 1
  if comma < 2 then return nil end
  local b0, b = byte(text, comma - 1, comma)
  if b ~= 44 then
    -- Spaces or tabs between: usually one ("Nwosu, Amara" is not).
    if not (b == 32 or b == 9) then return nil end
    if b0 ~= 44 and b0 ~= 32 and b0 ~= 9 then return nil end
    comma = comma - 1
    b = b0
    while comma > 1 and (b == 32 or b == 9) do
      comma = comma - 1
      b = byte(text, comma)
    end
    if b ~= 44 then return nil end
  end
  -- Back to the clause start: punctuation or the start of the line, at
  -- most 80 bytes back (read forwards in the reversed text).
  local lo = comma - 80
  if lo < 1 then lo = 1 end
  local n = #text
  local punct = n - lpeg.match(TO_PUNCT, context.reversed(text), n - comma + 2) + 1
  local from = punct >= lo and punct + 1 or lo
  local seg = split_words(text, from, comma, 8)
  if #seg == 0 or #seg > 7 then return role_last_np(text, comma, ctx) end
  -- Drop a leading preposition phrase ("for Ghana") at the end.
  local keep = {}
  for _, w in ipairs(seg) do
    local lw = lower(w.w)
    if (lw == "for" or lw == "of" or lw == "in") and #keep > 0 then break end
    keep[#keep + 1] = w
  end
  -- Possessives inside: "Hamas’s senior negotiator".
  local aff
  for j = #keep, 1, -1 do
    local w = keep[j]
    if w.poss then
      local x = ctx.entity_at(w.s)
      if x then aff = entity_name(x) end
      local rest = {}
      for k = j + 1, #keep do rest[#rest + 1] = keep[k] end
      keep = rest
      break
    end
  end
  if #keep == 0 then return role_last_np(text, comma, ctx) end
  -- The phrase must start with a determiner, an entity or a possessor.
  local first = lower(keep[1].w)
  if not (DETERMINERS[first] or ctx.entity_at(keep[1].s) or aff) then
    return role_last_np(text, comma, ctx)
  end
  local role, aff2 = parse_role(text, keep, ctx.entity_at, ctx.last_org_before(from), L)
  if not role then return role_last_np(text, comma, ctx) end
  return role, aff or aff2
end

---------------------------------------------------------------- extract

-- A capitalised word read as a common word or a month ("Rim", "Jan", "May")
-- opening a run (words sw[1..k], starts ss, ends se) before a surname-like
-- word (capitalised, no stop word, month or head word; particles between:
-- "Rim El Idrissi", "Jan van der Berg"): is it a first name? "title" when a
-- title ends right before it ("Agriculture Commissioner Jan Novák") or a
-- speech verb comes before ("said Will Hocking"), "role" when an
-- apposition with a role follows the surname ("Rim Benali, a Libya
-- analyst at ..."), "recurs" when that depends on the surname (then no
-- common word either) being mentioned alone elsewhere (the caller checks),
-- false when the surname is no surname.
local function first_word_kept(text, sw, ss, se, k, L, title_by_end)
  local surname = sw[k]
  local ls = LOWER[surname]
  if not is_cap(surname) or L.stop[ls] or L.time[surname] or ALLCAPS[surname]
      or L.org_head[surname] or L.place_head[surname] or L.state_word[surname]
      or L.groups[surname] then
    return false
  end
  for m = 2, k - 1 do
    local lw = LOWER[sw[m]]
    if not (L.particles[lw] or L.particles[lw .. "-"]) then return false end
  end
  -- "An Ji-hoon": a Korean given name after the family name.
  if k == 2 and KOREAN_GIVEN[surname] then return "title" end
  -- A free particle between ("Jan van der Berg": the scan leaves the
  -- particles out of the words): a month or a common word is never
  -- followed so; a name is.
  if k == 2 and ss[2] - se[1] > 1 then return "particle" end
  local s, e = ss[1], se[k]
  if title_by_end[s - 1] or title_by_end[s - 2] then return "title" end
  local pw = prev_word(text, s)
  if pw and L.speech[pw] then return "title" end
  -- "His assistant, Will Ferguson,": a role word or title before a comma
  -- right before the name.
  if byte(text, s - 2) == 44 and byte(text, s - 1) == 32 then
    local rw = prev_word(text, s - 2)
    if rw and (L.role_word[rw] or title_by_end[s - 2]) then return "title" end
  end
  -- "One of them, June Okafor, who ...": a relative pronoun of persons.
  if find(text, "^,? who[ms]?e? ", e) then return "role" end
  local clause = text:match("^,[ \t]+([^,.;:()\n]*)", e)
  if clause then
    local w1 = clause:match("^(%a+)")
    if w1 and (DETERMINERS[LOWER[w1]] or L.role_word[w1] or L.role_modifier[w1]) then
      for w in clause:gmatch("[%a%-]+") do
        if L.role_word[w] or gaz.title_find(w) then return "role" end
      end
    end
  end
  if L.common[ls] then return false end
  return "recurs"
end

-- Is the text from e to ns (exclusive) a space, lower-case particles
-- each followed by a space, and nothing else (at most 20 bytes)?
local function joined_by_particles(text, e, ns, particles)
  if ns - e < 3 or ns - e > 20 or byte(text, e) ~= 32 then return false end
  local gap = sub(text, e + 1, ns - 1)
  local n = 0
  for w, sp in gap:gmatch("(%l+)( ?)") do
    if not particles[w] or sp ~= " " then return false end
    n = n + #w + 1
  end
  return n == #gap
end

local function surname_of(parts, L)
  -- The last part, with particles before it ("Abu Shanab", "van der Leyen").
  local n = #parts
  local i = n
  while i > 1 and L.particles[lower(parts[i - 1])] do i = i - 1 end
  if i == n then return parts[n] end
  return table.concat(parts, " ", i, n)
end

-- Pronouns after a mention, for its gender: flat position, class (1
-- he/his, 2 him, 3 she, 4 her) of whole ASCII words, "she" reported one
-- byte after its start (lede.names.pronouns: one pass in C).
local pronouns = names.pronouns

-- The class of a whole pronoun word, as names.pronouns reads it.
local PRONOUN_CLASS = {}
for _, w in ipairs { "he", "hi", "hes", "his" } do
  PRONOUN_CLASS[w] = 1
  PRONOUN_CLASS["H" .. w:sub(2)] = 1
end
PRONOUN_CLASS.him, PRONOUN_CLASS.Him = 2, 2
PRONOUN_CLASS.she, PRONOUN_CLASS.She = 3, 3
PRONOUN_CLASS.her, PRONOUN_CLASS.Her = 4, 4

local function is_ascii_letter(b)
  return b ~= nil and ((b >= 97 and b <= 122) or (b >= 65 and b <= 90))
end

local SAY_AFTER = { said = true, says = true, told = true, added = true, warned = true,
                    wrote = true, asked = true, explained = true, insisted = true,
                    noted = true, argued = true, replied = true, answered = true,
                    recalled = true, laughed = true, admitted = true, stated = true,
                    declared = true, conceded = true, acknowledged = true, believes = true,
                    thinks = true, spoke = true, has = true, had = true, is = true, was = true,
                    will = true, would = true, did = true, does = true, met = true }

-- The arrays of candidates and of the segment being read, reused from one
-- document to the next (they never leave extract; counts say how far they
-- hold the current document).
local POOL = { cs = {}, ce = {}, cx = {}, cp = {}, cw = {}, cm = {}, person = {}, parts = {},
               sw = {}, ss = {}, se = {}, people = {} }

-- Per paragraph, whether it is a byline and whether it is a Title Case
-- line; cached in a table keyed by the paragraph.
local function line_kind(text, p, cache)
  local k = cache[p]
  if k == nil then
    if is_byline(text, p) then k = "byline"
    elseif title_case_line(text, p) then k = "title"
    else k = "text" end
    cache[p] = k
  end
  return k
end

function M.extract(doc, emit, found)
  local text = doc.text
  local L = words()
  local a = context.analyze(text)
  local ents = merge_entities(found)
  local nents = #ents
  local paras = found.paragraphs or {}
  local stop, time, common, first = L.stop, L.time, L.common, L.first
  local org_head, place_head, state_word = L.org_head, L.place_head, L.state_word
  local particles, post_nominal = L.particles, L.post_nominal
  local kinds = {} -- paragraph -> line_kind

  -- Title matches by their end: the index into a.ts, a.te, a.tv.
  local ts, te, tv, nt = a.ts, a.te, a.tv, a.nt
  local title_by_end = {}
  for i = 1, nt do title_by_end[te[i]] = i end

  -- 1. Runs of capitalised words, cut at entities and titles into
  -- segments; each segment trimmed of stop words, months and days at its
  -- ends and of a common word opening a sentence: a candidate, as start,
  -- end and its words (a string for one word, else an array).
  -- Candidates: start, end, text, paragraph, and the word (one word) or
  -- the words (several).
  local cs, ce, cx, cp, cw, cm = POOL.cs, POOL.ce, POOL.cx, POOL.cp, POOL.cw, POOL.cm
  local person, parts_pool = POOL.person, POOL.parts
  local ncand = 0
  local sw, ss, se = POOL.sw, POOL.ss, POOL.se -- the segment being read: words, starts, ends
  local k = 0
  local pstate = { i = 1 }
  local tentative -- candidates whose first word is a name only if the surname recurs
  local function flush()
    local i = 1
    local keep = false
    local p = para_at(paras, pstate, ss[1])
    local w1 = sw[1]
    if p and (k > 1 or w1 ~= "By") and (kinds[p] or line_kind(text, p, kinds)) == "byline" then
      -- "By Can Öztürk and ...": after the byline's "By" every word is
      -- the name.
      if w1 == "By" then i = 2 end
    else
      -- Leading stop words, months and days; a common word opening a
      -- sentence or after "and"/"of" ("Minister of Foreign Affairs and
      -- Expatriates Rami ...").
      while i <= k do
        local w = sw[i]
        local lw = LOWER[w]
        if i < k and particles[lw] then
          break -- "Van der Berg", "De Wit": a surname with its particle
        elseif (stop[lw] or time[w]) and not find(text, "^ +[bi][ib]nt? ", se[i]) then
          if i == 1 and k >= 2 and first[w] then
            keep = first_word_kept(text, sw, ss, se, k, L, title_by_end)
            -- "Will", "Even", "Do": a title, a role or a surname mentioned
            -- alone ("Do Kwon ... Kwon said") says so, never in a question
            -- ("Will Novak stay?").
            if keep == "recurs" and not time[w] then
              local q = find(text, "[.?!\n]", se[k])
              if q and byte(text, q) == 63 then keep = false end
            end
            if keep then break end
          end
          i = i + 1
        elseif i < k and common[lw] and not first[w] then
          local pw = prev_word(text, ss[i])
          if pw == "and" or pw == "of" or sentence_start(text, ss[i]) then
            if i == 1 then
              keep = first_word_kept(text, sw, ss, se, k, L, title_by_end)
              if keep then break end
            end
            i = i + 1
          else
            break
          end
        elseif i >= k and #w > 1 and ALLCAPS[w] then
          i = i + 1 -- an acronym alone is no name
        else
          break
        end
      end
    end
    -- "the mayor of Lugo Anna Bianchi", "LUGO Anna Bianchi said": a word
    -- that is no first name after "of" or a locative (or in capitals),
    -- then a first name and a surname: the first word is a place.
    if k - i >= 2 and not first[sw[i]] and first[sw[i + 1]] and ss[i + 1] == se[i] + 1
        and not keep then
      local pw = prev_word(text, ss[i])
      if (pw and (pw == "of" or L.locative[pw])) or (#sw[i] > 1 and ALLCAPS[sw[i]]) then
        i = i + 1
      end
    end
    local j = k
    while j >= i and (time[sw[j]] or stop[LOWER[sw[j]]] or (j > i and post_nominal[sw[j]])) do
      -- "Lê Văn An": a first name that is a stop word ends a name in
      -- running text (not in a Title Case line: "Talks In Doha").
      if j == k and j > i and first[sw[j]] and stop[LOWER[sw[j]]] and not time[sw[j]]
          and not (p and (kinds[p] or line_kind(text, p, kinds)) == "title") then
        break
      end
      j = j - 1
    end
    if j >= i then
      ncand = ncand + 1
      cs[ncand], ce[ncand], cp[ncand], person[ncand] = ss[i], se[j], p or false, false
      if i == j then
        cw[ncand], cm[ncand], cx[ncand] = sw[i], false, sw[i]
      else
        local parts = parts_pool[ncand]
        if not parts then
          parts = {}
          parts_pool[ncand] = parts
        end
        local len = j - i + 1
        for m = 1, len do parts[m] = sw[i + m - 1] end
        for m = len + 1, #parts do parts[m] = nil end
        cw[ncand], cm[ncand], cx[ncand] = false, parts, sub(text, ss[i], se[j] - 1)
      end
      if keep == "recurs" then
        tentative = tentative or {}
        tentative[#tentative + 1] = ncand
        tentative[#tentative + 1] = ss[2]
      end
    end
    k = 0
  end
  local runs = scanner(L):runs(text, mask_ranges(text, nents, ES, EE, ts, te, nt))
  local r = 1
  local s = runs[1]
  while s do
    if s == 0 then
      local ns = runs[r + 1]
      local gap = ns and k > 0 and ns - se[k]
      if gap and gap >= 3 and gap <= 20 and joined_by_particles(text, se[k], ns, particles) then
        -- "Camila del Río": a particle the scan does not read as one
        -- ("del", "della", "das", "bint") joins the two runs.
        r = r + 1
      else
        if k > 0 then flush() end
        r = r + 1
      end
    else
      local w = runs[r + 1]
      k = k + 1
      sw[k], ss[k], se[k] = w, s, s + #w
      r = r + 2
    end
    s = runs[r]
  end

  -- A first word kept only for a surname the document repeats alone
  -- ("Rim Benali ... Benali said"): otherwise it opened a sentence.
  if tentative then
    local alone = {}
    for n = 1, ncand do
      if cw[n] then alone[cw[n]] = true end
    end
    for t = 1, #tentative, 2 do
      local n = tentative[t]
      local parts = cm[n]
      local np = #parts
      if not alone[parts[np]] then
        cs[n] = tentative[t + 1]
        if np == 2 then
          cw[n], cm[n], cx[n] = parts[2], false, parts[2]
        else
          table.remove(parts, 1)
          cx[n] = sub(text, cs[n], ce[n] - 1)
        end
      end
    end
  end

  local ctx = {
    L = L, title_by_end = title_by_end, ts = ts, te = te, tv = tv,
    org_cue = gaz.words("org_cue"),
  }
  -- Entity covering position p (binary search), ending at e, the last org
  -- before p: for the context rules, a few per person.
  function ctx.entity_at(p)
    local lo, hi = 1, nents
    while lo <= hi do
      local mid = (lo + hi) // 2
      if EE[mid] <= p then lo = mid + 1
      elseif ES[mid] > p then hi = mid - 1
      else return ents[mid] end
    end
    return nil
  end
  -- Spans that never overlap have their ends in order too (else a table).
  local overlap = false
  for m = 2, nents do
    if ES[m] < EE[m - 1] then overlap = true break end
  end
  local by_end
  function ctx.entity_end(e)
    if overlap then
      if not by_end then
        by_end = {}
        for i = 1, nents do by_end[EE[i]] = ents[i] end
      end
      return by_end[e]
    end
    local lo, hi = 1, nents
    while lo <= hi do
      local mid = (lo + hi) // 2
      local me = EE[mid]
      if me < e then lo = mid + 1
      elseif me > e then hi = mid - 1
      else return ents[mid] end
    end
    return nil
  end
  function ctx.last_org_before(p)
    -- The last org of the same paragraph, within the 300 bytes before p.
    local lo = p - 300
    if lo < 1 then lo = 1 end
    local q = find(text, "\n", lo, true)
    while q and q < p do
      lo = q + 1
      q = find(text, "\n", lo, true)
    end
    -- The first entity starting at or after lo, then forwards.
    local x1, x2 = 1, nents
    while x1 <= x2 do
      local mid = (x1 + x2) // 2
      if ES[mid] < lo then x1 = mid + 1 else x2 = mid - 1 end
    end
    local best
    for m = x1, nents do
      if ES[m] >= p then break end
      local x = ents[m]
      if x.kind == "org" and EE[m] <= p then best = x end
    end
    return best and best.attrs.name
  end

  local full = {}      -- canonical names, in order of first mention
  local by_part = {}   -- a name's part or surname -> canonical
  local people = POOL.people -- accepted mentions (the first npeople)
  local name_at = {}   -- start position -> true for accepted mentions
  ctx.is_name_at = function(p) return name_at[p] end

  -- Keys in the order they were set, and the same keys folded (accents,
  -- curly apostrophes: "Zúñiga" and "Zuniga" are one name), made only
  -- once a key or a looked-up word needs folding.
  -- Keys with a byte folding may change (accents, apostrophes), folded:
  -- "Zúñiga" -> "Zuniga"; plain keys fold to themselves (by_part).
  local by_fold
  local dropped -- parts of full names the scan drops when alone (months, stop words)
  local shared -- surname -> the full names (two or more) that end in it
  local function set(key, canonical)
    if by_part[key] then return end
    by_part[key] = canonical
    if find(key, SPECIAL) then
      by_fold = by_fold or {}
      local f = fold(key)
      if not by_fold[f] then by_fold[f] = canonical end
    end
  end
  -- The canonical name of a word or name written with other accents or
  -- apostrophes than a known one.
  local function folded(w)
    if find(w, SPECIAL) then
      local f = fold(w)
      return by_part[f] or (by_fold and by_fold[f])
    end
    return by_fold and by_fold[w]
  end

  local function register(parts, canonical)
    if not by_part[canonical] then
      local same = folded(canonical)
      if same then
        -- "Sofia Zuniga" after "Sofía Zúñiga": the name first written.
        by_part[canonical] = same
        return
      end
      full[#full + 1] = canonical
      set(canonical, canonical)
      if not parts then return end
      local surname = surname_of(parts, L)
      if by_part[surname] and by_part[surname] ~= canonical then
        -- "Grace Okoro", "Emmanuel Okoro": a surname of several people.
        shared = shared or {}
        local list = shared[surname]
        if not list then
          list = { by_part[surname] }
          shared[surname] = list
        end
        list[#list + 1] = canonical
      end
      set(surname, canonical)
      for m = 1, #parts do
        local w = parts[m]
        set(w, canonical)
        if by_part[w] == canonical then
          -- The scan drops this word alone ("June said", "Do" for "Đỗ"):
          -- looked for below.
          local fw = by_fold and find(w, SPECIAL) and fold(w) or w
          if time[fw] or stop[LOWER[fw]] then
            dropped = dropped or {}
            dropped[#dropped + 1] = fw
            dropped[fw] = canonical
          end
        end
        -- "Al-Mansouri" opening a sentence, "D'Almeida"
        if PARTICLE_WORD[w] then set(w:sub(1, 1):upper() .. w:sub(2), canonical) end
      end
      -- "de Wit", "van der Berg" after the first name: the surname with its
      -- particles, also capitalised ("De Wit said").
      local tail = canonical:match("^%S+ (%l+ .+)$")
      if tail and particles[tail:match("^%l+")] then
        set(tail, canonical)
        set(tail:sub(1, 1):upper() .. tail:sub(2), canonical)
      end
    end
  end

  -- Storm names ("Typhoon Dalisay"): never a person's, there or later.
  local storms
  for head in pairs(L.storm_head) do
    local at = find(text, head .. " ", 1, true)
    while at do
      local nw = next_word(text, at + #head)
      if nw and is_cap(nw) then
        storms = storms or {}
        storms[nw] = true
      end
      at = find(text, head .. " ", at + #head, true)
    end
  end

  -- 2. Full names: two words or more, no head word, and evidence enough
  -- (more in Title Case lines, less in bylines).
  for n = 1, ncand do
    local parts = cm[n]
    if parts then
      local head = storms ~= nil and L.storm_head[parts[1]] ~= nil
      -- "Park Jae-won": a Korean given name after the family name says
      -- the first word is no head word.
      local korean = #parts == 2 and KOREAN_GIVEN[parts[2]]
      for m = korean and 2 or 1, #parts do
        local w = parts[m]
        if org_head[w] or place_head[w] or state_word[w] then head = true break end
      end
      if not head then
        local c_s, c_e = cs[n], ce[n]
        local p = cp[n]
        local need = 2
        if p then
          local lk = kinds[p] or line_kind(text, p, kinds)
          if lk == "title" then need = 3 elseif lk == "byline" then need = 1 end
        end
        local ev = 0
        local w1 = parts[1]
        if first[w1] then ev = ev + (common[LOWER[w1]] and 1 or 2) end
        for m = 1, #parts do
          local w = parts[m]
          if not common[LOWER[w]] and not (m == 1 and first[w]) then ev = ev + 1 end
          if PARTICLE_WORD[w] then ev = ev + 2 end
        end
        if korean then ev = ev + 1 end
        local name = cx[n]
        if ev < need then
          if find(name, " [bi][ib]n ") or find(name, " bint ") then ev = ev + 2 end
          if title_by_end[c_s - 1] or title_by_end[c_s - 2] then ev = ev + 2 end
          if ev < need then
            local nw = next_word(text, c_e)
            if nw and SAY_AFTER[nw] then ev = ev + 1 end
            if find(text, "^, an? ", c_e) or find(text, "^, the ", c_e)
                or find(text, "^, who[ms]?e? ", c_e) then
              ev = ev + 1
            end
          end
          -- "the party's emergency critic, Hope Gallant, opened ...": a role
          -- before a comma, the name set off by commas.
          if ev < need and byte(text, c_s - 2) == 44 and byte(text, c_e) == 44 then
            local rw = prev_word(text, c_s - 2)
            if rw and (L.role_word[rw] or title_by_end[c_s - 2]) then ev = ev + 2 end
          end
        end
        if ev >= need then
          person[n] = true
          register(parts, name)
        end
      end
    end
  end

  -- 3. Single words (and partial names): parts of a full name, or a name a
  -- title, a speech verb or a first-name list vouches for.
  local speech, dict_names = L.speech, gaz.dict_names()
  local npeople = 0
  for n = 1, ncand do
    local c_s, c_e, w = cs[n], ce[n], cw[n]
    local p = cp[n]
    local text_of = cx[n]
    local is_person, name = person[n], nil
    if not is_person then
      local canonical = by_part[text_of] or folded(text_of)
      if storms and storms[w or text_of] then -- luacheck: ignore 542
        -- a storm's name: "Typhoon Dalisay ... Dalisay weakened"
      elseif canonical then
        is_person, name = true, canonical
      elseif w and not (org_head[w] or place_head[w] or state_word[w]) then
        local titled = title_by_end[c_s - 1] ~= nil
        local ok = false
        if not common[LOWER[w]] and not time[w] and not ALLCAPS[w] then
          if titled then
            ok = true
          else
            local nw = next_word(text, c_e)
            local says = nw and SAY_AFTER[nw]
            if says then
              -- "the river at Faenza has ...": after a locative, a place.
              local pw, _, _, dot = prev_word(text, c_s)
              if pw and not dot and L.locative[pw] then says = false end
            end
            if not says then
              local pw = prev_word(text, c_s)
              says = pw and speech[LOWER[pw]] and find(pw, "^%l")
            end
            local at_start
            if says then
              at_start = sentence_start(text, c_s)
              if not at_start or (not first[w] and dict_names[w] == nil) then ok = true end
            end
            if not ok then
              -- "a schoolteacher named Farangis", "gave his name only as
              -- Dodong", "her husband, Davron,": a person's name.
              local pw, pws = prev_word(text, c_s)
              if pw == "named" or pw == "called" then
                local rw = prev_word(text, pws)
                ok = rw ~= nil and (L.role_word[rw] or L.kinship[rw]) ~= nil
              elseif pw == "as" then
                ok = find(sub(text, c_s - 20 > 0 and c_s - 20 or 1, c_s - 1), "name,? ?o?n?l?y? as $") ~= nil
              elseif byte(text, c_s - 2) == 44 and byte(text, c_s - 1) == 32 then
                local kw = prev_word(text, c_s - 2)
                ok = kw ~= nil and L.kinship[kw] ~= nil
              end
            end
            if not ok and first[w] then
              if at_start == nil then at_start = sentence_start(text, c_s) end
              if not at_start and not (p and (kinds[p] or line_kind(text, p, kinds)) == "title") then
                -- Not after a preposition of place ("moved to Bradford").
                local pw = prev_word(text, c_s)
                ok = not (pw and L.locative[pw])
              elseif at_start and find(text, "^, who[ms]?e? ", c_e) then
                ok = true -- "Dirk, who has worked in the port ..."
              end
            end
          end
        elseif titled and not ALLCAPS[w] then
          ok = true
        end
        if ok then
          is_person = true
          register(false, w)
        end
      end
    else
      -- "De Wit" after "Sanne de Wit": the full name it ends
      name = by_part[text_of] or text_of
    end
    if is_person then
      npeople = npeople + 1
      local c = people[npeople]
      if not c then
        c = {}
        people[npeople] = c
      end
      c.s, c.e, c.single, c.para, c.name = c_s, c_e, w, p, name or by_part[text_of] or text_of
      name_at[c_s] = true
    end
  end

  -- "June said", "said Will": a part of a full name that the scan drops
  -- alone (a month, a stop word) is a mention next to a speech verb.
  local extra = {}
  if dropped then
    -- Is the word at..e in a list of names ("Do, An and Bảo were ...")
    -- where a mention found already stands?
    local function listed_with_name(at, e)
      for _ = 1, 4 do
        local nx = text:match("^, ()", e) or text:match("^,? and ()", e)
        if not nx then break end
        if name_at[nx] then return true end
        local w2 = text:match("^[%a\128-\255]+", nx)
        if not (w2 and dropped[w2]) then break end
        e = nx + #w2
      end
      -- "Khoa and Do", "Khoa, Do": a mention ends before the separator.
      local q
      if sub(text, at - 5, at - 1) == " and " then q = at - 5
      elseif sub(text, at - 2, at - 1) == ", " then q = at - 2 end
      if q then
        if byte(text, q - 1) == 44 then q = q - 1 end
        for ip = 1, npeople do
          if people[ip].e == q then return true end
        end
      end
      return false
    end
    for d = 1, #dropped do
      local w = dropped[d]
      local at = find(text, w, 1, true)
      while at do
        local e = at + #w
        local after = byte(text, e)
        if not name_at[at] and not is_ascii_letter(byte(text, at - 1))
            and (after == 32 or after == 44) and not ctx.entity_at(at) then
          local nw = after == 32 and next_word(text, e)
          local pw = prev_word(text, at)
          if (nw and speech[nw]) or (pw and speech[pw] and find(pw, "^%l")
              and not find(text, "^ *%d", e)) or listed_with_name(at, e) then
            extra[#extra + 1] = { s = at, e = e, single = w, name = dropped[w],
                                  para = para_at(paras, { i = 1 }, at) or false }
            name_at[at] = true
          end
        end
        at = find(text, w, e, true)
      end
    end
  end
  if #extra > 0 then
    local all = {}
    for ip = 1, npeople do all[ip] = people[ip] end
    for x = 1, #extra do all[npeople + x] = extra[x] end
    table.sort(all, function(x, y) return x.s < y.s end)
    npeople = #all
    for ip = 1, npeople do people[ip] = all[ip] end
  end

  -- "said Mrs Okoro" where Grace, Emmanuel and Daniel Okoro are named:
  -- the one a gendered title fits, of those the latest named in full.
  if shared then
    local last = {}
    for ip = 1, npeople do
      local c = people[ip]
      local list = c.single and shared[c.single]
      if list then
        local ti = title_by_end[c.s - 1]
        local g = ti and tv[ti].gender
        if g then
          -- A first name of that gender, else one of either ("u").
          local best, best_at = nil, 0
          for pass = 1, 2 do
            for m = 1, #list do
              local cand = list[m]
              local at = last[cand]
              local fg = first[cand:match("^%S+")]
              if at and at > best_at and (fg == g or (pass == 2 and fg == "u")) then
                best, best_at = cand, at
              end
            end
            if best then break end
          end
          if best then c.name = best end
        end
      elseif not c.single then
        last[c.name] = c.s
      end
    end
  end

  -- A shorter full name that is the end of a longer one ("Fattah al-Sisi"):
  -- the first full name ending in it after a space.
  local longer
  for ip = 1, npeople do
    local c = people[ip]
    if not c.single and by_part[c.name] == c.name then
      if not longer then
        longer = {}
        for _, other in ipairs(full) do
          local at = find(other, " ", 1, true)
          while at do
            local tail = sub(other, at + 1)
            if longer[tail] == nil then longer[tail] = other end
            at = find(other, " ", at + 1, true)
          end
        end
        -- "Ahmad Faizal" for "Ahmad Faizal bin Osman": a beginning of two
        -- words or more.
        for _, other in ipairs(full) do
          local at = find(other, " ", 1, true)
          at = at and find(other, " ", at + 1, true)
          while at do
            local head = sub(other, 1, at - 1)
            if longer[head] == nil then longer[head] = other end
            at = find(other, " ", at + 1, true)
          end
        end
      end
      local l = longer[c.name]
      if l then c.name = l end
    end
  end

  -- A first name alone after a person's possessive and a kinship noun
  -- ("Pickering's brother Neil") is that relative: the possessor's
  -- surname completes it, for all its mentions (not the possessor's name).
  local kin, renamed = L.kinship, nil
  for ip = 2, npeople do
    local c = people[ip]
    local w = c.single
    if w and c.name == w and first[w] then
      local kw, ks = prev_word(text, c.s)
      if kw and kin[kw] and not renamed then renamed = {} end
      if kw and kin[kw] and not renamed[w] then
        local owner = people[ip - 1]
        local gap = owner.e < ks and sub(text, owner.e, ks - 1)
        if (gap == "'s " or gap == "\226\128\153s ") and not first[sub(text, owner.s, owner.e - 1)] then
          local oparts = {}
          for part in owner.name:gmatch("%S+") do oparts[#oparts + 1] = part end
          if #oparts >= 1 and not first[oparts[#oparts]] then
            renamed[w] = w .. " " .. surname_of(oparts, L)
          end
        end
      end
    end
  end
  if renamed then
    for ip = 1, npeople do
      local c = people[ip]
      local nn = renamed[c.name]
      if nn then c.name = nn end
    end
  end

  -- 4. Gender: first name, title (with the roles), then the pronouns after
  -- the mentions.
  local gender = {}
  for ip = 1, npeople do
    local c = people[ip]
    local f = c.name:match("^(%S+)")
    local g = first[f]
    if (g == "m" or g == "f") and not gender[c.name] then gender[c.name] = g end
  end
  -- 5. Roles and emission.
  for ip = 1, npeople do
    local c = people[ip]
    local role, aff, tgender
    local cpara = c.para
    if not (cpara and (kinds[cpara] or line_kind(text, cpara, kinds)) == "byline") then
      local hs
      role, aff, tgender, hs = role_before(text, c.s, ctx)
      -- An apposition needs a comma right after the name (so no
      -- possessive there).
      if not role and byte(text, c.e) == 44 then role, aff = role_after(text, c.e, ctx) end
      -- "Qatar's minister of state, Sheikh Khalid": before the honorific.
      if not role then role, aff = role_comma_before(text, hs or c.s, ctx) end
    end
    if role and not tgender then
      local tvv = gaz.title_find(role:match("(%S+)$"))
      tgender = tvv and tvv.gender
    end
    if tgender and not gender[c.name] then gender[c.name] = tgender end
    c.role, c.aff = role, aff
  end
  -- The pronouns after the mentions of a name that neither its first name
  -- nor a title gives a gender (found once for the document, by class).
  local votes_m, votes_f = {}, {}
  local need = false
  for ip = 1, npeople do
    if not gender[people[ip].name] then need = true break end
  end
  if need then
    local pron = { {}, {}, {}, {} }
    local all = pronouns(text)
    for m = 1, #all, 2 do
      local cls = all[m + 1]
      local list = pron[cls]
      list[#list + 1] = cls == 3 and all[m] - 1 or all[m]
    end
    local ptr = { 1, 1, 1, 1 }
    local n_text = #text
    for idx = 1, npeople do
      local c = people[idx]
      local name = c.name
      if not gender[name] then
        -- Up to the next person's mention and at most ~2 sentences.
        local limit = c.e + 240
        local nxt = idx < npeople and people[idx + 1]
        if nxt and nxt.s < limit and nxt.name ~= name then limit = nxt.s end
        if limit > n_text + 1 then limit = n_text + 1 end
        -- A word the limit cuts is read as cut ("he" of "help").
        local cut_at, cut_class = limit, nil
        if limit <= n_text then
          local b1, b2 = byte(text, limit - 1, limit)
          if is_ascii_letter(b1) and is_ascii_letter(b2) then
            local ws = limit - 1
            while ws > c.e and is_ascii_letter(byte(text, ws - 1)) do ws = ws - 1 end
            cut_at = ws
            if limit - ws <= 3 then cut_class = PRONOUN_CLASS[sub(text, ws, limit - 1)] end
          end
        end
        local f1, f2, f3, f4
        for cls = 1, 4 do
          local list, j = pron[cls], ptr[cls]
          local at = list[j]
          while at and at < c.e do
            j = j + 1
            at = list[j]
          end
          ptr[cls] = j
          if not (at and at < cut_at) then at = cut_class == cls and cut_at or nil end
          if cls == 1 then f1 = at elseif cls == 2 then f2 = at elseif cls == 3 then f3 = at else f4 = at end
        end
        local he, she = f1 or f2, f3 or f4
        if he and (not she or he < she) then votes_m[name] = (votes_m[name] or 0) + 1
        elseif she then votes_f[name] = (votes_f[name] or 0) + 1 end
      end
    end
  end

  for ip = 1, npeople do
    local c = people[ip]
    local g = gender[c.name]
    if not g then
      local vm, vf = votes_m[c.name] or 0, votes_f[c.name] or 0
      if vm > vf then g = "m" elseif vf > vm then g = "f" end
    end
    emit("person", c.s, c.e, { name = c.name, role = c.role, affiliation = c.aff, gender = g })
  end
end

---------------------------------------------------------------- corpus

--[[
M.resolve_corpus(docs) -- completes names across a corpus.

docs: an array of arrays of person spans (each {attrs = {name = ...}}), one
array per document (the spans extract emitted). A mention whose name is one
word (the document never gave the full name) takes the full name of the
same surname (or, for names written family-name first, the same first
part) from the other documents when exactly one full name there fits.
Changes attrs.name in place; returns the number of mentions changed.
Per-document extraction never needs this: the driver calls it once after
extracting every document, then rewrites the changed spans.
]]
function M.resolve_corpus(docs)
  local candidates = {}
  local function add(key, name)
    local t = candidates[key]
    if not t then
      t = {}
      candidates[key] = t
    end
    t[name] = true
  end
  for _, spans in ipairs(docs) do
    for _, sp in ipairs(spans) do
      local name = sp.attrs and sp.attrs.name
      if type(name) == "string" and name:find(" ") then
        add(name:match("(%S+)$"), name)
        add(name:match("^(%S+)"), name)
      end
    end
  end
  local changed = 0
  for _, spans in ipairs(docs) do
    for _, sp in ipairs(spans) do
      local name = sp.attrs and sp.attrs.name
      if type(name) == "string" and not name:find(" ") then
        local t = candidates[name]
        if t then
          local only, n = nil, 0
          for full in pairs(t) do only, n = full, n + 1 end
          if n == 1 then
            sp.attrs.name = only
            changed = changed + 1
          end
        end
      end
    end
  end
  return changed
end

return M
