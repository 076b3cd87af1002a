--[[
freq.lua -- word or phrase frequencies over every document of the store.

Usage:
  lede run scripts/freq.lua [-n N] [--min-count K] [--no-stop] [--phrases]

  -n N            print the top N terms (default 30; 0 prints them all)
  --min-count K   leave out terms seen fewer than K times (default 1)
  --no-stop       leave out stop words (data/stopwords.txt)
  --phrases       count 2- and 3-word phrases instead of words

Output: one line per term, `COUNT<TAB>TERM`, by count (highest first),
then by term (byte order).

What is counted:
  * words are the tokenizer's word tokens (`doc:tokens()` class "word":
    "al-Sisi", "U.S.", "don’t"), case-folded ("Gaza" and "GAZA" are
    "gaza"; curly apostrophes become '); numbers, punctuation, quote
    marks, dashes, symbols and URLs are not words;
  * a phrase is 2 or 3 words in a row on one line, with nothing but
    spaces between them (punctuation, a number or a line break ends the
    run), that neither starts nor ends with a stop word ("prime
    minister", "state of emergency", but not "of the war"); a possessive
    stays on its word ("hamas's leaders"), and a phrase never ends with
    one. Stop words are always kept out of phrase edges; --no-stop is for
    words.
]]

local lede = require "lede"
local data = require "lede.data"

local USAGE = "usage: lede run scripts/freq.lua [-n N] [--min-count K] [--no-stop] [--phrases]"

local function usage(msg)
  io.stderr:write("freq.lua: ", msg, "\n", USAGE, "\n")
  os.exit(1)
end

local function count_arg(args, i, name)
  local v = args[i + 1]
  local n = v and math.tointeger(tonumber(v))
  if not n or n < 0 then usage(name .. " needs a whole number, got " .. (v and "'" .. v .. "'" or "nothing")) end
  return n
end

local function parse_args(args)
  local opts = { top = 30, min_count = 1, no_stop = false, phrases = false }
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "-n" then
      opts.top = count_arg(args, i, "-n")
      i = i + 1
    elseif a == "--min-count" then
      opts.min_count = count_arg(args, i, "--min-count")
      i = i + 1
    elseif a == "--no-stop" then
      opts.no_stop = true
    elseif a == "--phrases" then
      opts.phrases = true
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

-- Case folding as lede_fold (core/token.c) does it for the scripts that
-- news text uses (Latin, Greek, Cyrillic) and for its punctuation
-- equivalences, since the binding does not export lede_fold.
local PUNCT_FOLD = {
  [0x2018] = "'", [0x2019] = "'", [0x201A] = "'", [0x201B] = "'", [0x2039] = "'", [0x203A] = "'",
  [0x201C] = '"', [0x201D] = '"', [0x201E] = '"', [0x201F] = '"', [0xAB] = '"', [0xBB] = '"',
  [0x2010] = "-", [0x2011] = "-", [0x2012] = "-", [0x2013] = "-", [0x2014] = "-", [0x2015] = "-",
  [0x2212] = "-",
  [0xAD] = "", [0x200B] = "", [0x200C] = "", [0x200D] = "", [0x2060] = "", [0xFEFF] = "",
}

local function fold_codepoint(cp)
  if cp >= 0xC0 and cp <= 0xDE and cp ~= 0xD7 then return cp + 0x20 end
  if cp >= 0x100 and cp <= 0x17F then
    if cp == 0x130 then return 0x69 end -- İ: a dotted capital I
    if cp == 0x178 then return 0xFF end
    if cp == 0x17F then return 0x73 end -- long s
    -- Latin Extended-A alternates capital, small; the parity flips at 0x138 and 0x149.
    local even_capital = cp < 0x138 or (cp > 0x149 and cp < 0x178)
    if (cp % 2 == 0) == even_capital and cp ~= 0x138 and cp ~= 0x149 then return cp + 1 end
    return cp
  end
  if cp >= 0x391 and cp <= 0x3A9 and cp ~= 0x3A2 then return cp + 0x20 end
  if cp == 0x386 then return 0x3AC end
  if cp >= 0x388 and cp <= 0x38A then return cp + 0x25 end
  if cp == 0x38C then return 0x3CC end
  if cp == 0x38E or cp == 0x38F then return cp + 0x3F end
  if cp == 0x3C2 then return 0x3C3 end
  if cp >= 0x400 and cp <= 0x40F then return cp + 0x50 end
  if cp >= 0x410 and cp <= 0x42F then return cp + 0x20 end
  return cp
end

local function fold_char(ch)
  local cp = utf8.codepoint(ch)
  local p = PUNCT_FOLD[cp]
  if p then return p end
  return utf8.char(fold_codepoint(cp))
end

local function fold(s)
  s = s:lower()
  if not s:find("[\128-\255]") then return s end
  return (s:gsub("[\192-\247][\128-\191]*", fold_char))
end

-- Words of one document as units: {word=, form=, brk=}; form is the word
-- with its possessive, brk is true when a phrase cannot join this unit to
-- the one before.
local function units_of(doc)
  local text = doc.text
  local units, prev_e, brk = {}, nil, true
  for _, s, e, class in doc:tokens() do
    if class == "word" then
      local w = fold(text:sub(s, e - 1))
      local line_break = prev_e ~= nil and text:sub(prev_e, s - 1):find("[\n\r]") ~= nil
      units[#units + 1] = { word = w, form = w, brk = brk or line_break }
      brk = false
    elseif class == "possessive" and not brk and #units > 0 and prev_e == s then
      local u = units[#units]
      u.form = u.form .. fold(text:sub(s, e - 1))
      u.possessive = true
    else
      brk = true
    end
    prev_e = e
  end
  return units
end

local function count_words(db, counts, stop)
  for doc in db:docs() do
    local text = doc.text
    for _, s, e, class in doc:tokens() do
      if class == "word" then
        local w = fold(text:sub(s, e - 1))
        if not (stop and stop[w]) then counts[w] = (counts[w] or 0) + 1 end
      end
    end
  end
end

local function count_phrases(db, counts, stop)
  for doc in db:docs() do
    local units = units_of(doc)
    for i = 1, #units do
      local first = units[i]
      if not stop[first.word] then
        local parts = { first.form }
        for j = i + 1, math.min(i + 2, #units) do
          local u = units[j]
          if u.brk then break end
          parts[#parts + 1] = u.form
          if not stop[u.word] and not u.possessive then
            local term = table.concat(parts, " ")
            counts[term] = (counts[term] or 0) + 1
          end
        end
      end
    end
  end
end

local function main(args)
  local opts = parse_args(args)
  local db = assert(lede.open())
  local stop = data.set("stopwords.txt")
  local counts = {}
  if opts.phrases then
    count_phrases(db, counts, stop)
  else
    count_words(db, counts, opts.no_stop and stop or nil)
  end
  local terms = {}
  for term, n in pairs(counts) do
    if n >= opts.min_count then terms[#terms + 1] = term end
  end
  table.sort(terms, function(a, b)
    if counts[a] ~= counts[b] then return counts[a] > counts[b] end
    return a < b
  end)
  local last = #terms
  if opts.top > 0 and opts.top < last then last = opts.top end
  local out = {}
  for k = 1, last do out[k] = counts[terms[k]] .. "\t" .. terms[k] end
  if last > 0 then io.stdout:write(table.concat(out, "\n"), "\n") end
end

main(arg or {})
