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

  context.analyze(text) -> a, read-only, with LPeg positions, valid until
      the next text is analysed (the arrays are reused; read the first
      a.ne, a.nt, a.nc entries):
      a.ne, a.es, a.ee, a.ev   entity matches (places, orgs and demonyms
                               together, leftmost-longest: gaz.entities())
                               as starts, ends and values, in text order
      a.nt, a.ts, a.te, a.tv   title matches (leftmost-longest among titles
                               alone: gaz.titles())
      a.nc, a.cs, a.ce, a.cv   cue words (entity_words.txt org_head,
                               org_cue, place_head, place_generic), each
                               value the set of its kinds
      a.locs                   starts of the capitalised words right after
                               "in", "near", "from" or "between", in text
                               order
    The three lists of matches are what three separate leftmost-longest
    scans would give ("White House" is an org inside the title "White House
    Press Secretary"), made by one scan reporting every match.
  context.prev_word(text, s) -> word, start, possessive, full_stop
      the word ending just before s (s an LPeg position): without a final
      's/’s (possessive = true) or a sentence's full stop (full_stop =
      true; abbreviations such as "U.S." keep theirs); nil if none
  context.next_word(text, e) -> word, start
      the word starting just after e, without a possessive or full stop
  context.reversed(text) -> the text backwards (kept for the last text):
      position p of the text is #text - p + 1 there, so that an LPeg
      pattern can search backwards from a position
]]

local lpeg = require "lpeg"
local gaz = require "lede.extract.gaz"

local context = {}

local sub, find = string.sub, string.find

---------------------------------------------------------------- words

-- Word characters for the word helpers: ASCII letters and digits, every
-- byte of a multibyte character (curly marks are stripped afterwards),
-- inner apostrophes, hyphens and dots.

-- Curly quotes and dashes (3-byte punctuation U+2010..201F) glued to a
-- word by the byte class above: how many bytes lead, the word without them.
local function strip_punct(w)
  local lead = 0
  while find(w, "^\226\128[\144-\159]") do w = sub(w, 4); lead = lead + 3 end
  while find(w, "\226\128[\144-\159]$") do w = sub(w, 1, -4) end
  return w, lead
end

-- A word after optional spaces or tabs, as three positions: its start,
-- the end of its plain part (ASCII letters, digits, hyphens), its end. A
-- word whose plain part is all of it needs no stripping.
local SPACED_WORD
do
  local R, S, Cp = lpeg.R, lpeg.S, lpeg.Cp
  local plain = R("az", "AZ", "09") + "-"
  local any = plain + S"'." + R"\128\255"
  SPACED_WORD = S" \t"^0 * Cp() * plain^0 * Cp() * any^0 * Cp()
end
local lmatch = lpeg.match

-- The text backwards, for the previous word: a forward match there finds
-- it. Kept for the last text.
local rev_of, rev

-- The text backwards (the last one asked for is kept): position p of
-- the text is #text - p + 1 there.
function context.reversed(text)
  if text ~= rev_of then
    rev_of, rev = text, text:reverse()
  end
  return rev
end

-- The word right before position s (only spaces or tabs between): the word
-- (without a possessive or a sentence's full stop), its start, whether it
-- had a possessive, whether it ended a sentence with a full stop.
function context.prev_word(text, s)
  if text ~= rev_of then
    rev_of, rev = text, text:reverse()
  end
  local n = #text
  local a, m, b = lmatch(SPACED_WORD, rev, n - s + 2)
  if a == b then return nil end
  -- Reversed positions a .. b - 1 are the text's n - b + 2 .. n - a + 1;
  -- a word is read back at most to 59 bytes before s.
  local last, i = n - a + 1, n - b + 1
  local lo = s - 60
  if last <= lo then return nil end
  if i < lo then i = lo end
  local w = sub(text, i + 1, last)
  -- Plain letters, digits and hyphens: nothing to strip.
  if m == b then return w, i + 1, false, false end
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
  local a, m, b = lmatch(SPACED_WORD, text, e)
  if a == b then return nil end
  local w = sub(text, a, b - 1)
  if m == b then return w, a end
  local stripped, lead = strip_punct(w)
  stripped = stripped:gsub("%.+$", "")
  if find(stripped, "'s$") then stripped = sub(stripped, 1, -3)
  elseif find(stripped, "\226\128\153s$") then stripped = sub(stripped, 1, -5) end
  return stripped, a + lead
end

---------------------------------------------------------------- locatives

-- "in Yiwu", "near Gao": the start of every capitalised word right after
-- "in", "near", "from" or "between" (as words: not "Berlin Gaza"). The scan
-- jumps from one capital to the next with a span.
local LOCATIVES
do
  local P, R, S, B, Cp, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.B, lpeg.Cp, lpeg.Ct
  local cont = R"\128\191"
  local upper = R"AZ" + P"\195" * R"\128\158" + S"\196\197" * cont + P"\208" * R"\128\175"
    + P"\206" * R"\145\169"
  -- A locative word must not continue a word: "in" but not "Berlin".
  local nonletter = -(R("az", "AZ") + R"\128\255") * 1
  local function after_word(w)
    return B(P(w)) * (B(nonletter * P(w)) + -B(P(#w + 1)))
  end
  local locative = P(false)
  for _, w in ipairs { "in", "In", "near", "Near", "from", "From", "between", "Between" } do
    locative = locative + after_word(w .. " ")
  end
  local start = R"AZ" + S"\195\196\197\206\208"
  LOCATIVES = Ct(((1 - start)^0 * (B(S"nmr" * P" ") * locative * #upper * Cp() * 1 + 1))^0)
end

---------------------------------------------------------------- analyze

local ALL = { all = true }

-- The last text's scan; its arrays are filled again for the next text
-- (counts say how far they hold the current one).
local last_text
local A = { es = {}, ee = {}, ev = {}, ts = {}, te = {}, tv = {}, cs = {}, ce = {}, cv = {} }

function context.analyze(text)
  if text == last_text then return A end
  local es, ee, ev, ts, te, tv, cs, ce, cv = A.es, A.ee, A.ev, A.ts, A.te, A.tv, A.cs, A.ce, A.cv
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
  A.ne, A.nt, A.nc = ne, nt, nc
  A.locs = lpeg.match(LOCATIVES, text)
  last_text = text
  return A
end

return context
