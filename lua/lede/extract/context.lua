--[[
lede.extract.context -- the words around a position, for the context rules
of the entity extractors (lede.extract.places, lede.extract.people).

Promise: cheap (a string match over at most 60 bytes, no tokenizing), and
only words on the same line with nothing but spaces or tabs between them
and the position count as "right before" or "right after": punctuation in
between (a comma, a dash, a bracket) means there is no such word.

  context.prev_word(text, s) -> word, start, possessive, full_stop
      the word ending just before s (s an LPeg position): without a final
      's/’s (possessive = true) or a sentence's full stop (full_stop =
      true; abbreviations such as "U.S." keep theirs); nil if none
  context.next_word(text, e) -> word, start
      the word starting just after e, without a possessive or full stop
]]

local context = {}

-- Word characters for the context helpers: ASCII letters and digits, every
-- byte of a multibyte character (curly marks are stripped afterwards),
-- inner apostrophes, hyphens and dots.
local WORD = "[%w\128-\255'%-%.]+"
local NEXT_WORD = "^[ \t]*()(" .. WORD .. ")"
local byte, sub = string.byte, string.sub

local function is_word_byte(b)
  return (b >= 97 and b <= 122) or (b >= 65 and b <= 90) or (b >= 48 and b <= 57) or b >= 128
    or b == 39 or b == 45 or b == 46
end

-- Curly quotes and dashes (3-byte punctuation U+2010..201F) glued to a
-- word by the byte class above: how many bytes lead, the word without them.
local function strip_punct(w)
  local lead = 0
  while w:find("^\226\128[\144-\159]") do w = w:sub(4); lead = lead + 3 end
  while w:find("\226\128[\144-\159]$") do w = w:sub(1, -4) end
  return w, lead
end

-- The word right before position s (only spaces or tabs between): the word
-- (without a possessive or a sentence's full stop), its start, whether it
-- had a possessive, whether it ended a sentence with a full stop.
function context.prev_word(text, s)
  local i = s - 1
  while i >= 1 do
    local b = byte(text, i)
    if b == 32 or b == 9 then i = i - 1 else break end
  end
  local last = i
  local lo = s - 60
  while i >= 1 and i > lo and is_word_byte(byte(text, i)) do i = i - 1 end
  if i == last then return nil end
  local w = sub(text, i + 1, last)
  local poss, dot = false, false
  local stripped, lead = strip_punct(w)
  if stripped:find("'s$") then
    poss, stripped = true, stripped:sub(1, -3)
  elseif stripped:find("\226\128\153s$") then
    poss, stripped = true, stripped:sub(1, -5)
  end
  if stripped:find("%.$") and not stripped:find("%.%a%.$") and not stripped:find("^%u%.$") then
    dot, stripped = true, stripped:gsub("%.+$", "")
  end
  if stripped == "" then return nil end
  return stripped, i + 1 + lead, poss, dot
end

-- The word right after position e (only spaces or tabs between) and its
-- start.
function context.next_word(text, e)
  local a, w = text:match(NEXT_WORD, e)
  if not w then return nil end
  local stripped, lead = strip_punct(w)
  stripped = stripped:gsub("%.+$", "")
  if stripped:find("'s$") then stripped = stripped:sub(1, -3)
  elseif stripped:find("\226\128\153s$") then stripped = stripped:sub(1, -5) end
  return stripped, a + lead
end

return context
