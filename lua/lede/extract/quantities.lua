--[[
lede.extract.quantities -- counts and amounts (kind "quantity"), as
tests/corpus/GUIDELINES.md defines them.

Promise:
  * Span: the number expression -- an approximator ("over", "about",
    "nearly", "more than", "an estimated" ...), the number in digits or
    words, a scale word or suffix ("million", "bn"), a currency sign or
    code before it, "%", "percent", "per cent" or "percentage points"
    after it -- without the noun counted: "over 37,000" Palestinians,
    "$2.5 billion", "tens of thousands" of residents, "20 to 30" people.
  * attrs { value = number (2.5 billion -> 2500000000, a vague plural its
    smallest amount: "tens of thousands" 20000, "dozens" 24; a range its
    lower bound), unit = what is counted (the head noun after the number,
    plural, lower case unless a proper noun: people, hostages,
    Palestinians; "percent", "percentage points"; money in its currency's
    plural: dollars, euros, dinars; a unit of measurement: kilometres,
    "degrees Celsius", magnitude; an elided noun from the quantity before
    it in the sentence, or from a "Label: 500" line; lede.json.null when
    nothing says), approx = true for an approximator, a range or a vague
    plural, high = the upper bound of a range }.
  * Not quantities: dates, times, years and durations (the spans of
    lede.extract.dates when it ran before, else its scan), ages ("Martel,
    52,", "aged 52", "a 52-year-old"), numbers in names ("Resolution
    2334", "G20"), list numbering, phone numbers, fractions ("one in
    four"), "the two" (a definite reference) and "one" as a pronoun or
    determiner (kept only when approximated or contrasted with a later
    number in its sentence: "one decision, not fifty paragraphs").

Speed: the places to look at are found in one pass each -- digit runs and
currency signs by an LPeg charset span, number words and approximators by
the C gazetteer over the document's tokens -- and the grammar is tried only
there. Vocabulary: data/number_words.txt, data/quantities.txt,
data/stopwords.txt.
]]

local lpeg = require "lpeg"
local patterns = require "lede.patterns"
local data = require "lede.data"
local gazetteer = require "lede.gazetteer"
local json = require "lede.json"

local P, R, S, B = lpeg.P, lpeg.R, lpeg.S, lpeg.B
local C, Cc, Cp, Ct, Cg = lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Ct, lpeg.Cg
local null = json.null
local byte = string.byte

local QUANTITIES = "quantities.txt"
local NUMBER_WORDS = "number_words.txt"
local STOPWORDS = "stopwords.txt"

local M = {
    name = "quantities",
    version = "4",
    kinds = { "quantity" },
    needs = { "date" },
}

---------------------------------------------------------------- characters

local digit = R"09"
local alnum = R("az", "AZ", "09")
local cont = R"\128\191"
local letter = R("az", "AZ") + R"\195\223" * cont
local wordch = alnum + R"\195\223" * cont
local hws = patterns.hws
local APOS = P"'" + P"\226\128\153"

-- Token boundaries (lede.patterns): not after a letter, digit, hyphen or
-- apostrophe, nor inside a multibyte letter; not before one.
local lb, rb = patterns.token_start, patterns.token_end

---------------------------------------------------------------- vocabulary

local rows = data.rows

-- A word list as a trie (lede.patterns.choice), each entry { text, value }
-- capturing value; mode "ci" (any case) or "exact"; open: no word end
-- required.
local function trie(list, mode, open)
    return patterns.choice(list, mode, not open and rb or P(true))
end

local function ci(text, value) return trie({ { text, value } }, "ci") end

local function pairs_of(file, kind, convert)
    local out = {}
    for _, row in ipairs(rows(file, kind)) do
        local v = row[3]
        if convert then v = convert(v) end
        out[#out + 1] = { row[2], v }
    end
    return out
end

---------------------------------------------------------------- values

-- Whole floats become integers (1.2 million prints as 1200000).
local function norm(v)
    if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2^53 then
        return math.tointeger(v)
    end
    return v
end

-- "37,000" -> 37000; "1.2" times 1e6 -> 1200000 without binary rounding.
local function digits_value(str, mult)
    local ip, fp = str:gsub(",", ""):match("^(%d+)%.?(%d*)$")
    mult = mult or 1
    local mant = tonumber(ip .. fp)
    local div = 10 ^ #fp
    if math.type(mant) == "integer" and math.type(mult) == "integer" and #fp <= 9
        and mant <= math.maxinteger // mult then
        div = math.tointeger(div)
        if (mant * mult) % div == 0 then return (mant * mult) // div end
    end
    return norm(tonumber(ip .. "." .. (fp ~= "" and fp or "0")) * mult)
end

---------------------------------------------------------------- grammar

local function g(p, name) return Cg(p, name) end

local words = {}
for _, kind in ipairs { "unit", "teen", "tens", "scale", "hundred" } do
    words[kind] = pairs_of(NUMBER_WORDS, kind, tonumber)
end
local UNIT_W, TEEN_W, TENS_W = trie(words.unit, "ci"), trie(words.teen, "ci"), trie(words.tens, "ci")
local SCALE_W = trie(words.scale, "ci")
local HUNDRED_W = trie(words.hundred, "ci")
local ARTICLE = ci"a" + ci"an"

local B100 = TENS_W * (S"- " * UNIT_W)^-1 / function(a, b) return a + (b or 0) end
    + TEEN_W + UNIT_W
-- "two hundred (and) five", "a hundred"
local WORDNUM = (B100 + ARTICLE * Cc(1)) * hws * HUNDRED_W * ((hws * ci"and")^-1 * hws * B100)^-1
        / function(a, h, r) return a * h + (r or 0) end
    + B100

-- Scale suffixes against digits ("2.5bn"); "m" and "k" only after a
-- currency sign ("$4m"; "100m" is usually metres).
local SUFFIX_ANY, SUFFIX_CUR
do
    local any, cur = {}, {}
    for _, row in ipairs(rows(NUMBER_WORDS, "suffix")) do
        local e = { row[2], tonumber(row[3]) }
        cur[#cur + 1] = e
        if row[4] ~= "currency" then any[#any + 1] = e end
    end
    SUFFIX_ANY, SUFFIX_CUR = trie(any, "exact"), trie(cur, "exact")
end

local DNUM = C(digit^1 * (P"," * digit * digit * digit)^0 * (P"." * digit^1)^-1) * -(S",." * digit)

-- Units written against the number ("150mm", "10km").
local UNIT_TABLE, ATTACHED_UNIT, MULTI_UNIT
do
    local attached, multi = {}, {}
    UNIT_TABLE = {}
    for _, row in ipairs(rows(QUANTITIES, "unit")) do
        local name = row[3] == "-" and row[2] or row[3]
        UNIT_TABLE[row[2]] = name
        if not row[2]:find(" ") then attached[#attached + 1] = { row[2], name } end
        multi[#multi + 1] = { row[2], name }
    end
    ATTACHED_UNIT = trie(attached, "exact")
    MULTI_UNIT = hws * trie(multi, "exact")
end

-- An amount: its value (number) and multiplier, as "v" and "m".
local AMOUNT = g(DNUM, "d") * (g(SUFFIX_ANY, "m") + hws * g(SCALE_W, "m") + g(ATTACHED_UNIT, "unit"))^-1
    + g(WORDNUM, "w") * (hws * g(SCALE_W, "m"))^-1
    + ARTICLE * hws * g(Cc(1), "w") * g(SCALE_W + HUNDRED_W, "m")
    + ci"half" * hws * ARTICLE * hws * g(Cc(0.5), "w") * g(SCALE_W, "m")
local AMOUNT_CUR = g(DNUM, "d") * (g(SUFFIX_CUR, "m") + hws * g(SCALE_W, "m"))^-1
    + g(WORDNUM, "w") * (hws * g(SCALE_W, "m"))^-1

local CURRENCY, CODES = {}, {}
do
    local signs, codes = {}, {}
    for _, row in ipairs(rows(QUANTITIES, "currency")) do signs[#signs + 1] = { row[2], row[3] } end
    for _, row in ipairs(rows(NUMBER_WORDS, "currency")) do
        local known = false
        for _, e in ipairs(signs) do known = known or e[1] == row[2] end
        if not known then signs[#signs + 1] = { row[2], "dollars" } end
    end
    for _, row in ipairs(rows(QUANTITIES, "code")) do
        codes[#codes + 1] = { row[2], row[3] }
        CODES[row[2]] = row[3]
    end
    CURRENCY.sign = trie(signs, "exact", true)
    CURRENCY.code = trie(codes, "exact", true)
end

local PERCENT = P"%" * Cc"percent"
    + hws * (ci("percentage points", "percentage points") + ci("percentage point", "percentage points")
             + ci("percent", "percent") + ci("per cent", "percent"))

local DASH = P"-" + P"\226\128\147" + P"\226\128\148"
local RANGE_SEP = hws^-1 * DASH * hws^-1 * Cc"-"
    + hws * (ci("to", "to") + ci("or", "or") + ci("and", "and")) * hws

local APPROX_SUFFIX
do
    local attached, spaced = {}, {}
    for _, row in ipairs(rows(NUMBER_WORDS, "approx_suffix")) do
        local e = { row[2], row[3] }
        if row[2]:match("^%a") then spaced[#spaced + 1] = e else attached[#attached + 1] = e end
    end
    APPROX_SUFFIX = trie(attached, "exact") + hws * trie(spaced, "ci")
end

-- Vague plurals: "dozens", "hundreds", "tens of thousands" (twice the
-- unit, the smallest amount the plural allows).
local VAGUE
do
    local alts = P(false)
    for _, row in ipairs(rows(NUMBER_WORDS, "vague")) do
        local p = ci(row[2], tonumber(row[3]))
        if row[4] == "of" then p = p * #(hws * ci"of") end
        alts = alts + p
    end
    local of = hws * ci"of" * hws
    VAGUE = alts * (of * alts)^-2 / function(...)
        local v = 1
        for i = 1, select("#", ...) do v = v * select(i, ...) end
        return norm(2 * v)
    end
end

-- "several thousand", "a few hundred", "a couple of million".
local FEW = trie(pairs_of(NUMBER_WORDS, "few", tonumber), "ci") * (hws * ci"of")^-1 * hws
    * (SCALE_W + HUNDRED_W) / function(a, b) return norm(a * b) end

-- One amount with its currency and percent sign.
local ONE = (g(CURRENCY.sign, "cur") * hws^-1 * AMOUNT_CUR + AMOUNT) * g(PERCENT, "pct")^-1

-- One match: its start, a table { vague = value | d or w, m, unit, cur,
-- pct, e1 (the end of the first amount), sep, second = {d or w, m, unit,
-- cur, pct}, ax }, its end. (Start and end stay out of the table: LPeg
-- fills it a field at a time, each field a possible rehash.)
local QUANTITY = Cp()
    * Ct(g(VAGUE, "vague") + g(FEW, "vague")
       + ONE * g(Cp(), "e1") * (g(RANGE_SEP, "sep") * g(Ct(ONE), "second"))^-1
         * g(APPROX_SUFFIX, "ax")^-1)
    * Cp() * -(wordch + P"-" * digit)
-- after a currency code ("JD2 million", "USD 5 billion")
local CODE_QUANTITY = Cp() * Ct(g(CURRENCY.code, "cur") * hws^-1 * AMOUNT_CUR
    * g(PERCENT, "pct")^-1 * g(Cp(), "e1")) * Cp() * -(wordch + P"-" * digit)

-- Phone numbers ("+962 6 500 0000": three groups or more, seven digits or
-- more) and list numbering ("1. ", "2) " at a line start) are skipped.
local PHONE = lpeg.Cmt(C(digit^1 * (S" -." * digit^1)^2), function(_, pos, str)
    local _, n = str:gsub("%d", "")
    return n >= 7 and pos
end)
local LIST_NUMBER = (-B(1) + B(P"\n")) * digit^1 * S".)" * hws
local SKIP_MARK = Cp() * Ct(g(Cc(true), "skip") * (PHONE + LIST_NUMBER)) * Cp()
local DIGIT_TRY = lb * (SKIP_MARK + QUANTITY)
local WORD_TRY = lb * QUANTITY

---------------------------------------------------------------- where to look

-- Digit runs and currency signs, in one LPeg pass: the span skips every
-- byte that cannot start either.
local RUNS = Ct(((1 - S"0123456789$\194\226")^0
    * (Cp() * (CURRENCY.sign / 0 * hws^-1)^-1 * digit^1 * (S",.:/-" * digit^1)^0 + 1))^0)

-- Words a quantity starts with, through the C gazetteer over the
-- document's tokens; approximators, "minus", "between" and "from" are
-- noted (by their end) to be taken in by the number after them.
-- The entries are case-sensitive, in their usual spellings (see
-- lede.extract.dates), so that the scan looks each token up once.
local STARTS = gazetteer.new()
do
    local case_forms = patterns.case_forms
    local function add(surface, value)
        for _, f in ipairs(case_forms(surface)) do STARTS:add(f, value) end
    end
    for _, w in ipairs(patterns.cardinal_words) do add(w, WORD_TRY) end
    for _, a in ipairs { "a", "an" } do
        for _, row in ipairs(rows(NUMBER_WORDS, "scale")) do add(a .. " " .. row[2], WORD_TRY) end
        for _, row in ipairs(rows(NUMBER_WORDS, "hundred")) do add(a .. " " .. row[2], WORD_TRY) end
    end
    for _, row in ipairs(rows(NUMBER_WORDS, "scale")) do add("half a " .. row[2], WORD_TRY) end
    for _, row in ipairs(rows(NUMBER_WORDS, "vague")) do
        add(row[2] .. (row[4] == "of" and " of" or ""), WORD_TRY)
    end
    for _, f in ipairs(rows(NUMBER_WORDS, "few")) do
        for _, kind in ipairs { "scale", "hundred" } do
            for _, row in ipairs(rows(NUMBER_WORDS, kind)) do
                add(f[2] .. " " .. row[2], WORD_TRY)
                add(f[2] .. " of " .. row[2], WORD_TRY)
            end
        end
    end
    for _, file in ipairs { NUMBER_WORDS, QUANTITIES } do
        for _, row in ipairs(rows(file, "approx")) do
            add(row[2], { kind = "approx", bound = row[3] })
        end
    end
    for _, row in ipairs(rows(QUANTITIES, "negative")) do add(row[2], { kind = "negative" }) end
    for _, row in ipairs(rows(QUANTITIES, "range_open")) do
        add(row[2], { kind = "open", sep = row[3] })
    end
end

-- Calls fn(p, try, e) for each place, in text order: gazetteer hits (try:
-- the pattern, or a table for a word noted) and digit runs merged.
local function each_start(text, fn)
    local runs = lpeg.match(RUNS, text)
    local j, nr = 1, #runs
    for s, e, try in STARTS:match(text) do
        while j <= nr and runs[j] < s do
            fn(runs[j], DIGIT_TRY)
            j = j + 1
        end
        fn(s, try, e)
    end
    for k = j, nr do fn(runs[k], DIGIT_TRY) end
end

---------------------------------------------------------------- words

local STOP, KEEP, SAME, PLURAL_OF, NAME, AGE, UNIT_BEFORE, NUMBER_WORD = {}, {}, {}, {}, {}, {}, {}, {}
for line in data.lines(STOPWORDS) do STOP[line] = true end
for _, row in ipairs(rows(QUANTITIES, "word")) do KEEP[row[2]] = true end
for _, row in ipairs(rows(QUANTITIES, "same")) do SAME[row[2]] = true end
for _, row in ipairs(rows(QUANTITIES, "plural")) do PLURAL_OF[row[2]] = row[3]; SAME[row[3]] = true end
for _, row in ipairs(rows(QUANTITIES, "name")) do NAME[row[2]] = true end
for _, row in ipairs(rows(QUANTITIES, "age")) do AGE[row[2]] = true end
for _, row in ipairs(rows(QUANTITIES, "unit_before")) do UNIT_BEFORE[row[2]] = row[3] end
for _, kind in ipairs { "unit", "teen", "tens", "scale", "hundred", "vague" } do
    for _, row in ipairs(rows(NUMBER_WORDS, kind)) do NUMBER_WORD[row[2]] = true end
end

-- A word as it stands (AFTER_NUMBER takes up to five, with no
-- punctuation between them).
local WORD = letter * (letter + P"-" * letter + APOS * letter)^0
-- What follows a number, in one match: true and a unit of measurement
-- ("km", "degrees Celsius"), or false and up to five words.
local AFTER_NUMBER = Cc(true) * MULTI_UNIT + Cc(false) * (hws * C(WORD))^-5
local HYPHEN_WORD = P"-" * C(WORD)

local function plural_looking(lw)
    if SAME[lw] then return true end
    local n = #lw
    if n < 3 or lw:byte(n) ~= 115 then return false end -- s
    local e2 = lw:sub(n - 1)
    return e2 ~= "ss" and e2 ~= "us" and e2 ~= "is" and e2 ~= "'s"
end

local function plural(w)
    local lw = w:lower()
    if SAME[lw] or plural_looking(lw) then return w end
    if PLURAL_OF[lw] then return PLURAL_OF[lw] end
    if lw:match("[^aeiou]y$") then return w:sub(1, -2) .. "ies" end
    if lw:match("[sxz]$") or lw:match("[cs]h$") then return w .. "es" end
    return w .. "s"
end

-- The word ending just before position s (after spaces), and its start.
-- (Each byte is read once: this runs for every candidate.)
local function word_before(text, s)
    local j = s - 1
    local b = j > 0 and byte(text, j)
    while b == 32 or b == 9 do
        j = j - 1
        b = j > 0 and byte(text, j)
    end
    local k = j
    while b and ((b >= 65 and b <= 90) or (b >= 97 and b <= 122) or b == 46) do
        k = k - 1
        b = k > 0 and byte(text, k)
    end
    if k == j then return nil, j end
    return text:sub(k + 1, j), k + 1
end

---------------------------------------------------------------- driver

local TEMPERATURE = { ["degrees Celsius"] = true, ["degrees Fahrenheit"] = true }
local DEGREES = hws * S"dD" * P"egree"

-- "voices under six of them": a preposition, not an approximator
local OF_DETERMINER = hws * ci"of" * hws * (ci"them" + ci"the" + ci"those" + ci"these" + ci"its" + ci"their")
local PREPOSITIONS = { over = true, under = true, below = true, above = true }

local function value_of(first)
    local d = first.d
    if d then
        -- most numbers have neither a decimal point nor a scale
        if not first.m and not d:find(".", 1, true) then
            return tonumber(d) or tonumber((d:gsub(",", "")))
        end
        return digits_value(d, first.m)
    end
    return norm(first.w * (first.m or 1))
end

-- A candidate from a grammar match (start s, table t, end e), or nil: a
-- table made with room for the fields most candidates get (a currency or
-- percent sign takes the place of noun).
local function candidate(s, t, e, negative, text)
    if t.skip then return nil end
    local c = { s = s, e = e, value = nil, approx = nil, word = nil, sent = nil, unit = t.unit,
                noun = nil }
    if t.cur then c.cur = t.cur end
    if t.pct then c.pct = t.pct end
    if t.vague then
        c.value, c.approx = t.vague, true
        return c
    end
    c.value = value_of(t)
    if negative then c.value = -c.value end
    c.approx = t.ax ~= nil
    c.word = t.w ~= nil and t.m == nil
    local second = t.second
    if second then
        local hi = value_of(second)
        local lo = c.value
        if second.m and not t.m and lo * second.m <= hi then
            lo = norm(lo * second.m)
        end
        if lo < hi and t.sep ~= "and" then
            c.value, c.high, c.approx = lo, hi, true
            c.cur = c.cur or second.cur
            c.pct = c.pct or second.pct
            c.sep = t.sep
        elseif lo < hi then
            c.pending = { e = e, value = lo, high = hi, cur = second.cur, pct = second.pct }
            c.e = t.e1
        else
            c.e = t.e1
        end
    end
    if c.word then c.text = text:sub(c.s, c.e - 1):lower() end
    return c
end

-- Every quantity of the document, before units: { s, e, value, approx,
-- high, cur, pct, unit, word, text }. dates: the date spans in text
-- order; no quantity starts inside one (the grammar is not even tried).
local function candidates(text, dates)
    local out, last_e = {}, 0
    -- the last word noted (an approximator, "minus", "between"): only it
    -- can end just before the next number, spaces between
    local note_s, note_e, note_v = nil, -1, nil
    local di, date = 1, dates[1]
    each_start(text, function(p, try, e)
        if type(try) == "table" and not getmetatable(try) then
            note_s, note_e, note_v = p, e, try
            return
        end
        if p < last_e then return end
        while date and date.e <= p do
            di = di + 1
            date = dates[di]
        end
        if date and date.s <= p then return end
        local s, t, e2 = lpeg.match(try, text, p)
        local negative = false
        if not t and try == DIGIT_TRY and p > 1 then
            -- a currency code or sign with letters: "JD2", "US$10"
            local q = p
            while q > 1 and q > p - 4 do
                local b = byte(text, q - 1)
                if (b >= 65 and b <= 90) or (b >= 97 and b <= 122) then q = q - 1 else break end
            end
            local prefix = q < p and text:sub(q, p - 1)
            if prefix and (q == 1 or not text:sub(q - 1, q - 1):match("%w")) then
                if CODES[prefix] then
                    s, t, e2 = lpeg.match(CODE_QUANTITY, text, q)
                elseif byte(text, p) == 36 then
                    s, t, e2 = lpeg.match(QUANTITY, text, q)
                end
            end
        end
        -- "-3C", "−10 degrees": a minus sign before a temperature
        local sign = try == DIGIT_TRY and p > 1
            and (byte(text, p - 1) == 45 and p - 1
                 or (p > 3 and byte(text, p - 1) == 146 and byte(text, p - 2) == 136
                     and byte(text, p - 3) == 226 and p - 3))
        if sign and (sign == 1 or text:sub(sign - 1, sign - 1):match("[%s(]")) then
            if not t then s, t, e2 = lpeg.match(QUANTITY, text, p) end
            if t and (TEMPERATURE[t.unit] or lpeg.match(DEGREES, text, e2)) then
                s, negative = sign, true
            elseif byte(text, p - 1) == 45 then
                t = nil
            end
        end
        if not t then return end
        local c = candidate(s, t, e2, negative, text)
        if not c then
            last_e = e2 -- a phone number, list numbering
            return
        end
        -- what stands before: an approximator, "minus", "between"
        local j = c.s - 1
        while j > 0 and byte(text, j) == 32 do j = j - 1 end
        local bs = j < c.s - 1 and note_e == j + 1 and note_s
        if bs and bs >= (out[#out] and out[#out].e or 0) then
            local bv = note_v
            local kind = bv.kind
            if kind == "approx" then
                if not (PREPOSITIONS[text:sub(bs, j):lower()] and lpeg.match(OF_DETERMINER, text, c.e)) then
                    c.s, c.approx = bs, true
                end
            elseif kind == "negative" then
                c.s, c.value = bs, -c.value
            elseif kind == "open" and c.pending and bv.sep == "and" then
                c.s, c.e, c.value, c.high, c.approx = bs, c.pending.e, c.pending.value, c.pending.high, true
                c.cur, c.pct = c.cur or c.pending.cur, c.pct or c.pending.pct
            elseif kind == "open" and c.sep == bv.sep then
                c.s = bs
            end
        end
        c.pending = nil
        last_e = c.e
        out[#out + 1] = c
    end)
    return out
end


---------------------------------------------------------------- filters

-- Date spans as a sorted array of {s, e}: the dates extractor's (found.date,
-- an empty list when it ran and found none), or its scan when it did not
-- run.
local function date_spans(doc, found)
    local list = found.date
    if not list then
        list = {}
        for _, sp in ipairs(require("lede.extract.dates").scan(doc, found)) do
            if sp.kind == "date" then list[#list + 1] = sp end
        end
    end
    return list
end

-- "one in four", "three out of ten" (but not "three in 2014")
local FRACTION_AFTER = hws * (ci"in" + ci"out" * hws * ci"of") * hws
    * ((UNIT_W + TEEN_W + TENS_W) / 0 + -((P"19" + P"20") * digit * digit * -digit) * digit^1 * -(digit + S",."))
local AGE_AFTER = P"-" * S"yY" * P"ear" * P"s"^-1 * P"-" * S"oO" * P"ld" + P"-" * S"oO" * P"ld" * -alnum
-- what follows a number, in one match: "age", "ratio" or nothing
local AFTER = AGE_AFTER * Cc"age" + FRACTION_AFTER * Cc"ratio"

-- Whether candidate c (index i of list) is no quantity in its context.
local function excluded(text, list, i, sent_e)
    local c = list[i]
    local prev, prev_s = word_before(text, c.s)
    if prev then
        if NAME[prev] then return true end
        local lp = prev:lower()
        if AGE[lp] then return true end
        if lp == "of" then
            local p2 = word_before(text, prev_s)
            if p2 and AGE[p2:lower() .. " of"] then return true end
        end
        if UNIT_BEFORE[prev] then c.unit = c.unit or UNIT_BEFORE[prev] end
        if c.word and lp == "the" and (c.text == "two" or c.text == "one") then return true end
    end
    local after = lpeg.match(AFTER, text, c.e)
    if after == "age" then return true end
    -- "Martel, 52, and": a bare small number between commas after a name
    if not c.approx and not c.cur and not c.pct and math.type(c.value) == "integer" and c.value < 120
        and byte(text, c.e) == 44 then
        local j = c.s - 1
        while j > 0 and byte(text, j) == 32 do j = j - 1 end
        if byte(text, j) == 44 then
            local w = word_before(text, j)
            if w and w:match("^%u%l") then return true end
        end
    end
    -- "one in four", "three out of ten": a ratio, both numbers
    if after == "ratio" then
        local nxt = list[i + 1]
        if nxt and nxt.s - c.e < 12 then nxt.drop = true end
        return true
    end
    -- "one" counts when approximated or set against a later number
    -- ("one decision, not fifty paragraphs"; not "one by one")
    if c.word and not c.approx and c.text == "one" then
        local nxt = list[i + 1]
        if not nxt or nxt.s >= sent_e or nxt.text == "one" then return true end
    end
    return false
end

---------------------------------------------------------------- units

local function label_unit(text, c)
    -- "Meals delivered by air: over 500,000"
    local j = c.s - 1
    while j > 0 and (byte(text, j) == 32 or byte(text, j) == 43) do j = j - 1 end
    if byte(text, j) ~= 58 then return nil end -- :
    local line_s = j
    while line_s > 1 and line_s > j - 200 and byte(text, line_s - 1) ~= 10 do line_s = line_s - 1 end
    -- the first plural noun of the label: lower case, or its first word
    local first = true
    for w in text:sub(line_s, j - 1):gmatch("%a[%a'%-]*") do
        local lw = w:lower()
        if (first or w == lw) and not STOP[lw] and plural_looking(lw) then return lw end
        first = false
    end
    return nil
end

-- Possessive determiners after "of" ("12 of its ships"): the noun after
-- them counts; after other function words ("23 of 32 allies", "13 of the
-- council's 15 members") the next quantity's noun does.
local OF_POSSESSIVE = { its = true, their = true, his = true, her = true, our = true, my = true, your = true }

-- The unit of c from the words after it; "of" says the unit comes with the
-- next quantity; nil when the noun is left out.
local function unit_after(text, c)
    local e = c.e
    if byte(text, e) == 45 then -- "150-seat", "6.4-magnitude"
        local w = lpeg.match(HYPHEN_WORD, text, e)
        if w then return UNIT_BEFORE[w] or plural(w:lower()) end
    end
    local ws = { lpeg.match(AFTER_NUMBER, text, e) }
    if ws[1] then return ws[2] end
    local k = 2
    if ws[k] and ws[k]:lower() == "of" then
        local nxt = ws[k + 1] and ws[k + 1]:lower()
        if nxt and OF_POSSESSIVE[nxt] and ws[k + 2] then
            k = k + 2 -- "12 of its ships": the noun after the determiner
        elseif not nxt or (STOP[nxt] and not KEEP[nxt]) then
            return "of"
        else
            k = k + 1
        end
    end
    local head, count = nil, 0
    while ws[k] and count < 4 do
        local w = ws[k]
        local lw = w:lower()
        if (STOP[lw] and not KEEP[lw]) or NUMBER_WORD[lw] then break end
        count = count + 1
        if UNIT_TABLE[w] then return UNIT_TABLE[w] end
        -- (a capitalised word in -is is a people's plural: Somalis, Israelis)
        if plural_looking(lw) or (w ~= lw and #lw > 4 and lw:sub(-2) == "is") then head = w end
        k = k + 1
    end
    if not head then
        -- a singular noun counts after "one" ("one partner"); after another
        -- number it is no noun of it ("101 remain")
        if count == 0 or c.value ~= 1 then return nil end
        return plural(ws[k - 1]:lower())
    end
    -- after a number, a capitalised noun is a name or a demonym
    -- ("Palestinians"): kept as written
    return head
end

-- (c.sent: the index of c's sentence, set by run)
local function find_units(text, list)
    for i = 1, #list do
        local c = list[i]
        if c.cur then c.unit = c.cur
        elseif c.pct then c.unit = c.pct
        elseif not c.unit then
            c.unit = unit_after(text, c)
            c.noun = c.unit ~= nil and c.unit ~= "of"
        end
    end
    -- "23 of 32 allies", "13 of the council's 15 members": the next one's
    for i = #list, 1, -1 do
        local c = list[i]
        if c.unit == "of" then
            local nxt = list[i + 1]
            c.unit = nil
            if nxt and nxt.sent == c.sent and nxt.s - c.e < 40 and nxt.unit ~= "of" then
                c.unit, c.noun = nxt.unit, nxt.noun
            end
        end
    end
    -- a noun left out ("killing 38 people and injuring more than 400"):
    -- the noun of a quantity before in the sentence, the label of the line
    -- ("Patients treated: more than 61,000"), or a quantity of the same
    -- value elsewhere (a headline's figure told again in the text)
    local by_value = {}
    for i = 1, #list do
        local c = list[i]
        if c.unit and c.noun and by_value[c.value] == nil then by_value[c.value] = c.unit end
    end
    for i = 1, #list do
        local c = list[i]
        if not c.unit then
            for j = i - 1, math.max(1, i - 40), -1 do
                local prev = list[j]
                if prev.sent ~= c.sent then break end
                if prev.noun then c.unit = prev.unit; break end
            end
            c.unit = c.unit or label_unit(text, c) or by_value[c.value]
        end
    end
end

---------------------------------------------------------------- extract

-- Calls emit("quantity", s, e, attrs) for each quantity of the document,
-- in text order.
local function run(doc, found, emit)
    found = found or {}
    local text = doc.text
    local sentences = found.sentences
    if not sentences then
        sentences = {}
        for s, e in doc:sentences() do sentences[#sentences + 1] = { s = s, e = e } end
    end
    local dates = date_spans(doc, found)
    local list = candidates(text, dates)
    -- not inside a date
    local kept, di = {}, 1
    local d = dates[1]
    for i = 1, #list do
        local c = list[i]
        local cs = c.s
        while d and d.e <= cs do
            di = di + 1
            d = dates[di]
        end
        if not (d and d.s < c.e) then kept[#kept + 1] = c end
    end
    list = kept
    kept = {}
    local si, nxt = 1, sentences[2]
    for i = 1, #list do
        local c = list[i]
        local cs = c.s
        while nxt and nxt.s <= cs do
            si = si + 1
            nxt = sentences[si + 1]
        end
        c.sent = si
        local sent_e = sentences[si] and sentences[si].e or #text + 1
        if not c.drop and not excluded(text, list, i, sent_e) then kept[#kept + 1] = c end
    end
    list = kept
    find_units(text, list)
    for i = 1, #list do
        local c = list[i]
        emit("quantity", c.s, c.e,
            { value = c.value, unit = c.unit or null, approx = c.approx or false, high = c.high })
    end
end

-- The quantities of a document: an array of { s, e, attrs }.
function M.scan(doc, found)
    local out = {}
    run(doc, found, function(_, s, e, attrs) out[#out + 1] = { s = s, e = e, attrs = attrs } end)
    return out
end

function M.extract(doc, emit, found)
    run(doc, found, emit)
end

return M
