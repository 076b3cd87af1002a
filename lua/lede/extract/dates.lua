--[[
lede.extract.dates -- temporal expressions (kind "date") and the date of
the document (kind "doc_date"), as tests/corpus/GUIDELINES.md defines them.

Promise:
  * doc_date first: the metadata date (doc.date, "YYYY-MM-DD...") as an
    empty span at the start of the text; else a full written date on a
    dateline or "Published ..." line among the first blocks of the text
    ("AMMAN, 3 March 2024", "KYIV, Jan. 14, 2025 — ..."), spanning that
    date; else none. Its value is the reference date of the document.
  * date spans for absolute and partial dates, weekdays, months, years,
    decades, quarters and halves, seasons, holidays, clock times and parts
    of the day, deictic and anaphoric expressions ("last week", "the same
    day", "three weeks ago"), durations ("135 days", "17-year", "week-long",
    "the past year") and sets ("daily", "every day", "$40 billion a year":
    the span "a year", a rate after a number in digits or words on its
    line). Span: the expression without a leading preposition or a
    possessive ("over" before an amount of time is one: "over two years"
    -> "two years"); attrs { type = date|time|duration|set|relative,
    value = TIMEX3-style string or lede.json.null }. Not dates: a month
    inside a person span found before ("May Pascoe"), "three weeks
    earlier than usual" as an anaphoric date (it is a duration).
  * Resolution never guesses: against the reference date when there is
    one (a bare weekday, month or month-day goes the way the sentence's
    tense points: a deadline after "until" or "by" ahead unless the
    sentence is in the past perfect, else the cue word nearest before it,
    else after it, else the nearest such date); anaphoric expressions ("the same day", "the
    previous month", "two days later") against the latest date of the same
    or the previous sentence, else the reference date; without a reference
    date, calendar expressions keep what they say ("XXXX-10-07",
    "XXXX-WXX-2") and deictic ones are null.
  * M.scan(doc) -> the spans without emitting them (lede.extract.quantities
    uses it to skip numbers inside dates when the dates extractor did not
    run).

Speed: the C gazetteer finds the words a date can start with (and the
tense cues) over the document's tokens, one LPeg pass the digit runs that
can start one; the grammar is tried only there; everything else is per
match. Vocabulary comes from data/dates.txt,
data/time_words.txt and data/number_words.txt.
]]

local lpeg = require "lpeg"
local patterns = require "lede.patterns"
local data = require "lede.data"
local T = require "lede.timex"
local gazetteer = require "lede.gazetteer"
local json = require "lede.json"

local P, R, S, B = lpeg.P, lpeg.R, lpeg.S, lpeg.B
local C, Cc, Cp, Ct, Cg, Cmt = lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Ct, lpeg.Cg, lpeg.Cmt
local null = json.null
local fmt = string.format
local byte = string.byte

local DATES = "dates.txt"
local TIME_WORDS = "time_words.txt"
local NUMBER_WORDS = "number_words.txt"

local M = {
    name = "dates",
    version = "7",
    kinds = { "date", "doc_date" },
    needs = { "person" },
}

---------------------------------------------------------------- characters

local digit = R"09"
local alnum = R("az", "AZ", "09")
local cont = R"\128\191"
local wordch = alnum + R"\195\223" * cont
local hws = patterns.hws

-- A match starts and ends where a token does (lede.patterns).
local lb, rb = patterns.token_start, patterns.token_end

---------------------------------------------------------------- vocabulary

-- A word list as a trie (lede.patterns.choice: the longest entry wins),
-- each entry { text, value } capturing value when it is not nil; an entry
-- ending in a letter ends a token unless open_end. mode "ci": any case;
-- "title": as written or in capitals; "exact". (A space edge, "a few",
-- comes after the others here.)
local function trie(list, mode, open_end)
    return patterns.choice(list, mode, not open_end and rb or P(true), true)
end

local function ci(text, value)
    return trie({ { text, value } }, "ci")
end

local rows = data.rows

local function entries(file, kind, field, convert)
    local out = {}
    for _, row in ipairs(rows(file, kind)) do
        local v = row[field or 3]
        if convert then v = convert(v) end
        out[#out + 1] = { row[2], v }
    end
    return out
end

local month_full, weekday_full = {}, {}
for _, kind in ipairs { "month", "weekday" } do
    for _, row in ipairs(rows(TIME_WORDS, kind)) do
        local list = kind == "month" and month_full or weekday_full
        list[#list + 1] = { row[3], tonumber(row[2]) }
    end
end
local MONTH = trie(month_full, "title")
local WEEKDAY = trie(weekday_full, "title")
-- The same, capturing a constant table { month = n } or { wd = n }: the
-- match table of a bare month or weekday, shared (resolve only reads it).
local MONTH_T, WEEKDAY_T
do
    local m, w = {}, {}
    for _, e in ipairs(month_full) do m[#m + 1] = { e[1], { month = e[2] } } end
    for _, e in ipairs(weekday_full) do w[#w + 1] = { e[1], { wd = e[2] } } end
    MONTH_T, WEEKDAY_T = trie(m, "title"), trie(w, "title")
end

-- Time units: singular and plural forms -> the unit's name; designators.
local unit_sg, unit_pl, unit_code, unit_scale = {}, {}, {}, {}
for _, row in ipairs(rows(TIME_WORDS, "unit")) do
    unit_sg[#unit_sg + 1] = { row[2], row[2] }
    unit_pl[#unit_pl + 1] = { row[3], row[2] }
    unit_code[row[2]] = row[4]
end
for _, row in ipairs(rows(DATES, "unit_scale")) do
    unit_scale[row[2]] = { tonumber(row[3]), row[4] }
end
local UNIT_SG, UNIT_PL = trie(unit_sg, "ci"), trie(unit_pl, "ci")
-- without the word end, for "week-long"
local UNIT_SG_OPEN, UNIT_PL_OPEN = trie(unit_sg, "ci", true), trie(unit_pl, "ci", true)
-- "a second" is nearly always the ordinal ("a second official")
local UNIT_SG_ART
do
    local list = {}
    for _, e in ipairs(unit_sg) do
        if e[1] ~= "second" then list[#list + 1] = e end
    end
    UNIT_SG_ART = trie(list, "ci")
end
local UNIT = UNIT_PL + UNIT_SG

local function duration_value(amount, unit)
    local sc = unit_scale[unit]
    if sc and amount then return T.duration(amount * sc[1], sc[2]) end
    return T.duration(amount, unit_code[unit])
end

local PART = trie(entries(DATES, "part"), "ci")
local SEASON = trie(entries(DATES, "season"), "ci")
local HOLIDAY = trie(entries(DATES, "holiday"), "title")
local SET_WORD = trie(entries(DATES, "set"), "exact")
local EVERY = trie(entries(DATES, "every", 2), "ci") / 0
local VAGUE = trie(entries(DATES, "vague", 2), "ci") / 0
local FEW = trie(entries(DATES, "few", 2), "ci") / 0
local WHOLE = trie(entries(DATES, "whole", 2), "ci") / 0

local THE = ci"the"
local ARTICLE = ci"a" + ci"an"
local OF = ci"of"

-- Relative day words and modifiers (time_words.txt).
local DAYWORD = trie(entries(TIME_WORDS, "relative", 2, nil), "ci")
local dayword_off, dayword_unit = {}, {}
for _, row in ipairs(rows(TIME_WORDS, "relative")) do
    dayword_off[row[2]:lower()] = tonumber(row[3])
    dayword_unit[row[2]:lower()] = row[4]
end
local MOD = trie({ { "this", 0 }, { "last", -1 }, { "next", 1 } }, "ci")
local QUAL = trie(entries(TIME_WORDS, "qualifier", 2), "ci") / 0
local EARLY = trie({ { "early" }, { "mid" }, { "late" } }, "ci", true)

-- Small amounts of time: "135", "2.5", "nine", "twenty-three", "a", with an
-- approximator ("more than five weeks").
local AMOUNT, APPROX
do
    local words = {}
    local function add(kind)
        for _, row in ipairs(rows(NUMBER_WORDS, kind)) do
            words[kind] = words[kind] or {}
            table.insert(words[kind], { row[2], tonumber(row[3]) })
        end
    end
    add "unit"; add "teen"; add "tens"
    -- open-ended, for "six-week"; a word must still end there
    local UNIT_W = trie(words.unit, "ci", true) * -alnum
    local TEEN_W = trie(words.teen, "ci", true) * -alnum
    local TENS_W = trie(words.tens, "ci", true) * -alnum
    local WORDNUM = TENS_W * ((P"-" + hws) * UNIT_W)^-1 / function(a, b) return a + (b or 0) end
        + TEEN_W + UNIT_W
    local DIGITS = C(digit^1 * (P"," * digit * digit * digit)^0 * (P"." * digit^1)^-1)
        / function(str) return tonumber((str:gsub(",", ""))) end * -(S",." * digit)
    local list = {}
    for _, row in ipairs(rows(NUMBER_WORDS, "approx")) do
        list[#list + 1] = { row[2] }
    end
    APPROX = trie(list, "ci")
    AMOUNT = (APPROX * hws)^-1 * (DIGITS + WORDNUM)
end

---------------------------------------------------------------- grammar

-- A match of the grammar is four captures: its start s, its kind k, the
-- table of its named captures t, its end e. (Start, kind and end stay out
-- of the table: LPeg fills a table one field at a time, and every field
-- fewer is a rehash fewer.)
local function node(kind, body)
    return Cp() * Cc(kind) * Ct(body) * Cp()
end
local function g(p, name) return Cg(p, name) end

local num2 = digit * digit^-1
local YEAR_NUM = (C((P"19" + P"20") * digit * digit) / tonumber) * -digit * -(S",." * digit)
local YEAR = YEAR_NUM * -P"s" * rb
    * -(hws^-1 * P"%") * -(hws * (ci"percent" + ci"per cent"))
local YEAR_REL = ci("last year", -1) + ci("this year", 0) + ci("next year", 1)

-- Clock times: "4:17 a.m.", "09:30", "1 a.m.", "4pm", "0117 GMT", "eight
-- o'clock".
local AMPM = ((ci"a.m." + ci"a.m" + ci"am") * Cc"am") + ((ci"p.m." + ci"p.m" + ci"pm") * Cc"pm")
local ZONE = P"GMT" + P"UTC" + P"EST" + P"EDT" + P"CET" + P"BST"
local HOUR = C(num2) / tonumber
local MINUTE = C(R"05" * digit) / tonumber
local OCLOCK = ci"o'clock" + ci"o’clock"
local hour_word = {}
for _, row in ipairs(data.table(NUMBER_WORDS)) do
    local v = tonumber(row[3])
    if (row[1] == "unit" or row[1] == "teen") and v and v >= 1 and v <= 12 then
        hour_word[#hour_word + 1] = { row[2], v }
    end
end
local HOUR_WORD = trie(hour_word, "ci")
local CLOCK = g(HOUR, "h") * P":" * g(MINUTE, "mi") * -digit * (hws^-1 * g(AMPM, "ampm"))^-1 * rb
    + g(HOUR, "h") * hws^-1 * g(AMPM, "ampm")
    + g(C(digit * digit) / tonumber, "h") * g(MINUTE, "mi") * #(hws * ZONE)
    + g(HOUR_WORD + HOUR, "h") * hws * OCLOCK * g(Cc(true), "oclock")

local function valid_clock(t)
    if t.h > 24 or (t.ampm and (t.h < 1 or t.h > 12)) or (t.mi and t.mi > 59) then return false end
    return true
end

local CLOCK_PHRASE = Cmt(#(digit + HOUR_WORD) * node("clock", CLOCK), function(_, pos, s, k, c, e)
    if valid_clock(c) then return pos, s, k, c, e end
    return false
end)
-- the clock's table alone, inside another match ("Sunday 09:30")
local CLOCK_TABLE = Cmt(#(digit + HOUR_WORD) * Ct(CLOCK), function(_, pos, c)
    if valid_clock(c) then return pos, c end
    return false
end)

-- Absolute and partial calendar dates (lede.patterns.date), optionally
-- "June 12 last year".
local CALENDAR_WORD
do
    local list = {}
    for _, kind in ipairs { "month", "weekday" } do
        for _, row in ipairs(rows(TIME_WORDS, kind)) do
            for j = 3, #row do list[#list + 1] = { row[j] } end
        end
    end
    CALENDAR_WORD = trie(list, "title", true)
end
local ABS = Cmt(#(digit + CALENDAR_WORD + THE * hws * digit)
        * patterns.date * (hws * YEAR_REL + Cc(false)) * Cp(),
    function(_, pos, t, rel, e)
        if rel then t.rel = rel end
        return pos, t.s, "cal", t, e
    end)

-- "Tuesday", "Tuesday evening", "Sunday 09:30".
local WD_PHRASE = Cp() * Cc"wd"
    * (WEEKDAY_T * -(hws * (PART + CLOCK_TABLE))
       + Ct(g(WEEKDAY, "wd") * hws * (g(PART, "part") + g(CLOCK_TABLE, "clock"))))
    * Cp()

-- "October", "mid-October", "early October", "October last year"
local MONTH_PHRASE = Cp() * Cc"mon"
    * (MONTH_T * -(hws * YEAR_REL)
       + Ct(EARLY * (P"-" + hws) * g(MONTH, "month") * (hws * g(YEAR_REL, "rel"))^-1
            + g(MONTH, "month") * hws * g(YEAR_REL, "rel")))
    * Cp()
local NOT_MONEY = -B(P"$") * -B(P"\194\163") * -B(P"\226\130\172")
local YEAR_PHRASE = node("year", NOT_MONEY * (EARLY * (P"-" + hws))^-1 * g(YEAR, "year"))
local DECADE = node("decade", g(C(S"12" * digit * digit) * P"0s" * rb, "dec")
    + (P"'" + P"\226\128\153") * g(C(digit) / function(d) return "19" .. d end, "dec") * P"0s" * rb)

-- Quarters and halves: "the third quarter (of 2024)", "Q3 2024".
local ORDINAL_1_4 = trie({ { "first", 1 }, { "second", 2 }, { "third", 3 }, { "fourth", 4 },
                           { "1st", 1 }, { "2nd", 2 }, { "3rd", 3 }, { "4th", 4 } }, "ci")
local OF_YEAR = hws * OF * hws * (g(YEAR, "year")
    + THE * hws * ci"year" * g(Cc(0), "rel") + g(YEAR_REL, "rel"))
local QUARTER = node("quarter",
    THE * hws * g(ORDINAL_1_4, "n") * hws * g(ci("quarter", "Q") + ci("half", "H"), "q") * OF_YEAR^-1
    + g(C(S"QH"), "q") * g(C(S"1234") / tonumber, "n") * rb * (hws * g(YEAR, "year"))^-1)

-- "the summer", "last winter", "the summer of 2024", "summer 2024"; not
-- "the fall of Kabul" nor a bare "spring".
local SEASON_PHRASE = node("season",
    (THE + g(MOD, "mod")) * hws * g(SEASON, "season")
        * (hws * (OF * hws)^-1 * g(YEAR, "year") + -(hws * OF))
    + g(SEASON, "season") * hws * g(YEAR, "year"))

local HOLIDAY_PHRASE = node("holiday", g(HOLIDAY, "md") * (hws * g(YEAR, "year"))^-1)

-- Sets: "daily", "every day", "every other week", "every two weeks",
-- "twice a day", "three times a week".
local SET_NOT_BEFORE = hws * trie(entries(DATES, "set_not_before", 2), "ci")
local SET = node("set", g(SET_WORD, "v") * -SET_NOT_BEFORE)
    + node("every", EVERY * hws * (ci"other" * hws * g(Cc(2), "n"))^-1
        * (g(UNIT_SG, "unit") + g(PART, "part") + g(WEEKDAY, "wd")))
    + node("every", EVERY * hws * g(AMOUNT, "n") * hws * g(UNIT_PL, "unit"))
    + node("every", (ci"once" + ci"twice" + AMOUNT / 0 * hws * ci"times") * hws
        * (ARTICLE + ci"per" + ci"every") * hws * g(UNIT_SG, "unit"))

-- Deictic words and modifiers: "yesterday (morning)", "tonight", "this
-- week", "earlier this month", "last night", "next Tuesday".
local DEICTIC = node("deictic", g(C(DAYWORD) / string.lower, "word") * (hws * g(PART, "part"))^-1)
local MOD_PHRASE = node("mod", (QUAL * hws)^-1 * g(MOD, "off") * hws
    * (ci"weekend" * g(Cc(true), "weekend") + ci"quarter" * rb * g(Cc(true), "quarter")
       + g(UNIT_SG, "unit") + g(PART, "part") + g(WEEKDAY, "wd") + g(MONTH, "month")))

-- Phrases led by "the".
local THE_PHRASE = Cmt(Cp() * THE * hws * (
    node("anaph", ci"same" * hws * (g(UNIT_SG, "unit") + g(PART, "part")) * g(Cc(0), "off"))
    + node("anaph", g(ci("next", 1) + ci("following", 1) + ci("previous", -1) + ci("preceding", -1),
            "off") * hws
        * (g(UNIT_SG, "unit") + g(PART, "part") + ci"weekend" * g(Cc(true), "weekend"))
        * -(hws * OF))
    + node("anaph", ci"day" * g(Cc"day", "unit") * hws * g(ci("before", -1) + ci("after", 1), "off"))
    + node("null", ci"coming" * hws * UNIT_PL)
    + node("thedur", g(ci("past", "past") + ci("last", "past") + ci("next", "next")
            + ci("coming", "next") + ci("following", "next"), "dir") * hws
        * ((FEW * g(Cc(true), "x") + g(AMOUNT, "n")) * hws)^-1
        * (g(UNIT_PL, "unit") * g(Cc(true), "pl") + g(UNIT_SG, "unit")))
    + node("weekend", ci"weekend")
    + node("part", g(PART, "part") * -(hws * (ci"of" + ci"when" + ci"before" + ci"after")))
), function(_, pos, s, _, k, t, e)
    return pos, s, k, t, e
end)

-- "that day", "that morning": the day referred to, as "the same day"
local THAT_PHRASE = node("anaph", ci"that" * hws * (g(ci("day", "day"), "unit") + g(PART, "part"))
    * g(Cc(0), "off"))

local RECENT = node("null", VAGUE * hws * UNIT_PL)

-- "three weeks ago", "a year earlier", "two days later", "months ago";
-- not a comparison ("three weeks earlier than usual": a duration).
local AMOUNT_UNIT = FEW * hws * Cc(false) * UNIT_PL
    + AMOUNT * (P"-" + hws) * UNIT
    + ARTICLE * hws * Cc(1) * UNIT_SG_ART
    + Cc(false) * UNIT_PL
local AGO = Cmt(Cp() * AMOUNT_UNIT * Cp() * hws
        * (ci("ago", "ago") + ci("earlier", "earlier") + ci("later", "later")) * -(hws * ci"than") * Cp(),
    function(_, pos, s, amount, unit, de, how, e)
        return pos, s, "ago", { de = de, n = amount or nil, unit = unit, how = how, num = true }, e
    end)

-- Durations: "135 days", "nine hours", "60-day", "17-year" (not "17-year-
-- old"), "four and a half years", "a single year", "several weeks",
-- "week-long", "years"; "a year" is a rate or an amount of time.
local function after_word(word)
    local first = word:sub(1, 1)
    return B(S(first .. first:upper()) * P(word:sub(2) .. " "))
end
local HALF = hws * ci"and" * hws * ci"a" * hws * ci"half"
local DURATION = node("dur", g(AMOUNT / function(v) return v + 0.5 end, "n") * HALF
        * hws * g(UNIT_PL, "unit") * g(Cc(true), "num"))
    + node("dur", ARTICLE * hws * g(UNIT_SG_ART, "unit") * HALF * g(Cc(1.5), "n"))
    + node("dur", ARTICLE * hws * WHOLE * hws * g(UNIT_SG_ART, "unit") * g(Cc(1), "n"))
    + node("dur", FEW * hws * g(UNIT_PL, "unit"))
    + node("dur", g(UNIT_SG_OPEN, "unit") * g(Cc(1), "n") * P"-" * ci"long")
    + node("dur", g(UNIT_PL_OPEN, "unit") * P"-" * ci"long")
    + node("a_unit", (ARTICLE + ci"per") * hws * g(UNIT_SG_ART, "unit") * g(Cc(true), "num"))
    + node("dur", g(AMOUNT, "n") * (hws * g(UNIT_PL, "unit") + (hws + P"-") * g(UNIT_SG, "unit"))
        * g(Cc(true), "num"))
    + node("dur", -(after_word("the") + after_word("these") + after_word("those"))
        * g(UNIT_PL, "unit"))

-- Where to try the grammar: the positions of the words a date can start
-- with, found by the C gazetteer over the document's tokens ("the same",
-- "last year", "nine", "Tuesday", "week-long" ...; every date has such a
-- word), and of the digit runs, found by one LPeg span. The grammar, tried
-- only there, decides.
-- Numbers are frequent and mostly no dates: a digit or number word goes to
-- the grammar only when what follows it can make a date ("4:17", "2024",
-- "29 October", "60-day", "nine hours", "eight o'clock").
local DIGIT_OK, AMOUNT_OK
do
    local after = hws^-1 * (CALENDAR_WORD + AMPM + ZONE)
        + hws * (UNIT + OCLOCK + ci"and" + ci"times" + ci"of" + ci"to")
        + P"-" * (UNIT_SG_OPEN + UNIT_PL_OPEN)
    local dnum = digit^1 * (S",." * digit^1)^0 * (ci"st" + ci"nd" + ci"rd" + ci"th")^-1
    DIGIT_OK = (P"19" + P"20") * digit * digit * -digit
        + digit^1 * P":" * digit
        + digit * digit * digit * P"0s"
        + digit^4 * P"-" * digit * digit * P"-"
        + dnum * after
    AMOUNT_OK = AMOUNT * (hws * (UNIT + OCLOCK + ci"and" + ci"times") + P"-" * (UNIT_SG_OPEN + UNIT_PL_OPEN))
end

-- What to try after each kind of start word (the value of its gazetteer
-- entry), so that a hit runs only the rules that can begin there.
-- Cheap lookaheads before the costly rules, saying what must follow for
-- them to have a chance: a day or year after a month ("October 7"); a
-- day, "the" or a month after a weekday ("Tuesday, 29 October"); a month
-- after a day, an ISO date ("29 October", "2024-10-29"); a colon, "a.m.",
-- "o'clock" or a time zone after a clock's digits.
local ABS_AFTER_MONTH = #(CALENDAR_WORD * P"."^-1 * hws * digit) * ABS
local ABS_AFTER_WEEKDAY = #(CALENDAR_WORD * P"."^-1 * P","^-1 * hws
    * (digit + THE * hws * digit + CALENDAR_WORD)) * ABS
local ABS_AFTER_DIGIT = #(digit * digit * digit * digit * P"-"
    + digit * digit^-1 * (S"sSnNrRtT" * S"tTdDhH")^-1 * hws * CALENDAR_WORD) * ABS
local CLOCK_AFTER_DIGIT = #(digit * digit^-1 * (P":" + hws^-1 * S"aApP" + hws * S"oO")
    + digit * digit * digit * digit * hws * S"GUECB") * CLOCK_PHRASE
local TRY = {
    digit = lb * #DIGIT_OK * (ABS_AFTER_DIGIT + CLOCK_AFTER_DIGIT + DECADE + YEAR_PHRASE + SET + AGO + DURATION),
    amount = lb * #AMOUNT_OK * (CLOCK_PHRASE + SET + AGO + DURATION),
    month = lb * (ABS_AFTER_MONTH + MONTH_PHRASE),
    weekday = lb * (ABS_AFTER_WEEKDAY + WD_PHRASE),
    holiday = lb * HOLIDAY_PHRASE,
    quarter = lb * QUARTER,
    unit = lb * (AGO + DURATION),
    season = lb * SEASON_PHRASE,
    deictic = lb * DEICTIC,
    that = lb * THAT_PHRASE,
    set = lb * SET,
    the = lb * (THE_PHRASE + QUARTER + SEASON_PHRASE + ABS),
    article = lb * (AGO + DURATION),
    mod = lb * (SEASON_PHRASE + MOD_PHRASE),
    recent = lb * RECENT,
}
local DECADE_TRY = lb * DECADE
local YEAR_TRY = lb * YEAR_PHRASE
-- "mid-2025", "early 2026": the qualifier before a year's digits
local QUALIFIED_YEAR = Cp() * (S"Ee" * P"arly" + S"Mm" * P"id" + S"Ll" * P"ate") * (P"-" + hws) * #digit
-- Where to try: the words a date starts with, found by the C gazetteer
-- over the document's tokens: calendar words, units, "the same", "last
-- week", "a few days", "nine hours", "every", ...; each entry's value
-- { try = pattern } says what to try there. Digits are found apart
-- (below); an approximator before a number ("more than five weeks") is
-- taken in after the match. The tense cues (data/dates.txt "tense": "will",
-- "said", "last" ...) are entries of the same gazetteer, so that one scan
-- finds both: a value's dir is the direction of a cue the entry starts
-- with ("last" in "last week"), its cues = { offset, direction, ... } lists
-- the cues further in ("next" in "the next").
local STARTS = gazetteer.new()
local CUE_WORDS = gazetteer.new()
-- the directions of the tense cues ("past", "future"): the value of a cue
-- entry that starts no date
local IS_DIR = {}

-- (Case-sensitive entries, in all their case forms, spare the gazetteer
-- a second, folded lookup of every token.)
local case_forms = patterns.case_forms
-- Adds surface (in all its case_forms when fold) with value v; true if
-- any spelling is new.
local function add_start(surface, v, fold)
    if not fold then return STARTS:add(surface, v) end
    local new = false
    for _, f in ipairs(case_forms(surface)) do
        if STARTS:add(f, v) then new = true end
    end
    return new
end
for _, row in ipairs(rows(DATES, "tense")) do CUE_WORDS:add(row[2], row[3], { fold = true }) end
local START_SURFACES = {}
do
    local function add(surface, try, fold)
        local v = { try = TRY[try] or try }
        if add_start(surface, v, fold) then
            START_SURFACES[#START_SURFACES + 1] = { surface, v }
        end
    end
    -- calendar words as written ("May" is a month, "may" a verb)
    for _, kind in ipairs { "month", "weekday" } do
        for _, row in ipairs(rows(TIME_WORDS, kind)) do
            for j = 3, #row do
                for _, w in ipairs { row[j], row[j]:upper() } do
                    add(w, kind)
                    if j > 3 then add(w .. ".", kind) end
                end
            end
            if kind == "month" then
                for _, q in ipairs { "mid", "early", "late", "Mid", "Early", "Late" } do
                    add(q .. "-" .. row[3], "month")
                    add(q .. " " .. row[3], "month", true)
                end
            end
        end
    end
    for _, e in ipairs(entries(DATES, "holiday")) do add(e[1], "holiday") end
    for _, w in ipairs { "Q1", "Q2", "Q3", "Q4", "H1", "H2" } do add(w, "quarter") end
    local units_sg, units_pl, units = {}, {}, {}
    for _, e in ipairs(unit_sg) do units_sg[#units_sg + 1] = e[1]; units[#units + 1] = e[1] end
    for _, e in ipairs(unit_pl) do units_pl[#units_pl + 1] = e[1]; units[#units + 1] = e[1] end
    local parts, seasons = {}, {}
    for _, e in ipairs(entries(DATES, "part")) do parts[#parts + 1] = e[1] end
    for _, e in ipairs(entries(DATES, "season")) do seasons[#seasons + 1] = e[1] end
    for _, w in ipairs(units_pl) do add(w, "unit", true) end
    for _, w in ipairs(units_sg) do add(w .. "-long", "unit", true) end
    for _, w in ipairs(units_pl) do add(w .. "-long", "unit", true) end
    for _, w in ipairs(seasons) do add(w, "season", true) end
    for _, e in ipairs(entries(TIME_WORDS, "relative")) do add(e[1], "deictic", true) end
    for _, e in ipairs(entries(DATES, "set")) do add(e[1], "set") end
    -- number words: "nine hours", "five-day", "twenty-one days", "four and
    -- a half", "eight o'clock", "three times"
    local numbers = patterns.cardinal_words
    for _, n in ipairs(numbers) do
        for _, u in ipairs(units) do add(n .. " " .. u, "amount", true) end
        for _, u in ipairs(units_sg) do add(n .. "-" .. u, "amount", true) end
        for _, w in ipairs { "and a half", "o'clock", "times" } do add(n .. " " .. w, "amount", true) end
    end
    -- modifiers leading to a head: "the same day", "last week", "a few
    -- days", "earlier this", "every other", "several weeks"
    for _, w in ipairs { "next", "following", "previous", "preceding", "coming", "past", "last" } do
        add("the " .. w, "the", true)
    end
    for _, w in ipairs(units_sg) do add("the same " .. w, "the", true) end
    add("that day", "that", true)
    for _, w in ipairs(parts) do add("that " .. w, "that", true) end
    for _, w in ipairs(parts) do add("the same " .. w, "the", true) end
    add("the weekend", "the", true)
    add("the day before", "the", true); add("the day after", "the", true)
    for _, o in ipairs { "first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th" } do
        add("the " .. o .. " quarter", "the", true); add("the " .. o .. " half", "the", true)
    end
    for _, w in ipairs(parts) do add("the " .. w, "the", true) end
    for _, w in ipairs(seasons) do add("the " .. w, "the", true) end
    for _, a in ipairs { "a", "an" } do
        for _, w in ipairs(units_sg) do
            add(a .. " " .. w, "article", true)
            for _, q in ipairs { "single", "full", "whole", "entire" } do
                add(a .. " " .. q .. " " .. w, "article", true)
            end
        end
        for _, w in ipairs(units_pl) do
            add(a .. " few " .. w, "article", true); add(a .. " couple of " .. w, "article", true)
        end
    end
    for _, f in ipairs { "several", "many", "few" } do
        for _, w in ipairs(units_pl) do add(f .. " " .. w, "article", true) end
    end
    local heads = {}
    for _, list in ipairs { units, parts, seasons, { "weekend" } } do
        for _, w in ipairs(list) do heads[#heads + 1] = w end
    end
    for _, m in ipairs { "this", "last", "next" } do
        for _, list in ipairs { heads, month_full, weekday_full } do
            for _, w in ipairs(list) do add(m .. " " .. (type(w) == "table" and w[1] or w), "mod", true) end
        end
        for _, e in ipairs(entries(TIME_WORDS, "qualifier", 2)) do add(e[1] .. " " .. m, "mod", true) end
        add(m .. " quarter", "mod", true)
    end
    for _, w in ipairs(units_sg) do add("per " .. w, "article", true) end
    for _, e in ipairs(entries(DATES, "every", 2)) do
        for _, list in ipairs { units_sg, parts, { "other" }, numbers } do
            for _, w in ipairs(list) do add(e[1] .. " " .. w, "set", true) end
        end
        for _, w in ipairs(weekday_full) do add(e[1] .. " " .. w[1], "set", true) end
    end
    for _, w in ipairs { "once", "twice" } do
        for _, a in ipairs { "a", "per", "every" } do add(w .. " " .. a, "set", true) end
    end
    for _, e in ipairs(entries(DATES, "vague", 2)) do
        for _, w in ipairs(units_pl) do add(e[1] .. " " .. w, "recent", true) end
    end
end

-- The approximators of number_words.txt: their ends are noted during the
-- scan, so that a duration starting with its number takes in the one just
-- before it ("more than five weeks").
do
    -- (before an amount of time, bare "over" and "under" are prepositions
    -- of the period: "9 percent over two years")
    local PERIOD_PREPOSITION = { over = true, under = true }
    for _, row in ipairs(rows(NUMBER_WORDS, "approx")) do
        local v = { try = "approx" }
        if not PERIOD_PREPOSITION[row[2]] and add_start(row[2], v, true) then
            START_SURFACES[#START_SURFACES + 1] = { row[2], v }
        end
    end
    -- the cues inside start words ("last" in "last week", "next" in "the
    -- next"), at their offsets; then the cues as entries of their own
    for _, e in ipairs(START_SURFACES) do
        local surface, v = e[1], e[2]
        for cs, _, dir in CUE_WORDS:match(surface) do
            if cs == 1 then
                v.dir = dir
            else
                v.cues = v.cues or {}
                table.insert(v.cues, cs - 1)
                table.insert(v.cues, dir)
            end
        end
    end
    -- a cue that starts no date is its direction alone, a string (the
    -- scan tells it by that, without a table look-up)
    local function add_cue(surface, dir)
        for _, f in ipairs(case_forms(surface)) do
            if not STARTS:add(f, dir) then
                local v = STARTS:find(f)
                if type(v) == "table" then v.dir = v.dir or dir end
            end
        end
    end
    for _, row in ipairs(rows(DATES, "tense")) do
        IS_DIR[row[3]] = true
        add_cue(row[2], row[3])
    end
end

-- Digit runs that can begin a date ("2024", "4:17", "29 October", "60-day",
-- "’90s"), by one LPeg pass: the others ("1,200 people") cost nothing more.
-- (A run just after an apostrophe is tried from the apostrophe: see
-- run_start.)
local DIGIT_RUNS = Ct(((1 - digit)^0 * (Cp() * #DIGIT_OK + P(true)) * digit^1 * (S",.:/-" * digit^1)^0)^0)
local function run_start(text, p)
    if p > 1 and byte(text, p - 1) == 39 then return p - 1 end
    if p > 3 and byte(text, p - 1) == 153 and byte(text, p - 2) == 128 and byte(text, p - 3) == 226 then
        return p - 3
    end
    return p
end

-- The gazetteer's hits: the start words (positions, ends and patterns to
-- try, in text order) and the tense cues (positions and directions).
local function scan_words(text)
    local hs, he, hv, n = {}, {}, {}, 0
    local cp, cd, nc = {}, {}, 0
    for s, e, v in STARTS:match(text) do
        if IS_DIR[v] then
            nc = nc + 1
            cp[nc], cd[nc] = s, v
            goto continue
        end
        local dir = v.dir
        if dir then
            nc = nc + 1
            cp[nc], cd[nc] = s, dir
        end
        local cues = v.cues
        if cues then
            for k = 1, #cues, 2 do
                nc = nc + 1
                cp[nc], cd[nc] = s + cues[k], cues[k + 1]
            end
        end
        local try = v.try
        if try then
            n = n + 1
            hs[n], he[n], hv[n] = s, e, try
        end
        ::continue::
    end
    return hs, he, hv, n, cp, cd
end

---------------------------------------------------------------- tense cues

-- Skips a whole token ("1,200" and "U.S" included) and what follows it up
-- to the next one.
local non_alnum = (1 - alnum)
local SKIP = alnum^1 * (S",." * #digit * alnum^1)^0 * non_alnum^0 + non_alnum^1

-- Tense cues: listed words, found by the scan of the start words (above);
-- words in -ed, a weaker cue, by LPeg over the sentence, only when it has
-- no listed cue.
local WEAK_CUES
do
    local lower = R"az"
    -- a lower-case word in -ed that is no passive participle ("hosted by")
    local ed = lower * P { "w", w = P"ed" * -(alnum + P"-") + (lower + P"-" * lower) * lpeg.V"w" }
        * -(hws * ci"by")
    WEAK_CUES = Ct((lb * Cp() * ed + SKIP)^0)
end

---------------------------------------------------------------- doc_date

local LABEL
do
    local list = {}
    for _, row in ipairs(rows(DATES, "label")) do list[#list + 1] = { row[2] } end
    LABEL = trie(list, "ci") * (hws^-1 * P":")^-1 * (hws * ci"on")^-1
end
local DASH = P"\226\128" * S"\147\148\149"
local BULLET = P"\194\183" + P"\226\128\162"
-- Where a dateline's date may start on its line: at the start, or after
-- a comma, colon, dash, bar or bullet.
local DATELINE_SPOTS = Ct(((S",:|" + BULLET + DASH + P" -") * hws^-1 * Cp() + 1)^0)
local DATELINE_TAIL = hws^-1 * (P"\n" + P"\r" + -P(1) + S",;(|-" + BULLET + DASH + digit
    + ci"at" + P"GMT" + P"UTC")
-- What may stand before the date on its line: capitalised words (a place,
-- a byline), parentheses, separators, a label ("Published", "Updated:"),
-- a clock time.
local HEAD_OK = (LABEL + (R"AZ" + R"\195\223" * cont) * (wordch + S".'&-" + P"\226\128\153")^0
    + S"(),:|-" + BULLET + DASH + ci"by" + ci"and" + ci"in"
    + digit^1 * (P":" * digit^1)^-1 + ci"a.m." + ci"p.m." + ci"am" + ci"pm" + hws)^0 * -1

local SEPARATED = (1 - (S"|" + BULLET + DASH))^0 * (S"|" + BULLET + DASH) * hws^-1 * -1
local MAX_DATELINE_BLOCKS, MAX_DATELINE_BYTES, MAX_HEAD, MAX_STAMP_LINE = 12, 2000, 100, 150
-- (built once: a pattern made inside dateline_in was built and compiled
-- again at every spot of every block)
local AFTER_LABEL = hws^-1 * (LABEL * hws)^-1 * Cp()
local LINE_END = hws^-1 * (P"\n" + P"\r" + -P(1))
local LABEL_FIRST = hws^-1 * LABEL

local function dateline_in(text, block, label_only)
    local line_e = text:find("\n", block.s, true) or block.e
    if line_e > block.e then line_e = block.e end
    local spots = { block.s }
    local head_e = math.min(line_e, block.s + MAX_HEAD)
    for _, q in ipairs(lpeg.match(DATELINE_SPOTS, text:sub(block.s, head_e - 1))) do
        spots[#spots + 1] = block.s + q - 1
    end
    for _, q in ipairs(spots) do
        q = lpeg.match(AFTER_LABEL, text, q)
        local t = lpeg.match(patterns.date, text, q)
        if t and t.year and t.day and t.e <= line_e and lpeg.match(DATELINE_TAIL, text, t.e) then
            local head = text:sub(block.s, t.s - 1)
            -- a short line ending with the date, or a date after a
            -- separator, is a time stamp whatever stands before it
            local stamp = line_e - block.s <= MAX_STAMP_LINE
                and (lpeg.match(LINE_END, text, t.e)
                     or lpeg.match(SEPARATED, head))
            if (not label_only or lpeg.match(LABEL_FIRST, head))
                and (stamp or lpeg.match(HEAD_OK, head)) then
                return { s = t.s, e = t.e, day = T.days(t.year, t.month, t.day) }
            end
        end
    end
    return nil
end

-- The written date of the document: {s=, e=, day=} or nil. Datelines
-- come among the first blocks; a "Published ..." line may also close
-- the article.
local function find_dateline(text, paragraphs)
    for i, block in ipairs(paragraphs) do
        if i > MAX_DATELINE_BLOCKS or block.s > MAX_DATELINE_BYTES then break end
        local found = dateline_in(text, block)
        if found then return found end
    end
    for i = math.max(MAX_DATELINE_BLOCKS + 1, #paragraphs - 2), #paragraphs do
        local found = dateline_in(text, paragraphs[i], true)
        if found then return found end
    end
    return nil
end

---------------------------------------------------------------- resolution

-- The year whose period (months m1..m2, m2 up to 14 = February next year)
-- lies nearest ref in direction dir.
local function year_for_period(ref, m1, m2, dir)
    local ry = T.civil(ref)
    local best, best_dist
    for y = ry - 1, ry + 1 do
        local first = T.days(y, m1, 1)
        local ly, lm = T.add_months(y, m2, 0)
        if m2 > 12 then ly, lm = y + 1, m2 - 12 end
        local last = T.days(ly, lm, T.month_days(ly, lm))
        local off
        if ref < first then off = first - ref elseif ref > last then off = last - ref else off = 0 end
        local ok = not (dir == "past" and off > 0) and not (dir == "future" and off < 0)
        if ok and (not best_dist or math.abs(off) < best_dist
                   or (math.abs(off) == best_dist and off < 0)) then
            best, best_dist = y, math.abs(off)
        end
    end
    return best
end

-- The resolver of one document: reference date, sentences, anchors.
local Ctx = {}
Ctx.__index = Ctx

local function new_ctx(text, ref, sentences)
    local ry, rm
    if ref then ry, rm = T.civil(ref) end
    return setmetatable({
        text = text, ref = ref, ry = ry, rm = rm, sentences = sentences, si = 1,
        weak = {},
        -- the dates resolved so far, as parallel arrays (one table per
        -- document, not one per date): sentence, granularity, day, y, m
        na = 0, a_sent = {}, a_gran = {}, a_day = {}, a_y = {}, a_m = {},
    }, Ctx)
end

-- Index of the sentence holding position s (matches come in order).
function Ctx:sentence_at(s)
    local sents, i = self.sentences, self.si
    local nxt = sents[i + 1]
    while nxt and nxt.s <= s do
        i = i + 1
        nxt = sents[i + 1]
    end
    self.si = i
    return i
end

-- "past", "future" or "near" for a date at s..e in sentence i: the cue
-- word nearest before it in the sentence, else the first after it; a word
-- in -ed counts only when the sentence has no listed cue ("remain closed
-- this week").
function Ctx:direction(i, s, e)
    local sent = self.sentences[i]
    if not sent then return "near" end
    -- a deadline ("adjourned until Tuesday", "working by November") lies
    -- ahead, unless the sentence is in the past perfect ("by March, prices
    -- had doubled")
    local text = self.text
    -- (both end with a space after "l" or "y": two bytes tell most dates
    -- apart without a substring)
    local before = s > 7 and byte(text, s - 1) == 32 and text:sub(s - 7, s - 1)
    if before and (before == " until " or before:sub(-4) == " by ") then
        local had = text:sub(sent.s, sent.e - 1):find("%f[%a][Hh]ad%f[^%a]")
        if not had then return "future" end
    end
    local pos, dir = self.cue_pos, self.cue_dir
    -- the first cue at or after s (binary search)
    local lo, hi = 1, #pos + 1
    while lo < hi do
        local mid = (lo + hi) // 2
        if pos[mid] < s then lo = mid + 1 else hi = mid end
    end
    if lo > 1 and pos[lo - 1] >= sent.s then return dir[lo - 1] end
    while pos[lo] and pos[lo] < e do lo = lo + 1 end
    if pos[lo] and pos[lo] < sent.e then return dir[lo] end
    local weak = self.weak[i]
    if not weak then
        weak = lpeg.match(WEAK_CUES, self.text:sub(sent.s, sent.e - 1))
        self.weak[i] = weak
    end
    if #weak > 0 then
        if weak[1] + sent.s - 1 < s or weak[#weak] + sent.s - 1 >= e then return "past" end
    end
    return "near"
end

-- The latest resolved date of sentence i or i - 1 with at least the
-- granularity asked for ("day", "month", "year").
local RANK = { day = 3, week = 2, month = 2, year = 1 }
-- (At most MAX_BACK dates back: a hostile "sentence" of thousands of dates
-- stays linear.)
local MAX_BACK = 40
-- Returns the anchor as a table { sent, gran, day, y, m }.
function Ctx:anchor(i, gran, same_sentence)
    local a_sent, a_gran, n = self.a_sent, self.a_gran, self.na
    local first = same_sentence and i or i - 1
    for j = n, math.max(1, n - MAX_BACK), -1 do
        if a_sent[j] < first then break end
        local ag = a_gran[j]
        if RANK[ag] >= RANK[gran] and (gran ~= "month" or ag ~= "week") then
            return { sent = a_sent[j], gran = ag, day = self.a_day[j], y = self.a_y[j], m = self.a_m[j] }
        end
    end
    return nil
end

function Ctx:remember(i, gran, day, y, m)
    local n = self.na + 1
    self.na = n
    self.a_sent[n], self.a_gran[n], self.a_day[n], self.a_y[n], self.a_m[n] = i, gran, day, y, m
end

-- The reference as an anchor, for anaphora with nothing to refer back to.
function Ctx:ref_anchor()
    if not self.ref then return nil end
    return { gran = "day", day = self.ref, y = self.ry, m = self.rm }
end

-- Whether the 40 bytes before s end with what makes "a day" a rate: a
-- number or percent sign, then at most two words ("600 trucks a day",
-- "1% a month", "40 aid trucks a day"), or "million", "percent", "cent",
-- "twice", "once", "times" (spaces after any of them allowed).
local function is_space(b) return b == 32 or (b >= 9 and b <= 13) end
local function is_word(b) return (b >= 97 and b <= 122) or (b >= 65 and b <= 90) or b == 45 end
local function is_num(b) return (b >= 48 and b <= 57) or b == 37 end
local RATE_WORDS = { n = { "illion" }, t = { "cent" }, e = { "twice", "Twice", "once", "Once" }, s = { "times" } }
-- number words ("three meals a day", "hundreds of emails a day")
local NUMBER_WORD = {}
for _, kind in ipairs { "unit", "teen", "tens", "scale", "hundred", "vague" } do
    for _, row in ipairs(rows(NUMBER_WORDS, kind)) do NUMBER_WORD[row[2]:lower()] = true end
end
-- Whether the word ending at j (its last byte is a word byte) is a number word.
local function number_word_at(text, j, lo)
    local k = j
    while k >= lo and is_word(byte(text, k)) do k = k - 1 end
    return NUMBER_WORD[text:sub(k + 1, j):lower()] == true
end
local function rate_before(text, s)
    local lo = math.max(1, s - 40)
    local j = s - 1
    while j >= lo and is_space(byte(text, j)) do j = j - 1 end
    if j < lo then return false end
    local b = byte(text, j)
    if is_num(b) then return true end
    local words = RATE_WORDS[string.char(b)]
    if words then
        for _, w in ipairs(words) do
            if j - #w + 1 >= lo and text:sub(j - #w + 1, j) == w then return true end
        end
    end
    for _ = 1, 2 do -- a word, spaces, then a number or another word
        if not is_word(b) then return false end
        while j >= lo and is_word(byte(text, j)) do j = j - 1 end
        if j < lo or not is_space(byte(text, j)) then return false end
        while j >= lo and is_space(byte(text, j)) do j = j - 1 end
        if j < lo then return false end
        b = byte(text, j)
        if is_num(b) then return true end
        -- a number word, on the same line
        if is_word(b) and number_word_at(text, j, lo) then
            local nl = text:find("\n", j, true)
            if not nl or nl >= s then return true end
        end
    end
    return false
end

-- The year and month of day d (T.civil's day left out: resolve's seventh
-- value is a new end).
local function year_month(d)
    local y, m = T.civil(d)
    return y, m
end

local function part_suffix(part) return part and ("T" .. part) or "" end

local function clock_suffix(c, evening)
    local h = c.h
    if c.ampm == "pm" and h < 12 then h = h + 12 end
    if c.ampm == "am" and h == 12 then h = 0 end
    if c.oclock and evening and h < 12 then h = h + 12 end
    return fmt("T%02d:%02d", h, c.mi or 0)
end

local function shift(anchor, n, unit)
    -- anchor + n units, at the unit's granularity: value, gran, day, y, m
    if unit == "day" or unit == "week" then
        local d = anchor.day + n * (unit == "week" and 7 or 1)
        local y, m = T.civil(d)
        if unit == "week" and anchor.gran == "week" then return T.week(d), "week", d, y, m end
        return T.date(d), "day", d, y, m
    elseif unit == "month" then
        local y, m = T.add_months(anchor.y, anchor.m, n)
        return T.month(y, m), "month", nil, y, m
    elseif unit == "year" or unit_scale[unit] then
        local y = anchor.y + n * (unit_scale[unit] and unit_scale[unit][1] or 1)
        return fmt("%04d", y), "year", nil, y, nil
    end
    return nil
end

-- Resolves one match (kind k, start s, end e, named captures t) in
-- sentence i: returns type, value (string or null) and, for a date the
-- text fixes, the anchor to remember (gran, day, y, m); a seventh value
-- is a new end, when the span is cut short.
function Ctx:resolve(k, s, e, t, i)
    local ref = self.ref
    if k == "cal" then
        if t.rel then
            if not ref then return "relative", null end
            local y = self.ry + t.rel
            if t.day then
                if not T.valid(y, t.month, t.day) then return "relative", null end
                local d = T.days(y, t.month, t.day)
                return "relative", fmt("%04d-%02d-%02d", y, t.month, t.day), "day", d, y, t.month
            end
            return "relative", T.month(y, t.month), "month", nil, y, t.month
        end
        local y = t.year
        if not y and ref then
            if t.weekday and t.day then
                local ry = self.ry
                local best
                for cand = ry - 1, ry + 1 do
                    if T.valid(cand, t.month, t.day)
                        and T.weekday(T.days(cand, t.month, t.day)) == t.weekday
                        and (not best or math.abs(T.days(cand, t.month, t.day) - ref)
                             < math.abs(T.days(best, t.month, t.day) - ref)) then
                        best = cand
                    end
                end
                y = best
            end
            y = y or T.year_for(ref, t.month, t.day, self:direction(i, s, e), self.ry)
        end
        if not y then return "date", t.value end
        if t.day then
            -- a valid day: the text's own numbers make its value
            local d = T.days(y, t.month, t.day)
            return "date", fmt("%04d-%02d-%02d", y, t.month, t.day), "day", d, y, t.month
        end
        return "date", T.month(y, t.month), "month", nil, y, t.month
    elseif k == "wd" then
        local suffix = ""
        if t.part then suffix = "T" .. t.part end
        if t.clock then suffix = clock_suffix(t.clock) end
        local ty = suffix ~= "" and "time" or "date"
        if not ref then return ty, "XXXX-WXX-" .. t.wd .. suffix end
        local d = T.weekday_near(ref, t.wd, self:direction(i, s, e))
        local y, m, dd = T.civil(d)
        local v = fmt("%04d-%02d-%02d", y, m, dd)
        if suffix ~= "" then v = v .. suffix end
        return ty, v, "day", d, y, m
    elseif k == "mon" then
        if t.rel then
            if not ref then return "relative", null end
            local y = self.ry + t.rel
            return "relative", T.month(y, t.month), "month", nil, y, t.month
        end
        if not ref then return "date", fmt("XXXX-%02d", t.month) end
        local y = T.year_for(ref, t.month, nil, self:direction(i, s, e), self.ry)
        return "date", T.month(y, t.month), "month", nil, y, t.month
    elseif k == "year" then
        return "date", fmt("%04d", t.year), "year", nil, t.year
    elseif k == "decade" then
        return "date", t.dec:sub(1, 3)
    elseif k == "clock" then
        if not valid_clock(t) then return nil end
        local sent = self.sentences[i]
        local before = sent and self.text:sub(math.max(sent.s, s - 200), s)
        local evening = before and (before:find("[Ee]vening") or before:find("[Nn]ight")) ~= nil
        -- a habit ("every evening at eight") has no day
        local a = self.set_sentence ~= i and (self:anchor(i, "day") or self:ref_anchor())
        local day = a and T.date(a.day) or "XXXX-XX-XX"
        return "time", day .. clock_suffix(t, evening)
    elseif k == "quarter" then
        local n, q = t.n, t.q
        if not n or n < 1 or (q == "Q" and n > 4) or (q == "H" and n > 2) then return nil end
        local y = t.year
        if not y and t.rel and ref then y = self.ry + t.rel end
        if not y then
            local a = self:anchor(i, "year")
            if a and a.sent == i then y = a.y end
        end
        if not y and ref then
            local len = q == "Q" and 3 or 6
            y = year_for_period(ref, (n - 1) * len + 1, n * len, self:direction(i, s, e))
        end
        if not y then return "date", "XXXX-" .. q .. n end
        return "date", fmt("%04d-%s%d", y, q, n), "year", nil, y
    elseif k == "season" then
        if t.year then return "date", fmt("%04d-%s", t.year, t.season) end
        if not ref then return "relative", null end
        local y = self.ry + (t.mod or 0)
        return "relative", fmt("%04d-%s", y, t.season)
    elseif k == "holiday" then
        local m, d = t.md:match("^(%d+)-(%d+)$")
        m, d = tonumber(m), tonumber(d)
        local y = t.year or (ref and T.year_for(ref, m, d, self:direction(i, s, e), self.ry))
        if not y then return "date", fmt("XXXX-%02d-%02d", m, d) end
        local day = T.days(y, m, d)
        return "date", T.date(day), "day", day, y, m
    elseif k == "set" then
        self.set_sentence = i
        return "set", t.v
    elseif k == "every" then
        self.set_sentence = i
        if t.wd then return "set", "XXXX-WXX-" .. t.wd end
        if t.part then return "set", "P1D" end
        return "set", duration_value(t.n or 1, t.unit)
    elseif k == "deictic" then
        if not ref then return "relative", null end
        local d = ref + (dayword_off[t.word] or 0)
        local part = t.part
        if dayword_unit[t.word] == "night" then part = "NI" end
        local y, m = T.civil(d)
        return "relative", T.date(d) .. part_suffix(part), "day", d, y, m
    elseif k == "mod" then
        if not ref then return "relative", null end
        local off = t.off
        local ry, rm = self.ry, self.rm
        if t.weekend then
            local wd = T.weekday(ref)
            local base = ref + 7 * off
            if off == 0 and wd <= 5 and self:direction(i, s, e) == "past" then base = ref - 7 end
            return "relative", T.week(base) .. "-WE"
        elseif t.quarter then
            -- "this quarter", "last quarter": the reference's quarter, moved
            local qi = ry * 4 + (rm - 1) // 3 + off
            local y = qi // 4
            return "relative", fmt("%04d-Q%d", y, qi % 4 + 1), "year", nil, y
        elseif t.unit == "week" then
            local d = ref + 7 * off
            if off == 0 and T.weekday(ref) >= 6 and self:direction(i, s, e) == "future" then
                d = ref + 7
            end
            local y, m = T.civil(d)
            return "relative", T.week(d), "week", d, y, m
        elseif t.unit == "month" then
            local y, m = T.add_months(ry, rm, off)
            return "relative", T.month(y, m), "month", nil, y, m
        elseif t.unit == "year" then
            return "relative", fmt("%04d", ry + off), "year", nil, ry + off
        elseif t.unit == "day" then
            return "relative", T.date(ref + off), "day", ref + off, year_month(ref + off)
        elseif t.part then
            local d = ref + off
            if t.part == "NI" and off == 0 then d = ref end
            local y, m = T.civil(d)
            return "relative", T.date(d) .. "T" .. t.part, "day", d, y, m
        elseif t.wd then
            local wd_ref = T.weekday(ref)
            local d
            if off < 0 then d = ref - ((wd_ref - t.wd - 1) % 7) - 1
            elseif off > 0 then d = ref + ((t.wd - wd_ref - 1) % 7) + 1
            else d = T.weekday_near(ref, t.wd, "near") end
            local y, m = T.civil(d)
            return "relative", T.date(d), "day", d, y, m
        elseif t.month then
            local y = ry
            if off < 0 and t.month >= rm then y = ry - 1 end
            if off > 0 and t.month <= rm then y = ry + 1 end
            return "relative", T.month(y, t.month), "month", nil, y, t.month
        end
        return "relative", null
    elseif k == "anaph" then
        local unit = t.unit or "day"
        local gran = (unit == "week" or unit == "weekend") and "day" or unit
        if t.part then gran = "day" end
        if not RANK[gran] then return "relative", null end
        local a = self:anchor(i, gran) or self:ref_anchor()
        if not a then return "relative", null end
        if t.part then
            local d = a.day + (t.off or 0)
            return "relative", T.date(d) .. "T" .. t.part, "day", d, year_month(d)
        end
        if t.weekend then
            return "relative", T.week(a.day + 7 * (t.off or 0)) .. "-WE"
        end
        if unit == "week" then
            local d = a.day + 7 * (t.off or 0)
            return "relative", T.week(d), "week", d, year_month(d)
        end
        local v, gr, d, y, m = shift(a, t.off or 0, unit)
        if not v then return "relative", null end
        return "relative", v, gr, d, y, m
    elseif k == "ago" then
        if not t.n then return "relative", null end
        if t.how == "ago" then
            if not ref then return "relative", null end
            local y, m = self.ry, self.rm
            local v, gr, d, yy, mm = shift({ gran = "day", day = ref, y = y, m = m }, -t.n, t.unit)
            if not v then return "relative", null end
            return "relative", v, gr, d, yy, mm
        end
        local gran = (t.unit == "day" or t.unit == "week") and "day"
            or (t.unit == "month" and "month") or "year"
        -- a bare year or month of the sentence before is seldom what
        -- "four years earlier" counts from
        local a = self:anchor(i, gran, gran ~= "day")
        if not a then
            -- nothing to count from: just the amount of time
            return "duration", duration_value(t.n, t.unit), nil, nil, nil, nil, t.de
        end
        local v, gr, d, y, m = shift(a, t.how == "later" and t.n or -t.n, t.unit)
        if not v then return "relative", null end
        return "relative", v, gr, d, y, m
    elseif k == "part" then
        local a = self:anchor(i, "day") or self:ref_anchor()
        if not a then return "relative", null end
        return "relative", T.date(a.day) .. "T" .. t.part
    elseif k == "weekend" then
        if not ref then return "relative", null end
        local dir = self:direction(i, s, e)
        local wd = T.weekday(ref)
        local base = ref
        if dir == "past" and wd <= 5 then base = ref - 7 end
        return "relative", T.week(base) .. "-WE"
    elseif k == "null" then
        return "relative", null
    elseif k == "thedur" then
        if t.dir == "next" and t.pl and not t.n and not t.x then return "relative", null end
        local n = t.n
        if not n and not t.x and not t.pl then n = 1 end
        return "duration", duration_value(n, t.unit)
    elseif k == "dur" then
        return "duration", duration_value(t.n, t.unit)
    elseif k == "a_unit" then
        -- a rate ("600 trucks a day", "$40 billion a year", "1% a month")
        -- or an amount of time ("for a year")
        if rate_before(self.text, s) then return "set", duration_value(1, t.unit) end
        return "duration", duration_value(1, t.unit)
    end
    return nil
end

---------------------------------------------------------------- driver

local function reference(doc, text, paragraphs)
    local meta = T.parse(doc.date)
    if meta then return meta, nil end
    local line = find_dateline(text, paragraphs)
    if line then return line.day, line end
    return nil, nil
end

-- Calls emit(kind, s, e, attrs) for the doc_date, then each date in text
-- order.
local function run(doc, found, emit)
    local text = doc.text
    local sentences, paragraphs = found.sentences, found.paragraphs
    if not sentences then
        sentences = {}
        for s, e in doc:sentences() do sentences[#sentences + 1] = { s = s, e = e } end
    end
    if not paragraphs then
        paragraphs = {}
        for s, e, kind in doc:paragraphs() do paragraphs[#paragraphs + 1] = { s = s, e = e, kind = kind } end
    end
    local ref, line = reference(doc, text, paragraphs)
    if ref then
        local s, e = 1, 1
        if line then s, e = line.s, line.e end
        emit("doc_date", s, e, { value = T.date(ref) })
    end
    local ctx = new_ctx(text, ref, sentences)
    local hs, he, hv, nh, cue_pos, cue_dir = scan_words(text)
    ctx.cue_pos, ctx.cue_dir = cue_pos, cue_dir
    local last_e = 0
    -- the person spans found before, by start: a month inside one is a
    -- name ("May Pascoe", "June Almeida")
    local persons = found.person or {}
    for j = 2, #persons do
        if persons[j].s < persons[j - 1].s then
            persons = table.move(persons, 1, #persons, 1, {})
            table.sort(persons, function(a, b) return a.s < b.s end)
            break
        end
    end
    local pi = 1
    -- the last approximator seen: only it can end just before the next
    -- number, spaces between ("more than five weeks")
    local ax_s, ax_e = nil, -1
    local function attempt(p, try, e)
        if try == "approx" then
            ax_s, ax_e = p, e
            return
        end
        if p < last_e then return end
        local s, k, t, te
        -- "mid-2025", "early 2026", "late 2024": only after y, d or e
        local b2 = p > 5 and p - 6 >= last_e and try == TRY.digit and byte(text, p - 2)
        if b2 and (b2 == 121 or b2 == 100 or b2 == 101 or b2 == 89 or b2 == 68 or b2 == 69) then
            local x = text:sub(p - 6, p - 1):find("%a+[- ]$")
            local q = x and p - 7 + x
            if q and lpeg.match(QUALIFIED_YEAR, text, q) then s, k, t, te = lpeg.match(YEAR_TRY, text, q) end
        end
        if not s then s, k, t, te = lpeg.match(try, text, p) end
        if not s and try == TRY.digit then
            local b = byte(text, p)
            if b == 39 or b > 127 then
                s, k, t, te = lpeg.match(DECADE_TRY, text, p) -- "’90s"
            elseif p > 4 and p >= last_e + 4 and text:find("^[Tt]he ", p - 4) then
                s, k, t, te = lpeg.match(TRY.the, text, p - 4) -- "the 7th of October"
            end
        end
        if not s then return end
        if t.num and s == p then
            local j = p - 1
            while j > 0 and byte(text, j) == 32 do j = j - 1 end
            local a = ax_e == j + 1 and ax_s
            if a and a >= last_e and j < p - 1 then s = a end
        end
        if k == "mon" and persons[pi] then
            while persons[pi] and persons[pi].e <= s do pi = pi + 1 end
            local ps = persons[pi]
            if ps and ps.s <= s then return end
        end
        local i = ctx:sentence_at(s)
        local ty, value, gran, day, y, m, cut = ctx:resolve(k, s, te, t, i)
        if ty then
            te = cut or te
            emit("date", s, te, { type = ty, value = value })
            last_e = te
            if gran then ctx:remember(i, gran, day, y, m) end
        end
    end
    -- the word hits and the digit runs, merged in text order
    local digits = lpeg.match(DIGIT_RUNS, text)
    local digit_try = TRY.digit
    local hi, di = 1, 1
    local dp = digits[1] and run_start(text, digits[1])
    while true do
        if hi <= nh and (not dp or hs[hi] <= dp) then
            attempt(hs[hi], hv[hi], he[hi])
            hi = hi + 1
        elseif dp then
            attempt(dp, digit_try)
            di = di + 1
            dp = digits[di] and run_start(text, digits[di])
        else
            break
        end
    end
end

-- The spans of a document: an array of { kind, s, e, attrs } in text
-- order, the doc_date first when there is one.
function M.scan(doc, found)
    local out = {}
    run(doc, found or {}, function(kind, s, e, attrs)
        out[#out + 1] = { kind = kind, s = s, e = e, attrs = attrs }
    end)
    return out
end

function M.extract(doc, emit, found)
    run(doc, found, emit)
    -- no dates is an answer too: found.date says the dates extractor ran
    -- (lede.extract.quantities would otherwise scan for them again)
    found.date = found.date or {}
end

return M
