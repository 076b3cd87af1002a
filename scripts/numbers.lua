--[[
numbers.lua -- finds every number in every document and stores it as a
span with the sentence it is in: an example of a script that writes
spans, and re-runs without doubling them.

Usage:
  lede run scripts/numbers.lua [--kind KIND]

  --kind KIND   the kind of the stored spans (default "number")

What is a number: an exact amount as lede.patterns.number reads it, in
digits or words: "37,000", "1.5", "63%", "twenty-three", "two hundred and
five", "1.2 million", "$4bn" (one span each). Years and the day of a date
are numbers too ("2023", the "7" of "October 7"); approximators are left
out ("more than 1,200" stores "1,200").

Each span: kind KIND, the number's bytes, and the attributes
  value           the amount (37000 for "37,000"; 1200000 for "1.2 million")
  percent         true for "63%" and "63 percent"
  currency        "$", "£" ... when the text has one
  sentence_start, sentence_end
                  the 0-based byte range of the sentence holding the number
                  (the store's sentences); absent when none holds it
  sentence        that sentence's text

Re-running replaces: in one transaction the script deletes the spans of
KIND that earlier runs of numbers.lua stored (runs named "numbers.lua"
however the script was called), then stores the new ones; spans of KIND
written by other scripts stay. Query them with
  sqlite3 lede.db "select text, attrs from span_text where kind='number'"

Output: one line,
  stored N spans of kind KIND in D documents (replaced M)
]]

local lede = require "lede"
local patterns = require "lede.patterns"

local RUN_NAME = "numbers.lua"
local RUN_VERSION = "1"
local USAGE = "usage: lede run scripts/numbers.lua [--kind KIND]"

local function usage(msg)
  io.stderr:write("numbers.lua: ", msg, "\n", USAGE, "\n")
  os.exit(1)
end

local function parse_args(args)
  local opts = { kind = "number" }
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--kind" then
      local v = args[i + 1]
      if not v or not v:find("^[%w_.-]+$") then
        usage("--kind needs a name (letters, digits, _ . -), got " .. (v and "'" .. v .. "'" or "nothing"))
      end
      opts.kind = v
      i = i + 1
    elseif a == "-h" or a == "--help" then
      io.stdout:write(USAGE, "\n")
      os.exit(0)
    else
      usage("unknown argument '" .. a .. "'")
    end
    i = i + 1
  end
  return opts
end

-- Stores the numbers of one document; returns how many.
local function store_numbers(db, doc, kind, run)
  local text = doc.text
  local starts, ends = {}, {}
  for s, e in doc:sentences() do
    starts[#starts + 1] = s
    ends[#ends + 1] = e
  end
  local j, n = 1, 0
  for _, m in ipairs(patterns.find(patterns.number, text)) do
    local info = m[1]
    while j <= #starts and ends[j] <= m.s do j = j + 1 end
    local attrs = { value = info.value }
    if info.percent then attrs.percent = true end
    if info.currency then attrs.currency = info.currency end
    if j <= #starts and starts[j] <= m.s and m.e <= ends[j] then
      attrs.sentence_start = starts[j] - 1
      attrs.sentence_end = ends[j] - 1
      attrs.sentence = text:sub(starts[j], ends[j] - 1)
    end
    db:add_span(doc, m.s, m.e, kind, attrs, run)
    n = n + 1
  end
  return n
end

local function main(args)
  local opts = parse_args(args)
  local db = assert(lede.open())
  local earlier = "FROM spans WHERE kind = ?1 AND run IN (SELECT id FROM runs WHERE script = ?2)"
  local stored, docs, replaced = db:transaction(function()
    local old = db:query("SELECT count(*) AS n " .. earlier, opts.kind, RUN_NAME)[1].n
    db:query("DELETE " .. earlier, opts.kind, RUN_NAME)
    local run = db:begin_run(RUN_NAME, RUN_VERSION)
    local total, with_numbers = 0, 0
    for doc in db:docs() do
      local n = store_numbers(db, doc, opts.kind, run)
      total = total + n
      if n > 0 then with_numbers = with_numbers + 1 end
    end
    return total, with_numbers, old
  end)
  io.stdout:write(string.format("stored %d spans of kind %s in %d documents (replaced %d)\n",
    stored, opts.kind, docs, replaced))
end

main(arg or {})
