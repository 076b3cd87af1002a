-- lede.report.csv: the stored spans as CSV (RFC 4180), one row per span:
--
--   doc,kind,start,end,text,attributes
--
-- start and end are 0-based byte offsets with an exclusive end into the
-- stored text, text is those bytes, attributes the span's fields as one
-- JSON object ({} when it has none). Rows end in CRLF; a field holding a
-- comma, a double quote, CR or LF is quoted, its quotes doubled. Rows come
-- in document order, then by start (longer spans first at one start).
--
--   require("lede.report.csv").render(db [, {kinds = {...}}]) -> text
--   require("lede.report.csv").write(db, file [, opts])       -- streams
local json = require "lede.json"

local M = {}

local concat = table.concat

local function field(v)
  v = v == nil and "" or tostring(v)
  if v:find('[,"\r\n]') then return '"' .. v:gsub('"', '""') .. '"' end
  return v
end
M.field = field

M.HEADER = "doc,kind,start,end,text,attributes\r\n"

local SQL = [[
  SELECT d.id AS doc, s.kind, s.start, s.end,
         CAST(substr(CAST(d.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT) AS text, s.attrs
  FROM spans s JOIN documents d ON d.rowid = s.doc
  WHERE ?1 IS NULL OR s.kind IN (SELECT value FROM json_each(?1))
  ORDER BY s.doc, s.start, s.end DESC, s.kind]]

-- Writes the CSV to f (anything with f:write(string)).
function M.write(db, f, opts)
  local kinds = opts and opts.kinds
  f:write(M.HEADER)
  local out, n = {}, 0
  for row in db:rows(SQL, kinds and json.encode(kinds) or nil) do
    local attrs = row.attrs
    if attrs == nil or attrs == "" then attrs = "{}" end
    n = n + 1
    out[n] = concat({ field(row.doc), field(row.kind), row.start, row["end"], field(row.text), field(attrs) }, ",")
    if n == 2048 then
      f:write(concat(out, "\r\n", 1, n), "\r\n")
      n = 0
    end
  end
  if n > 0 then f:write(concat(out, "\r\n", 1, n), "\r\n") end
end

function M.render(db, opts)
  local parts = {}
  M.write(db, { write = function(_, ...)
    for i = 1, select("#", ...) do parts[#parts + 1] = select(i, ...) end
  end }, opts)
  return concat(parts)
end

return M
