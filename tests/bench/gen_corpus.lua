-- tests/bench/gen_corpus.lua -- the benchmark corpus: article-like documents
-- recombined from the sample corpus, as much of them as asked for.
--
--   lua5.4 tests/bench/gen_corpus.lua OUT.jsonl SIZE_MB [SEED]
--
-- Promises: OUT holds at least SIZE_MB MiB of JSONL, one document a line,
-- {"id":"b000001","text":"...","date":"YYYY-MM-DD"}; ids are unique and no
-- two texts are equal; texts are valid UTF-8 of 2 to 8 KiB; the same SEED
-- (default 1) over the same source files gives the same bytes. Pure Lua
-- 5.4, no modules.
--
-- Sources: examples/corpus/*.txt, and tests/corpus/*.txt and
-- tests/corpus/*.jsonl ("text" fields) when present. Documents are built
-- from their headlines, paragraphs, sentences, subheads, captions and lists,
-- shuffled across articles; names, cities, numbers, dates, weekdays and
-- ordinals are drawn from pools per document, so that the text keeps the
-- statistics of news (curly quotes, figures, names, datelines) without
-- repeating itself. People come from examples/EXPECTED.json and from the
-- person spans of tests/corpus/gold/*.jsonl.
--
-- Speed matters (100 MB must take seconds, not minutes): every unit of text
-- is compiled once into literal pieces and slots, and a document is only
-- the concatenation of pieces with its slots filled in.

local floor, random, char, byte = math.floor, math.random, string.char, string.byte
local concat, insert = table.concat, table.insert

local function die(msg)
    io.stderr:write("gen_corpus: ", msg, "\n")
    os.exit(1)
end

-- ------------------------------------------------------------------ pools
-- The names below are invented; none belongs to the sample corpus.

local FEMALE = { "Amira", "Anna", "Beatriz", "Carmen", "Chloe", "Dalia", "Elena",
    "Fatima", "Grace", "Hana", "Helena", "Ines", "Irina", "Jana", "Julia",
    "Karin", "Leah", "Lina", "Mariam", "Marta", "Maya", "Nadia", "Nina",
    "Olga", "Priya", "Rania", "Rosa", "Salma", "Sara", "Sofia", "Tamar",
    "Valeria", "Yasmin", "Zeynep" }
local MALE = { "Adam", "Ahmed", "Alexei", "Amir", "Andrei", "Ben", "Carlos",
    "Daniel", "Elias", "Farid", "Gabriel", "Hassan", "Ivan", "Jakob", "Jamal",
    "Karim", "Khalil", "Lucas", "Marco", "Mikhail", "Nabil", "Omar", "Oren",
    "Pavel", "Rami", "Samuel", "Stefan", "Tariq", "Viktor", "Walid", "Yusuf",
    "Ziad" }
-- first names of the sources that tell a woman from a man (pronouns follow)
local FEMALE_SOURCE = { Maria = true, Ingrid = true, Noa = true, Layla = true,
    Leila = true, Dana = true, Ruth = true, Yael = true, Halyna = true,
    Iryna = true, Oksana = true, Miriam = true, Helen = true, Rebecca = true,
    Harriet = true, Amina = true, Priya = true, Ellen = true }
local SURNAMES = { "Abadi", "Achterberg", "Bauer", "Bensaid", "Brandt",
    "Castellano", "Cohen", "Dagan", "Demir", "Duarte", "Eriksen", "Fischer",
    "Friedman", "Gallo", "Haddadin", "Hartmann", "Ibrahim", "Jansen", "Kaplan",
    "Karimi", "Kowalski", "Lindgren", "Marchetti", "Mendes", "Mizrachi",
    "Nakamura", "Nowak", "Okafor", "Ortega", "Petrov", "Quinn", "Rahimi",
    "Rosen", "Salameh", "Schneider", "Shapira", "Sokolov", "Tahir", "Urban",
    "Vasquez", "Weiss", "Yilmaz", "Zahran", "Zeller" }
local PARTICLE_SURNAMES = { "al-Hashimi", "al-Khatib", "al-Masri", "al-Najjar",
    "al-Rashid", "al-Sayed", "al-Tamimi", "al-Zahrani" }
local CITIES = { "Amman", "Ankara", "Athens", "Baghdad", "Berlin", "Brussels",
    "Istanbul", "Kuwait City", "Madrid", "Manama", "Muscat", "Nicosia", "Oslo",
    "Ottawa", "Rabat", "Rome", "Stockholm", "Tunis", "Vienna", "Warsaw" }
-- cities of the sources that are replaced (longest first when matching)
local SOURCE_CITIES = { "Abu Dhabi", "Tel Aviv", "Al-Arish", "Jerusalem",
    "Washington", "Ramallah", "Istanbul", "Geneva", "London", "Beirut",
    "Riyadh", "Jeddah", "Amman", "Cairo", "Doha", "Paris", "Kyiv", "Moscow",
    "Kharkiv", "Brussels" }
local OUTLETS = { "Meridian", "Harbor Times", "Northern Post", "Gulf Daily Review",
    "Capital Ledger", "Levant Observer", "Westbrook Gazette", "Relief Monitor",
    "Global Brief", "Daily Courier", "Eastern Herald", "Continental Review" }
local MONTHS = { "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December" }
local WEEKDAYS = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday" }
local ORDINALS = { "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "eleventh", "twelfth" }
local DAYS_IN = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

local function pick(t) return t[random(#t)] end
local function capital(s) return (s:gsub("^%l", string.upper)) end

-- ------------------------------------------------------------------ files

local function read_file(path)
    local f = io.open(path, "rb")
    if not f then return nil end
    local s = f:read("a")
    f:close()
    return s
end

local function list_dir(dir, suffix)
    local out = {}
    local p = io.popen("ls -1 '" .. dir:gsub("'", "'\\''") .. "' 2>/dev/null")
    if not p then return out end
    for name in p:lines() do
        if name:sub(-#suffix) == suffix then out[#out + 1] = dir .. "/" .. name end
    end
    p:close()
    table.sort(out)
    return out
end

-- A small JSON reader: enough for EXPECTED.json and JSONL records.
local json_decode
do
    local esc = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f",
                  n = "\n", r = "\r", t = "\t" }
    local function str(s, i)           -- i just after the opening quote
        local parts, j = {}, i
        while true do
            local k = s:find('["\\]', j)
            if not k then error("unterminated string") end
            parts[#parts + 1] = s:sub(j, k - 1)
            if s:sub(k, k) == '"' then return concat(parts), k + 1 end
            local c = s:sub(k + 1, k + 1)
            if c == "u" then
                local cp = tonumber(s:sub(k + 2, k + 5), 16)
                j = k + 6
                if cp >= 0xD800 and cp < 0xDC00 and s:sub(j, j + 1) == "\\u" then
                    local lo = tonumber(s:sub(j + 2, j + 5), 16)
                    cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
                    j = j + 6
                end
                parts[#parts + 1] = utf8.char(cp)
            else
                parts[#parts + 1] = esc[c] or error("bad escape")
                j = k + 2
            end
        end
    end
    local value
    local function ws(s, i) return s:find("[^ \t\r\n]", i) or #s + 1 end
    function value(s, i)
        i = ws(s, i)
        local c = s:sub(i, i)
        if c == "{" then
            local obj = {}
            i = ws(s, i + 1)
            if s:sub(i, i) == "}" then return obj, i + 1 end
            while true do
                local k
                k, i = str(s, ws(s, i) + 1)
                i = ws(s, i) + 1       -- the colon
                obj[k], i = value(s, i)
                i = ws(s, i)
                c = s:sub(i, i)
                if c == "}" then return obj, i + 1 end
                i = i + 1
            end
        elseif c == "[" then
            local arr = {}
            i = ws(s, i + 1)
            if s:sub(i, i) == "]" then return arr, i + 1 end
            while true do
                arr[#arr + 1], i = value(s, i)
                i = ws(s, i)
                if s:sub(i, i) == "]" then return arr, i + 1 end
                i = i + 1
            end
        elseif c == '"' then
            return str(s, i + 1)
        elseif s:find("^true", i) then return true, i + 4
        elseif s:find("^false", i) then return false, i + 5
        elseif s:find("^null", i) then return nil, i + 4
        end
        local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
        if not num or num == "" then error("bad JSON at byte " .. i) end
        return tonumber(num), i + #num
    end
    json_decode = function(s)
        local ok, v = pcall(value, s, 1)
        if ok then return v end
        return nil
    end
end

-- ------------------------------------------------------------------ people

-- Person records: full name, first name, last name, gender, particle.
local function load_people(root)
    local people, seen = {}, {}
    local function add(name)
        if type(name) ~= "string" or seen[name] then return end
        local first, last = name:match("^(%S+).-%s(%S+)$")
        if not first or not last:find("^%a") then return end
        seen[name] = true
        people[#people + 1] = { full = name, first = first, last = last,
            female = FEMALE_SOURCE[first] or false,
            particle = last:find("^%l+%-%u") ~= nil }
    end
    local expected = json_decode(read_file(root .. "/examples/EXPECTED.json") or "")
    if type(expected) == "table" and type(expected.people) == "table" then
        local names = {}
        for name in pairs(expected.people) do names[#names + 1] = name end
        table.sort(names)
        for _, name in ipairs(names) do add(name) end
    end
    for _, path in ipairs(list_dir(root .. "/tests/corpus/gold", ".jsonl")) do
        for line in (read_file(path) or ""):gmatch("[^\n]+") do
            if line:find('"kind":"person"', 1, true) then
                local rec = json_decode(line)
                if rec then add(rec.name) end
            end
        end
    end
    -- longest names first, so that a full name wins over a shorter one
    table.sort(people, function(a, b)
        if #a.full ~= #b.full then return #a.full > #b.full end
        return a.full < b.full
    end)
    return people
end

-- ------------------------------------------------------------------ templates
-- A template is an array of pieces: a string is literal text, a table
-- {code, arg, number} is a slot filled per document. While compiling, slots
-- sit in the text as "\1" CODE LETTERS "\2" (no digits, so that later
-- passes for numbers cannot touch them).

local function letters(n)            -- 1 -> "a", 26 -> "z", 27 -> "aa"
    local s = ""
    repeat
        s = char(97 + (n - 1) % 26) .. s
        n = floor((n - 1) / 26)
    until n == 0
    return s
end
local function unletters(s)
    local n = 0
    for i = 1, #s do n = n * 26 + (byte(s, i) - 96) end
    return n
end

local function escape_pattern(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end

local function compile_rules(people)
    local rules = {}                   -- {pattern, replacement} in order
    for i, p in ipairs(people) do
        local L = letters(i)
        rules[#rules + 1] = { "%f[%w]" .. escape_pattern(p.full) .. "%f[^%w%-]", "\1F" .. L .. "\2" }
    end
    for i, p in ipairs(people) do
        local L = letters(i)
        rules[#rules + 1] = { "Sheikh " .. escape_pattern(p.first) .. "%f[^%w%-]", "Sheikh \1G" .. L .. "\2" }
        rules[#rules + 1] = { "%f[%w]" .. escape_pattern(p.last) .. "%f[^%w%-]", "\1L" .. L .. "\2" }
        if p.particle then             -- "al-Mansouri" starts a sentence as "Al-Mansouri"
            rules[#rules + 1] = { "%f[%w]" .. escape_pattern(capital(p.last)) .. "%f[^%w%-]", "\1K" .. L .. "\2" }
        end
    end
    for i, c in ipairs(SOURCE_CITIES) do
        rules[#rules + 1] = { "%f[%w]" .. escape_pattern(c) .. "%f[^%w%-]", "\1C" .. letters(i) .. "\2" }
    end
    return rules
end

local function mark_dates_and_numbers(s)
    s = s:gsub("%f[%d]%d%d%d%d%-%d%d%-%d%d%f[%D]", "\1I\2")
    s = s:gsub("%f[%d]%d%d?:%d%d%f[%D]", "\1T\2")
    for m, name in ipairs(MONTHS) do
        s = s:gsub("%f[%a]" .. name .. "%f[%A]", "\1M" .. letters(m) .. "\2")
    end
    s = s:gsub("(\1M%a+\2) (%d%d?)%f[%D]", "%1 \1D\2")
    s = s:gsub("%f[%d](%d%d?) (\1M%a+\2)", "\1D\2 %2")
    s = s:gsub("%f[%d](%d%d%d%d)%f[%D]", function(y)
        local delta = tonumber(y) - 2024
        if delta >= -50 and delta <= 25 then return "\1Y" .. letters(delta + 51) .. "\2" end
    end)
    for w, name in ipairs(WEEKDAYS) do
        s = s:gsub("%f[%a]" .. name .. "%f[%A]", "\1W" .. letters(w) .. "\2")
    end
    for _, o in ipairs(ORDINALS) do
        s = s:gsub("%f[%a]" .. o .. "%f[%A]", "\1Ol\2")
        s = s:gsub("%f[%a]" .. capital(o) .. "%f[%A]", "\1Ou\2")
    end
    -- numbers: digits before the point, thousands commas, digits after it
    s = s:gsub("%f[%d](%d[%d,]*)(%.?)(%d*)", function(int, dot, frac)
        local trail = int:match(",*$")
        int = int:sub(1, #int - #trail)
        local after = trail
        if dot == "." and frac == "" then after = after .. "." end  -- a full stop
        if trail ~= "" and (dot ~= "" or frac ~= "") then return nil end
        local digits = math.min(#int:gsub(",", ""), 15)
        local commas = int:find(",", 1, true) and "c" or "n"
        return "\1N" .. letters(digits) .. commas .. letters(math.min(#frac, 6) + 1) .. "\2" .. after
    end)
    s = s:gsub("(\1N%a+)\2( percent)", "%1p\2%2")
    s = s:gsub("(\1N%a+)\2%%", "%1p\2%%")
    return s
end

local function compile(text, rules)
    for _, r in ipairs(rules) do text = text:gsub(r[1], r[2]) end
    text = mark_dates_and_numbers(text)
    local t, pos = {}, 1
    while true do
        local a, b, code, arg = text:find("\1(%u)(%l*)\2", pos)
        if not a then break end
        if a > pos then t[#t + 1] = text:sub(pos, a - 1) end
        t[#t + 1] = { code, arg, arg ~= "" and unletters(arg) or 0 }
        pos = b + 1
    end
    if pos <= #text then t[#t + 1] = text:sub(pos) end
    return t
end

-- ------------------------------------------------------------------ articles

local DASH = "\226\128[\147\148]"      -- en dash or em dash

local function is_date_line(l)
    return #l <= 48 and l:find("%f[%d][12]%d%d%d%f[%D]") and not l:find("[.”\"]$")
end

local CLOSE = "\226\128\157"            -- ”

local function ends_quote(l) return l:sub(-3) == CLOSE or l:sub(-1) == '"' end

local function is_item(l)
    return l:find("^%- ") or l:find("^\226\128\162 ") or l:find("^%d+%. ")
end

local function quote_depth(s)
    local open = select(2, s:gsub("\226\128\156", ""))
    local close = select(2, s:gsub("\226\128\157", ""))
    local straight = select(2, s:gsub('"', ""))
    return open - close + straight % 2
end

local ABBREV = { Mr = true, Ms = true, Mrs = true, Dr = true, Gen = true,
    St = true, Sen = true, Rep = true, Gov = true, Lt = true, Col = true,
    No = true, Jan = true, Feb = true, Aug = true, Sept = true, Oct = true,
    Nov = true, Dec = true }

-- Sentences of a paragraph, cut only outside quotation marks.
local function sentences(p)
    local out, start, pos = {}, 1, 1
    while true do
        local a, b = p:find("[%.!?]", pos)
        if not a then break end
        local e = b
        local tail = p:sub(e + 1, e + 3)
        if tail == "\226\128\157" or tail == "\226\128\153" then e = e + 3
        elseif p:sub(e + 1, e + 1) == '"' then e = e + 1 end
        local sp = p:match("^ +", e + 1)
        local nextc = sp and p:sub(e + 1 + #sp, e + 3 + #sp) or ""
        local word = p:sub(1, a - 1):match("([%a%.]+)$") or ""
        local abbrev = ABBREV[word] or word:find("^%u$") or word:find("%.")
        if sp and not abbrev and (nextc:find("^[%u%d]") or nextc == "\226\128\156")
           and quote_depth(p:sub(start, e)) == 0 then
            out[#out + 1] = p:sub(start, e)
            start = e + 1 + #sp
        end
        pos = e + 1
    end
    if start <= #p then out[#out + 1] = p:sub(start) end
    return out
end

-- Splits one article into the unit pools.
local function add_article(text, pools, rules)
    local lines = {}
    for l in text:gmatch("[^\n]+") do
        l = l:gsub("^%s+", ""):gsub("%s+$", "")
        if l ~= "" then lines[#lines + 1] = l end
    end
    if #lines < 3 then return end
    insert(pools.headline, compile(lines[1], rules))
    local i, pending = 2, nil            -- pending: a paragraph whose quote runs on
    local list = nil
    local function flush_list()
        if list and #list.items > 0 then insert(pools.list, list) end
        list = nil
    end
    while i <= #lines do
        local l = lines[i]
        local bullet = is_item(l)
        if l:find("^By ") or l:find("^%(Reporting") or l:find("^Related") or
           is_date_line(l) or select(2, l:gsub("\226\128\162", "")) > 1 or
           (#l <= 24 and not l:find("%l")) then
            flush_list()                  -- made anew for every document
        elseif l:find("\194\169") then    -- ©
            flush_list()
            insert(pools.caption, compile(l, rules))
        elseif bullet then
            list = list or { intro = nil, items = {} }
            insert(list.items, compile(l, rules))
        elseif #l <= 70 and not l:find("[%.,;:]$") and not ends_quote(l) and not l:find("\226\128\156") then
            flush_list()
            insert(pools.subhead, compile(l, rules))
        else
            flush_list()
            -- a dateline belongs to its article, not to the paragraph
            local head = l:match("^(%u%u[%u%s]*[^\226]-)%s" .. DASH .. "%s")
            if head and #head <= 40 and not head:match("^[^,(]+"):find("%l") then
                l = l:gsub("^.-" .. DASH .. "%s", "", 1)
            end
            if pending then
                l, pending = pending .. "\n" .. l, nil
            end
            if quote_depth(l) > 0 and not ends_quote(l) and i < #lines then
                pending = l              -- the quote goes on in the next paragraph
            else
                if l:find(":$") and i < #lines and is_item(lines[i + 1]) then
                    list = { intro = compile(l, rules), items = {} }
                else
                    insert(pools.paragraph, compile(l, rules))
                    if not l:find("\n") then
                        for _, s in ipairs(sentences(l)) do
                            if #s >= 40 and quote_depth(s) == 0 and
                               (s:find("[%.!?]$") or ends_quote(s)) then
                                insert(pools.sentence, compile(s, rules))
                            end
                        end
                    end
                end
            end
        end
        i = i + 1
    end
    flush_list()
end

-- ------------------------------------------------------------------ documents

local function weekday(y, m, d)        -- 1 = Monday (Sakamoto)
    local t = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 }
    if m < 3 then y = y - 1 end
    local w = (y + y // 4 - y // 100 + y // 400 + t[m] + d) % 7   -- 0 = Sunday
    return w == 0 and 7 or w
end

-- arg: digits before the point (a letter), "c" with thousands commas or
-- "n", digits after the point plus one (a letter), "p" for a percentage.
local function format_number(arg)
    local digits = byte(arg, 1) - 96
    local frac = byte(arg, 3) - 97
    local n
    if byte(arg, 4) == 112 then n = random(1, 99)                -- "p"
    elseif digits == 1 then n = random(2, 9)
    else n = random(10 ^ (digits - 1) // 1, 10 ^ digits // 1 - 1) end
    local s = tostring(n)
    if byte(arg, 2) == 99 and #s > 3 then                        -- "c"
        s = s:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
    end
    if frac > 0 then s = s .. "." .. string.format("%0" .. frac .. "d", random(0, 10 ^ frac // 1 - 1)) end
    return s
end

local Doc = {}
Doc.__index = Doc

local function new_doc(people)
    local y = random(2022, 2025)
    local m = random(12)
    local dmax = DAYS_IN[m] + ((m == 2 and y % 4 == 0) and 1 or 0)
    local d = random(dmax)
    return setmetatable({ people = people, year = y, month = m, day = d,
        mshift = random(0, 11), wshift = random(0, 6),
        names = {}, cities = {}, buf = {}, len = 0 }, Doc)
end

function Doc:person(i)
    local n = self.names[i]
    if not n then
        local p = self.people[i]
        local last = p.particle and pick(PARTICLE_SURNAMES) or pick(SURNAMES)
        n = { first = pick(p.female and FEMALE or MALE), last = last }
        self.names[i] = n
    end
    return n
end

function Doc:city(i)
    local c = self.cities[i]
    if not c then c = pick(CITIES); self.cities[i] = c end
    return c
end

function Doc:iso()
    return string.format("%04d-%02d-%02d", self.year, self.month, self.day)
end

-- Fills a template into the array out.
function Doc:render(t, out)
    for _, p in ipairs(t) do
        if type(p) == "string" then
            out[#out + 1] = p
        else
            local code, arg, k = p[1], p[2], p[3]
            if code == "F" then
                local n = self:person(k); out[#out + 1] = n.first .. " " .. n.last
            elseif code == "L" then out[#out + 1] = self:person(k).last
            elseif code == "K" then out[#out + 1] = capital(self:person(k).last)
            elseif code == "G" then out[#out + 1] = self:person(k).first
            elseif code == "C" then out[#out + 1] = self:city(k)
            elseif code == "I" then out[#out + 1] = self:iso()
            elseif code == "T" then out[#out + 1] = string.format("%02d:%02d", random(6, 22), random(0, 59))
            elseif code == "M" then out[#out + 1] = MONTHS[(k - 1 + self.mshift) % 12 + 1]
            elseif code == "D" then out[#out + 1] = tostring(random(1, 28))
            elseif code == "Y" then out[#out + 1] = tostring(self.year + k - 51)
            elseif code == "W" then out[#out + 1] = WEEKDAYS[(k - 1 + self.wshift) % 7 + 1]
            elseif code == "O" then
                local o = pick(ORDINALS); out[#out + 1] = arg == "u" and capital(o) or o
            elseif code == "N" then out[#out + 1] = format_number(arg)
            end
        end
    end
    return out
end

function Doc:text_of(t) return concat(self:render(t, {})) end

local DATE_STYLES = {
    function(d)
        return string.format("%s, %s %d, %d", WEEKDAYS[weekday(d.year, d.month, d.day)],
            MONTHS[d.month], d.day, d.year)
    end,
    function(d) return string.format("%d %s %d", d.day, MONTHS[d.month], d.year) end,
    function(d) return string.format("%s %d, %d", MONTHS[d.month], d.day, d.year) end,
    function(d) return d:iso() end,
    function(d) return string.format("Updated %s %02d:%02d", d:iso(), random(6, 22), random(0, 59)) end,
    function(d) return string.format("Published %d %s %d", d.day, MONTHS[d.month], d.year) end,
}

local function reporter(female)
    return pick(female and FEMALE or MALE) .. " " .. pick(SURNAMES)
end

local MIN_LEN, MAX_LEN = 2048, 8192

-- One document's text, from the pools.
local function make_text(pools, people)
    local d = new_doc(people)
    local target = random(MIN_LEN + 200, MAX_LEN - 300)
    local sep = random() < 0.15 and "\n" or "\n\n"
    local blocks = {}
    local len = 0
    local function add(s)
        blocks[#blocks + 1] = s
        len = len + #s + #sep
    end
    add(d:text_of(pick(pools.headline)))
    if random() < 0.2 and #pools.sentence > 0 then add(d:text_of(pick(pools.sentence))) end
    local byline = "By " .. reporter(random() < 0.5)
    if random() < 0.25 then byline = byline .. ", " .. pick(OUTLETS) end
    add(byline)
    local dated = random() < 0.75
    if dated then add(pick(DATE_STYLES)(d)) end
    if random() < 0.3 and #pools.caption > 0 then add(d:text_of(pick(pools.caption))) end

    local body_start = #blocks + 1
    local with_subheads = random() < 0.5
    local since_subhead, used_list = 0, false
    local tries = 0
    while len < target and tries < 12 do
        local s
        local r = random()
        if with_subheads and since_subhead >= 3 and random() < 0.3 and #pools.subhead > 0 then
            s = d:text_of(pick(pools.subhead)); since_subhead = 0
        elseif r < 0.05 and not used_list and #pools.list > 0 then
            local l = pick(pools.list)
            local parts = {}
            if l.intro then parts[#parts + 1] = d:text_of(l.intro) end
            local items = {}
            for _, it in ipairs(l.items) do items[#items + 1] = d:text_of(it) end
            parts[#parts + 1] = concat(items, "\n")
            s = concat(parts, sep); used_list = true
        elseif r < 0.30 and #pools.sentence > 1 then
            local parts = {}
            for k = 1, random(2, 4) do parts[k] = d:text_of(pick(pools.sentence)) end
            s = concat(parts, " ")
        else
            s = d:text_of(pick(pools.paragraph))
            if sep == "\n\n" then s = s:gsub("\n", "\n\n") end
        end
        if len + #s + #sep <= MAX_LEN then
            add(s); since_subhead = since_subhead + 1
        else
            tries = tries + 1
        end
    end
    if blocks[body_start] and random() < 0.4 then
        local city = pick(CITIES):upper()
        local dl = random() < 0.5 and (city .. " \226\128\148 ")
            or string.format("%s, %s %d (%s) \226\128\147 ", city, MONTHS[d.month], d.day, pick(OUTLETS))
        if len + #dl <= MAX_LEN then
            blocks[body_start] = dl .. blocks[body_start]; len = len + #dl
        end
    end
    if random() < 0.15 then
        local credit = string.format("(Reporting by %s; Editing by %s)", reporter(false), reporter(true))
        if len + #credit + #sep <= MAX_LEN then add(credit) end
    end
    return concat(blocks, sep) .. "\n", d:iso()
end

-- ------------------------------------------------------------------ JSON out

local JSON_ESC = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r",
                   ["\t"] = "\\t", ["\b"] = "\\b", ["\f"] = "\\f" }
for c = 0, 31 do
    local ch = char(c)
    JSON_ESC[ch] = JSON_ESC[ch] or string.format("\\u%04x", c)
end
JSON_ESC["\127"] = "\\u007f"

local function json_string(s) return '"' .. s:gsub('[%c"\\]', JSON_ESC) .. '"' end

-- ------------------------------------------------------------------ main

local function main(argv)
    local out_path, size_mb, seed = argv[1], tonumber(argv[2]), tonumber(argv[3] or "1")
    if not out_path or not size_mb or size_mb <= 0 or not seed then
        die("usage: lua5.4 tests/bench/gen_corpus.lua OUT.jsonl SIZE_MB [SEED]")
    end
    local script_dir = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
    local root = script_dir .. "/../.."

    local people = load_people(root)
    local rules = compile_rules(people)
    local pools = { headline = {}, paragraph = {}, sentence = {}, subhead = {},
                    caption = {}, list = {} }
    local nsrc = 0
    local paths = list_dir(root .. "/examples/corpus", ".txt")
    for _, p in ipairs(list_dir(root .. "/tests/corpus", ".txt")) do paths[#paths + 1] = p end
    for _, path in ipairs(paths) do
        add_article(read_file(path) or "", pools, rules); nsrc = nsrc + 1
    end
    for _, path in ipairs(list_dir(root .. "/tests/corpus", ".jsonl")) do
        for line in (read_file(path) or ""):gmatch("[^\n]+") do
            local rec = json_decode(line)
            if type(rec) == "table" and type(rec.text) == "string" then
                add_article(rec.text, pools, rules); nsrc = nsrc + 1
            end
        end
    end
    if #pools.headline == 0 or #pools.paragraph < 10 then
        die("no source articles under " .. root .. "/examples/corpus")
    end

    math.randomseed(floor(seed))
    local f, err = io.open(out_path, "wb")
    if not f then die(err) end
    f:setvbuf("full", 1 << 20)
    local want = floor(size_mb * 1024 * 1024)
    local written, n, seen = 0, 0, {}
    while written < want do
        local text, date = make_text(pools, people)
        if #text >= MIN_LEN and #text <= MAX_LEN then
            -- equal texts have equal keys, so distinct keys prove distinct texts
            local mid = #text // 2
            local key = #text .. "\0" .. text:sub(1, 80) .. text:sub(mid, mid + 80) .. text:sub(-80)
            if not seen[key] then
                assert(utf8.len(text), "generated invalid UTF-8")
                seen[key] = true
                n = n + 1
                local line = '{"id":"' .. string.format("b%06d", n) .. '","text":' ..
                    json_string(text) .. ',"date":"' .. date .. '"}\n'
                f:write(line)
                written = written + #line
            end
        end
    end
    f:close()
    io.stderr:write(string.format("gen_corpus: %d documents, %.1f MB from %d articles -> %s\n",
        n, written / 1e6, nsrc, out_path))
end

main(arg)
