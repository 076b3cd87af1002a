-- lede.report.json: the analysis model as JSON, for programs.
--
--   local text = require("lede.report.json").render(model)
--
-- The output is exactly the model (no field added or dropped), indented so
-- that a person can read it and a diff between two runs is small:
--   - keys in a fixed order: identity first (id, doc, name ...), then the
--     offsets and text of the evidence, then the rest alphabetically, so the
--     same model always gives the same bytes;
--   - a table holding no tables is written on one line when it is short;
--   - an empty table is [] except where the model has an object (corpus,
--     corpus_summary, keywords and its per-document map, dates, sentence),
--     because a list with nothing in it (no quotes, no disagreements) is
--     the common case and a consumer iterating over it must not get {};
--   - lede.json.null is null; numbers and strings as lede.json writes them.
local json = require "lede.json"

local M = {}

local null = json.null
local concat, sort = table.concat, table.sort
local type, pairs, tostring, math_type = type, pairs, tostring, math.type

-- The order a reader expects; keys not listed follow, sorted. The top
-- level follows the report's sections; inside items, identity first, then
-- the claim, then where it comes from.
local function ranks(list)
  local r = {}
  for i, k in ipairs(list) do r[k] = i end
  return r
end
local TOP = ranks{
  "generated", "lede_version", "corpus", "documents", "people", "orgs", "places", "quotes",
  "timeline", "unplaced", "events", "figures", "disagreements", "near_duplicates", "summaries",
  "corpus_summary", "keywords",
}
local ITEM = ranks{
  "id", "doc", "position", "speaker", "name", "term", "fact", "kind", "type", "title", "headline",
  "byline", "date", "source", "actor", "event", "ordinal", "destination", "value", "unit",
  "approx", "role", "affiliation", "count", "mentions", "quotes", "score", "similarity",
  "first", "last", "first_date", "last_date", "words", "documents", "docs", "forms", "gender",
  "start", "end", "text", "cue", "partial", "sentence", "passage", "evidence", "roles",
  "summary", "sentences", "values",
}

local function key_order(rank)
  return function(a, b)
    local ra, rb = rank[a], rank[b]
    if ra and rb then return ra < rb end
    if ra or rb then return ra ~= nil end
    return a < b
  end
end
local TOP_BEFORE, ITEM_BEFORE = key_order(TOP), key_order(ITEM)

-- Where the model holds an object, an empty table is {}.
local function empty_is_object(key, parent_key, depth)
  if key == "corpus" then return depth == 1 end
  if key == "documents" then return parent_key == "keywords" end
  return key == "corpus_summary" or key == "keywords" or key == "dates" or key == "sentence"
end

local function is_array(t)
  local n = #t
  if n == 0 then return false end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

local INLINE_WIDTH = 100

local encode

local function has_tables(t)
  for _, v in pairs(t) do
    if type(v) == "table" and v ~= null then return true end
  end
  return false
end

local function sorted_keys(t, depth)
  local keys = {}
  for k in pairs(t) do
    local tk = type(k)
    if tk ~= "string" and not (tk == "number" and math_type(k) == "integer") then
      error("json: cannot encode a key of type " .. tk, 0)
    end
    keys[#keys + 1] = tostring(k)
  end
  sort(keys, depth == 0 and TOP_BEFORE or ITEM_BEFORE)
  return keys
end

-- The value of table t at a key that sorted_keys turned into a string.
local function at(t, k)
  local v = t[k]
  if v == nil then v = t[tonumber(k)] end
  return v
end

function encode(v, out, indent, key, parent_key, depth, seen)
  local tv = type(v)
  if v == nil or v == null then
    out[#out + 1] = "null"
  elseif tv == "string" or tv == "number" or tv == "boolean" then
    out[#out + 1] = json.encode(v)
  elseif tv == "table" then
    if seen[v] then error("json: cannot encode a cycle", 0) end
    seen[v] = true
    local array = is_array(v)
    if next(v) == nil then
      out[#out + 1] = empty_is_object(key, parent_key, depth) and "{}" or "[]"
    elseif not has_tables(v) then
      -- one line when short: [ "a", "b" ] or { "doc": ..., "start": ... }
      local parts = {}
      if array then
        for i = 1, #v do parts[i] = json.encode(v[i] == null and nil or v[i]) end
      else
        for _, k in ipairs(sorted_keys(v, depth)) do
          local x = at(v, k)
          parts[#parts + 1] = json.encode(k) .. ": " .. (x == null and "null" or json.encode(x))
        end
      end
      local line = array and ("[" .. concat(parts, ", ") .. "]") or ("{" .. concat(parts, ", ") .. "}")
      if #line + #indent <= INLINE_WIDTH then
        out[#out + 1] = line
      else
        local inner = indent .. "  "
        out[#out + 1] = array and "[\n" or "{\n"
        out[#out + 1] = inner .. concat(parts, ",\n" .. inner)
        out[#out + 1] = "\n" .. indent .. (array and "]" or "}")
      end
    else
      local inner = indent .. "  "
      if array then
        out[#out + 1] = "[\n"
        for i = 1, #v do
          if i > 1 then out[#out + 1] = ",\n" end
          out[#out + 1] = inner
          encode(v[i], out, inner, key, parent_key, depth + 1, seen)
        end
        out[#out + 1] = "\n" .. indent .. "]"
      else
        out[#out + 1] = "{\n"
        for i, k in ipairs(sorted_keys(v, depth)) do
          if i > 1 then out[#out + 1] = ",\n" end
          out[#out + 1] = inner .. json.encode(k) .. ": "
          encode(at(v, k), out, inner, k, key, depth + 1, seen)
        end
        out[#out + 1] = "\n" .. indent .. "}"
      end
    end
    seen[v] = nil
  else
    error("json: cannot encode a " .. tv, 0)
  end
end

-- The model as JSON text, ending with a newline.
function M.render(model)
  if type(model) ~= "table" then
    error("bad argument #1 to 'render' (table expected, got " .. type(model) .. ")", 2)
  end
  local out = {}
  encode(model, out, "", nil, nil, 0, {})
  out[#out + 1] = "\n"
  return concat(out)
end

return M
