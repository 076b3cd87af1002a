--[[
sentence_stats.lua -- sentence-length statistics: for each document, how
many sentences it has and how many words they hold.

Usage:
  lede run scripts/sentence_stats.lua [--format table|tsv]

Output: a header line, one line per document (store order) and a last
line for the whole corpus, with the columns
  doc          document id; "(total)" on the corpus line
  sentences    sentences holding at least one word
  words        words in those sentences
  mean         words per sentence, mean (one decimal)
  median       words per sentence, median (one decimal: the mean of the
               two middle values for an even count)
  min, max     words in the shortest and the longest sentence
  longest_at   0-based byte offset where the (first) longest sentence
               starts; on the corpus line DOC_ID:OFFSET
--format table (the default) aligns the columns with spaces; --format tsv
separates them with one tab. A document without sentences shows 0 and
"-" for the statistics.

Sentences are the store's (`doc:sentences()`, the core's segmentation);
words are the tokens of class word, number or url (`doc:tokens()`):
"37,000 people" is two words; punctuation, quote marks, dashes, symbols
and a possessive 's are not words. A sentence without words (a lone
bullet or dash) is not counted.
]]

local lede = require "lede"

local USAGE = "usage: lede run scripts/sentence_stats.lua [--format table|tsv]"

local WORD_CLASSES = { word = true, number = true, url = true }
local COLUMNS = { "doc", "sentences", "words", "mean", "median", "min", "max", "longest_at" }

local function usage(msg)
  io.stderr:write("sentence_stats.lua: ", msg, "\n", USAGE, "\n")
  os.exit(1)
end

local function parse_args(args)
  local opts = { format = "table" }
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--format" then
      local v = args[i + 1]
      if v ~= "table" and v ~= "tsv" then
        usage("--format is table or tsv, got " .. (v and "'" .. v .. "'" or "nothing"))
      end
      opts.format = v
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

-- Words per sentence of one document, and each sentence's start (Lua
-- position), for the sentences holding words.
local function sentence_lengths(doc)
  local starts, ends = {}, {}
  for s, e in doc:sentences() do
    starts[#starts + 1] = s
    ends[#ends + 1] = e
  end
  local counts = {}
  local j = 1
  for _, s, _, class in doc:tokens() do
    while j <= #starts and ends[j] <= s do j = j + 1 end
    if j > #starts then break end
    if WORD_CLASSES[class] and s >= starts[j] then counts[j] = (counts[j] or 0) + 1 end
  end
  local lengths, at = {}, {}
  for k = 1, #starts do
    if counts[k] then
      lengths[#lengths + 1] = counts[k]
      at[#at + 1] = starts[k]
    end
  end
  return lengths, at
end

-- The statistics of a list of lengths: {sentences, words, mean, median,
-- min, max, longest} with longest the index of the first longest.
local function stats(lengths)
  local n = #lengths
  local st = { sentences = n, words = 0 }
  if n == 0 then return st end
  local longest = 1
  for k, len in ipairs(lengths) do
    st.words = st.words + len
    if len > lengths[longest] then longest = k end
  end
  local sorted = table.move(lengths, 1, n, 1, {})
  table.sort(sorted)
  st.mean = st.words / n
  if n % 2 == 1 then
    st.median = sorted[(n + 1) // 2]
  else
    st.median = (sorted[n // 2] + sorted[n // 2 + 1]) / 2
  end
  st.min, st.max, st.longest = sorted[1], sorted[n], longest
  return st
end

local function row(id, st, longest_at)
  if st.sentences == 0 then return { id, "0", "0", "-", "-", "-", "-", "-" } end
  return {
    id, tostring(st.sentences), tostring(st.words),
    string.format("%.1f", st.mean), string.format("%.1f", st.median),
    tostring(st.min), tostring(st.max), longest_at,
  }
end

local function print_table(rows)
  local widths = {}
  for _, r in ipairs(rows) do
    for c, v in ipairs(r) do
      local w = utf8.len(v) or #v
      if not widths[c] or w > widths[c] then widths[c] = w end
    end
  end
  for _, r in ipairs(rows) do
    local cells = {}
    for c, v in ipairs(r) do
      local pad = string.rep(" ", widths[c] - (utf8.len(v) or #v))
      -- Ids left-aligned, numbers right-aligned.
      if c == 1 then
        cells[c] = v .. pad
      else
        cells[c] = pad .. v
      end
    end
    io.stdout:write(table.concat(cells, "  "), "\n")
  end
end

local function main(args)
  local opts = parse_args(args)
  local db = assert(lede.open())
  local rows = { COLUMNS }
  local all, all_doc, all_at = {}, {}, {}
  for doc in db:docs() do
    local lengths, at = sentence_lengths(doc)
    local st = stats(lengths)
    rows[#rows + 1] = row(doc.id, st, st.longest and tostring(at[st.longest] - 1))
    for k, len in ipairs(lengths) do
      all[#all + 1] = len
      all_doc[#all] = doc.id
      all_at[#all] = at[k]
    end
  end
  local total = stats(all)
  rows[#rows + 1] = row("(total)", total,
    total.longest and all_doc[total.longest] .. ":" .. (all_at[total.longest] - 1))
  if opts.format == "tsv" then
    for _, r in ipairs(rows) do io.stdout:write(table.concat(r, "\t"), "\n") end
  else
    print_table(rows)
  end
end

main(arg or {})
