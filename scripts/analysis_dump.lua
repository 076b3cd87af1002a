-- analysis_dump.lua -- prints the analysis model of the store (lede.analysis)
-- as JSON, or one part of it, for looking at what the analysis found.
--
--   lede run scripts/analysis_dump.lua [PART...] [--brief]
--
-- PART is a top-level field of the model (people, quotes, timeline,
-- disagreements ...); without one, the whole model. --brief prints the
-- timeline, quote counts, people and disagreements one line each.
local lede = require "lede"
local analysis = require "lede.analysis"

local parts, brief = {}, false
for _, a in ipairs(arg) do
  if a == "--brief" then brief = true else parts[#parts + 1] = a end
end

local model = analysis.build(lede.open())

if brief then
  for _, e in ipairs(model.timeline) do
    local ev = {}
    for _, x in ipairs(e.evidence) do
      ev[#ev + 1] = ("%s=%s%s"):format(x.type, tostring(x.value), x.conflict and "!" or "")
    end
    print(("timeline %2d %-22s %-10s %s %s%s"):format(e.position, e.doc, tostring(e.date ~= lede.json.null and e.date
      or e.estimated_date or "-"), table.concat(ev, " "), e.tied and "tied " or "", e.note or ""))
  end
  print("unplaced " .. table.concat(model.unplaced, " "))
  for _, g in ipairs(model.quotes) do
    print(("quotes %3d %s"):format(g.count, tostring(g.speaker)))
  end
  for _, p in ipairs(model.people) do
    local roles = {}
    for _, r in ipairs(p.roles) do roles[#roles + 1] = r.role .. "/" .. tostring(r.affiliation) end
    print(("person %3d %-22s q=%d roles=%s desc=%s forms=%s"):format(p.mentions, p.name, p.quotes,
      table.concat(roles, "; "), table.concat(p.descriptions, "; "), table.concat(p.forms, "; ")))
  end
  for _, d in ipairs(model.disagreements) do
    local vals = {}
    for _, v in ipairs(d.values) do vals[#vals + 1] = ("%s@%s[%s]"):format(tostring(v.value), v.doc, v.text) end
    print(("disagree %s: %s -- %s"):format(d.kind, d.fact, table.concat(vals, " | ")))
  end
  return
end

local out = model
if #parts > 0 then
  out = {}
  for _, p in ipairs(parts) do out[p] = model[p] end
end
print(lede.json.encode(out))
