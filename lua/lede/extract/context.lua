--[[
lede.extract.context -- what the entity extractors (lede.extract.places,
lede.extract.people) read in a document: one shared scan of the text, and
the words around a position.

Promise: context.analyze(text) makes one pass of the C gazetteer and one
LPeg pass over the text, whatever the number of extractors asking (the
last text's result is kept), and returns arrays only (no table per word or
per match); the word helpers are cheap (a string match over at most 60
bytes, no tokenizing), and only words on the same line with nothing but
spaces or tabs between them and the position count as "right before" or
"right after": punctuation in between (a comma, a dash, a bracket) means
there is no such word.

  context.analyze(text) -> a, read-only, with LPeg positions:
      a.ne, a.es, a.ee, a.ev   entity matches (places, orgs and demonyms
                               together, leftmost-longest: gaz.entities())
                               as starts, ends and values, in text order
      a.nt, a.ts, a.te, a.tv   title matches (leftmost-longest among titles
                               alone: gaz.titles())
      a.nc, a.cs, a.ce, a.cv   cue words (entity_words.txt org_head,
                               org_cue, place_head, place_generic), each
                               value the set of its kinds
      a.runs                   runs of capitalised words (names with their
                               particles: "Abdel Fattah al-Sisi", "Ursula
                               von der Leyen"), flat: for each run the start
                               and end of each word, then 0
      a.locs                   starts of the run words right after "in",
                               "near", "from" or "between", in text order
    The three lists of matches are what three separate leftmost-longest
    scans would give ("White House" is an org inside the title "White House
    Press Secretary"), made by one scan reporting every match.
  context.prev_word(text, s) -> word, start, possessive, full_stop
      the word ending just before s (s an LPeg position): without a final
      's/’s (possessive = true) or a sentence's full stop (full_stop =
      true; abbreviations such as "U.S." keep theirs); nil if none
  context.next_word(text, e) -> word, start
      the word starting just after e, without a possessive or full stop
]]

local lpeg = require "lpeg"
local gaz = require "lede.extract.gaz"

local context = {}

local byte, sub, find, match = string.byte, string.sub, string.find, string.match

---------------------------------------------------------------- words

-- Word characters for the word helpers: ASCII letters and digits, every
-- byte of a multibyte character (curly marks are stripped afterwards),
-- inner apostrophes, hyphens and dots.
local WORD = "[%w\128-\255'%-%.]+"
local NEXT_WORD = "^[ \t]*()(" .. WORD .. ")"

local WORD_BYTE = {}
for b = 0, 255 do
  WORD_BYTE[b] = (b >= 97 and b <= 122) or (b >= 65 and b <= 90) or (b >= 48 and b <= 57)
    or b >= 128 or b == 39 or b == 45 or b == 46
end

-- Curly quotes and dashes (3-byte punctuation U+2010..201F) glued to a
-- word by the byte class above: how many bytes lead, the word without them.
local function strip_punct(w)
  local lead = 0
  while find(w, "^\226\128[\144-\159]") do w = sub(w, 4); lead = lead + 3 end
  while find(w, "\226\128[\144-\159]$") do w = sub(w, 1, -4) end
  return w, lead
end

-- The word right before position s (only spaces or tabs between): the word
-- (without a possessive or a sentence's full stop), its start, whether it
-- had a possessive, whether it ended a sentence with a full stop.
function context.prev_word(text, s)
  local i = s - 1
  local b = byte(text, i)
  while b == 32 or b == 9 do
    i = i - 1
    b = byte(text, i)
  end
  if not b or not WORD_BYTE[b] then return nil end
  local last = i
  local lo = s - 60
  if last <= lo then return nil end
  repeat i = i - 1 until i <= lo or i < 1 or not WORD_BYTE[byte(text, i)]
  local w = sub(text, i + 1, last)
  -- Plain letters, digits and hyphens: nothing to strip.
  if not find(w, "[\128-\255'%.]") then return w, i + 1, false, false end
  local poss, dot = false, false
  local stripped, lead = strip_punct(w)
  if find(stripped, "'s$") then
    poss, stripped = true, sub(stripped, 1, -3)
  elseif find(stripped, "\226\128\153s$") then
    poss, stripped = true, sub(stripped, 1, -5)
  end
  if find(stripped, "%.$") and not find(stripped, "%.%a%.$") and not find(stripped, "^%u%.$") then
    dot, stripped = true, (stripped:gsub("%.+$", ""))
  end
  if stripped == "" then return nil end
  return stripped, i + 1 + lead, poss, dot
end

-- The word right after position e (only spaces or tabs between) and its
-- start.
function context.next_word(text, e)
  local a, w = match(text, NEXT_WORD, e)
  if not w then return nil end
  if not find(w, "[\128-\255'%.]") then return w, a end
  local stripped, lead = strip_punct(w)
  stripped = stripped:gsub("%.+$", "")
  if find(stripped, "'s$") then stripped = sub(stripped, 1, -3)
  elseif find(stripped, "\226\128\153s$") then stripped = sub(stripped, 1, -5) end
  return stripped, a + lead
end

---------------------------------------------------------------- runs

-- A run: capitalised words (a word starting with a capital: "al-Sisi"
-- starts lower-case but is one word with its particle, and "J." is an
-- initial), separated by single spaces or free particles ("bin", "van
-- der"). The scan jumps from one possible capital (or hyphen, for "al-") to
-- the next with a span, and starts a run only where no letter comes before
-- (a capital inside "iPhone" starts nothing).
local RUNS
do
  local P, R, S, B, Cp, Cc, Ct, Carg = lpeg.P, lpeg.R, lpeg.S, lpeg.B, lpeg.Cp, lpeg.Cc, lpeg.Ct, lpeg.Carg
  local cont = R"\128\191"
  local mb_letter = R"\195\223" * cont + (R"\224\239" - P"\226" - P"\227") * cont * cont
    + R"\240\244" * cont * cont * cont
  local ascii_letter = R("az", "AZ")
  local letter = ascii_letter + mb_letter
  local upper = R"AZ" + P"\195" * R"\128\158" + S"\196\197" * cont + P"\208" * R"\128\175"
    + P"\206" * R"\145\169"
  local apostrophe = P"'" + P"\226\128\153"
  local inner = R("az", "AZ", "09")^1 + mb_letter
    + P"-" * #letter
    + apostrophe * -(S"sS" * -letter) * #letter
  local cap_part = R"AZ" * P"." * #P" " + upper * inner^0
  local particle_start = (P"al-" + P"el-" + P"ad-" + P"as-" + P"ash-" + P"at-" + P"az-" + P"an-"
    + P"ar-") * upper
  local name_part = cap_part + particle_start * inner^0
  local free_particle = (P"bin" + P"bint" + P"ibn" + P"abu" + P"van" + P"von" + P"der"
    + P"den" + P"ter" + P"de" + P"da" + P"di" + P"du" + P"del" + P"della" + P"dos" + P"das"
    + P"la" + P"le" + P"ben") * #P" "
  local gap = P" " * (#R"az" * free_particle * P" ")^0
  local after_letter = B(ascii_letter) + B(R"\195\223" * cont)
    + B((R"\224\239" - S"\226\227") * cont * cont)
  -- Not a letter or digit (the start of the text aside).
  local nonword = -R("az", "AZ", "09") * 1
  -- A locative word must not continue a word: "in" but not "Berlin".
  local nonletter = -(R("az", "AZ") + R"\128\255") * 1
  local function after_word(w)
    return B(P(w)) * (B(nonletter * P(w)) + -B(P(#w + 1)))
  end
  local locative = P(false)
  for _, w in ipairs { "in", "In", "near", "Near", "from", "From", "between", "Between" } do
    locative = locative + after_word(w .. " ")
  end
  -- A word after a locative: its start goes to the list passed as the
  -- match's extra argument (captures are evaluated once, on success).
  local function note(list, p) list[#list + 1] = p end
  local mark = (B(S"nmr" * P" ") * locative * (Carg(1) * Cp() / note))^-1
  local rest = (gap * mark * Cp() * name_part * Cp())^0 * Cc(0)
  local run = -after_letter * mark * Cp() * cap_part * Cp() * rest
  -- "al-Sisi": found at its hyphen, the run starting at the particle.
  local function back2(p) return p - 2 end
  local function back3(p) return p - 3 end
  local pre2 = P"al" + P"el" + P"ad" + P"as" + P"at" + P"az" + P"an" + P"ar"
  local particle_run = (B(nonword * pre2) * (Cp() / back2) + B(nonword * P"ash") * (Cp() / back3))
    * P"-" * upper * inner^0 * Cp() * rest
  local start = R"AZ" + S"\195\196\197\206\208-"
  RUNS = Ct(((1 - start)^0 * (run + particle_run + 1))^0)
end

---------------------------------------------------------------- analyze

local ALL = { all = true }

local last_text, last

function context.analyze(text)
  if text == last_text and last then return last end
  local es, ee, ev, ts, te, tv, cs, ce, cv = {}, {}, {}, {}, {}, {}, {}, {}, {}
  local ne, nt, nc = 0, 0, 0
  -- Every match, by start then length: the last one of a list at a start
  -- is that list's longest there; it counts when it starts after the
  -- list's previous match ended.
  local cur = -1
  local endE, endT, endC = 0, 0, 0
  local pes, pee, pev, pts, pte, ptv, pcs, pce, pcv
  for s, e, v in gaz.combined():match(text, ALL) do
    if s ~= cur then
      if pev then
        if pes >= endE then ne = ne + 1; es[ne], ee[ne], ev[ne], endE = pes, pee, pev, pee end
        pev = nil
      end
      if ptv then
        if pts >= endT then nt = nt + 1; ts[nt], te[nt], tv[nt], endT = pts, pte, ptv, pte end
        ptv = nil
      end
      if pcv then
        if pcs >= endC then nc = nc + 1; cs[nc], ce[nc], cv[nc], endC = pcs, pce, pcv, pce end
        pcv = nil
      end
      cur = s
    end
    local x = v.e
    if x then pes, pee, pev = s, e, x end
    x = v.t
    if x then pts, pte, ptv = s, e, x end
    x = v.c
    if x then pcs, pce, pcv = s, e, x end
  end
  if pev and pes >= endE then ne = ne + 1; es[ne], ee[ne], ev[ne] = pes, pee, pev end
  if ptv and pts >= endT then nt = nt + 1; ts[nt], te[nt], tv[nt] = pts, pte, ptv end
  if pcv and pcs >= endC then nc = nc + 1; cs[nc], ce[nc], cv[nc] = pcs, pce, pcv end
  last_text = text
  local locs = {}
  last = {
    ne = ne, es = es, ee = ee, ev = ev,
    nt = nt, ts = ts, te = te, tv = tv,
    nc = nc, cs = cs, ce = ce, cv = cv,
    locs = locs,
  }
  last.runs = lpeg.match(RUNS, text, 1, locs)
  return last
end

return context
