-- lede.report.common: what the report writers share, so that a passage is
-- named the same way in every format.
--
--   anchor(doc, start, end)   "doc-ID-START-END": the HTML anchor of a passage
--                             (0-based, end exclusive; ID with characters
--                             outside [A-Za-z0-9_.-] written ~HH, so two ids
--                             never give the same anchor)
--   doc_anchor(doc)           "document-ID": a document's view
--   cite(ev)                  "ID:START-END", the plain-text citation
--   range(ev)                 start, end of an evidence table, or nil when it
--                             has no usable offsets
--   list(x)                   x when it is a list, {x} for a single item,
--                             {} for nil or json.null
--   str(x)                    x as display text ("" for nil/null)
--   number(v)                 1350 -> "1,350", 2.5 -> "2.5"
--   ordinal(n)                8 -> "8th"
--   count(n, word [, plural]) 1 -> "1 quote", 3 -> "3 quotes"
--   date(iso)                 "2024-06-11" -> "11 June 2024"; other values as given
--   day_number(iso)           days since 1970-01-01 of YYYY-MM-DD (YYYY-MM: the
--                             1st), nil when the date has no year or month
--   doc_index(model)          id -> {doc = entry, n = store position}
--   speaker_name(group)       the speaker, or "(no speaker)" for unattributed
--   summaries(model)          id -> the summary sentences of that document
--   title(d), source(d)       a document entry's display title and origin
--   role_text(r)              "Secretary of State (United States)"
--   role_texts(roles)         the distinct role texts of a list
--   figure_text(f)            "about 1,200 people"
--   evidence_label(ev)        "Maria Alvarez's 8th visit", "11 June 2024"
local json = require "lede.json"

local M = {}

local null = json.null
local floor, format, type, tostring = math.floor, string.format, type, tostring

local function safe(id)
  return (tostring(id):gsub("[^%w_.%-]", function(c) return format("~%02X", c:byte()) end))
end
M.safe = safe

function M.anchor(doc, s, e)
  return "doc-" .. safe(doc) .. "-" .. s .. "-" .. e
end

function M.doc_anchor(doc)
  return "document-" .. safe(doc)
end

function M.range(ev)
  if type(ev) ~= "table" then return nil end
  local s, e = ev.start, ev["end"]
  if math.type(s) ~= "integer" and not (type(s) == "number" and s == floor(s)) then return nil end
  if math.type(e) ~= "integer" and not (type(e) == "number" and e == floor(e)) then return nil end
  s, e = floor(s), floor(e)
  if s < 0 or e < s then return nil end
  return s, e
end

function M.cite(ev, doc)
  local s, e = M.range(ev)
  doc = ev and ev.doc or doc
  if not s or not doc or doc == null then return nil end
  return format("%s:%d-%d", tostring(doc), s, e)
end

function M.list(x)
  if x == nil or x == null then return {} end
  if type(x) ~= "table" then return { x } end
  if x[1] == nil and next(x) ~= nil then return { x } end
  return x
end

function M.str(x)
  if x == nil or x == null then return "" end
  if type(x) == "number" then return M.number(x) end
  return tostring(x)
end

function M.number(v)
  if type(v) ~= "number" then return M.str(v) end
  if v ~= v or v == math.huge or v == -math.huge then return tostring(v) end
  if v == floor(v) and math.abs(v) < 1e15 then
    local s = format("%d", v)
    local sign, digits = s:match("^(-?)(%d+)$")
    digits = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
    return sign .. digits
  end
  return (format("%.4g", v))
end

-- "1 document", "3 documents" (plural given when not word .. "s").
function M.count(n, word, plural)
  return M.number(n) .. " " .. (n == 1 and word or plural or (word .. "s"))
end

function M.ordinal(n)
  n = tonumber(n)
  if not n or n ~= floor(n) then return M.str(n) end
  local last2, last = n % 100, n % 10
  local suffix = "th"
  if last2 < 11 or last2 > 13 then
    if last == 1 then suffix = "st" elseif last == 2 then suffix = "nd" elseif last == 3 then suffix = "rd" end
  end
  return format("%d%s", n, suffix)
end

local MONTHS = { "January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December" }
M.MONTHS = MONTHS

function M.date(iso)
  if iso == nil or iso == null then return "" end
  iso = tostring(iso)
  local y, m, d = iso:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if y and MONTHS[tonumber(m)] then return format("%d %s %s", tonumber(d), MONTHS[tonumber(m)], y) end
  y, m = iso:match("^(%d%d%d%d)%-(%d%d)$")
  if y and MONTHS[tonumber(m)] then return MONTHS[tonumber(m)] .. " " .. y end
  return iso
end

-- Days from the civil date (proleptic Gregorian), without os.time: the
-- result must not depend on the machine's time zone.
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end
M.days_from_civil = days_from_civil

function M.day_number(iso)
  if type(iso) ~= "string" then return nil end
  local y, m, d = iso:match("^(%d%d%d%d)%-(%d%d)%-?(%d*)")
  if not y then return nil end
  y, m, d = tonumber(y), tonumber(m), tonumber(d) or 1
  if m < 1 or m > 12 or d < 1 or d > 31 then return nil end
  return days_from_civil(y, m, d)
end

-- Inverse of days_from_civil: year, month, day.
function M.civil_from_days(z)
  z = z + 719468
  local era = floor(z / 146097)
  local doe = z - era * 146097
  local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
  local mp = floor((5 * doy + 2) / 153)
  local d = doy - floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return y, m, d
end

function M.doc_index(model)
  local idx = {}
  for n, d in ipairs(M.list(model.documents)) do
    if d.id ~= nil then idx[tostring(d.id)] = { doc = d, n = n } end
  end
  return idx
end

function M.speaker_name(group)
  local s = group and group.speaker
  if s == nil or s == null or s == "" then return "(no speaker)" end
  return tostring(s)
end

-- A function id -> summary sentences of that document (model.summaries,
-- else the document entry's summary), indexed once: a report looks up
-- every document.
function M.summaries(model)
  local by = {}
  for _, d in ipairs(M.list(model.documents)) do
    if d.id ~= nil and d.summary ~= nil then by[tostring(d.id)] = M.list(d.summary) end
  end
  for _, s in ipairs(M.list(model.summaries)) do
    if s.doc ~= nil then by[tostring(s.doc)] = M.list(s.sentences) end
  end
  return function(id) return by[tostring(id)] or {} end
end

-- The display title of a document entry.
function M.title(d)
  if not d then return "" end
  for _, k in ipairs{ "headline", "title", "id" } do
    local v = d[k]
    if v ~= nil and v ~= null and v ~= "" then return tostring(v) end
  end
  return ""
end

-- Where a document comes from, for display: an outlet or URL as given; a
-- file path (what ingesting a file records) says nothing the id does not.
function M.source(d)
  local s = d and d.source
  if s == nil or s == null then return nil end
  s = tostring(s)
  if (s:find("/", 1, true) and not s:find("^%a[%w+.%-]*://")) or s:find("%.txt$") or s:find("%.md$") then
    return nil
  end
  return s
end

-- A role of a person as text: "Secretary of State (United States)".
function M.role_text(r)
  if type(r) ~= "table" then return M.str(r) end
  local role, aff = M.str(r.role), M.str(r.affiliation)
  if role ~= "" and aff ~= "" then return role .. " (" .. aff .. ")" end
  return role ~= "" and role or aff
end

-- Roles as display texts, without repeats: "secretary of state" and
-- "Secretary of State" are one, and a role given without an affiliation
-- adds nothing when it also appears with one.
function M.role_texts(roles)
  local with_aff, seen, out = {}, {}, {}
  for _, r in ipairs(M.list(roles)) do
    if type(r) == "table" and M.str(r.affiliation) ~= "" then with_aff[M.str(r.role):lower()] = true end
  end
  for _, r in ipairs(M.list(roles)) do
    local text = M.role_text(r)
    local key = text:lower()
    local bare = type(r) ~= "table" or M.str(r.affiliation) == ""
    if text ~= "" and not seen[key] and not (bare and type(r) == "table" and with_aff[M.str(r.role):lower()]) then
      seen[key] = true
      out[#out + 1] = text
    end
  end
  return out
end

-- A figure in words: "about 1,200 people" (its text, then its unit unless
-- the text already says it).
function M.figure_text(f)
  local text = M.str(f.text)
  if text == "" then text = M.number(f.value) end
  local unit = M.str(f.unit)
  if unit ~= "" and not text:lower():find(unit:lower(), 1, true) then text = text .. " " .. unit end
  return text
end

-- What a timeline evidence item says, in words: "8th visit", "11 June 2024".
function M.evidence_label(ev)
  if type(ev) ~= "table" then return M.str(ev) end
  if ev.type == "ordinal" then
    local what = M.str(ev.event)
    local label = M.ordinal(ev.value or ev.ordinal)
    if what ~= "" then label = label .. " " .. what end
    local actor = M.str(ev.actor)
    if actor ~= "" then label = actor .. "'s " .. label end
    return label
  elseif ev.type == "date" then
    return M.date(ev.value)
  end
  local v = M.str(ev.value)
  return v ~= "" and v or M.str(ev.text)
end

return M
