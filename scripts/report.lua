-- report.lua -- `lede report`: the corpus report of the documents already
-- in the store (ingested and extracted), in one format.
--
--   lede report [--format md|html|json|csv] [-o FILE] [--title TEXT] [--model FILE.json]
--
-- Builds the analysis model (lede.analysis) from the store and renders it:
-- Markdown on standard output by default; -o FILE writes the file, its
-- extension choosing the format unless --format says. csv is the stored
-- spans (doc, kind, start, end, text, attributes). --model renders a JSON
-- report written earlier (lede report --format json) instead of analysing
-- again; the store still gives the documents' text to the HTML page.
local lede = require "lede"
local report = require "lede.report"

local USAGE = "usage: lede report [--format md|html|json|csv] [-o FILE] [--title TEXT] [--model FILE.json]"

local function usage_error(msg)
  io.stderr:write("lede report: ", msg, "\n", USAGE, "\n")
  os.exit(1)
end

local format, out, title, model_file
local i = 1
while i <= #arg do
  local a = arg[i]
  local function value()
    i = i + 1
    if not arg[i] then usage_error(a .. " needs a value") end
    return arg[i]
  end
  if a == "--format" or a == "-f" then
    format = value()
    if not report.known(format) then usage_error("unknown format '" .. format .. "' (md, html, json, csv)") end
  elseif a == "-o" or a == "--output" then
    out = value()
  elseif a == "--title" then
    title = value()
  elseif a == "--model" then
    model_file = value()
  elseif a == "-h" or a == "--help" then
    print(USAGE)
    os.exit(0)
  else
    usage_error("unknown argument '" .. a .. "'")
  end
  i = i + 1
end

if not format then
  format = out and out ~= "-" and report.format_of(out) or "md"
end

local db = lede.open()

local model
if format ~= "csv" then
  if model_file then
    local f, err = io.open(model_file, "rb")
    if not f then
      io.stderr:write("lede report: ", err, "\n")
      os.exit(2)
    end
    local text = f:read("a")
    f:close()
    local msg
    model, msg = lede.json.decode(text)
    if type(model) ~= "table" then
      io.stderr:write(("lede report: %s: not a JSON report (%s)\n"):format(model_file, msg or "not an object"))
      os.exit(2)
    end
  else
    local found, analysis = pcall(require, "lede.analysis")
    if not found then
      io.stderr:write("lede report: the analysis module is missing: ", tostring(analysis), "\n")
      os.exit(3)
    end
    model = analysis.build(db)
  end
end

local text = report.render(format, model, db, { title = title })
local ok, err = report.write(out or "-", text)
if not ok then
  io.stderr:write("lede report: cannot write ", out, ": ", tostring(err), "\n")
  os.exit(2)
end
