-- casualties.lua -- a user extractor, the one README.md walks through:
-- casualty figures with the body they are attributed to ("at least 37,000
-- Palestinians have been killed, according to the health ministry").
--
--   lede extract --with examples/casualties.lua --format jsonl --kinds casualty
--
-- A figure (any number the patterns know: digits, words, "at least ...",
-- ranges), up to five words, then a word of harm; the source is the
-- organisation the standard extractors found in the same sentence, nearest
-- to the figure (null when the sentence names none).
local lpeg = require "lpeg"
local lede = require "lede"
local P = require "lede.patterns"

local C, S, R = lpeg.C, lpeg.S, lpeg.R
local space = S" \t"^1
local word = (R("az", "AZ") + S"-'")^1
local harm = lpeg.P"killed" + "wounded" + "injured" + "dead" + "missing"
local casualty = P.any_number * (space * (word - harm))^-5 * space * C(harm) * -R("az")

-- The org of `orgs` inside [s, e) nearest to position pos, or nil.
local function nearest(orgs, s, e, pos)
  local best, dist
  for _, o in ipairs(orgs) do
    if o.s >= s and o.e <= e then
      local d = math.abs(o.s - pos)
      if not dist or d < dist then best, dist = o, d end
    end
  end
  return best
end

return {
  name = "casualties", version = "1", kinds = { "casualty" },
  needs = { "org" },
  extract = function(doc, emit, found)
    local orgs, sentences = found.org or {}, found.sentences
    local k = 1
    for _, m in ipairs(P.find(casualty, doc.text)) do
      while sentences[k] and sentences[k].e <= m.s do k = k + 1 end
      local sent = sentences[k]
      local org = sent and nearest(orgs, sent.s, sent.e, m.s)
      emit("casualty", m.s, m.e, {
        value = m[1].value, approx = m[1].approx or false, harm = m[2],
        source = org and org.attrs.name or lede.json.null,
      })
    end
  end,
}
