--[[
kwic.lua -- keyword in context: every occurrence of a word or phrase in
every document of the store, with the text around it.

Usage:
  lede run scripts/kwic.lua WORD... [--width W]

  WORD...     the word or phrase to look for; several arguments are one
              phrase ("kwic.lua prime minister" = "kwic.lua 'prime minister'")
  --width W   bytes of context on each side (default 40)

Output: one line per occurrence, by document (store order), then by
position:
  DOC_ID<TAB>START<TAB>LEFT[MATCH]RIGHT
START is the 0-based byte offset of the match in the stored text (the
offset convention of spans and span JSONL). LEFT and RIGHT are the W bytes
before and after the match, cut so that no UTF-8 character is split (so
sometimes a little shorter), with line breaks and tabs shown as spaces;
LEFT is padded with spaces on the left to W characters so that the
brackets line up in a fixed-width font. MATCH is the text as written.

Matching is on whole tokens after case folding, as lede's gazetteers
match (lede.gazetteer with fold): "ceasefire" finds "Ceasefire" and the
"ceasefire" of "ceasefire’s", not "ceasefires" or "ceasefire-related"; a
phrase matches across spaces and single line breaks but not across
punctuation it does not contain or a blank line; curly and straight
apostrophes and the dashes count as equal.
]]

local lede = require "lede"
local gazetteer = require "lede.gazetteer"

local USAGE = "usage: lede run scripts/kwic.lua WORD... [--width W]"

local function usage(msg)
  io.stderr:write("kwic.lua: ", msg, "\n", USAGE, "\n")
  os.exit(1)
end

local function parse_args(args)
  local opts = { width = 40 }
  local words = {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--width" then
      local v = args[i + 1]
      local n = v and math.tointeger(tonumber(v))
      if not n or n < 0 then usage("--width needs a whole number, got " .. (v and "'" .. v .. "'" or "nothing")) end
      opts.width = n
      i = i + 1
    elseif a == "-h" or a == "--help" then
      io.stdout:write(USAGE, "\n")
      os.exit(0)
    elseif a:sub(1, 2) == "--" then
      usage("unknown option '" .. a .. "'")
    else
      words[#words + 1] = a
    end
    i = i + 1
  end
  opts.phrase = table.concat(words, " ")
  if not opts.phrase:find("%S") then usage("which word?") end
  return opts
end

local function is_continuation(byte)
  return byte ~= nil and byte >= 0x80 and byte < 0xC0
end

-- Line breaks (CR, LF, FF, VT, U+2028, U+2029) and tabs as spaces: one
-- occurrence, one line, three tab-separated fields.
local function flatten(s)
  return (s:gsub("[\t\n\v\f\r]", " "):gsub("\226\128[\168\169]", " "))
end

-- The at most `width` bytes of text before position s, starting on a
-- character boundary.
local function left_context(text, s, width)
  local from = s - width
  if from < 1 then from = 1 end
  while from < s and is_continuation(text:byte(from)) do from = from + 1 end
  return text:sub(from, s - 1)
end

-- The at most `width` bytes from position e on, ending on a character
-- boundary.
local function right_context(text, e, width)
  local stop = e + width -- exclusive
  if stop > #text + 1 then stop = #text + 1 end
  while stop > e and is_continuation(text:byte(stop)) do stop = stop - 1 end
  return text:sub(e, stop - 1)
end

local function main(args)
  local opts = parse_args(args)
  local matcher = gazetteer.new()
  local ok, err = pcall(matcher.add, matcher, opts.phrase, true, { fold = true })
  if not ok then usage("cannot search for '" .. opts.phrase .. "': " .. tostring(err)) end
  local db = assert(lede.open())
  local width = opts.width
  local out = {}
  for doc in db:docs() do
    local text = doc.text
    for s, e in matcher:match(text) do
      local left = flatten(left_context(text, s, width))
      local pad = width - utf8.len(left)
      out[#out + 1] = table.concat {
        doc.id, "\t", s - 1, "\t", string.rep(" ", pad), left,
        "[", flatten(text:sub(s, e - 1)), "]", flatten(right_context(text, e, width)),
      }
      if #out >= 1000 then
        io.stdout:write(table.concat(out, "\n"), "\n")
        out = {}
      end
    end
  end
  if #out > 0 then io.stdout:write(table.concat(out, "\n"), "\n") end
end

main(arg or {})
