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

How: one LPeg pass finds runs of capitalised words (with name particles:
al-, bin, van der); the parts covered by places, orgs, demonyms (found
before) and titles are cut out; what remains is a name when a first name
list, the dictionary (a word that is not a common English word), a title
before it, or a speech verb next to it says so, with stricter evidence in
Title Case headlines and at sentence starts. Full names are collected
first; then every single-word mention of one of their parts resolves to
them.

M.resolve_corpus(docs) completes surname-only names across documents (see
there).
]]

local lpeg = require "lpeg"
local gaz = require "lede.extract.gaz"
local context = require "lede.extract.context"
local data = require "lede.data"

local prev_word, next_word = context.prev_word, context.next_word
local P, Cp, Ct = lpeg.P, lpeg.Cp, lpeg.Ct

local M = {
  name = "people",
  version = "1",
  kinds = { "person" },
  needs = { "place", "org", "demonym" },
}

---------------------------------------------------------------- the scan

-- A run: capitalised words (a word token starting with a capital: "al-Sisi"
-- starts lower-case but is one token with its particle, and "J." is an
-- initial), separated by single spaces or free particles ("bin", "van der").
-- Kept simpler than lede.patterns.cap_word (whose token-exact boundaries
-- cost four times as much over a whole text): the scan below only starts a
-- part after a non-letter, which the skip pattern guarantees.
local R, S = lpeg.R, lpeg.S
local cont = R"\128\191"
local mb_letter = R"\195\223" * cont + (R"\224\239" - P"\226" - P"\227") * cont * cont
  + R"\240\244" * cont * cont * cont
local ascii_letter = R("az", "AZ")
local letter = ascii_letter + mb_letter
local upper = R"AZ" + P"\195" * R"\128\158" + S"\196\197" * cont + P"\208" * R"\128\175"
  + P"\206" * R"\145\169"
local apostrophe = P"'" + P"\226\128\153"
local inner = (letter + R"09")^1
  + P"-" * #letter
  + apostrophe * -(S"sS" * -letter) * #letter
local cap_part = R"AZ" * P"." * #P" " + upper * inner^0
local particle_start = (P"al-" + P"el-" + P"ad-" + P"as-" + P"ash-" + P"at-" + P"az-" + P"an-"
  + P"ar-") * upper
local name_part = cap_part + particle_start * inner^0
local free_particle = (P"bin" + P"bint" + P"ibn" + P"abu" + P"van" + P"von" + P"der"
  + P"den" + P"ter" + P"de" + P"da" + P"di" + P"du" + P"del" + P"della" + P"dos" + P"das"
  + P"la" + P"le" + P"ben") * #P" "
local gap = P" " * (free_particle * P" ")^0
local run = Ct(Cp() * name_part * Cp() * (gap * Cp() * name_part * Cp())^0)
-- Lower-case words whole (with any capitals inside them), digits, and
-- anything else one character at a time.
local skip = (R"az" - particle_start) * (letter + R"09")^0 + R"09"^1 + (1 - letter) * (1 - letter - R"09")^0
  + mb_letter + 1
local scan = Ct((run + skip)^0)

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
  local particles = {}
  for line in data.lines("name_particles.txt") do particles[line:lower()] = true end
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
    time = months,
    particles = particles,
  }
  return lists
end

local DETERMINERS = { a = true, an = true, the = true, its = true, his = true, her = true,
                      their = true, our = true, this = true, that = true }
local PREPS = { at = true, of = true, ["for"] = true, with = true, ["in"] = true, on = true,
                from = true }

local AFF_PREPS = { at = true, of = true, ["for"] = true, with = true }

local function is_cap(w) return w ~= nil and w:find("^[A-Z\195-\213]") ~= nil end

local function lower(w) return w:lower() end

---------------------------------------------------------------- spans index

-- Spans found before (places, orgs, demonyms), by start and end position.
local function index_spans(found)
  local by_start, by_end, list = {}, {}, {}
  for _, kind in ipairs { "place", "org", "demonym" } do
    for _, sp in ipairs(found[kind] or {}) do
      local x = { s = sp.s, e = sp.e, kind = kind, attrs = sp.attrs }
      by_start[sp.s] = x
      by_end[sp.e] = x
      list[#list + 1] = x
    end
  end
  table.sort(list, function(a, b) return a.s < b.s end)
  return by_start, by_end, list
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
  while i >= 1 do
    local c = text:sub(i, i)
    if c == " " or c == "\t" then
      i = i - 1
    else
      break
    end
  end
  if i < 1 then return true end
  local c = text:sub(i, i)
  if c == "\n" or c == "." or c == "!" or c == "?" or c == ":" or c == "\"" then return true end
  if text:sub(i - 2, i) == "\226\128\156" or text:sub(i - 2, i) == "\226\128\152"
      or text:sub(i - 2, i) == "\226\128\148" then
    return true
  end
  return false
end

local function is_byline(text, p)
  return p ~= nil and (p.kind == "byline" or text:sub(p.s, p.s + 2) == "By ")
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
local function parse_role(text, ws, ent_at, last_org, L)
  local i, n = 1, #ws
  local aff
  while i <= n and DETERMINERS[lower(ws[i].w)] do
    if lower(ws[i].w) == "its" and last_org then aff = last_org end
    i = i + 1
  end
  if i > n then return nil end
  local parts = {}
  for j = i, n do
    local x = ent_at(ws[j].s)
    if x then
      aff = aff or entity_name(x)
    else
      parts[#parts + 1] = ws[j]
    end
  end
  if #parts == 0 then return nil end
  local last = lower(parts[#parts].w)
  local title = gaz.titles():find(parts[#parts].w)
  if not (L.role_word[last] or title or gaz.titles():find(last)) then
    -- "Secretary of State": a title over several words.
    local phrase = text:sub(parts[1].s, parts[#parts].e - 1)
    if not gaz.titles():find(phrase) then return nil end
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
  local title = ctx.title_by_end[s] or ctx.title_by_end[s - 1]
  local ws = {}
  local start
  if title then
    if title.v.kind == "honorific" then return nil, nil, title.v.gender end
    start = title.s
    ws[1] = { w = text:sub(title.s, title.e - 1), s = title.s, e = title.e }
  else
    local w, wstart, poss = prev_word(text, s)
    if not w or poss or not L.role_word[w] then return nil end
    start = wstart
    ws[1] = { w = w, s = wstart, e = wstart + #w }
  end
  local gender = title and title.v.gender
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
      local boundary = not w2 or dot2 or L.stop[lower(w2)] or ctx.entity_end(wstart - 1)
      if not boundary and w2 then
        local x2 = ctx.entity_end(wstart - 1 - (text:sub(wstart - 1, wstart - 1) == " " and 0 or 0))
        boundary = x2 ~= nil or poss2
      end
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
    local w, wstart, poss = prev_word(text, ws[1].s)
    if w and poss then
      local x = ctx.entity_end(wstart + #w)
      if x then aff = entity_name(x) end
    end
  end
  return role, aff, gender
end

-- Words of text[s, e) as {w=, s=, e=} (letters, digits, inner ' - .).
local function split_words(text, s, e)
  local out = {}
  local pos = s
  while pos < e do
    local a, w, b = text:match("^[^%w\128-\255]*()([%w\128-\255'%-]+)()", pos)
    if not a or a >= e then break end
    if b > e then b = e; w = text:sub(a, b - 1) end
    -- Glued curly punctuation is not part of a word.
    while w:find("^\226\128[\144-\159]") do w = w:sub(4); a = a + 3 end
    while w:find("\226\128[\144-\159]$") do w = w:sub(1, -4) end
    local poss = false
    if w:find("'s$") then w, poss = w:sub(1, -3), true
    elseif w:find("\226\128\153s$") then w, poss = w:sub(1, -5), true end
    if w ~= "" then out[#out + 1] = { w = w, s = a, e = a + #w, poss = poss } end
    pos = b
  end
  return out
end

-- "NAME, a senior fellow at the X," / "NAME, president of the X": the
-- apposition after the name ending at e.
local function role_after(text, e, ctx)
  local L = ctx.L
  if not text:find("^,[ \t]", e) then return nil end
  local stop = text:find("[,.;:()\n]", e + 1) or #text + 1
  local dash = text:find("\226\128[\147\148\156\157]", e + 1)
  if dash and dash < stop then stop = dash end
  -- Up to "who", "which" and the like.
  local seg = split_words(text, e + 2, stop)
  if #seg == 0 then return nil end
  local role_ws = {}
  local aff
  local i = 1
  while i <= #seg do
    local lw = lower(seg[i].w)
    if lw == "who" or lw == "whose" or lw == "which" or lw == "that" or lw == "and" then break end
    if PREPS[lw] and #role_ws > 0 then
      -- The object of "at/of/for": its entity is the affiliation unless the
      -- preposition is part of a title ("Minister of State").
      local t = gaz.titles():find(text:sub(role_ws[1].s, (seg[i + 1] or seg[i]).e - 1))
      if not t then
        if AFF_PREPS[lw] then
          local j = i + 1
          if seg[j] and seg[j].w == "the" then j = j + 1 end
          if seg[j] and ctx.org_cue[seg[j].w] then j = j + 1 end
          local x = seg[j] and ctx.entity_at(seg[j].s)
          if x and not aff then aff = entity_name(x) end
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
  local role, aff2 = parse_role(text, role_ws, ctx.entity_at, ctx.last_org_before(e), L)
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

-- "Its director general, Amara Nwosu" / "A White House spokesman, Aaron
-- Pike": the role before a comma right before the name at s.
local function role_comma_before(text, s, ctx)
  local L = ctx.L
  local comma = s - 1
  while comma > 1 and text:sub(comma, comma):find("[ \t]") do comma = comma - 1 end
  if text:sub(comma, comma) ~= "," then return nil end
  -- Back to the clause start: punctuation or the start of the line.
  local lo = comma - 80
  if lo < 1 then lo = 1 end
  local chunk = text:sub(lo, comma - 1)
  local cut = 0
  for p in chunk:gmatch("()[,.;:\n%(%)]") do cut = p end
  local from = lo + cut
  local seg = split_words(text, from, comma)
  if #seg == 0 or #seg > 7 then return nil end
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
  if #keep == 0 then return nil end
  -- The phrase must start with a determiner, an entity or a possessor.
  local first = lower(keep[1].w)
  if not (DETERMINERS[first] or ctx.entity_at(keep[1].s) or aff) then return nil end
  local role, aff2 = parse_role(text, keep, ctx.entity_at, ctx.last_org_before(from), L)
  if not role then return nil end
  return role, aff or aff2
end

---------------------------------------------------------------- extract

local function surname_of(parts, L)
  -- The last part, with particles before it ("Abu Shanab", "van der Leyen").
  local n = #parts
  local i = n
  while i > 1 and L.particles[lower(parts[i - 1])] do i = i - 1 end
  if i == n then return parts[n] end
  return table.concat(parts, " ", i, n)
end

local SAY_AFTER = { said = true, says = true, told = true, added = true, warned = true,
                    wrote = true, asked = true, explained = true, insisted = true,
                    noted = true, argued = true, replied = true, answered = true,
                    recalled = true, laughed = true, admitted = true, stated = true,
                    declared = true, conceded = true, acknowledged = true, believes = true,
                    thinks = true, spoke = true, has = true, had = true, is = true, was = true,
                    will = true, would = true, did = true, does = true, met = true }

function M.extract(doc, emit, found)
  local text = doc.text
  local L = words()
  local by_start, by_end, ents = index_spans(found)
  local paras = found.paragraphs or {}

  -- Title hits, by their end (and the end plus a trailing full stop).
  local title_by_end, titles = {}, {}
  for s, e, v in gaz.titles():match(text) do
    local t = { s = s, e = e, v = v }
    title_by_end[e] = t
    titles[#titles + 1] = t
  end

  -- Entity covering position p, using a moving pointer for the scan and a
  -- binary search for the context rules.
  local function entity_at(p)
    local lo, hi = 1, #ents
    while lo <= hi do
      local mid = (lo + hi) // 2
      local x = ents[mid]
      if x.e <= p then lo = mid + 1
      elseif x.s > p then hi = mid - 1
      else return x end
    end
    return nil
  end
  local function entity_end(e) return by_end[e] end
  local function last_org_before(p)
    -- The last org of the same paragraph, within the 300 bytes before p.
    local lo = p - 300
    if lo < 1 then lo = 1 end
    local nl = 0
    for q in text:sub(lo, p - 1):gmatch("()\n") do nl = q end
    lo = lo + nl
    -- The first entity starting at or after lo, then forwards.
    local a, b = 1, #ents
    while a <= b do
      local mid = (a + b) // 2
      if ents[mid].s < lo then a = mid + 1 else b = mid - 1 end
    end
    local best
    for k = a, #ents do
      local x = ents[k]
      if x.s >= p then break end
      if x.kind == "org" and x.e <= p then best = x end
    end
    return best and best.attrs.name
  end

  -- 1. Runs of capitalised words, cut at entities and titles.
  local segs = {}
  local pstate = { i = 1 }
  local tptr = 1
  for _, r in ipairs(lpeg.match(scan, text)) do
    local cur
    for k = 1, #r, 2 do
      local s, e = r[k], r[k + 1]
      while titles[tptr] and titles[tptr].e <= s do tptr = tptr + 1 end
      local t = titles[tptr]
      local blocked = entity_at(s) ~= nil or by_start[s] ~= nil
      if not blocked and t and t.s <= s and t.e >= e then
        -- A title word before "bin" is a name ("Sultan bin Khalifa").
        blocked = not text:find("^ +[bi][ib]n ", e)
      end
      if blocked then
        cur = nil
      else
        if not cur then
          cur = { parts = {}, ps = {}, pe = {} }
          segs[#segs + 1] = cur
        end
        cur.parts[#cur.parts + 1] = text:sub(s, e - 1)
        cur.ps[#cur.ps + 1] = s
        cur.pe[#cur.pe + 1] = e
      end
    end
  end

  -- 2. Trim and classify: full names first.
  local cands = {}
  pstate.i = 1
  for _, g in ipairs(segs) do
    local parts, ps, pe = g.parts, g.ps, g.pe
    local i = 1
    local p = para_at(paras, pstate, ps[1])
    if is_byline(text, p) and (parts[1] ~= "By" or #parts > 1) then
      -- "By Can Öztürk and ...": after the byline's "By" every word is
      -- the name.
      if parts[1] == "By" then i = 2 end
      goto trimmed
    end
    -- Leading stop words, months and days; a common word opening a sentence.
    while i <= #parts do
      local w = parts[i]
      local lw = lower(w)
      local before_particle = text:find("^ +[bi][ib]nt? ", pe[i])
      local pw = prev_word(text, ps[i])
      if (L.stop[lw] or L.time[w]) and not before_particle then
        i = i + 1
      elseif i < #parts and L.common[lw] and not L.first[w] and (pw == "and" or pw == "of") then
        i = i + 1 -- "Minister of Foreign Affairs and Expatriates Rami ..."
      elseif i < #parts and L.common[lw] and not L.first[w] and sentence_start(text, ps[i]) then
        i = i + 1
      elseif w:find("^%u+$") and #w > 1 and i >= #parts then
        i = i + 1 -- an acronym alone is no name
      else
        break
      end
    end
    ::trimmed::
    local j = #parts
    while j >= i and (L.time[parts[j]] or L.stop[lower(parts[j])]) do j = j - 1 end
    if j >= i then
      local c = { s = ps[i], e = pe[j], parts = {} }
      for k = i, j do c.parts[#c.parts + 1] = parts[k] end
      cands[#cands + 1] = c
    end
  end

  local ctx = {
    L = L, title_by_end = title_by_end, entity_at = entity_at, entity_end = entity_end,
    last_org_before = last_org_before, org_cue = gaz.words("org_cue"),
  }

  local full = {}      -- canonical names, in order of first mention
  local by_part = {}   -- a name's part or surname -> canonical
  local people = {}    -- accepted mentions
  local name_at = {}   -- start position -> true for accepted mentions
  ctx.is_name_at = function(p) return name_at[p] end

  local function has_head(parts)
    for _, w in ipairs(parts) do
      if L.org_head[w] or L.place_head[w] or L.state_word[w] then return true end
    end
    return false
  end

  local function register(c, canonical)
    if not by_part[canonical] then
      full[#full + 1] = canonical
      by_part[canonical] = canonical
      local surname = surname_of(c.parts, L)
      if not by_part[surname] then by_part[surname] = canonical end
      for _, w in ipairs(c.parts) do
        if not by_part[w] then by_part[w] = canonical end
      end
    end
  end

  pstate.i = 1
  for _, c in ipairs(cands) do
    local k = #c.parts
    if k >= 2 and not has_head(c.parts) then
      local p = para_at(paras, pstate, c.s)
      local ev = 0
      local w1 = c.parts[1]
      if L.first[w1] then ev = ev + (L.common[lower(w1)] and 1 or 2) end
      for idx, w in ipairs(c.parts) do
        if not L.common[lower(w)] and not (idx == 1 and L.first[w]) then ev = ev + 1 end
        if w:find("^%l+%-") then ev = ev + 2 end
      end
      local sub = text:sub(c.s, c.e - 1)
      if sub:find(" [bi][ib]n ") or sub:find(" bint ") then ev = ev + 2 end
      if title_by_end[c.s - 1] or title_by_end[c.s - 2] then ev = ev + 2 end
      local nw = next_word(text, c.e)
      if nw and SAY_AFTER[nw] then ev = ev + 1 end
      if text:find("^, an? ", c.e) or text:find("^, the ", c.e) then ev = ev + 1 end
      local need = title_case_line(text, p) and 3 or (is_byline(text, p) and 1 or 2)
      if ev >= need then
        c.person = true
        register(c, sub)
      end
    end
  end

  -- 3. Single words (and partial names): parts of a full name, or a name a
  -- title, a speech verb or a first-name list vouches for.
  pstate.i = 1
  for _, c in ipairs(cands) do
    local p = para_at(paras, pstate, c.s)
    if not c.person then
      local sub = text:sub(c.s, c.e - 1)
      local canonical = by_part[sub]
      if canonical then
        c.person, c.name = true, canonical
      elseif #c.parts == 1 and not has_head(c.parts) then
        local w = c.parts[1]
        local lw = lower(w)
        local nw = next_word(text, c.e)
        local pw = prev_word(text, c.s)
        local titled = title_by_end[c.s - 1] ~= nil
        local says = (nw and SAY_AFTER[nw]) or (pw and L.speech[lower(pw)] and pw:find("^%l"))
        local ok = false
        if not L.common[lw] and not w:find("^%u+$") and not L.time[w] then
          if titled then ok = true
          elseif says and not sentence_start(text, c.s) then ok = true
          elseif says and not L.first[w] and gaz.dict_names()[w] == nil then ok = true
          elseif L.first[w] and not sentence_start(text, c.s) and not title_case_line(text, p) then
            ok = true
          end
        elseif titled and not w:find("^%u+$") then
          ok = true
        end
        if ok then
          c.person = true
          register(c, w)
        end
      end
    else
      c.name = text:sub(c.s, c.e - 1)
    end
    if c.person then
      c.name = c.name or by_part[text:sub(c.s, c.e - 1)] or text:sub(c.s, c.e - 1)
      c.para = p
      people[#people + 1] = c
      name_at[c.s] = true
    end
  end

  -- A shorter full name that is the end of a longer one ("Fattah al-Sisi").
  for _, c in ipairs(people) do
    if #c.parts >= 2 and by_part[c.name] == c.name then
      for _, other in ipairs(full) do
        if #other > #c.name and other:sub(-#c.name - 1) == " " .. c.name then
          c.name = other
          break
        end
      end
    end
  end

  -- 4. Gender: first name, title, then the pronouns after the mentions.
  local gender = {}
  local votes = {}
  for _, c in ipairs(people) do
    local first = c.name:match("^(%S+)")
    local g = L.first[first]
    if (g == "m" or g == "f") and not gender[c.name] then gender[c.name] = g end
  end
  for idx, c in ipairs(people) do
    -- Up to the next person's mention and at most ~2 sentences.
    local limit = c.e + 240
    local nxt = people[idx + 1]
    if nxt and nxt.s < limit and nxt.name ~= c.name then limit = nxt.s end
    local chunk = text:sub(c.e, limit - 1)
    local he = chunk:find("%f[%a][Hh][ei][s]?%f[%A]") or chunk:find("%f[%a][Hh]im%f[%A]")
    local she = chunk:find("%f[%a][Ss]he%f[%A]") or chunk:find("%f[%a][Hh]er%f[%A]")
    local v = votes[c.name] or { m = 0, f = 0 }
    votes[c.name] = v
    if he and (not she or he < she) then v.m = v.m + 1
    elseif she then v.f = v.f + 1 end
  end

  -- 5. Roles and emission.
  for _, c in ipairs(people) do
    local byline = c.para and (c.para.kind == "byline"
      or text:sub(c.para.s, c.para.s + 2) == "By ")
    local role, aff, tgender
    if not byline then
      role, aff, tgender = role_before(text, c.s, ctx)
      if not role then
        local after = text:sub(c.e, c.e + 3)
        if not (after:find("^'s") or after:find("^\226\128\153s")) then
          role, aff = role_after(text, c.e, ctx)
        end
      end
      if not role then role, aff = role_comma_before(text, c.s, ctx) end
    end
    if role and not tgender then
      local tv = gaz.titles():find(role:match("(%S+)$"))
      tgender = tv and tv.gender
    end
    if tgender and not gender[c.name] then gender[c.name] = tgender end
    c.role, c.aff = role, aff
  end
  for _, c in ipairs(people) do
    local g = gender[c.name]
    if not g then
      local v = votes[c.name]
      if v and v.m > v.f then g = "m" elseif v and v.f > v.m then g = "f" end
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
