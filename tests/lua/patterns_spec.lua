-- Specs of lede.patterns (lua/lede/patterns.lua): every named pattern with
-- what it must and must not match, in sample text written for these tests,
-- then find()/first(), bounded work on hostile input, and a run over the
-- real seed articles ($LEDE_SEEDS or ../shared/seeds; skipped when absent).
-- Run from the repository root by tests/30-lua-patterns.t.

local lpeg = require "lpeg"
local P = require "lede.patterns"

-- The first capture of p when p matches the whole of s (true when p has no
-- capture), else nil.
local function whole(p, s)
    local r = table.pack(lpeg.match(lpeg.P(p) * lpeg.Cp(), s))
    if r[1] == nil or r[r.n] ~= #s + 1 then return nil end
    if r.n == 1 then return true end
    return r[1]
end

-- The texts of all matches of p in s.
local function texts(p, s)
    local out = {}
    for _, m in ipairs(P.find(p, s)) do out[#out + 1] = s:sub(m.s, m.e - 1) end
    return out
end

-- The capture of the only match of p in s (fails the test otherwise).
local function only(p, s)
    local ms = P.find(p, s)
    assert.are.equal(1, #ms, "matches in: " .. s)
    return ms[1][1], s:sub(ms[1].s, ms[1].e - 1)
end

local NBSP = "\194\160"

describe("P.letter and P.word", function()
    it("matches ASCII and accented words whole", function()
        assert.truthy(whole(P.word, "Gaza"))
        assert.truthy(whole(P.word, "café"))
        assert.truthy(whole(P.word, "Erdoğan"))
        assert.truthy(whole(P.word, "Ἀθῆναι"))
    end)
    it("keeps inner hyphens and apostrophes between letters", function()
        assert.are.same({ "al-Sisi", "O'Brien", "don’t", "Israel-Hezbollah" },
            texts(P.word, "al-Sisi, O'Brien; don’t Israel-Hezbollah"))
    end)
    it("leaves the possessive 's and ’s outside the word", function()
        assert.are.same({ "Hamas", "reply", "Netanyahu", "office" },
            texts(P.word, "Hamas’s reply, Netanyahu's office"))
    end)
    it("keeps dotted abbreviations whole", function()
        assert.are.same({ "the", "U.S.", "and", "U.N.", "envoys" },
            texts(P.word, "the U.S. and U.N. envoys"))
    end)
    it("does not take curly quotes, dashes, NBSP or symbols as letters", function()
        assert.are.same({ "peace", "talks", "resumed" },
            texts(P.word, "“peace”—talks" .. NBSP .. "resumed…"))
        assert.are.same({ "Getty", "Images" }, texts(P.word, "©Getty Images•"))
        assert.is_nil(whole(P.letter, "’"))
        assert.is_nil(whole(P.letter, NBSP))
        assert.truthy(whole(P.letter, "é"))
    end)
    it("does not start inside a word or at a digit", function()
        assert.is_nil(lpeg.match(P.word, "Blinken", 3))
        assert.is_nil(whole(P.word, "37"))
        assert.are.same({ "was" }, texts(P.word, "37,000 was"))
    end)
    it("keeps letters and digits of one token together, as the tokenizer does", function()
        assert.are.same({ "G7", "1990s", "COVID-19", "17-year", "2.5bn", "’90s", "21st-century" },
            texts(P.word, "G7 1990s COVID-19 17-year 2.5bn ’90s 21st-century"))
        assert.are.same({ "to" }, texts(P.word, "20-30 to 2024-10-29"))
    end)
    it("keeps the full stop of abbreviations and initials", function()
        assert.are.same({ "Dr.", "Smith", "met", "A.", "Jones", "on", "Oct.", "U.S.-led", "e.g." },
            texts(P.word, "Dr. Smith met A. Jones on Oct. 7, U.S.-led, e.g."))
        assert.are.same({ "Gallant", "During" }, texts(P.word, "Gallant.During"))
    end)
    it("does not treat a trailing hyphen or apostrophe as part of the word", function()
        assert.are.same({ "pro", "Hamas" }, texts(P.word, "pro- Hamas’ "))
    end)
end)

describe("P.wb (token boundaries)", function()
    local gaza = P.wb(lpeg.P"Gaza")
    it("matches a whole token", function()
        assert.are.same({ "Gaza", "Gaza", "Gaza" }, texts(gaza, "Gaza, (Gaza) “Gaza”"))
    end)
    it("refuses matches inside a longer word or a hyphenated word", function()
        assert.are.same({}, texts(gaza, "Gazan pro-Gaza Gaza-based"))
    end)
    it("accepts a match before a possessive", function()
        assert.are.same({ "Gaza" }, texts(gaza, "Gaza’s people"))
    end)
    it("P.boundary holds between tokens and fails inside one", function()
        local function at(s, i) return lpeg.match(P.boundary, s, i) ~= nil end
        local s = "Hamas’s al-Sisi 37,000"
        assert.is_true(at(s, 1))
        assert.is_false(at(s, 3))                     -- Ha|mas
        assert.is_true(at(s, 6))                      -- Hamas|’s
        assert.is_true(at(s, 11))                     -- |al-Sisi
        assert.is_false(at(s, 14))                    -- al-|Sisi
        assert.is_false(at(s, 22))                    -- 37,|000
        assert.is_true(at(s, #s + 1))
    end)
    it("treats accented letters and digits as word characters", function()
        assert.are.same({}, texts(gaza, "éGaza Gaza7 7Gaza"))
    end)
end)

describe("P.space, P.ws, P.hws", function()
    it("counts the no-break and thin spaces as spaces", function()
        assert.truthy(whole(P.space, NBSP))
        assert.truthy(whole(P.space, "\226\128\137"))
        assert.truthy(whole(P.ws, " \t" .. NBSP .. "\n "))
    end)
    it("does not cross a line in P.hws", function()
        assert.is_nil(whole(P.hws, " \n "))
        assert.truthy(whole(P.hws, " " .. NBSP .. "\t"))
    end)
    it("is not a letter or a dash", function()
        assert.is_nil(whole(P.space, "a"))
        assert.is_nil(whole(P.space, "—"))
    end)
end)

describe("P.apostrophe, P.possessive, P.dash", function()
    it("apostrophe is ' or ’ but not ‘", function()
        assert.truthy(whole(P.apostrophe, "'"))
        assert.truthy(whole(P.apostrophe, "’"))
        assert.is_nil(whole(P.apostrophe, "‘"))
    end)
    it("finds possessives after a word only", function()
        assert.are.same({ "’s", "'s" }, texts(P.possessive, "Hamas’s and Israel's"))
        assert.are.same({}, texts(P.possessive, "’s alone, it’sa"))
    end)
    it("reads a lone apostrophe after s as a plural possessive", function()
        assert.are.same({ "'", "’" }, texts(P.possessive, "the players' union, Hamas’ demands"))
        assert.are.same({}, texts(P.possessive, "Smith' x"))
    end)
    it("leaves contractions whole, as the tokenizer does", function()
        assert.are.same({}, texts(P.possessive, "It's over; there’s more; what's next"))
        assert.are.same({ "It's", "there’s" }, texts(P.word, "It's there’s"))
        assert.are.same({ "'s" }, texts(P.possessive, "the bit's end"))
    end)
    it("knows the dashes", function()
        for _, d in ipairs { "-", "–", "—", "--" } do assert.truthy(whole(P.dash, d), d) end
        assert.is_nil(whole(P.dash, "_"))
    end)
end)

describe("P.open_quote and P.close_quote", function()
    it("curly marks open and close", function()
        assert.truthy(whole(P.open_quote, "“"))
        assert.truthy(whole(P.close_quote, "”"))
        assert.is_nil(whole(P.open_quote, "”"))
    end)
    it("a straight quote opens after a space and closes after a word", function()
        assert.are.same({ '"' }, texts(P.open_quote, 'said "yes'))
        assert.are.same({ '"' }, texts(P.close_quote, 'said yes" then'))
        assert.are.same({}, texts(P.open_quote, 'said yes" then'))
    end)
    it("an apostrophe inside a word closes nothing", function()
        assert.are.same({}, texts(P.close_quote, "don’t"))
    end)
end)

describe("P.digits_number", function()
    it("reads thousands separators and decimals", function()
        assert.are.equal(37000, whole(P.digits_number, "37,000").value)
        assert.are.equal(1.5, whole(P.digits_number, "1.5").value)
        assert.are.equal(2500000, whole(P.digits_number, "2,500,000").value)
        assert.are.equal(1234.5, whole(P.digits_number, "1,234.5").value)
    end)
    it("gives integers for whole amounts", function()
        assert.are.equal("integer", math.type(whole(P.digits_number, "1,200").value))
    end)
    it("flags a percent sign", function()
        local t = whole(P.digits_number, "63%")
        assert.are.equal(63, t.value)
        assert.is_true(t.percent)
        assert.is_false(whole(P.digits_number, "63").percent)
        assert.is_false(t.approx)
    end)
    it("records positions", function()
        local t = only(P.digits_number, "killed 1,200 people")
        assert.are.equal(8, t.s)
        assert.are.equal(13, t.e)
    end)
    it("never matches part of a number token", function()
        assert.are.same({}, texts(P.digits_number, "A37 37B 1.2.3 2024-10-29"))
        assert.are.same({ "1,200" }, texts(P.digits_number, "(1,200)"))
    end)
    it("stops before a full stop that ends the sentence", function()
        assert.are.same({ "37,000" }, texts(P.digits_number, "over 37,000."))
    end)
    it("reads no part of a longer number token or of a word", function()
        assert.are.same({}, texts(P.digits_number, "20-30 10:30 24/7 COVID-19 17-year 2.5bn 1990s"))
        assert.are.same({ "20", "30" }, texts(P.digits_number, "20 – 30"))
    end)
end)

describe("P.number_words", function()
    local function v(s) local t = whole(P.number_words, s); return t and t.value end
    it("reads single words in any case", function()
        assert.are.equal(17, v("seventeen"))
        assert.are.equal(17, v("Seventeen"))
        assert.are.equal(11, v("ELEVEN"))
        assert.are.equal(0, v("zero"))
    end)
    it("composes tens and units with a hyphen or a space", function()
        assert.are.equal(23, v("twenty-three"))
        assert.are.equal(99, v("ninety nine"))
    end)
    it("composes hundreds and scales", function()
        assert.are.equal(105, v("one hundred and five"))
        assert.are.equal(2506, v("two thousand five hundred and six"))
        assert.are.equal(2300000, v("two million three hundred thousand"))
        assert.are.equal(1000005, v("one million and five"))
    end)
    it("reads a dozen, a hundred, half a million, one and a half million", function()
        assert.are.equal(12, v("a dozen"))
        assert.are.equal(24, v("two dozen"))
        assert.are.equal(6, v("half a dozen"))
        assert.are.equal(100, v("a hundred"))
        assert.are.equal(500000, v("half a million"))
        assert.are.equal(1500000, v("one and a half million"))
    end)
    it("does not match inside words or hyphenated words", function()
        assert.are.same({}, texts(P.number_words, "someone often tennis one-third forty-something"))
    end)
    it("does not take a lone article as a number", function()
        assert.are.same({}, texts(P.number_words, "a truce, an end"))
    end)
    it("adds up scale groups only in falling order", function()
        assert.is_nil(v("a thousand two million"))
        assert.are.same({ "two million", "two million" },
            texts(P.number_words, "two million two million"))
    end)
end)

describe("P.cardinal_words", function()
    it("spells the cardinals up to ninety-nine, each once", function()
        local seen, n = {}, 0
        for _, w in ipairs(P.cardinal_words) do
            assert.is_nil(seen[w], w)
            seen[w], n = true, n + 1
        end
        for _, w in ipairs { "zero", "nine", "thirteen", "twenty", "twenty-one", "ninety-nine" } do
            assert.truthy(seen[w], w)
        end
        assert.is_nil(seen["twenty-zero"])
        assert.are.equal(100, n)
    end)
end)

describe("P.number", function()
    local function t(s) return whole(P.number, s) end
    it("applies scale words to digits", function()
        assert.are.equal(1200000, t("1.2 million").value)
        assert.are.equal(3000000000, t("3 billion").value)
        assert.are.equal(1000000, t("1.2 million").scale)
        assert.are.equal(37000, t("37 thousand").value)
    end)
    it("reads attached abbreviations", function()
        assert.are.equal(2500000000, t("2.5bn").value)
        assert.are.equal(3000000, t("3mn").value)
    end)
    it("reads a currency sign", function()
        local x = t("$4bn")
        assert.are.equal(4000000000, x.value)
        assert.are.equal("$", x.currency)
        assert.are.equal(3500000, t("£3.5m").value)
        assert.are.equal(10, t("US$10").value)
        assert.are.equal("US$", t("US$10").currency)
    end)
    it("takes m and k only after a currency sign (100m is metres)", function()
        assert.is_nil(t("100m"))
        assert.are.same({}, texts(P.number, "a 100m sprint"))
        assert.are.equal(5000, t("$5k").value)
    end)
    it("reads percent signs and words", function()
        assert.is_true(t("63%").percent)
        assert.are.equal(63, t("63 percent").value)
        assert.is_true(t("63 per cent").percent)
        assert.is_true(t("sixty-three percent").percent)
    end)
    it("keeps exact amounts exact", function()
        assert.is_false(t("1,200").approx)
        assert.is_nil(t("1,200").low)
        assert.is_nil(t("1,200").high)
    end)
    it("finds every amount in a sentence", function()
        assert.are.same({ "$1.5 billion", "300", "two" },
            texts(P.number, "A $1.5 billion fund paid 300 families in two provinces."))
    end)
end)

describe("P.approx_number", function()
    local function t(s) return whole(P.approx_number, s) end
    it("marks prefixed approximations with their bound", function()
        local more = t("more than 1,200")
        assert.are.equal(1200, more.value)
        assert.is_true(more.approx)
        assert.are.equal(1200, more.low)
        assert.is_nil(more.high)
        assert.are.equal(37000, t("nearly 37,000").high)
        assert.are.equal(37000, t("over 37,000").low)
        assert.are.equal(500, t("up to 500").high)
        assert.are.equal(1200000, t("at least 1.2 million").low)
    end)
    it("marks neutral approximators without a bound", function()
        for _, s in ipairs { "about 250", "some 250", "roughly 250", "around 250",
                             "approximately 250", "an estimated 250", "About 250" } do
            local x = t(s)
            assert.are.equal(250, x and x.value, s)
            assert.is_nil(x.low)
            assert.is_nil(x.high)
        end
    end)
    it("reads vague plurals as the smallest amount they allow", function()
        local tens = t("tens of thousands")
        assert.are.equal(20000, tens.value)
        assert.are.equal(20000, tens.low)
        assert.are.equal(99999, tens.high)
        assert.are.equal(200, t("hundreds").value)
        assert.are.equal(200000, t("hundreds of thousands").value)
        assert.are.equal(24, t("dozens").value)
        assert.are.equal(2000, t("thousands").value)
    end)
    it("needs 'of' after tens and scores", function()
        assert.are.same({}, texts(P.approx_number, "tens and test scores"))
        assert.are.same({ "scores" }, texts(P.approx_number, "scores of families"))
    end)
    it("reads few-words and their scale", function()
        assert.are.equal(3000, t("several thousand").value)
        assert.are.equal(2, t("a few").value)
        assert.are.equal(200, t("a couple hundred").value)
    end)
    it("reads suffixed approximations", function()
        assert.are.equal(20, t("20-odd").value)
        assert.are.equal(1000, t("1,000 or more").low)
        assert.are.equal(50, t("50+").low)
    end)
    it("is not an exact number", function()
        assert.is_nil(t("1,200"))
        assert.is_nil(t("seventeen"))
    end)
end)

describe("P.range", function()
    local function t(s) return whole(P.range, s) end
    it("reads the usual forms", function()
        for _, s in ipairs { "between 20 and 30", "from 20 to 30", "20-30", "20–30", "20 to 30" } do
            local x = t(s)
            assert.are.equal(20, x and x.low, s)
            assert.are.equal(30, x.high, s)
            assert.is_true(x.range)
            assert.is_true(x.approx)
        end
    end)
    it("reads words and carries the scale to a bare low end", function()
        assert.are.same({ 2, 3 }, { t("two or three").low, t("two or three").high })
        local m = t("two to three million")
        assert.are.same({ 2000000, 3000000 }, { m.low, m.high })
        local d = t("200 to 300 million")
        assert.are.same({ 200000000, 300000000 }, { d.low, d.high })
    end)
    it("carries percent and currency", function()
        assert.is_true(t("20-30%").percent)
        local b = t("$2-3bn")
        assert.are.same({ 2000000000, 3000000000, "$" }, { b.low, b.high, b.currency })
        assert.is_true(t("from 5 to 10 per cent").percent)
    end)
    it("refuses a falling pair such as a score", function()
        assert.is_nil(t("7-5"))
        assert.is_nil(t("between 30 and 20"))
    end)
    it("does not split an ISO date", function()
        assert.are.same({}, texts(P.range, "on 2024-10-29 at"))
    end)
end)

describe("P.any_number", function()
    it("prefers the longest reading", function()
        local ms = P.find(P.any_number,
            "About 250 fled, between 20 and 30 stayed, 1,200 died and tens of thousands left.")
        local got = {}
        for _, m in ipairs(ms) do got[#got + 1] = { m[1].value, m[1].approx } end
        assert.are.same({ { 250, true }, { 20, true }, { 1200, false }, { 20000, true } }, got)
    end)
end)

describe("P.ordinal", function()
    local function v(s) local t = whole(P.ordinal, s); return t and t.value end
    it("reads ordinal words", function()
        assert.are.equal(8, v("eighth"))
        assert.are.equal(11, v("eleventh"))
        assert.are.equal(10, v("Tenth"))
        assert.are.equal(21, v("twenty-first"))
        assert.are.equal(30, v("thirtieth"))
        assert.are.equal(101, v("one hundred and first"))
        assert.are.equal(100, v("hundredth"))
    end)
    it("reads digits with an agreeing suffix", function()
        assert.are.equal(8, v("8th"))
        assert.are.equal(1, v("1st"))
        assert.are.equal(22, v("22nd"))
        assert.are.equal(11, v("11th"))
        assert.are.equal(113, v("113th"))
        assert.are.equal(101, v("101st"))
    end)
    it("refuses a suffix that does not agree", function()
        assert.is_nil(v("1th"))
        assert.is_nil(v("12nd"))
        assert.is_nil(v("3st"))
    end)
    it("is flagged as an ordinal and not matched inside words", function()
        assert.is_true(whole(P.ordinal, "eighth").ordinal)
        assert.are.same({}, texts(P.ordinal, "firstly tenths 28thx"))
    end)
    it("finds the visit count in news style", function()
        local t, text = only(P.ordinal, "It is the envoy’s ninth trip to the region.")
        assert.are.equal("ninth", text)
        assert.are.equal(9, t.value)
    end)
end)

describe("P.month", function()
    it("captures the month number from names and abbreviations", function()
        assert.are.equal(1, whole(P.month, "January"))
        assert.are.equal(10, whole(P.month, "October"))
        assert.are.equal(10, whole(P.month, "OCTOBER"))
        assert.are.equal(9, whole(P.month, "Sept."))
        assert.are.equal(9, whole(P.month, "Sep"))
        assert.are.equal(1, whole(P.month, "Jan."))
        assert.are.equal(5, whole(P.month, "May"))
    end)
    it("refuses lower case and longer words", function()
        assert.is_nil(whole(P.month, "may"))
        assert.is_nil(whole(P.month, "march"))
        assert.are.same({}, texts(P.month, "Octopus Marching Mayor"))
    end)
    it("is bounded, with a raw form for inside a token", function()
        assert.are.same({}, texts(P.month, "mid-October"))
        assert.are.same({ "mid-October" }, texts(lpeg.P"mid-" * P.raw.month, "in mid-October"))
    end)
end)

describe("P.weekday", function()
    it("captures ISO numbers, Monday = 1", function()
        assert.are.equal(1, whole(P.weekday, "Monday"))
        assert.are.equal(7, whole(P.weekday, "Sunday"))
        assert.are.equal(2, whole(P.weekday, "Tue."))
        assert.are.equal(4, whole(P.weekday, "Thurs"))
    end)
    it("refuses lower case and plurals", function()
        assert.is_nil(whole(P.weekday, "sunday"))
        assert.are.same({}, texts(P.weekday, "Sundays Mondays"))
    end)
end)

describe("P.year and P.day", function()
    it("years are 1900..2099, four digits alone", function()
        assert.are.equal(2024, whole(P.year, "2024"))
        assert.are.equal(1900, whole(P.year, "1900"))
        assert.is_nil(whole(P.year, "1899"))
        assert.is_nil(whole(P.year, "2100"))
        assert.are.same({ "2023" }, texts(P.year, "20245 in 2023."))
    end)
    it("days are 1..31 with an optional suffix", function()
        assert.are.equal(7, whole(P.day, "7"))
        assert.are.equal(29, whole(P.day, "29th"))
        assert.are.equal(5, whole(P.day, "05"))
        assert.are.equal(22, whole(P.day, "22nd"))
        assert.is_nil(whole(P.day, "32"))
        assert.is_nil(whole(P.day, "0"))
    end)
end)

describe("P.date", function()
    local function t(s) return whole(P.date, s) end
    it("reads day month year", function()
        local d = t("29 October 2024")
        assert.are.same({ 2024, 10, 29, "2024-10-29" }, { d.year, d.month, d.day, d.value })
    end)
    it("reads month day, year and the forms without a year", function()
        assert.are.equal("2023-10-07", t("October 7, 2023").value)
        assert.are.equal("XXXX-10-07", t("October 7").value)
        assert.are.equal("XXXX-10-07", t("Oct. 7").value)
        assert.are.equal("XXXX-11-05", t("5 November").value)
        assert.are.equal("XXXX-10-07", t("the 7th of October").value)
        assert.are.equal("2024-10", t("October 2024").value)
    end)
    it("reads ISO dates and a leading weekday", function()
        assert.are.equal("2024-10-29", t("2024-10-29").value)
        local d = t("Tuesday, 29 October 2024")
        assert.are.equal(2, d.weekday)
        assert.are.equal("2024-10-29", d.value)
    end)
    it("refuses impossible dates", function()
        assert.is_nil(t("31 April"))
        assert.is_nil(t("2024-13-01"))
        assert.is_nil(t("29 February 2023"))
        assert.are.equal("2024-02-29", t("29 February 2024").value)
    end)
    it("does not take an amount after the comma as a year", function()
        local d, text = only(P.date, "Since October 7, 250 people have been held.")
        assert.are.equal("October 7", text)
        assert.is_nil(d.year)
    end)
    it("finds dates in news style with positions", function()
        local s = "Talks opened on 3 March 2025 and resumed on March 10; a vote is due 2025-04-01."
        local ms = P.find(P.date, s)
        assert.are.equal(3, #ms)
        assert.are.same({ "2025-03-03", "XXXX-03-10", "2025-04-01" },
            { ms[1][1].value, ms[2][1].value, ms[3][1].value })
        assert.are.equal("3 March 2025", s:sub(ms[1][1].s, ms[1][1].e - 1))
    end)
end)

describe("P.duration", function()
    local function t(s) return whole(P.duration, s) end
    it("reads amounts of time with TIMEX values", function()
        assert.are.same({ 135, "day", "P135D" }, { t("135 days").value, t("135 days").unit, t("135 days").timex })
        assert.are.equal("P17Y", t("17-year").timex)
        assert.are.equal("PT5H", t("five hours").timex)
        assert.are.equal("P1W", t("a week").timex)
        assert.are.equal("P2DE", t("two decades").timex)
    end)
    it("keeps the approximation of the amount", function()
        local d = t("more than 100 days")
        assert.is_true(d.approx)
        assert.are.equal(100, d.low)
    end)
    it("needs a unit", function()
        assert.is_nil(t("135 people"))
        assert.are.same({}, texts(P.duration, "day 5, the 17th"))
    end)
end)

describe("P.relative_time", function()
    local function t(s) return whole(P.relative_time, s) end
    it("reads day words", function()
        assert.are.same({ -1, "day" }, { t("yesterday").offset, t("yesterday").unit })
        assert.are.equal(0, t("Today").offset)
        assert.are.equal(1, t("tomorrow").offset)
    end)
    it("reads modifiers with units, weekdays, months and parts of the day", function()
        assert.are.same({ -1, "week" }, { t("last week").offset, t("last week").unit })
        assert.are.same({ 1, 2 }, { t("next Tuesday").offset, t("next Tuesday").weekday })
        assert.are.equal(3, t("last March").month)
        assert.are.equal("morning", t("this morning").unit)
        local e = t("earlier this month")
        assert.are.same({ 0, "month", "earlier" }, { e.offset, e.unit, e.qualifier })
    end)
    it("reads amounts with ago and later", function()
        assert.are.same({ -3, "day" }, { t("three days ago").offset, t("three days ago").unit })
        assert.are.equal(2, t("two weeks later").offset)
        assert.are.equal(-1, t("a week ago").offset)
    end)
    it("keeps the text and refuses plain words", function()
        assert.are.equal("last week", t("last week").text)
        assert.are.same({}, texts(P.relative_time, "the last word, this plan, todays"))
    end)
end)

describe("P.trie and P.choice (word lists)", function()
    local list = { { "the same day", 1 }, { "the same", 2 }, { "week", 3 }, { "weekend", 4 },
                   { "a.m.", 5 } }
    it("takes the longest entry and captures its values", function()
        local p = P.choice(list)
        assert.are.equal(1, whole(p, "the same day"))
        assert.are.equal(2, whole(p, "the same"))
        assert.are.equal(4, whole(p, "weekend"))
        assert.are.equal(5, whole(p, "a.m."))
    end)
    it("lets a space match any run of horizontal space", function()
        assert.are.equal(1, whole(P.choice(list), "the  same\tday"))
        assert.is_nil(whole(P.choice(list), "the same\nday"))
    end)
    it("ends an entry ending in a letter at a word end, unless word_end says otherwise", function()
        assert.is_nil(lpeg.match(P.choice(list), "weekends"))
        assert.are.equal(3, lpeg.match(P.choice(list, "ci", lpeg.P(true)), "weekly"))
        assert.are.equal(5, lpeg.match(P.choice(list), "a.m.x"))
    end)
    it("matches in the case its mode says", function()
        local months = { { "October", 10 } }
        assert.are.equal(10, whole(P.choice(months), "oCTOBER"))
        assert.are.equal(10, whole(P.choice(months, "title"), "OCTOBER"))
        assert.is_nil(whole(P.choice(months, "title"), "october"))
        assert.is_nil(whole(P.choice(months, "exact"), "OCTOBER"))
    end)
    it("keeps the first data given for a text", function()
        assert.are.equal(1, whole(P.choice { { "May", 1 }, { "may", 2 } }, "MAY"))
    end)
    it("prefers the longer entry across a space, with the space edge first or last", function()
        local few = { { "a few", "few" }, { "a", "a" } }
        local open = lpeg.P(true)
        for _, space_last in ipairs { false, true } do
            local p = P.choice(few, "ci", open, space_last)
            assert.are.equal("few", lpeg.match(p, "a few days"))
            assert.are.equal("a", lpeg.match(p, "a fee"))
            assert.are.equal("a", lpeg.match(p, "afew"))
        end
    end)
    it("matches a wide node's words as a narrow one does", function()
        local words = {}
        for w in ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima"):gmatch("%a+") do
            words[#words + 1] = { w, w }
        end
        local p = P.choice(words)
        for _, e in ipairs(words) do assert.are.equal(e[1], whole(p, e[1])) end
        assert.is_nil(lpeg.match(p, "mike"))
        assert.is_nil(lpeg.match(p, "bz"))
        assert.is_nil(lpeg.match(p, "alphas"))
    end)
end)

describe("P.cap_word and P.initial", function()
    it("cap_word needs a capital, including non-ASCII capitals", function()
        assert.are.same({ "Öcalan", "Émile", "IDF", "U.S." },
            texts(P.cap_word, "Öcalan met émigrés, Émile, the IDF and U.S. staff"))
        assert.are.same({ "Şahin", "Łódź" }, texts(P.cap_word, "Şahin from Łódź"))
    end)
    it("cap_word stops before a possessive", function()
        assert.are.same({ "Netanyahu" }, texts(P.cap_word, "Netanyahu’s"))
    end)
    it("initial is one capital and a full stop, not part of U.S.", function()
        assert.are.same({ "J." }, texts(P.initial, "J. Robert and the U.S. and A.B."))
    end)
end)

describe("P.name_particle", function()
    it("matches particles before the rest of a name", function()
        assert.are.same({ "al-", "bin", "von", "der", "van" },
            texts(P.name_particle, "al-Sisi, bin Salman, von der Leyen, van Gogh"))
    end)
    it("refuses particles used as ordinary words", function()
        assert.are.same({}, texts(P.name_particle, "de facto, la carte, le monde, al-qaeda"))
    end)
end)

describe("P.name_sequence", function()
    local function names(s)
        local out = {}
        for _, m in ipairs(P.find(P.name_sequence, s)) do out[#out + 1] = m[1].text end
        return out
    end
    it("reads names with particles and initials", function()
        assert.are.same({ "Abdel Fattah al-Sisi", "Aaron David Miller", "Ursula von der Leyen",
                          "Mohammed bin Salman", "J. Robert Oppenheimer" },
            names("met Abdel Fattah al-Sisi, then Aaron David Miller, then Ursula von der Leyen;"
                .. " later Mohammed bin Salman and J. Robert Oppenheimer"))
    end)
    it("gives the parts and the surname with its particles", function()
        local t = only(P.name_sequence, "with Ursula von der Leyen today")
        assert.are.same({ "Ursula", "von", "der", "Leyen" }, t.parts)
        assert.are.equal("von der Leyen", t.surname)
        assert.are.equal("al-Sisi", only(P.name_sequence, "said Abdel Fattah al-Sisi").surname)
    end)
    it("does not swallow a following possessive", function()
        local t, text = only(P.name_sequence, "Benjamin Netanyahu’s office")
        assert.are.equal("Benjamin Netanyahu", text)
        assert.are.equal(t.e, 19)
    end)
    it("reads non-ASCII capitals", function()
        assert.are.same({ "Recep Tayyip Erdoğan", "Émile Zola" },
            names("Recep Tayyip Erdoğan and Émile Zola"))
    end)
    it("needs two parts on one line", function()
        assert.are.same({}, names("Blinken left. Ahmed\nAli stayed."))
        assert.are.same({}, names("the de facto ruler"))
    end)
end)

describe("P.quote", function()
    local function quotes(s)
        local out = {}
        for _, m in ipairs(P.find(P.quote, s)) do out[#out + 1] = m[1].text end
        return out
    end
    it("covers the quoted words without the curly marks", function()
        local s = "“There’s more to do,” she said."
        local q = only(P.quote, s)
        assert.are.equal("There’s more to do,", q.text)
        assert.are.equal(q.text, s:sub(q.s, q.e - 1))
        assert.are.equal("“", s:sub(q.qs, q.s - 1))
        assert.are.equal(#s - #" she said." + 1, q.qe)
    end)
    it("reads straight double quotes", function()
        assert.are.same({ "a lasting truce," }, quotes('They sought "a lasting truce," he said.'))
    end)
    it("keeps nested single quotes inside double quotes", function()
        assert.are.same({ "We call it ‘the day after’ plan," },
            quotes("“We call it ‘the day after’ plan,” an aide said."))
    end)
    it("reads single quotes when they are clearly a quotation", function()
        assert.are.same({ "day after" }, quotes("the so-called ‘day after’ issues"))
        assert.are.same({ "Very hard to imagine" }, quotes("'Very hard to imagine' said one expert"))
    end)
    it("is not fooled by apostrophes and plural possessives", function()
        assert.are.same({}, quotes("Hamas’ demands and the plan’s cost, don’t"))
        assert.are.same({}, quotes("the groups' leaders and the workers' union"))
    end)
    it("trims spaces inside the marks and reads guillemets", function()
        assert.are.same({ "spaced", "Bonjour" }, quotes("“ spaced ” «Bonjour»"))
    end)
    it("stays within a line and needs content", function()
        assert.are.same({}, quotes("“unclosed\nnext line” and “”"))
        assert.are.same({ "no" }, quotes('He said "yes and then "no" to it.'))
        -- A straight mark after a space opens; it does not close.
        assert.are.same({ "b" }, quotes('the "a " and "b" forms'))
    end)
end)

describe("find and first", function()
    it("returns non-overlapping matches with 1-based start and exclusive end", function()
        local ms = P.find(lpeg.P"ab", "abab xab")
        assert.are.same({ { s = 1, e = 3 }, { s = 3, e = 5 }, { s = 7, e = 9 } }, ms)
    end)
    it("puts the pattern's captures at [1], [2] ... and named groups by name", function()
        local ms = P.find(lpeg.C(lpeg.R"az") * lpeg.Cg(lpeg.C(lpeg.R"09"), "d"), "a1 b2")
        assert.are.same({ { s = 1, e = 3, "a", d = "1" }, { s = 4, e = 6, "b", d = "2" } }, ms)
    end)
    it("starts at init", function()
        assert.are.same({ { s = 5, e = 6 } }, P.find("a", "a b a", 4))
    end)
    it("accepts a string as a literal and never starts inside a UTF-8 character", function()
        assert.are.same({ { s = 3, e = 5 } }, P.find("é", "caé"))
        assert.are.equal(0, #P.find(lpeg.P"\169", "é"))
    end)
    it("first returns the first match or nil", function()
        local m = P.first(P.digits_number, "in 2019 and 2020")
        assert.are.equal(4, m.s)
        assert.are.equal(2019, m[1].value)
        assert.is_nil(P.first(P.digits_number, "no figures"))
    end)
    it("reuses the compiled search pattern", function()
        assert.are.equal(P.searcher(P.date), P.searcher(P.date))
    end)
    it("rejects bad arguments and empty-matching patterns", function()
        assert.has_error(function() P.find(42, "x") end,
            "bad argument #1 to 'find' (LPeg pattern or string expected, got number)")
        assert.has_error(function() P.find(P.word, nil) end)
        assert.has_error(function() P.find(lpeg.P"a"^0, "aaa") end,
            "pattern for find() can match the empty string")
    end)
end)

describe("loading", function()
    it("stays small in memory (hosts cap a script's memory)", function()
        collectgarbage()
        collectgarbage()
        local before = collectgarbage("count")
        package.loaded["lede.patterns"] = nil
        local fresh = require "lede.patterns"
        collectgarbage()
        collectgarbage()
        local kb = collectgarbage("count") - before
        package.loaded["lede.patterns"] = P
        assert.are.equal("pattern", lpeg.type(fresh.date))
        assert.is_true(kb < 12 * 1024, string.format("%.0f KB", kb))
    end)
    it("every documented pattern exists", function()
        for _, name in ipairs { "boundary", "letter", "upper", "word", "cap_word", "space", "hspace", "ws", "hws",
            "apostrophe", "possessive", "dash", "open_quote", "close_quote", "digits_number",
            "number_words", "number", "approx_number", "range", "any_number", "ordinal", "month",
            "weekday", "year", "day", "date", "duration", "relative_time", "initial",
            "name_particle", "name_sequence", "quote" } do
            assert.are.equal("pattern", lpeg.type(P[name]), name)
        end
    end)
end)

describe("hostile input", function()
    -- These ran for minutes before the grammar bounded its repetitions;
    -- checked for results here, their time shows in the suite's run time.
    it("reads long runs in linear work", function()
        local run = ("two million "):rep(3000)
        assert.are.equal(3000, #P.find(P.any_number, run))
        assert.are.equal(0, #P.find(P.relative_time, ("1,"):rep(20000) .. "1"))
        assert.are.equal(1, #P.find(P.digits_number, ("1,"):rep(20000) .. "1"))
        assert.are.equal(0, #P.find(P.duration, ("tens of "):rep(5000) .. "thousands"))
        assert.are.equal(0, #P.find(P.quote, "“" .. ("x"):rep(100000)))
    end)
end)

describe("agreement with the C tokenizer", function()
    -- Run inside the lede binary, whose lede.tokenize is the C tokenizer:
    -- every word token is a P.word match and back, every P.digits_number
    -- match a number token, and the other patterns start and end where
    -- tokens do. Over the seed articles (when present) and text of our own.
    local SAMPLE = table.concat({
        "It's over, said Dr. Smith at 10:30 a.m. on Oct. 7; the 1990s and a 17-year rule,",
        "20-30 people, 1/2 of them, 24/7 coverage. There’s what’s left. Mr. Blinken’s aides,",
        "the U.S.-led push, ’90s music, “Hello,” he said. A. Smith and J.R. Ewing met COVID-19",
        "patients; $4bn and £3.5m, 2.5bn, the ‘day after’ plan. Hamas’ leaders—and others –",
        "said 63% or 1,200.Then G7 talks, 21st-century tools, 5,000-strong crowds, 20-odd",
        "trips, the players' union, over 37,000 on 29 October 2024 and 2024-10-29.",
    }, "\n")
    local SCRIPT = [==[
        local P = require "lede.patterns"
        local texts = {}
        for i = 1, #arg do
            local f = io.open(arg[i], "rb")
            if f then texts[#texts + 1] = f:read("a"); f:close() end
        end
        local problems = {}
        local function bad(what, t, s, e) problems[#problems + 1] = what .. ": " .. t:sub(s, e - 1) end
        for _, t in ipairs(texts) do
            local starts, ends, words, nums = {}, {}, {}, {}
            for _, s, e, cls in lede.tokenize(t) do
                starts[s], ends[e] = true, true
                if cls == "word" then words[s .. ":" .. e] = true end
                if cls == "number" then nums[s .. ":" .. e] = true end
            end
            for _, m in ipairs(P.find(P.word, t)) do
                local k = m.s .. ":" .. m.e
                if words[k] then words[k] = nil else bad("P.word only", t, m.s, m.e) end
            end
            for k in pairs(words) do
                local s, e = k:match("(%d+):(%d+)")
                bad("C word only", t, tonumber(s), tonumber(e))
            end
            for _, m in ipairs(P.find(P.digits_number, t)) do
                if not nums[m.s .. ":" .. m.e] then bad("not a number token", t, m.s, m.e) end
            end
            for _, name in ipairs { "any_number", "ordinal", "date", "duration", "relative_time",
                                    "name_sequence", "cap_word", "month", "possessive" } do
                for _, m in ipairs(P.find(P[name], t)) do
                    if not (starts[m.s] and ends[m.e]) then bad(name, t, m.s, m.e) end
                end
            end
            for _, m in ipairs(P.find(P.quote, t)) do
                local q = m[1]
                if not (starts[q.s] and ends[q.e]) then bad("quote", t, q.s, q.e) end
            end
        end
        io.write(#texts, " texts\n", table.concat(problems, "\n"))
    ]==]

    it("finds tokens where the tokenizer does", function()
        local bin = os.getenv("LEDE_BIN")
        local probe = bin and io.open(bin, "rb")
        if not probe then return pending("no lede binary ($LEDE_BIN)") end
        probe:close()
        local script, sample = os.tmpname(), os.tmpname()
        local f = assert(io.open(script, "wb")); f:write(SCRIPT); f:close()
        f = assert(io.open(sample, "wb")); f:write(SAMPLE); f:close()
        local seeds = os.getenv("LEDE_SEEDS")
        if not seeds or seeds == "" then seeds = "../shared/seeds" end
        local cmd = "'" .. bin .. "' run '" .. script .. "' '" .. sample .. "' "
            .. "'" .. seeds .. "'/*.txt 2>&1"
        local p = io.popen(cmd)
        local out = p:read("a")
        p:close()
        os.remove(script)
        os.remove(sample)
        local n, rest = out:match("^(%d+) texts\n?(.*)$")
        assert.truthy(n, out)
        assert.is_true(tonumber(n) >= 1)
        assert.are.equal("", rest)
    end)
end)

describe("seed articles", function()
    local dir = os.getenv("LEDE_SEEDS")
    if not dir or dir == "" then dir = "../shared/seeds" end
    local files = {}
    local ls = io.popen('ls "' .. dir .. '" 2>/dev/null')
    if ls then
        for name in ls:lines() do
            if name:match("%.txt$") then files[#files + 1] = dir .. "/" .. name end
        end
        ls:close()
    end
    local all = {}
    for _, path in ipairs(files) do
        local f = io.open(path, "rb")
        if f then all[#all + 1] = f:read("a"); f:close() end
    end
    local text = table.concat(all, "\n\n")

    local function values(p)
        local out = {}
        for _, m in ipairs(P.find(p, text)) do
            local c = m[1]
            out[text:sub(m.s, m.e - 1)] = c
        end
        return out
    end

    it("finds the casualty figures with their values", function()
        if #all == 0 then return pending("no seed articles in " .. dir) end
        local n = values(P.any_number)
        assert.are.equal(37000, n["over 37,000"].value)
        assert.are.equal(37000, n["over 37,000"].low)
        assert.is_true(n["over 37,000"].approx)
        assert.are.equal(1200, n["1,200"].value)
        assert.are.equal(250, n["250"].value)
        assert.are.equal(63, n["63%"].value)
        assert.is_true(n["63%"].percent)
        assert.are.equal(20000, n["tens of thousands"].value)
        assert.are.equal(135, values(P.duration)["135 days"].value)
    end)
    it("finds the dates and the visit ordinals", function()
        if #all == 0 then return pending("no seed articles in " .. dir) end
        local d = values(P.date)
        assert.are.equal("2024-10-29", d["29 October 2024"].value)
        assert.are.equal("2023-10-07", d["7 October 2023"].value)
        assert.are.equal("XXXX-11-05", d["5 November"].value)
        assert.are.equal("XXXX-10-07", d["October 7"].value)
        local o = values(P.ordinal)
        assert.are.equal(8, o.eighth.value)
        assert.are.equal(10, o.tenth.value)
        assert.are.equal(11, o.eleventh.value)
    end)
    it("reads every quotation whole, apostrophes included", function()
        if #all == 0 then return pending("no seed articles in " .. dir) end
        local qs = P.find(P.quote, text)
        assert.is_true(#qs >= 10)
        local with_apostrophe = 0
        for _, m in ipairs(qs) do
            local q = m[1]
            -- Never a mark at either end of the span.
            for _, mark in ipairs { "“", "”", '"', "‘" } do
                assert.are_not.equal(mark, q.text:sub(1, #mark))
                assert.are_not.equal(mark, q.text:sub(-#mark))
            end
            if q.text:find("’", 1, true) then with_apostrophe = with_apostrophe + 1 end
        end
        assert.is_true(with_apostrophe >= 2)
    end)
end)

describe("token edges and case forms of the date and quantity word lists", function()
    local word = P.token_start * lpeg.C(lpeg.R("az") ^ 1) * P.token_end
    local function find_all(text)
        local out = {}
        local g = lpeg.P { lpeg.Ct(((word + 1) - -1) ^ 0) }
        for _, w in ipairs(lpeg.match(g, text)) do out[#out + 1] = w end
        return table.concat(out, ",")
    end
    it("token_start and token_end keep a match inside whole tokens", function()
        -- not inside a word, on either side of a hyphen, after an
        -- apostrophe, or next to a multibyte letter
        assert.are.equal("day,it,x", find_all("week-long day, it's, caf\195\169 x"))
    end)
    it("case_forms gives each spelling once", function()
        assert.are.same({ "the same day", "The same day", "The Same Day", "THE SAME DAY" },
            P.case_forms("the same day"))
        assert.are.same({ "May", "may", "MAY" }, P.case_forms("May"))
    end)
end)
