-- analyze.lua -- `lede analyze`: the main job in one command. Ingests the
-- paths, runs the standard extractors on the documents they have not seen,
-- builds the analysis (lede.analysis) and writes the report.
--
--   lede analyze PATH... [-o FILE] [--format md|html|json|csv] [--title TEXT] [--jobs N] [--quiet]
--
-- Without -o and --format it writes report.html and report.md (whose
-- citations link into report.html) in the current folder; -o FILE writes
-- that file, in the format its extension names unless --format says (-o
-- may be repeated: -o r.html -o r.md writes both, the Markdown linking into
-- the HTML beside it); --format alone writes report.FORMAT; -o - prints to
-- standard output.
-- --jobs N extracts with N workers (lede extract --jobs).
-- The store is --db FILE, else $LEDE_DB, else ./lede.db, and is kept for
-- later `lede run` scripts; analysing again only extracts what is new.
--
-- On a terminal a progress line on stderr says what is being done; at the
-- end one line says what was found and where the report is (--quiet: not
-- even that). Exit status: 0 ok, 1 usage error, 2 some input was rejected
-- or a report file could not be written, 3 extraction or analysis failed
-- (for one document: the report is still written).
local lede = require "lede"
local report = require "lede.report"
local C = require "lede.report.common"

local USAGE = "usage: lede analyze PATH... [-o FILE] [--format md|html|json|csv] [--title TEXT] [--jobs N] [--quiet]"

local function usage_error(msg)
  io.stderr:write("lede analyze: ", msg, "\n", USAGE, "\n")
  os.exit(1)
end

local paths, outs, format, title, quiet, jobs = {}, {}, nil, nil, false, nil
local i = 1
while i <= #arg do
  local a = arg[i]
  local function value()
    i = i + 1
    if not arg[i] then usage_error(a .. " needs a value") end
    return arg[i]
  end
  if a == "-o" or a == "--output" then
    outs[#outs + 1] = value()
  elseif a == "--format" or a == "-f" then
    format = value()
    if not report.known(format) then usage_error("unknown format '" .. format .. "' (md, html, json, csv)") end
  elseif a == "--title" then
    title = value()
  elseif a == "--jobs" or a == "-j" then
    local v = value()
    jobs = math.tointeger(tonumber(v))
    if not jobs or jobs < 1 or jobs > 64 then usage_error("--jobs needs a number from 1 to 64, got '" .. v .. "'") end
  elseif a == "--quiet" or a == "-q" then
    quiet = true
  elseif a == "-h" or a == "--help" then
    print(USAGE)
    os.exit(0)
  elseif a == "--" then
    for j = i + 1, #arg do paths[#paths + 1] = arg[j] end
    break
  elseif a:sub(1, 1) == "-" and a ~= "-" then
    usage_error("unknown option '" .. a .. "'")
  else
    paths[#paths + 1] = a
  end
  i = i + 1
end
if #paths == 0 then usage_error("which files or folders? (PATH...)") end

-- What to write: { {format, path}, ... }
local outputs = {}
if #outs > 0 then
  for k, out in ipairs(outs) do
    local f = format or (out ~= "-" and report.format_of(out))
    if not f then usage_error("cannot tell the format of '" .. out .. "' from its name: add --format") end
    outputs[k] = { f, out }
  end
elseif format then
  outputs[1] = { format, "report." .. format }
else
  outputs[1] = { "html", "report.html" }
  outputs[2] = { "md", "report.md" }
end

-- The progress line: only on a terminal (LEDE_PROGRESS=1/0 forces it).
local forced = os.getenv("LEDE_PROGRESS")
local tty
if forced == "1" or forced == "0" then
  tty = forced == "1"
else
  tty = not quiet and os.execute("test -t 2") == true
end
local shown = false
local function progress(msg)
  if not tty or quiet then return end
  io.stderr:write("\r\27[K", "lede analyze: ", msg)
  io.stderr:flush()
  shown = true
end
local function say(msg)
  if shown then io.stderr:write("\r\27[K"); shown = false end
  io.stderr:write("lede analyze: ", msg, "\n")
end

local status = 0
local db = lede.open()

-- 1. ingest
local added, duplicate, rejected = 0, 0, 0
for _, p in ipairs(paths) do
  progress("reading " .. p .. " ...")
  local st, err, counts = db:ingest(p)
  st = st or counts or {}
  added = added + (st.docs_added or 0)
  duplicate = duplicate + (st.docs_duplicate or 0)
  rejected = rejected + (st.rejected or 0)
  if err then
    -- the binding's message counts the rejects; the OS names the cause
    local f, why = io.open(p, "rb")
    if f then f:close() end
    say(f and err or why)
    status = 2
  end
end
local ndocs = db:count()
if ndocs == 0 then
  say("no documents to analyse")
  os.exit(2)
end

-- 2. extract: scripts/extract.lua, run as `lede extract` would run it, in
-- its own environment so that its exit and its summary line stay here.
local function run_extract()
  local dir = (arg[0] or ""):match("^(.*)/[^/]*$") or "."
  -- extract.lua's stderr, by lines: its count line is kept for the
  -- summary, anything else (a failed document, an extractor that does not
  -- load) is passed on
  local pending, processed = "", nil
  local function line(l)
    local n = l:match("^lede extract: (%d+) documents processed")
    if n then processed = tonumber(n) else say((l:gsub("^lede extract: ", "extract: "))) end
  end
  local fake_stderr = {
    write = function(self, ...)
      for k = 1, select("#", ...) do pending = pending .. tostring(select(k, ...)) end
      while true do
        local l, rest = pending:match("^([^\n]*)\n(.*)$")
        if not l then break end
        line(l)
        pending = rest
      end
      return self
    end,
    flush = function(self) return self end,
  }
  local EXIT = {}
  local env = setmetatable({
    arg = jobs and { [0] = dir .. "/extract.lua", "--jobs", tostring(jobs) } or { [0] = dir .. "/extract.lua" },
    io = setmetatable({ stderr = fake_stderr }, { __index = io }),
    os = setmetatable({ exit = function(code) error(setmetatable({ code = code }, EXIT), 0) end },
      { __index = os }),
  }, { __index = _G })
  env._G = env
  local chunk, err = loadfile(dir .. "/extract.lua", "t", env)
  if not chunk then return nil, err end
  local ok, e = pcall(chunk)
  if pending ~= "" then line(pending) end
  if ok then return 0, processed end
  if getmetatable(e) == EXIT then
    local code = e.code
    if code == true or code == nil then code = 0 elseif code == false then code = 1 end
    return code, processed
  end
  return nil, tostring(e)
end

progress(("extracting people, places, dates, figures and quotes from %s ..."):format(C.count(ndocs, "document")))
local xcode, extracted = run_extract()
if xcode == nil then
  say("extraction failed: " .. tostring(extracted))
  os.exit(3)
elseif xcode ~= 0 then
  say("extraction failed" .. (extracted and " for some documents" or "") .. "; the report leaves their spans out")
  status = 3
end

-- 3. analyse
progress(("analysing %s ..."):format(C.count(ndocs, "document")))
local found, analysis = pcall(require, "lede.analysis")
if not found then
  say("the analysis module is missing: " .. tostring(analysis))
  os.exit(3)
end
local built, model = pcall(analysis.build, db)
if not built then
  say("analysis failed: " .. tostring(model))
  os.exit(3)
end

-- 4. write
local written = {}
local html_path
for _, o in ipairs(outputs) do
  if o[1] == "html" then html_path = o[2] end
end
for _, o in ipairs(outputs) do
  local fmt, path = o[1], o[2]
  progress("writing " .. path .. " ...")
  local opts = { title = title }
  if fmt == "md" and html_path then
    -- the Markdown's citations link to the passages in the HTML beside it
    local dir = path:match("^(.*)/[^/]*$")
    local hdir = html_path:match("^(.*)/[^/]*$")
    if dir == hdir then opts.html_link = html_path:match("[^/]*$") end
  end
  local ok, text = pcall(report.render, fmt, model, db, opts)
  if not ok then
    say("cannot render the " .. fmt .. " report: " .. tostring(text))
    os.exit(3)
  end
  local wrote, err = report.write(path, text)
  if wrote then
    if path ~= "-" then written[#written + 1] = path end
  else
    say("cannot write " .. path .. ": " .. tostring(err))
    status = 2
  end
end

if not quiet then
  local nquotes = 0
  for _, g in ipairs(C.list(model.quotes)) do nquotes = nquotes + (tonumber(g.count) or #C.list(g.quotes)) end
  local new = added > 0 and (" (" .. C.number(added) .. " new)") or ""
  say(("%s%s: %s, %s, %s, %s"):format(C.count(ndocs, "document"), new,
    C.count(#C.list(model.people), "person", "people"), C.count(nquotes, "quote"),
    C.count(#C.list(model.timeline), "placed in time", "placed in time"),
    C.count(#C.list(model.disagreements), "disagreement")))
  if #written > 0 then
    local pwd = os.getenv("PWD")
    local shown_paths = {}
    for k, p in ipairs(written) do
      shown_paths[k] = (p:sub(1, 1) ~= "/" and pwd and pwd ~= "") and (pwd .. "/" .. p) or p
    end
    say("report: " .. table.concat(shown_paths, ", "))
  end
end
if rejected > 0 and status == 0 then status = 2 end
if status ~= 0 then os.exit(status) end
