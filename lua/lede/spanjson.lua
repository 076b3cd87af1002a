-- lede.spanjson: one span as a line of the span JSONL contract
-- (ARCHITECTURE.md): {"doc","kind","start","end","text", then the kind's
-- fields}. Offsets are the store's: 0-based bytes, end exclusive.
--
--   spanjson.line(doc_id, kind, start0, end0, text, attrs_json_or_table)
--
-- attrs may be the JSON object text the store keeps (spliced in as is) or
-- a table (encoded with lede.json). The common fields come first, in the
-- contract's order, so the lines read well and compare with diff.

local json = require "lede.json"

local M = {}

local encode, format, type = json.encode, string.format, type

function M.line(doc, kind, start, stop, text, attrs)
  local head = format('{"doc":%s,"kind":%s,"start":%d,"end":%d,"text":%s',
    encode(doc), encode(kind), start, stop, encode(text))
  if type(attrs) == "table" then attrs = encode(attrs) end
  if attrs == nil or attrs == "{}" or attrs == "[]" then return head .. "}" end
  return head .. "," .. attrs:sub(2)
end

return M
