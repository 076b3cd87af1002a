--[[
lede.analysis.quotes -- who said what: every quote span grouped by its
speaker as entity resolution names them, with the document, its date and
the sentence around the quote.

Promise: every stored quote span appears once, in the group of its speaker
(the extractor's `speaker` resolved to the canonical person or org name, so
"Al-Mansouri" and "Yousef al-Mansouri" are one speaker); quotes with no
speaker form one group whose speaker is lede.json.null, always last. Groups
are ordered by quote count (most first), then name; inside a group, quotes
keep store order. `sentence` is the whole of the sentences the quote
touches (a quote over two sentences gets both). Person records get their
`quotes` count. Linear in the number of quotes.

  local Q = require "lede.analysis.quotes"
  local groups = Q.build(corpus, entities)   -- model.quotes
]]

local lede = require "lede"
local C = require "lede.analysis.corpus"

local NULL = lede.json.null

local M = {}

function M.build(corpus, ent)
  local groups, by_speaker, unattributed = {}, {}, nil
  for _, d in ipairs(corpus.docs) do
    for _, sp in ipairs(d.spans.quote) do
      local a = sp
      local speaker = type(a.speaker) == "string" and a.speaker ~= "" and ent:canonical(a.speaker) or nil
      local ss, se = C.sentence_span(d, sp.s, sp.e)
      local q = C.evidence(d, sp.s, sp.e)
      q.date = d.date or NULL
      q.cue = type(a.cue) == "string" and a.cue or NULL
      q.partial = a.partial == true
      q.speaker_text = type(a.speaker_text) == "string" and a.speaker_text or NULL
      q.sentence = C.range(d, ss, se)
      local g
      if speaker then
        g = by_speaker[speaker]
        if not g then
          g = { speaker = speaker, count = 0, quotes = {}, documents = {}, seen = {} }
          local p = ent:person(speaker)
          g.kind = p and "person" or "other"
          by_speaker[speaker] = g
          groups[#groups + 1] = g
        end
      else
        if not unattributed then
          unattributed = { speaker = NULL, count = 0, quotes = {}, documents = {}, seen = {}, kind = "none" }
        end
        g = unattributed
      end
      g.count = g.count + 1
      g.quotes[#g.quotes + 1] = q
      if not g.seen[d.id] then g.seen[d.id] = true; g.documents[#g.documents + 1] = d.id end
    end
  end
  table.sort(groups, function(x, y)
    if x.count ~= y.count then return x.count > y.count end
    return x.speaker < y.speaker
  end)
  if unattributed then groups[#groups + 1] = unattributed end
  for _, g in ipairs(groups) do
    g.seen = nil
    if g.kind == "person" then
      local rec = ent.record(g.speaker)
      if rec then rec.quotes = rec.quotes + g.count end
    end
  end
  return groups
end

return M
