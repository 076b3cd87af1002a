--[[
lede.patterns -- named LPeg building blocks for lede's extractors.

Promise: every pattern below is compiled once, when this module is loaded
(never per call or per document), depends on nothing but LPeg and word lists
in data/ read through lede.data (number_words.txt, time_words.txt,
name_particles.txt, and the tokenizer's abbreviations.txt), and agrees with
the C tokenizer (core/token.c) on where tokens start and end, so that a match
never starts or ends inside a token (tests/lua/patterns_spec.lua checks this
against lede.tokenize over the seed articles).

Conventions
  * Positions are LPeg's: 1-based, the end exclusive (text:sub(s, e - 1)).
    The lede binding converts them to the 0-based offsets of the store.
  * Tokens, as the C tokenizer cuts them. A letter is ASCII or any UTF-8
    multibyte character that is not punctuation, a symbol or a space (curly
    quotes, dashes, the no-break space, bullets, currency signs are not).
    A word is letters with inner apostrophes (' or ’) between letters
    ("O'Brien", "don’t"), and digits, side by side or joined by hyphens
    ("al-Sisi", "G7", "1990s", "COVID-19", "17-year", "2.5bn"); an
    abbreviation with its full stop ("U.S.", "Dr.", "Oct.", "J.", listed in
    abbreviations.txt or dotted letters or one capital); "it's", "there’s"
    and the other contractions of abbreviations.txt whole. A final 's or ’s
    of any other word is the possessive token ("Hamas’s" = "Hamas" + "’s").
    A number is digits with , . : / or - between digits, optionally a %
    ("37,000", "63%", "20-30", "10:30", "2024-10-29").
  * Patterns match at token boundaries (see M.wb); M.raw holds unbounded
    versions of a few, for composing inside a token ("mid-" .. month).
  * Number patterns capture one table
        { value=, approx=, percent=, low=, high=, s=, e=, ... }
    value is an integer when the amount is whole (37000, not 37000.0);
    approx and percent are always booleans; low/high are set only when the
    text gives a bound. Other captures are documented per pattern.
  * To find every match in a text: M.find(pattern, text [, init]).

Named patterns (M.NAME) and their captures
  characters and tokens (no captures)
    boundary      zero-width: not inside a token ("Hamas|’s", " |al-Sisi",
                  but not "al-|Sisi" or "37,|000")
    letter        one letter (ASCII or multibyte, see above)
    upper         one capital letter (A-Z, Latin-1 and Latin Extended-A
                  capitals such as Ö É Ş, Greek and Cyrillic capitals)
    word          a word token ("Netanyahu", "al-Sisi", "U.S.", "don’t", "G7")
    cap_word      a word starting with a capital ("Blinken", "Öcalan", "IDF")
    space         one white-space character, including NBSP and the
                  Unicode spaces U+2000..U+200A, U+202F, U+205F, U+3000
    hspace        one white-space character that does not end a line
    ws            one or more `space`
    hws           one or more `hspace`
    apostrophe    ' or ’
    possessive    's or ’s after a word ("Hamas’s", not "it's"), or a lone
                  apostrophe after a word ending in s ("the players' union";
                  the tokenizer reads "‘Hamas’" as a quote: use quote there)
    dash          - – — ― (a hyphen inside a word is part of the word)
    open_quote    “ ‘ « or a straight " ' that opens (after a space or the
                  start, before a non-space)
    close_quote   ” ’ » or a straight " ' that closes
  numbers (each captures one table, fields as above)
    digits_number "37,000" {value=37000}; "1.5"; "63%" {value=63, percent=true};
                  a number token with : / or - ("10:30", "20-30") has no
                  single value and is not matched (see range)
    number_words  "seventeen" 17; "twenty-three"; "one hundred and five" 105;
                  "a dozen" 12; "two million"; "half a million" 500000 ("a
                  couple", "a few", "several" are approx_number)
    number        an exact amount: digits or words, with a scale ("1.2
                  million", "3 billion", "2.5bn"), a currency sign
                  ("$4bn" {value=4e9, currency="$"}), a percent sign or word
                  ("63 percent"); fields scale= (the multiplier) and
                  currency= when present
    approx_number an approximate amount, approx=true: an approximator and a
                  number ("more than 1,200" low=1200; "nearly 37,000"
                  high=37000; "about 250"), a vague plural ("tens of
                  thousands" value=low=20000 high=99999, "hundreds" 200,
                  "dozens" 24: the smallest amount the plural allows), a few-
                  word ("several thousand" 3000, "a few" 2), or a number and a
                  suffix ("20-odd", "1,000 or more" low=1000)
    range         "between 20 and 30", "from 20 to 30", "20-30", "20 to 30",
                  "two or three", "two to three million", "20-30%":
                  {value=low, low=, high=, approx=true, range=true}; only when
                  low < high (a score "7-5" is not a range)
    any_number    range, approx_number or number, longest first
    ordinal       "eighth" 8, "eleventh" 11, "twenty-first" 21, "one hundred
                  and first" 101, "8th", "1st", "22nd" (the suffix must agree:
                  "1th" is not matched): {value=, ordinal=true}
  time
    month         "January".."December", "Jan", "Sept.", "OCT" -> month number
                  (Title or UPPER case only: "may" is a verb)
    weekday       "Monday".."Sunday", "Tue", "Thurs." -> 1..7, Monday = 1
    year          1900..2099 -> the year (a number)
    day           1..31 with optional st/nd/rd/th ("7", "07", "29th") -> day
    date          "29 October 2024", "October 7, 2023", "October 7", "Oct. 7",
                  "5 November", "October 2024", "the 7th of October",
                  "Tuesday, 29 October 2024", "2024-10-29":
                  {year=, month=, day=, weekday=, value="2024-10-29", s=, e=}
                  (value TIMEX3-style: "XXXX-10-07" when the year is unknown,
                  "2024-10" without a day); impossible days fail ("31 April")
    duration      "135 days" {value=135, unit="day", timex="P135D"},
                  "17-year" P17Y, "five hours" PT5H, "a week" P1W; also
                  approx= from the amount ("more than 100 days")
    relative_time "yesterday" {offset=-1, unit="day"}, "last week"
                  {offset=-1, unit="week"}, "next Tuesday" {offset=1,
                  weekday=2}, "this morning", "earlier this month"
                  {offset=0, unit="month", qualifier="earlier"}, "three days
                  ago" {offset=-3, unit="day"}; always text=, s=, e=
  names
    initial       "J." (one capital and a full stop)
    name_particle al- el- bin ibn van von der de da di du del la le ben abu ...
    name_sequence two or more capitalised parts with optional particles and
                  initials, on one line, never taking a following possessive:
                  "Abdel Fattah al-Sisi", "Ursula von der Leyen", "J. Robert
                  Oppenheimer" -> {text=, parts={...}, surname=, s=, e=}
                  (surname: the last part with the particles before it,
                  "von der Leyen"); which words are titles or sentence
                  openers is the extractor's business
  quotes
    quote         a quotation in “...” "..." «...» or, when clearly one,
                  ‘...’ '...'; the span is the quoted words without the
                  marks, trimmed: {text=, s=, e=, open=, close=, qs=, qe=}
                  (qs/qe include the marks). A quotation stays within one
                  line; single quotes nest inside double quotes; an apostrophe
                  inside ("There’s") never closes a quote.

Functions
  M.wb(p)                  p only at token boundaries
  M.find(p, text [, init]) every non-overlapping match of p, leftmost first:
                           an array of { s=, e=, <captures of p> } (captures
                           at [1], [2], ...; named groups of p by name). One
                           LPeg loop tries p at each character (never inside
                           a UTF-8 sequence) and goes on after each match; no
                           Lua call per position. p may be a string (a
                           literal); a p that can match the empty string is
                           an error. lede.find is this function.
  M.first(p, text [, init]) the first such match, or nil
  M.searcher(p)            the compiled search pattern find() uses, cached
                           per pattern object
  M.raw.month, .weekday, .word, .cap_word: without the left boundary test
]]

local lpeg = require "lpeg"
local data = require "lede.data"

local P, R, S, B, V = lpeg.P, lpeg.R, lpeg.S, lpeg.B, lpeg.V
local C, Cc, Cp, Ct, Cg, Cmt = lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Ct, lpeg.Cg, lpeg.Cmt

-- LPeg's backtrack stack bounds grammar depth; 400 (the default) is tight for
-- the date and number grammars combined in one alternation, and an unbounded
-- stack would let one hostile input take the memory the host allows.
lpeg.setmaxstack(1000)

local M = {}

local NUMBER_WORDS = "number_words.txt"
local TIME_WORDS = "time_words.txt"
local NAME_PARTICLES = "name_particles.txt"
local ABBREVIATIONS = "abbreviations.txt"

---------------------------------------------------------------- characters

local cont = R"\128\191"
local digit = R"09"
local alpha = R("az", "AZ")
local nl_chars = S"\n\r\f\v" + P"\226\128\168" + P"\226\128\169" -- LS, PS
local NBSP = "\194\160"

-- Multibyte letters, by UTF-8 length: every well-formed character except
-- enough of punctuation, symbols and spaces that a tokenizer classing
-- letters by Unicode category agrees: U+0080..00BF but ª µ º, × ÷, the
-- punctuation, currency, symbol, arrow and math blocks U+2000..2BFF and
-- U+2E00..2E7F, CJK punctuation U+3000..303F, variation selectors, the BOM,
-- U+FFFD and emoji. Spelt as byte ranges, not as a list of exceptions, to
-- keep the many copies of this pattern small.
local letter2 = P"\194" * S"\170\181\186" + P"\195" * (cont - S"\151\183")
    + R"\196\223" * cont
local letter3 = (R"\224\225" + R"\228\238") * cont * cont
    + P"\226" * (P"\129" * R"\176\191" + P"\130" * R"\128\159" + P"\131" * R"\144\191"
        + (R"\176\183" + R"\186\191") * cont)
    + P"\227" * R"\129\191" * cont
    + P"\239" * -(P"\184" * R"\128\143" + P"\187\191" + P"\191\189") * cont * cont
local letter4 = P"\240" * -(P"\159" * R"\128\171") * cont * cont * cont
    + R"\241\244" * cont * cont * cont
local mb_letter = letter2 + letter3 + letter4
local letter = alpha + mb_letter
local wordchar = letter + digit

-- Any one character (a stray byte when the text is not UTF-8).
local any_char = R"\194\244" * cont^-3 + P(1)

local function byte_set(list)
    local t = {}
    for _, b in ipairs(list) do t[#t + 1] = string.char(b) end
    return S(table.concat(t))
end

-- Capitals outside ASCII. Latin Extended-A alternates capital/small, with
-- the parity changing at U+0138 and U+0149.
local upper_mb
do
    local c4, c5 = {}, {}
    for b = 0x80, 0xB6, 2 do c4[#c4 + 1] = b end          -- U+0100..0136 even
    for b = 0xB9, 0xBF, 2 do c4[#c4 + 1] = b end          -- U+0139..013F odd
    for b = 0x81, 0x87, 2 do c5[#c5 + 1] = b end          -- U+0141..0147 odd
    for b = 0x8A, 0xB6, 2 do c5[#c5 + 1] = b end          -- U+014A..0176 even
    for _, b in ipairs { 0xB8, 0xB9, 0xBB, 0xBD } do c5[#c5 + 1] = b end -- Ÿ Ź Ż Ž
    upper_mb = P"\195" * (R"\128\158" - P"\151")         -- À..Þ but ×
        + P"\196" * byte_set(c4) + P"\197" * byte_set(c5)
        + P"\206" * (S"\134\136\137\138\140\142\143" + R"\145\169") -- Greek
        + P"\208" * R"\128\175"                            -- Cyrillic
end
local upper = R"AZ" + upper_mb

local space_char = S" \t" + nl_chars + P(NBSP) + P"\226\128" * R"\128\138"
    + P"\226\128\175" + P"\226\129\159" + P"\227\128\128"
local hspace = space_char - nl_chars
local ws = space_char^1
local hws = hspace^1

local RSQUO, LSQUO = "\226\128\153", "\226\128\152"
local LDQUO, RDQUO = "\226\128\156", "\226\128\157"
local LAQUO, RAQUO = "\194\171", "\194\187"
local apostrophe = P"'" + P(RSQUO)
local dash = P"\226\128\148" + P"\226\128\147" + P"\226\128\149" + P"--" + P"-"

M.letter, M.upper, M.digit = letter, upper, digit
M.space, M.hspace, M.ws, M.hws = space_char, hspace, ws, hws
M.apostrophe, M.dash = apostrophe, dash

---------------------------------------------------------------- boundaries

-- B needs a fixed length, so every lookbehind is spelt per UTF-8 length.
local function after_any(pats)
    local p = P(false)
    for _, x in ipairs(pats) do p = p + B(x) end
    return p
end

local function after_letter_then(p)
    return after_any { alpha * p, letter2 * p, letter3 * p, letter4 * p }
end

local after_wordchar = after_any { alpha + digit, letter2, letter3, letter4 }
local after_letter = after_letter_then(P(true))
local after_digit = B(digit)

-- What joins two parts of one token, as the C tokenizer reads it: a hyphen
-- between letters or digits ("al-Sisi", "COVID-19", "17-year", "20-30"); an
-- apostrophe between letters ("O'Brien", "don’t") unless it starts the
-- possessive 's; and , . : / between digits ("37,000", "10:30").
local possessive_ahead = apostrophe * S"sS" * -wordchar
local hy_join = P"-" * #wordchar
local ap_join = -possessive_ahead * apostrophe * #letter
local num_join = S",.:/" * #digit

local left_boundary = -after_wordchar
    * -(#wordchar * (after_letter_then(P"-") + B(digit * P"-")))
    * -(#letter * (after_letter_then(P"'") + after_letter_then(P(RSQUO))))
    * -(#digit * (B(digit * S",.:/") + B(P"'") + B(P(RSQUO))))
    * -(#alpha * B(alpha * P".") * -B(alpha * alpha * P".")) -- "S" of "U.S."
local right_boundary = -wordchar
    * -((after_wordchar + B(alpha * P".")) * hy_join)
    * -(after_letter * ap_join)
    * -(after_digit * (num_join + P"%"))

function M.wb(p)
    return left_boundary * P(p) * right_boundary
end

-- Zero-width: true between two tokens (where one may end or the next
-- begin), false inside a token.
M.boundary = right_boundary + left_boundary

-- The cheaper token edges of the date and quantity grammars: a match
-- starts where a token does (not after a letter or digit, a hyphen or an
-- apostrophe, nor after a multibyte letter -- a multibyte character that
-- is punctuation, a space or a sign, \226..., \194..., is fine) and ends
-- where one does ("week" is not a word of "week-long").
do
    local alnum = R("az", "AZ", "09")
    M.token_start = -B(alnum) * -B(S"-'") * -(B(cont) * -B(P"\226" * cont * cont) * -B(P"\194" * cont))
    local wordch = alnum + R"\195\223" * cont
    M.token_end = -(wordch + P"-" * wordch)
end

-- The spellings of a case-insensitive word-list entry that a gazetteer
-- scan looks for: as listed, in lower case, with the first word or every
-- word capitalised, in capitals ("the same day", "The same day", "The Same
-- Day", "THE SAME DAY").
function M.case_forms(surface)
    local lower = surface:lower()
    local forms, seen = {}, {}
    for _, f in ipairs { surface, lower, (lower:gsub("^%l", string.upper)),
                         (lower:gsub("%f[%w]%l", string.upper)), surface:upper() } do
        if not seen[f] then
            seen[f] = true
            forms[#forms + 1] = f
        end
    end
    return forms
end

---------------------------------------------------------------- vocabulary

-- Case-insensitive literal; a space matches any run of horizontal space.
local function ci(text, word_end)
    local p = P(true)
    for ch in text:gmatch(".") do
        if ch == " " then
            p = p * hws
        elseif ch:match("%a") then
            p = p * S(ch:lower() .. ch:upper())
        else
            p = p * P(ch)
        end
    end
    if text:match("%a$") then p = p * (word_end or -wordchar) end
    return p
end

local function by_length(a, b)
    if #a[1] ~= #b[1] then return #a[1] > #b[1] end
    return a[1] < b[1]
end

-- M.trie(fill, mode, leaf, space_last): a word list as one LPeg pattern
-- over a trie, shared prefixes matched once, so a position that starts
-- none of the words costs one test and a hundred phrases cost no more than
-- the longest. fill(insert) calls insert(text, data) for each word (the
-- first data given for a text is kept); leaf(data, text) is the pattern
-- after a whole word (its word-end test and captures). mode "ci": texts
-- are inserted in lower case and letters match in any case. A space in a
-- text matches any run of horizontal space, tried before the other edges
-- of its node (after them with space_last). A wide node is split in
-- halves behind a one-byte set test, so that a word starting none of its
-- children costs a few tests, not one per child (the halves keep the
-- children's order, and a child matches only from its own first byte: the
-- same matches). The longest word wins.
local function trie(fill, mode, leaf, space_last)
    local root = { kids = {}, keys = {} }
    fill(function(text, value)
        local node = root
        for ch in text:gmatch(".") do
            local kid = node.kids[ch]
            if not kid then
                kid = { kids = {}, keys = {} }
                node.kids[ch] = kid
                node.keys[#node.keys + 1] = ch
            end
            node = kid
        end
        if node.data == nil then node.data, node.text = value, text end
    end)
    local function edge(ch)
        if ch == " " then return hws end
        if mode == "ci" and ch:match("%a") then return S(ch .. ch:upper()) end
        return P(ch)
    end
    local build
    local function branch(node, keys, i, j)
        if j - i < 6 then
            local p = P(false)
            for k = i, j do p = p + edge(keys[k]) * build(node.kids[keys[k]]) end
            return p
        end
        local mid = (i + j) // 2
        local set = {}
        for k = i, mid do
            local ch = keys[k]
            set[#set + 1] = ch
            if mode == "ci" and ch:match("%a") then set[#set + 1] = ch:upper() end
        end
        return #S(table.concat(set)) * branch(node, keys, i, mid) + branch(node, keys, mid + 1, j)
    end
    function build(node)
        table.sort(node.keys)
        local p = P(false)
        if #node.keys > 0 then
            local plain, spaced = {}, false
            for _, ch in ipairs(node.keys) do
                if ch == " " then spaced = true else plain[#plain + 1] = ch end
            end
            if space_last then
                p = branch(node, plain, 1, #plain)
                if spaced then p = p + hws * build(node.kids[" "]) end
            else
                if spaced then p = hws * build(node.kids[" "]) end
                p = p + branch(node, plain, 1, #plain)
            end
        end
        if node.data ~= nil then p = p + leaf(node.data, node.text) end
        return p
    end
    return build(root)
end
M.trie = trie

-- M.choice(list, mode, word_end, space_last): a word list as a trie
-- (M.trie), one alternative per entry {text, capture...}; an entry ending
-- in a letter must end a word. mode "ci" (the default): case-insensitive;
-- "exact"; "title": as written or in capitals ("October", "OCTOBER", never
-- "october"). word_end: what must follow an entry ending in a letter
-- (-wordchar; P(true) for none). space_last: as for M.trie.
local function choice(list, mode, word_end, space_last)
    mode = mode or "ci"
    word_end = word_end or -wordchar
    return trie(function(insert)
        for _, e in ipairs(list) do
            local text = e[1]
            if mode == "ci" then
                insert(text:lower(), e)
            else
                insert(text, e)
                if mode == "title" then insert(text:upper(), e) end
            end
        end
    end, mode, function(e, text)
        local tail = text:match("%a$") and word_end or P(true)
        for i = 2, #e do tail = tail * Cc(e[i]) end
        return tail
    end, space_last)
end
M.choice = choice

local rows_of = data.rows

local function entries(file, kind, value_field)
    local out = {}
    for _, row in ipairs(rows_of(file, kind)) do
        local v = row[value_field or 3]
        out[#out + 1] = { row[2], tonumber(v) or v }
    end
    return out
end

---------------------------------------------------------------- words

-- A token of letters and digits: pieces of letters (with inner apostrophes)
-- and of digits (with inner , . : /), side by side or joined by hyphens.
-- With no letter it is a number token ("20-30", "2024-10-29"), otherwise a
-- word ("G7", "1990s", "2.5bn", "17-year", "COVID-19").
local letter_piece = letter^1 * (ap_join * letter^1)^0
local digit_piece = digit^1 * (num_join * digit^1)^0
local piece = letter_piece + digit_piece
local token_core = piece * (piece + hy_join * piece)^0
local number_token = digit_piece * (P"-" * digit_piece)^0 * -wordchar * -hy_join
local general_word = -number_token * token_core

-- The tokenizer's own word lists (data/abbreviations.txt, "KIND WORD" a
-- line): abbreviations keep their full stop ("Dr.", "Oct."), and WORD's of
-- a contraction word is one token ("it's", "There’s"), not a possessive.
local contraction, listed_abbreviation
do
    local contractions, abbreviations = {}, {}
    local keep = { title = true, number = true, time = true, abbrev = true }
    for line in data.lines(ABBREVIATIONS) do
        local kind, word = line:match("^(%S+)%s+(%S+)$")
        if kind == "contraction" then contractions[#contractions + 1] = { word }
        elseif keep[kind] then abbreviations[#abbreviations + 1] = { word } end
    end
    contraction = choice(contractions) * apostrophe * S"sS" * -wordchar
    listed_abbreviation = choice(abbreviations, "exact")
end

local dotted = alpha * P"." * (alpha * P".")^1
local initial_core = upper * P"." * -letter
local word_core = contraction
    + (listed_abbreviation + dotted + initial_core) * (hy_join * token_core)^-1
    + apostrophe * #digit * general_word                  -- ’90s
    + general_word
local cap_word_core = #upper * word_core

M.word = left_boundary * word_core
M.cap_word = left_boundary * cap_word_core

-- A contraction word just before the current position, as a whole token.
local after_contraction
do
    local alts = P(false)
    for line in data.lines(ABBREVIATIONS) do
        local word = line:match("^contraction%s+(%S+)$")
        if word then
            local lit = P(true)
            for ch in word:gmatch(".") do lit = lit * S(ch:lower() .. ch:upper()) end
            alts = alts + B(lit) * -after_any { (alpha + digit) * lit, letter2 * lit,
                                               letter3 * lit, letter4 * lit }
        end
    end
    after_contraction = alts
end

-- 's after a word that is not a contraction; a lone apostrophe after a
-- word ending in s ("the players' union"). The tokenizer also pairs single
-- quotes, so "‘Hamas’" closes a quote there: use P.quote for quotations.
M.possessive = after_wordchar * -after_contraction * possessive_ahead
    + B(S"sS") * apostrophe * -wordchar

-- Straight quotes open after the start, a space or an opening bracket, dash
-- or quote, and before a non-space; they close after a non-space, before a
-- non-word character.
local after_opening = -B(1) + after_any {
    S" \t\n\r\f\v([{/-", P(NBSP), P(LDQUO), P(LSQUO), P(LAQUO),
    P"\226\128\147" + P"\226\128\148" + P"\226\128" * R"\128\138",
}
local straight_open = after_opening * S"\"'" * #(1 - space_char)
local after_nonspace = -after_any {
    S" \t\n\r\f\v", P(NBSP),
}
local straight_close = B(1) * after_nonspace * S"\"'" * -wordchar

M.open_quote = P(LDQUO) + P(LSQUO) + P(LAQUO) + straight_open
M.close_quote = P(RDQUO) + P(RAQUO) + P(RSQUO) * -letter + straight_close

---------------------------------------------------------------- number values

-- Whole floats become integers, so that 1.2 million prints as 1200000.
local function norm(v)
    if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2^53 then
        return math.tointeger(v)
    end
    return v
end

-- "37,000" -> 37000, "1.5" -> 1.5; times `mult` without binary rounding
-- ("1.2" * 1e6 is 1200000 exactly).
local function digits_value(str, mult)
    local ip, fp = str:gsub(",", ""):match("^(%d+)%.?(%d*)$")
    mult = mult or 1
    local mant = tonumber(ip .. fp)
    local div = 1
    for _ = 1, #fp do div = div * 10 end
    if math.type(mant) == "integer" and math.type(mult) == "integer"
        and mant <= math.maxinteger // mult and (mant * mult) % div == 0 then
        return (mant * mult) // div
    end
    return norm(tonumber(ip .. "." .. (fp ~= "" and fp or "0")) * mult)
end

local function add(a, b) return norm(a + (b or 0)) end
local function mul(a, b) return norm(a * b) end
local function product(...)
    local t = 1
    for i = 1, select("#", ...) do t = t * select(i, ...) end
    return norm(t)
end

---------------------------------------------------------------- the grammar

-- The number and time patterns share one set of rules: each exported
-- pattern is this grammar started at one rule, so a rule used in many places
-- is compiled once per pattern instead of being copied into every use (the
-- copies would exceed LPeg's limits).
local G = {}
-- Only the rules `name` reaches go into its grammar: LPeg names the first
-- missing one in its error, which is added until the grammar is complete.
local function rule(name)
    local g = { name, [name] = G[name] }
    while true do
        local ok, res = pcall(P, g)
        if ok then return res end
        local missing = tostring(res):match("rule '([^']+)' undefined")
        if not (missing and G[missing]) then error(res, 2) end
        g[missing] = G[missing]
    end
end
-- Inside the grammar a word ends before V"wc": one shared rule instead of
-- a copy of the letter classes after every word of every list.
G.wc = wordchar
local WORD_END = -V"wc"
local function gchoice(list, mode) return choice(list, mode, WORD_END) end
local function gci(text) return ci(text, WORD_END) end

---------------------------------------------------------------- numbers

local d2 = digit * digit
-- Numbers start and end where tokens do (see the boundaries above): no
-- match inside "2024-10-29", "20-30", "COVID-19", "17-year" or "2.5bn".
local num_left = left_boundary
local num_right = right_boundary
local number_left = left_boundary

-- The number token: commas, then at most one decimal point.
local dnum_text = digit^1 * (P"," * digit^1)^0 * (P"." * digit^1)^-1 * -(S",." * digit)
G.dnum = C(dnum_text)
local pct_sign = P"%" * Cc(true) + Cc(false)

local function info_digits(str, pct)
    return { value = digits_value(str), percent = pct or false }
end

local function finish_exact(s, info, e)
    info.s, info.e, info.approx = s, e, false
    info.percent = info.percent or false
    return info
end

G.digits_number = num_left * (Cp() * (V"dnum" * pct_sign / info_digits) * Cp() / finish_exact)
    * num_right

-- M.cardinal_words: the cardinal number words up to ninety-nine as
-- written, an array (read-only): number_words.txt's units, teens and tens,
-- then the tens joined to a unit by a hyphen ("twenty-one"), for the
-- extractors' gazetteers of start words.
do
    local list = {}
    for _, kind in ipairs { "unit", "teen", "tens" } do
        for _, row in ipairs(rows_of(NUMBER_WORDS, kind)) do list[#list + 1] = row[2] end
    end
    for _, t in ipairs(rows_of(NUMBER_WORDS, "tens")) do
        for _, u in ipairs(rows_of(NUMBER_WORDS, "unit")) do
            if u[3] ~= "0" then list[#list + 1] = t[2] .. "-" .. u[2] end
        end
    end
    M.cardinal_words = list
end

-- Cardinal words.
G.unit = gchoice(entries(NUMBER_WORDS, "unit"))
G.teen = gchoice(entries(NUMBER_WORDS, "teen"))
G.tens = gchoice(entries(NUMBER_WORDS, "tens"))
G.hundred_w = gchoice(entries(NUMBER_WORDS, "hundred"))
G.scale_w = gchoice(entries(NUMBER_WORDS, "scale"))
G.article = gchoice(entries(NUMBER_WORDS, "article"))
G.half = gchoice(entries(NUMBER_WORDS, "half"))
local and_w = ci"and"
local of_w = ci"of"
local and_sep = (P"," ^-1 * hws * and_w)^-1 * hws

-- Written so that no alternative parses the same words again: numbers are
-- tried at every word of a text.
G.b100 = V"tens" * (S"- " * V"unit")^-1 / add + V"teen" + V"unit"
local function hundred_value(a, h, r)
    if not h then return a end
    return norm(a * h + (r or 0))
end
G.b1000 = V"b100" * (hws * V"hundred_w" * (and_sep * V"b100")^-1)^-1 / hundred_value
    + V"article" * hws * V"hundred_w" * (and_sep * V"b100")^-1 / hundred_value
G.hundreds = (V"b100" + V"article") * hws * V"hundred_w" / mul
G.and_a_half = hws * and_w * hws * V"article" * hws * V"half" / mul
G.multiplier = V"b1000" * V"and_a_half"^-1 / add + V"article"

local function times_half(h, _, n) return norm(h * n) end

-- Scale groups: "two million", "one and a half million", "half a million",
-- "a dozen". Groups of the powers of a thousand add up in falling order
-- only ("two million three hundred thousand"), which the grammar spells out
-- (after a million come thousands, never millions), so that a match is
-- bounded and a run such as "two million two million ..." is read in
-- linear time.
local function group_value(m, v, t) return norm(m * v + (t or 0)) end
do
    local rows = rows_of(NUMBER_WORDS, "scale")
    table.sort(rows, function(a, b) return tonumber(a[3]) > tonumber(b[3]) end)
    local big, small = {}, {}
    for _, row in ipairs(rows) do
        local e = { row[2], tonumber(row[3]) }
        if e[2] % 1000 == 0 then big[#big + 1] = e else small[#small + 1] = e end
    end
    local group_sep = hws * (and_w * hws)^-1
    -- tail<kind><i>: what may follow the group of big[i]: a smaller group,
    -- or the rest below a thousand ("and five" for cardinals, "three
    -- hundred" before an ordinal).
    local function scales_after(kind, i)
        local alts = P(false)
        for j = i + 1, #big do
            alts = alts + gchoice({ big[j] }) * V(kind .. j)^-1
        end
        return alts
    end
    for i = 1, #big do
        G["tail_card" .. i] = group_sep * V"multiplier" * hws * scales_after("tail_card", i)
                / group_value
            + and_sep * V"b1000" * -(hws * V"scale_w")
        G["tail_round" .. i] = group_sep * V"multiplier" * hws * scales_after("tail_round", i)
                / group_value
            + group_sep * V"hundreds"
    end
    local function top(kind)
        local alts = P(false)
        for i = 1, #big do alts = alts + gchoice({ big[i] }) * V(kind .. i)^-1 end
        for _, e in ipairs(small) do alts = alts + gchoice({ e }) end
        return V"multiplier" * hws * alts / group_value
            + V"half" * hws * V"article" * hws * V"scale_w" / times_half
    end
    G.cardinal = top("tail_card") + V"b1000"
    -- A cardinal an ordinal can follow: "one hundred and first".
    G.round = top("tail_round") + V"hundreds"
end

local function info_value(v) return { value = v, percent = false } end

G.number_words = left_boundary * V"numberish" * (Cp() * (V"cardinal" / info_value) * Cp() / finish_exact)
    * right_boundary

-- Numbers with scales, currency and percent.
do
    local any_list, strict_list = {}, {}
    for _, row in ipairs(rows_of(NUMBER_WORDS, "suffix")) do
        local e = { row[2], tonumber(row[3]) }
        any_list[#any_list + 1] = e
        if row[4] ~= "currency" then strict_list[#strict_list + 1] = e end
    end
    G.suffix_any = gchoice(any_list, "exact")
    G.suffix_strict = gchoice(strict_list, "exact")

    local list = {}
    for _, row in ipairs(rows_of(NUMBER_WORDS, "currency")) do list[#list + 1] = { row[2] } end
    table.sort(list, by_length)
    local sign = P(false)
    for _, e in ipairs(list) do sign = sign + C(P(e[1])) end
    G.currency = sign
end
G.percent_w = gchoice(entries(NUMBER_WORDS, "percent", 2)) / 0

-- What a number phrase can start with: a digit, a currency sign or one of
-- these words, and "a"/"an" only before a word that makes it a number ("a
-- dozen", "a few", "an estimated"). Tested first, it spares the grammar at
-- most words of a text.
do
    local articles, firsts, after_article, seen = {}, {}, {}, {}
    local rows = data.table(NUMBER_WORDS)
    for _, row in ipairs(rows) do
        if row[1] == "article" then articles[row[2]:lower()] = true end
    end
    local skip = { suffix = true, percent = true, range_sep = true, approx_suffix = true,
                   currency = true, article = true }
    for _, row in ipairs(rows) do
        local phrase = row[2]
        if not skip[row[1]] and not seen[phrase:lower()] then
            seen[phrase:lower()] = true
            local first, rest = phrase:match("^(%a+)%s+(.*)$")
            if first and articles[first:lower()] then
                after_article[#after_article + 1] = { rest }
            else
                firsts[#firsts + 1] = { phrase }
                if row[1] == "hundred" or row[1] == "scale" or row[1] == "ordinal_scale" then
                    after_article[#after_article + 1] = { phrase }
                end
            end
        end
    end
    local signs, plain_articles = P(false), {}
    for _, row in ipairs(rows) do
        if row[1] == "currency" then signs = signs + P(row[2]) end
        if row[1] == "article" then plain_articles[#plain_articles + 1] = { row[2] } end
    end
    -- No captures inside: LPeg then compiles the test as a plain lookahead.
    G.numberish = #(digit + signs + gchoice(firsts)
        + gchoice(plain_articles) * hws * gchoice(after_article))
end

local function info_scaled(str, mult)
    return { value = digits_value(str, mult), scale = mult, percent = false }
end

local function add_currency(cur, info)
    info.currency = cur
    return info
end

local function set_percent(info, pct)
    if pct then info.percent = true end
    return info
end

-- Words ending in a scale word know their scale, for ranges ("two to three
-- million").
local scale_of_word = {}
for _, row in ipairs(rows_of(NUMBER_WORDS, "scale")) do
    scale_of_word[row[2]:lower()] = tonumber(row[3])
end
G.words_amount = C(V"cardinal") / function(text, v)
    return { value = v, percent = false, scale = scale_of_word[text:match("(%a+)$"):lower()] }
end
G.digits_plain = V"dnum" * (V"suffix_strict" + hws * V"scale_w") / info_scaled
    + V"dnum" * pct_sign / info_digits
G.money = V"currency" * (V"dnum" * (V"suffix_any" + hws * V"scale_w") / info_scaled
    + V"dnum" / info_digits + V"words_amount") / add_currency
-- The inner number: one info table, no positions.
G.number_inner = (V"money" + V"digits_plain" + V"words_amount")
    * (hws * V"percent_w" * Cc(true) + Cc(false)) / set_percent

G.number = number_left * V"numberish" * (Cp() * V"number_inner" * Cp() / finish_exact) * right_boundary

-- Ranges: low < high, with the high end's scale, percent and currency
-- carried to a bare low end ("two to three million", "20-30%", "$2-3bn").
local function range_info(lo, hi)
    local low = lo.value
    if hi.scale and not lo.scale and low * hi.scale <= hi.value then
        low = mul(low, hi.scale)
    end
    if low >= hi.value then return nil end
    return {
        value = low, low = low, high = hi.value, approx = true, range = true,
        percent = lo.percent or hi.percent, currency = lo.currency or hi.currency,
    }
end

do
    local dash_sep = hws^-1 * (P"\226\128\147" + P"\226\128\148" + P"-") * hws^-1
    local sep = gchoice(entries(NUMBER_WORDS, "range_sep", 2)) / 0
    local pair = P(false)
    for _, row in ipairs(rows_of(NUMBER_WORDS, "range_pair")) do
        pair = pair + gci(row[2]) * hws * V"number_inner" * hws * gci(row[3]) * hws
            * V"number_inner"
    end
    G.range_inner = Cmt(pair + V"number_inner" * (dash_sep + hws * sep * hws) * V"number_inner",
        function(_, pos, lo, hi)
            local t = range_info(lo, hi)
            if not t then return false end
            return pos, t
        end)
end

local function finish_approx(s, info, e)
    info.s, info.e, info.approx = s, e, true
    info.percent = info.percent or false
    return info
end

G.range = number_left * V"numberish" * (Cp() * V"range_inner" * Cp() / finish_approx) * right_boundary

-- Approximate amounts.
G.approx_w = gchoice(entries(NUMBER_WORDS, "approx"))
do
    local attached, spaced = {}, {}
    for _, row in ipairs(rows_of(NUMBER_WORDS, "approx_suffix")) do
        local e = { row[2], row[3] }
        if row[2]:match("^%a") then spaced[#spaced + 1] = e else attached[#attached + 1] = e end
    end
    G.approx_suffix = gchoice(attached, "exact") + hws * gchoice(spaced)
end

do
    local alts = P(false)
    local list = rows_of(NUMBER_WORDS, "vague")
    table.sort(list, function(a, b) return by_length({ a[2] }, { b[2] }) end)
    for _, row in ipairs(list) do
        local p = gci(row[2]) * Cc(tonumber(row[3]))
        if row[4] == "of" then p = p * #(hws * of_w) end
        alts = alts + p
    end
    -- "tens of thousands": each "of" multiplies the unit; the plural means
    -- at least two units and less than ten.
    G.vague = alts * (hws * of_w * hws * alts)^-2 / function(...)
        local unit = product(...)
        return { value = norm(2 * unit), low = norm(2 * unit), high = norm(10 * unit - 1),
                 percent = false }
    end
end

G.few = gchoice(entries(NUMBER_WORDS, "few")) * (hws * (V"hundred_w" + V"scale_w"))^-2
    / function(...)
        local v = product(...)
        return { value = v, low = v, percent = false }
    end

local function bound(info, how)
    if how == "low" then info.low = info.low or info.value
    elseif how == "high" then info.high = info.high or info.value end
    return info
end

G.approx_inner = V"approx_w" * hws * (V"range_inner" + V"vague" + V"few" + V"number_inner")
        / function(how, info) return bound(info, how) end
    + V"vague" + V"few"
    + V"number_inner" * V"approx_suffix" / bound

G.approx_number = number_left * V"numberish" * (Cp() * V"approx_inner" * Cp() / finish_approx) * right_boundary
G.any_number = #(number_left * V"numberish") * (V"range" + V"approx_number" + V"number")

-- Ordinals.
G.ord_unit = gchoice(entries(NUMBER_WORDS, "ordinal_unit"))
G.ord_teen = gchoice(entries(NUMBER_WORDS, "ordinal_teen"))
G.ord_tens = gchoice(entries(NUMBER_WORDS, "ordinal_tens"))
G.ord_scale = gchoice(entries(NUMBER_WORDS, "ordinal_scale"))
G.ord_b100 = V"tens" * S"- " * V"ord_unit" / add + V"ord_tens" + V"ord_teen" + V"ord_unit"
G.ord_words = V"round" * and_sep * V"ord_b100" / add
    + (V"b1000" + V"article") * hws * V"ord_scale" / mul
    + V"ord_b100" + V"ord_scale"

local function suffix_agrees(_, pos, str, suffix)
    local n = tonumber(str)
    local want = "th"
    if n % 100 < 11 or n % 100 > 13 then
        want = ({ "st", "nd", "rd" })[n % 10] or "th"
    end
    if suffix:lower() ~= want then return false end
    return pos, n
end
G.ord_digits = Cmt(C(digit^1) * C(S"sSnNrRtT" * S"tTdDhH") * -wordchar, suffix_agrees)

local function finish_ordinal(s, v, e)
    return { value = v, ordinal = true, approx = false, percent = false, s = s, e = e }
end
G.ordinal = left_boundary * V"numberish" * (Cp() * (V"ord_digits" + V"ord_words") * Cp() / finish_ordinal)
    * right_boundary

---------------------------------------------------------------- time

local function name_choice(kind)
    local list = {}
    for _, row in ipairs(rows_of(TIME_WORDS, kind)) do
        local n = tonumber(row[2])
        list[#list + 1] = { row[3], n }
        for i = 4, #row do
            list[#list + 1] = { row[i] .. ".", n }
            list[#list + 1] = { row[i], n }
        end
    end
    return gchoice(list, "title")
end

G.month_raw = name_choice("month")
G.weekday_raw = name_choice("weekday")
G.month = left_boundary * V"month_raw"
G.weekday = left_boundary * V"weekday_raw"

G.year_num = C((P"19" + P"20") * d2) / tonumber
G.year = num_left * V"year_num" * num_right
local day_suffix = ci"st" + ci"nd" + ci"rd" + ci"th"
G.day_core = C(P"3" * S"01" + S"12" * digit + P"0" * R"19" + R"19") / tonumber * -digit
    * (day_suffix + -wordchar * -(S",." * digit))
G.day = num_left * V"day_core"

local days_in_month = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

local function leap(y) return y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0) end

local function check_date(_, pos, t)
    if t.day then
        local max = days_in_month[t.month]
        if t.month == 2 and t.year and not leap(t.year) then max = 28 end
        if t.day < 1 or t.day > max then return false end
    end
    local v
    if t.day then
        v = t.year and string.format("%04d-%02d-%02d", t.year, t.month, t.day)
            or string.format("XXXX-%02d-%02d", t.month, t.day)
    else
        v = t.year and string.format("%04d-%02d", t.year, t.month) or string.format("XXXX-%02d", t.month)
    end
    t.value = v
    return pos, t
end

do
    local comma_ws = P"," ^-1 * hws
    local day, month = Cg(V"day_core", "day"), Cg(V"month_raw", "month")
    local year = Cg(V"year_num" * num_right, "year")
    local year_opt = (comma_ws * year)^-1
    local two = function(p) return C(p) / tonumber end
    local iso = Cg(V"year_num", "year")
        * P"-" * Cg(two(P"0" * R"19" + P"1" * S"012"), "month")
        * P"-" * Cg(two(P"0" * R"19" + S"12" * digit + P"3" * S"01"), "day") * -digit
    local weekday_lead = (Cg(V"weekday_raw", "weekday") * comma_ws)^-1
    G.date_body = iso
        + weekday_lead * (
            day * hws * month * year_opt
            + ci"the" * hws * day * hws * of_w * hws * month * year_opt
            + month * hws * day * year_opt
            + month * hws * year)
end
G.date = left_boundary * Cmt(Ct(Cg(Cp(), "s") * V"date_body" * Cg(Cp(), "e")), check_date)
    * right_boundary

-- Durations.
local unit_code = {}
do
    local list = {}
    for _, row in ipairs(rows_of(TIME_WORDS, "unit")) do
        list[#list + 1] = { row[3], row[2] }
        list[#list + 1] = { row[2], row[2] }
        unit_code[row[2]] = row[4]
    end
    G.unit_w = gchoice(list)
end

local function timex_duration(v, unit)
    local code, t = unit_code[unit], ""
    if code:sub(1, 1) == "T" then t, code = "T", code:sub(2) end
    return "P" .. t .. tostring(v) .. code
end

local function finish_duration(s, info, unit, e)
    return {
        value = info.value, unit = unit, approx = info.approx or false,
        low = info.low, high = info.high, timex = timex_duration(info.value, unit),
        s = s, e = e,
    }
end

G.amount = V"approx_inner" / function(t) t.approx = true; return t end
    + V"number_inner" + V"article" / info_value
-- "a week": an article counts as one before a unit.
G.amountish = V"numberish" + #(V"article" * hws * V"unit_w")
G.duration = number_left * V"amountish" * (Cp() * V"amount" * (hws + P"-") * V"unit_w" * Cp() / finish_duration)
    * right_boundary

-- Relative expressions.
do
    local rel = {}
    for _, row in ipairs(rows_of(TIME_WORDS, "relative")) do
        rel[#rel + 1] = { row[2], tonumber(row[3]), row[4] }
    end
    local rel_word = gchoice(rel) / function(off, unit) return { offset = off, unit = unit } end
    local modifier = gchoice(entries(TIME_WORDS, "modifier"))
    local qualifier = gchoice(entries(TIME_WORDS, "qualifier", 2))
    local part_of_day = gchoice(entries(TIME_WORDS, "part_of_day", 2))
    local sign = gchoice(entries(TIME_WORDS, "suffix"))

    local what = Cg(V"weekday_raw", "weekday") + Cg(V"month_raw", "month")
        + Cg(V"unit_w", "unit") + Cg(part_of_day, "unit")
    local with_modifier = Ct((Cg(qualifier, "qualifier") * hws)^-1
        * Cg(modifier, "offset") * hws * what)
    local amount_ago = number_left * V"amountish" * Ct(Cg(V"amount" / function(i) return i.value end, "amount")
        * hws * Cg(V"unit_w", "unit") * hws * Cg(sign, "sign"))

    local function finish(s, text, t, e)
        if t.amount then
            t.offset, t.amount, t.sign = norm(t.amount * t.sign), nil, nil
        end
        t.text, t.s, t.e = text, s, e
        return t
    end
    G.relative_time = left_boundary
        * (Cp() * C(rel_word + with_modifier + amount_ago) * Cp() / finish) * right_boundary
end

for _, name in ipairs { "digits_number", "number_words", "number", "range", "approx_number",
                        "any_number", "ordinal", "month", "weekday", "year", "day", "date",
                        "duration", "relative_time" } do
    M[name] = rule(name)
end
M.raw = { month = rule"month_raw", weekday = rule"weekday_raw", word = word_core,
          cap_word = cap_word_core }

---------------------------------------------------------------- names

local particles_joined, particles_free
do
    local joined, free = {}, {}
    for line in data.lines(NAME_PARTICLES) do
        if line:sub(-1) == "-" then joined[#joined + 1] = { line } else free[#free + 1] = { line } end
    end
    particles_joined = choice(joined, "exact")
    particles_free = choice(free, "exact")
end

-- "J." but neither letter of "U.S.".
M.initial = left_boundary * initial_core
-- A particle counts only before the rest of a name ("de" in "Ignacio de
-- Loyola", not in "de facto").
M.name_particle = left_boundary * (particles_joined * #upper
    + particles_free * #(hspace^1 * (particles_free * hspace^1)^0 * particles_joined^-1 * upper))

local name_part = C(initial_core) + C(particles_joined * cap_word_core) + C(cap_word_core)
local name_gap = hspace^1
local name_seq = name_part * (name_gap * (C(particles_free) * name_gap)^0 * name_part)^1

local function finish_name(s, text, parts, e)
    local i = #parts
    local surname = parts[i]
    while i > 1 and parts[i - 1]:match("^%l") do
        i = i - 1
        surname = parts[i] .. " " .. surname
    end
    return { text = text, parts = parts, surname = surname, s = s, e = e }
end

M.name_sequence = left_boundary * (Cp() * C(Ct(name_seq)) * Cp() / finish_name)

---------------------------------------------------------------- quotes

local nl = nl_chars
local function content_until(stop)
    return (1 - (stop + nl))^1
end

-- Trims white space inside the marks; a straight quote whose content ends
-- in a space is an opening mark, not a quotation.
local function finish_quote(qs, open, s, text, e, close, qe, strict)
    local lead = #text:match("^[ \t]*")
    local trail = #text:match("[ \t]*$")
    if strict and trail > 0 then return nil end
    if lead == #text then return nil end
    return {
        text = text:sub(lead + 1, #text - trail), s = s + lead, e = e - trail,
        open = open, close = close, qs = qs, qe = qe,
    }
end

local function quote_form(open_p, inner, close_p, strict)
    return Cmt(Cp() * C(open_p) * Cp() * C(inner) * Cp() * C(close_p) * Cp(),
        function(_, pos, qs, open, s, text, e, close, qe)
            local q = finish_quote(qs, open, s, text, e, close, qe, strict)
            if not q then return false end
            return pos, q
        end)
end

local curly_double = quote_form(P(LDQUO), content_until(P(LDQUO) + P(RDQUO)), P(RDQUO))
local guillemets = quote_form(P(LAQUO), content_until(P(LAQUO) + P(RAQUO)), P(RAQUO))
local straight_double = quote_form(after_opening * P'"' * #(1 - space_char),
    content_until(P'"'), P'"' * -wordchar, true)
-- Single quotes double as apostrophes: an inner one followed by a letter is
-- an apostrophe; the closing one follows a non-space and precedes no letter.
local curly_single = quote_form(after_opening * P(LSQUO) * #letter,
    ((P(RSQUO) * #letter) + (1 - (P(LSQUO) + P(RSQUO) + nl)))^1, P(RSQUO) * -wordchar, true)
local straight_single = quote_form(after_opening * P"'" * #letter,
    ((P"'" * #letter) + (1 - (P"'" + P'"' + nl)))^1, P"'" * -wordchar, true)

M.quote = curly_double + straight_double + guillemets + curly_single + straight_single

---------------------------------------------------------------- searching

-- Search patterns are cached per pattern object (weak keys), so calling
-- find() in a loop compiles nothing after the first call.
local searchers = setmetatable({}, { __mode = "k" })

-- A string is a literal; pass a pattern object to benefit from the cache.
local function to_pattern(p, fname)
    if lpeg.type(p) == "pattern" then return p end
    if type(p) == "string" then return P(p) end
    error("bad argument #1 to '" .. fname .. "' (LPeg pattern or string expected, got "
          .. type(p) .. ")", 3)
end

local function searchers_for(p)
    local got = searchers[p]
    if got then return got end
    local one = Ct(Cg(Cp(), "s") * p * Cg(Cp(), "e"))
    local ok, all = pcall(function() return Ct((one + any_char)^0) end)
    if not ok then
        error("pattern for find() can match the empty string", 3)
    end
    local first = P { one + any_char * V(1) }
    got = { all = all, first = first }
    searchers[p] = got
    return got
end

function M.searcher(p)
    return searchers_for(to_pattern(p, "searcher")).all
end

function M.find(p, text, init)
    p = to_pattern(p, "find")
    if type(text) ~= "string" then
        error("bad argument #2 to 'find' (string expected, got " .. type(text) .. ")", 2)
    end
    return lpeg.match(searchers_for(p).all, text, init or 1)
end

function M.first(p, text, init)
    p = to_pattern(p, "first")
    if type(text) ~= "string" then
        error("bad argument #2 to 'first' (string expected, got " .. type(text) .. ")", 2)
    end
    return lpeg.match(searchers_for(p).first, text, init or 1)
end

return M
