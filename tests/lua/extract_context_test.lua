-- extract_context_test.lua -- lede.extract.context (the shared scan and the
-- word helpers of the entity extractors) on sentences written for these
-- tests. Run by tests/70-extract-entities.t:
--   lede --db :memory: run tests/lua/extract_context_test.lua
local DIR = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local t = dofile(DIR .. "/extract_entities_tap.lua")
local context = require "lede.extract.context"
local gaz = require "lede.extract.gaz"

-- The word before a position: "s" is the position right after it.
local function before(text, word)
  local at = text:find(word, 1, true)
  return context.prev_word(text, at)
end

local text = "Talks with Hamas’s negotiators ended. Officials in the U.S. said so.\n"
local w, start, poss, dot = before(text, "negotiators")
t.is(w, "Hamas", "the previous word loses its possessive")
t.ok(poss and not dot and text:sub(start, start + 4) == "Hamas", "and says so, with its start")
w, start, poss, dot = before(text, "Officials")
t.is(text:sub(start, start + 4), "ended", "its start")
t.is(w, "ended", "a sentence's full stop is dropped")
t.ok(dot and not poss, "and reported")
w = before(text, "said")
t.is(w, "U.S.", "an abbreviation keeps its stops")
t.is(before("(Gaza) was calm", "was"), nil, "a bracket between means no previous word")
t.is(before("Kyiv\n\nOfficials", "Officials"), nil, "nor does a line break")
t.is(before("one  \t two", "two"), "one", "spaces and tabs are skipped")
t.is(before("Öztürk said", "said"), "Öztürk", "non-ASCII letters belong to the word")
local long = string.rep("a", 70) .. " next"
local _, long_start = before(long, "next")
t.is(long_start, 72 - 59, "a word is read back no further than 59 bytes before the position")
t.is(context.prev_word("Gaza", 1), nil, "nothing before the start")

local nw, ns = context.next_word("Talks with “Hamas’s team", 11)
t.is(nw, "Hamas", "the next word without a glued quote mark or possessive")
t.is(ns, 15, "starts after the quote mark")
t.is(context.next_word("Gaza, then", 5), nil, "a comma right after means no next word")
t.is((context.next_word("said: U.S. officials", 6)), "U.S", "a final full stop is dropped")

t.is(context.reversed("abc"), "cba", "the reversed text")

-- The shared scan: its three lists are what separate leftmost-longest
-- scans of each list give, also where the lists overlap (the org "White
-- House" inside the title "White House Press Secretary", the cue
-- "Ministry" inside "Foreign Ministry").
local sample = "White House Press Secretary Jo Pike met the Egyptian Foreign Ministry "
  .. "spokesman in Cairo, near the Rafah crossing. In Yiwu, Mossad Chief Ilan Varda "
  .. "spoke to the agency AFAD from Gaza City.\n"
local a = context.analyze(sample)
local n_ents = a.ne
context.analyze("Talks in Gaza.\n")
t.is(a.ne, 1, "the arrays hold the last text analysed")
a = context.analyze(sample)
t.is(a.ne, n_ents, "and the first again when asked again")

local function spans(n, ss, ee)
  local out = {}
  for i = 1, n do out[#out + 1] = sample:sub(ss[i], ee[i] - 1) end
  return table.concat(out, "|")
end
local function scan(matcher, keep)
  local out = {}
  for s, e, v in matcher:match(sample) do
    if not keep or keep(v) then out[#out + 1] = sample:sub(s, e - 1) end
  end
  return table.concat(out, "|")
end
t.is(spans(a.ne, a.es, a.ee), scan(gaz.entities()), "entity matches as the entity gazetteer alone gives")
t.ok(spans(a.ne, a.es, a.ee):find("White House|", 1, true) == 1, "with the org inside a title")
t.is(spans(a.nt, a.ts, a.te), scan(gaz.titles()), "title matches as the title gazetteer alone gives")
local cues = {}
for i = 1, a.nc do cues[#cues + 1] = sample:sub(a.cs[i], a.ce[i] - 1) end
t.ok(table.concat(cues, "|"):find("Ministry", 1, true) ~= nil, "a cue word inside a listed org is a cue too")
local locs = {}
for _, s in ipairs(a.locs) do locs[#locs + 1] = sample:match("^%a+", s) end
t.is(table.concat(locs, "|"), "Cairo|Yiwu|Gaza", "capitalised words after in/In/near/from")

t.done()
