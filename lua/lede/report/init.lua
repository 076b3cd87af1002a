-- lede.report: the corpus report in its formats.
--
--   local report = require "lede.report"
--   local text = report.render("html", model, db [, opts])
--   report.format_of("out/report.md")       --> "md"
--   report.write("report.html", text)       --> true, or nil, message
--
-- Formats: md (Markdown, lede.report.markdown), html (one self-contained
-- page, lede.report.html), json (the model itself, lede.report.json), csv
-- (the stored spans, lede.report.csv). The model is what
-- require("lede.analysis").build(db) returns; db gives the documents' text
-- (html) and the spans (csv), and may be nil for md and json.
--
-- opts: title (html, md), html_link (md: the HTML report's file name, so
-- that each citation links to its passage there), kinds (csv).
local M = {}

M.FORMATS = { "md", "html", "json", "csv" }

local WRITERS = {
  md = "lede.report.markdown",
  html = "lede.report.html",
  json = "lede.report.json",
  csv = "lede.report.csv",
}

local EXT = { md = "md", markdown = "md", html = "html", htm = "html", json = "json", csv = "csv" }

-- The format a file name asks for, from its extension; nil if none.
function M.format_of(path)
  local ext = type(path) == "string" and path:match("%.([%w]+)$")
  return ext and EXT[ext:lower()] or nil
end

function M.known(format)
  return WRITERS[format] ~= nil
end

-- A function id -> stored text of the document, for the HTML views.
function M.texts(db)
  if not db then return nil end
  return function(id)
    local doc = db:doc(id)
    return doc and doc.text or nil
  end
end

function M.render(format, model, db, opts)
  local name = WRITERS[format]
  if not name then
    error(("unknown report format '%s' (%s)"):format(tostring(format), table.concat(M.FORMATS, ", ")), 2)
  end
  local writer = require(name)
  opts = opts or {}
  if format == "csv" then
    if not db then error("the csv report needs a store", 2) end
    return writer.render(db, opts)
  end
  local o = {}
  for k, v in pairs(opts) do o[k] = v end
  if format == "html" and not o.text then o.text = M.texts(db) end
  return writer.render(model, o)
end

-- Writes text to path ("-" for standard output).
function M.write(path, text)
  if path == "-" then
    io.stdout:write(text)
    io.stdout:flush()
    return true
  end
  local f, err = io.open(path, "wb")
  if not f then return nil, err end
  local ok, werr = f:write(text)
  local closed, cerr = f:close()
  if not ok then return nil, werr end
  if not closed then return nil, cerr end
  return true
end

return M
