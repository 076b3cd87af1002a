--[[
lede.extract.context -- what the entity extractors (lede.extract.places,
lede.extract.people) read in a document: one shared scan of the text, and
the words around a position.

Promise: context.analyze(text) makes one C gazetteer scan (its matches
sorted into the three lists and stored in arrays by the C side, no Lua
call per match) and one C pass for the locatives, whatever the number of extractors asking (the
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
                               org_cue, place_head, place_generic,
                               place_of), each
                               value the set of its kinds
      a.locs                   starts of the capitalised words right after
                               "in", "near", "from", "between", "at",
                               "outside", "into" or "off", in text order
    The three lists are what separate leftmost-longest scans would give
    ("White House" is an org inside the title "White House Press
    Secretary").
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

local gaz = require "lede.extract.gaz"

local context = {}


---------------------------------------------------------------- words

-- The text backwards (the last one asked for is kept): position p of
-- the text is #text - p + 1 there.
local rev_of, rev
function context.reversed(text)
  if text ~= rev_of then
    rev_of, rev = text, text:reverse()
  end
  return rev
end

-- The word right before position s and the word right after position e:
-- read in C (lede.words, core/lx_words.c), with the promises above.
local words = require "lede.words"
context.prev_word = words.prev_word
context.next_word = words.next_word

---------------------------------------------------------------- locatives

-- "in Yiwu", "near Gao", "off Porthleven": the start of every capitalised
-- word right after one of these prepositions of place (as words: not
-- "Berlin Gaza"), found by one pass in C (lede.names). Not "to" (a name
-- after it is as often a person's: "spoke to Nakamura").
local names = require "lede.names"
local LOCATIVE_WORDS = {}
for _, w in ipairs { "in", "near", "from", "between", "at", "outside", "into", "off" } do
  LOCATIVE_WORDS[#LOCATIVE_WORDS + 1] = w
  LOCATIVE_WORDS[#LOCATIVE_WORDS + 1] = w:sub(1, 1):upper() .. w:sub(2)
end
local function locatives(text) return names.locatives(text, LOCATIVE_WORDS) end

---------------------------------------------------------------- analyze

-- The last text's scan; its arrays are filled again for the next text
-- (counts say how far they hold the current one).
local last_text
local A = { es = {}, ee = {}, ev = {}, ts = {}, te = {}, tv = {}, cs = {}, ce = {}, cv = {} }

-- The combined matcher's values are {e=, t=, c=}: the three lists.
local KEYS = { "e", "t", "c" }
local LISTS = { { A.es, A.ee, A.ev }, { A.ts, A.te, A.tv }, { A.cs, A.ce, A.cv } }

function context.analyze(text)
  if text == last_text then return A end
  -- One walk of the combined matcher, sorted by the C side into the three
  -- leftmost-longest lists.
  A.ne, A.nt, A.nc = gaz.combined():collect_groups(text, KEYS, LISTS)
  A.locs = locatives(text)
  last_text = text
  return A
end

return context
