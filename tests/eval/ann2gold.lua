#!/usr/bin/env lua5.4
-- tests/eval/ann2gold.lua -- turns the annotated sources of the evaluation
-- corpus (tests/corpus/src/NAME.ann, inline markup) into what users and the
-- scorer read: tests/corpus/corpus.jsonl (the documents) and
-- tests/corpus/gold/NAME.jsonl (the gold spans, span JSONL).
--
-- Promises: offsets are never written by hand -- they are counted here, in
-- bytes, while the markup is stripped, so every gold `text` is exactly the
-- document bytes at [start, end). A source that breaks a rule of
-- tests/corpus/GUIDELINES.md that a machine can check (unknown kind or
-- field, missing required field, malformed date value, white space or quote
-- marks at a span's edge, overlapping spans of one kind ...) is refused with
-- FILE:LINE: MESSAGE and nothing is written. `--check` rebuilds in memory and
-- fails when the committed files differ, so the generated files cannot
-- drift from their sources.
--
-- usage: lua5.4 tests/eval/ann2gold.lua [--check | --stats | --show NAME |
--                                         --audit NAME] [CORPUS_DIR]
-- The markup is described in tests/corpus/GUIDELINES.md ("Source markup").

-- Run as a script, find eval.json beside this file whatever the directory.
local MODNAME = ...
local SCRIPT_DIR = MODNAME ~= "eval.ann2gold" and arg and arg[0]
    and (arg[0]:match("^(.*)/[^/]*$") or ".")
if SCRIPT_DIR then
    package.path = SCRIPT_DIR .. "/../?.lua;" .. package.path
end

local json = require("eval.json")

local M = {}

-- markup code -> span kind
local KIND_OF = {
    per = "person", org = "org", pl = "place", dem = "demonym", dt = "date",
    qty = "quantity", ord = "ordinal_event", quo = "quote",
}

-- per kind: markup key -> output field
local FIELD_OF = {
    person = { name = "name", role = "role", aff = "affiliation" },
    org = { name = "name" },
    place = { name = "name" },
    demonym = { place = "place" },
    date = { type = "type", t = "type", v = "value", doc = "doc" },
    quantity = { v = "value", unit = "unit", approx = "approx" },
    ordinal_event = { actor = "actor", n = "ordinal", event = "event",
                      dest = "destination" },
    quote = { sp = "speaker", cue = "cue", st = "speaker_text",
              partial = "partial" },
}

-- output field order per kind, after doc, kind, start, end, text
M.FIELDS = {
    person = { "name", "role", "affiliation" },
    org = { "name" },
    place = { "name" },
    demonym = { "place" },
    date = { "type", "value" },
    quantity = { "value", "unit", "approx" },
    ordinal_event = { "actor", "ordinal", "event", "destination" },
    quote = { "speaker", "cue", "speaker_text", "partial" },
    doc_date = { "value" },
}

M.KINDS = { "person", "org", "place", "demonym", "date", "quantity",
            "ordinal_event", "quote", "doc_date" }

local DATE_TYPES = { date = true, time = true, duration = true, set = true,
                     relative = true }

-- Words that make a quantity approximate when the span starts with them.
local APPROX_LEADS = {
    "over ", "about ", "nearly ", "more than ", "almost ", "around ",
    "roughly ", "some ", "at least ", "up to ", "an estimated ",
    "estimated ", "close to ", "upwards of ", "fewer than ", "less than ",
    "under ", "below ", "approximately ", "just over ", "just under ", "well over ",
    "tens of ", "hundreds of ", "thousands of ", "dozens", "hundreds",
    "thousands", "millions", "several ", "nearly", "more ", "as much as ",
    "as many as ",
}

local SCALE = { thousand = 1e3, million = 1e6, billion = 1e9, trillion = 1e12,
                m = 1e6, bn = 1e9, tn = 1e12, k = 1e3 }

local function shell_quote(s)
    return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- Sorted names in dir ending with suffix (POSIX ls; pure Lua cannot list).
function M.list_dir(dir, suffix)
    local p = io.popen("ls -1 -- " .. shell_quote(dir) .. " 2>/dev/null")
    local out = {}
    if not p then return out end
    for name in p:lines() do
        if suffix == nil or name:sub(-#suffix) == suffix then
            out[#out + 1] = name
        end
    end
    p:close()
    table.sort(out)
    return out
end

function M.read_file(path)
    local f, err = io.open(path, "rb")
    if not f then return nil, err end
    local s = f:read("*a")
    f:close()
    return s
end

local function trim(s)
    return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- TIMEX3-style values as the guidelines allow them.
local function valid_date_value(v)
    local D = "[%dX]"
    local date_pats = {
        "^" .. D:rep(4) .. "$",                                -- 2024
        "^" .. D:rep(3) .. "$",                                -- 202 (decade)
        "^" .. D:rep(4) .. "%-" .. D:rep(2) .. "$",            -- 2024-10
        "^" .. D:rep(4) .. "%-" .. D:rep(2) .. "%-" .. D:rep(2) .. "$",
        "^" .. D:rep(4) .. "%-W" .. D:rep(2) .. "$",           -- 2024-W44
        "^" .. D:rep(4) .. "%-W" .. D:rep(2) .. "%-%d$",       -- XXXX-WXX-2
        "^" .. D:rep(4) .. "%-W" .. D:rep(2) .. "%-WE$",       -- weekend
        "^" .. D:rep(4) .. "%-[SWF][PUAI]$",                  -- seasons
        "^" .. D:rep(4) .. "%-Q[1-4X]$",                       -- quarters
        "^" .. D:rep(4) .. "%-H[12X]$",                        -- halves
    }
    local datepart, timepart = v:match("^([^T]*)T(.*)$")
    if not datepart then datepart = v end
    if v:match("^P") then
        return v:match("^P[%dX%.]+[YMWD]$") or v:match("^PT[%dX%.]+[HMS]$")
            or v:match("^P[%dX%.]+DT[%dX%.]+H$")
    end
    if datepart ~= "" then
        local ok = false
        for _, p in ipairs(date_pats) do
            if datepart:match(p) then ok = true; break end
        end
        if not ok then return false end
    end
    if timepart then
        return timepart:match("^[%dX][%dX]:[%dX][%dX]$")
            or timepart:match("^[%dX][%dX]$")
            or timepart == "MO" or timepart == "AF" or timepart == "EV"
            or timepart == "NI"
    end
    return true
end

local WORD_NUMBERS = {
    one = 1, two = 2, three = 3, four = 4, five = 5, six = 6, seven = 7,
    eight = 8, nine = 9, ten = 10, eleven = 11, twelve = 12, thirteen = 13,
    fourteen = 14, fifteen = 15, sixteen = 16, seventeen = 17, eighteen = 18,
    nineteen = 19, twenty = 20, thirty = 30, forty = 40, fifty = 50,
    sixty = 60, seventy = 70, eighty = 80, ninety = 90, hundred = 100,
    ["a dozen"] = 12, ["a hundred"] = 100, ["a thousand"] = 1000,
    -- vague plurals: the smallest amount the phrase literally means
    dozens = 24, hundreds = 200, thousands = 2000, millions = 2000000,
    ["tens of thousands"] = 20000, ["hundreds of thousands"] = 200000,
    ["tens of millions"] = 20000000,
}
-- longest first, so that "tens of thousands" wins over "thousands"
local WORD_NUMBER_KEYS = {}
for k in pairs(WORD_NUMBERS) do WORD_NUMBER_KEYS[#WORD_NUMBER_KEYS + 1] = k end
table.sort(WORD_NUMBER_KEYS, function(a, b)
    if #a ~= #b then return #a > #b end
    return a < b
end)

local function parse_number(text)
    local s = text:lower():gsub(",", "")
    local num, rest = s:match("(%d+%.?%d*)%s*(.*)$")
    if not num then
        -- a number word, possibly after an approximator ("nearly two")
        s = s:gsub("%s*per%s?cent$", "")
        for _, words in ipairs(WORD_NUMBER_KEYS) do
            if s == words or s:sub(-#words - 1) == " " .. words then
                return WORD_NUMBERS[words]
            end
        end
        return nil
    end
    local x = tonumber(num)
    local word = rest:match("^(%a+)")
    if word and SCALE[word] then x = x * SCALE[word] end
    -- 2.5 million must stay an integer where it is one
    if x == math.floor(x) and math.abs(x) < 2^53 then
        x = math.tointeger and math.tointeger(x) or x
    end
    return x
end

local function starts_approx(text)
    local t = text:lower()
    for _, lead in ipairs(APPROX_LEADS) do
        if t:sub(1, #lead) == lead then return true end
    end
    return false
end

-- Global aliases: "KIND TEXT = CANONICAL" per line, # comments.
function M.parse_aliases(s, where)
    local aliases = {}
    local ln = 0
    for line in (s .. "\n"):gmatch("(.-)\r?\n") do
        ln = ln + 1
        line = trim(line)
        if line ~= "" and line:sub(1, 1) ~= "#" then
            local kind, text, canon = line:match("^(%S+)%s+(.-)%s*=%s*(.-)$")
            kind = kind and (KIND_OF[kind] or kind)
            if not kind or not FIELD_OF[kind] or text == "" or canon == "" then
                error(("%s:%d: alias must be 'KIND TEXT = CANONICAL'"):format(where, ln), 0)
            end
            aliases[kind] = aliases[kind] or {}
            aliases[kind][text] = canon
        end
    end
    return aliases
end

local function lookup_alias(local_al, global_al, kind, text)
    local a = local_al[kind] and local_al[kind][text]
    if a then return a end
    return global_al[kind] and global_al[kind][text]
end

-- Parses "key=value; flag; key=-" into a table (false for "false", json.null
-- for "-", true for a bare key). Errors name the line.
local function parse_attrs(s, kind, where)
    local attrs = {}
    for item in (s .. ";"):gmatch("([^;]*);") do
        item = trim(item)
        if item ~= "" then
            local k, v = item:match("^([%w_]+)%s*=%s*(.-)$")
            if not k then k, v = item:match("^([%w_]+)$"), true end
            if not k then error(where .. ": bad attribute '" .. item .. "'", 0) end
            local field = FIELD_OF[kind][k]
            if not field then
                error(("%s: %s has no attribute '%s'"):format(where, kind, k), 0)
            end
            if v == "-" or v == "null" then v = json.null
            elseif v == "false" then v = false
            elseif v == "true" then v = true
            end
            if attrs[field] ~= nil then
                error(("%s: attribute '%s' given twice"):format(where, k), 0)
            end
            attrs[field] = v
        end
    end
    return attrs
end

local QUOTE_MARKS = { "\"", "'", "“", "”", "‘", "’", "«", "»" }

local function edge_problem(kind, text)
    if text == "" then return "empty span" end
    if text:match("^%s") or text:match("%s$") then
        return "white space at the edge of the span"
    end
    if text:match("%w=%w") then
        return "attributes written inside the span text"
    end
    if kind == "quote" then
        for _, q in ipairs(QUOTE_MARKS) do
            if text:sub(1, #q) == q or text:sub(-#q) == q then
                return "quote span includes a quotation mark"
            end
        end
    elseif kind == "person" or kind == "org" or kind == "place" then
        if text:match("’s$") or text:match("'s$") then
            return "possessive 's inside a name span"
        end
        if text:match("[%.,;:]$") and not text:match("%u%.$") and
           not text:match("%.%a%.$") then
            return "punctuation at the end of a name span"
        end
    end
    return nil
end

-- Fills defaults and checks one finished span.
local function finish_span(sp, text, local_al, global_al, where)
    local kind, a = sp.kind, sp.attrs
    local problem = edge_problem(kind, text)
    if problem then error(where .. ": " .. problem .. ": " .. text, 0) end
    local rec = { kind = kind, start = sp.start, ["end"] = sp.stop, text = text }
    local function need(field)
        if a[field] == nil then
            error(("%s: %s '%s' needs %s"):format(where, kind, text, field), 0)
        end
    end
    if kind == "person" or kind == "org" or kind == "place" then
        rec.name = a.name or lookup_alias(local_al, global_al, kind, text) or text
        if kind == "person" then
            rec.role = a.role or json.null
            rec.affiliation = a.affiliation or json.null
        end
    elseif kind == "demonym" then
        rec.place = a.place or lookup_alias(local_al, global_al, kind, text)
        if not rec.place then
            error(("%s: demonym '%s' has no place (give place= or an alias)"):format(where, text), 0)
        end
    elseif kind == "date" then
        need("value")
        local v = a.value
        if v ~= json.null then
            if type(v) ~= "string" or not valid_date_value(v) then
                error(("%s: bad date value '%s'"):format(where, tostring(v)), 0)
            end
        end
        local t = a.type
        if t == nil then
            if v == json.null then
                error(where .. ": a null date value needs an explicit type", 0)
            elseif v:match("^P") then t = "duration"
            elseif v:match("T") then t = "time"
            else t = "date" end
        end
        if not DATE_TYPES[t] then error(where .. ": bad date type '" .. tostring(t) .. "'", 0) end
        rec.type, rec.value = t, v
        if a.doc then rec.doc_date = true end
    elseif kind == "quantity" then
        local v = a.value
        if v == nil then
            v = parse_number(text)
            if v == nil then need("value") end
        else
            v = tonumber(v)
            if not v then error(where .. ": quantity value is not a number", 0) end
            if math.tointeger and math.tointeger(v) then v = math.tointeger(v) end
        end
        need("unit")
        rec.value, rec.unit = v, a.unit
        if a.approx == nil then rec.approx = starts_approx(text)
        else rec.approx = a.approx == true end
    elseif kind == "ordinal_event" then
        need("actor"); need("ordinal"); need("event")
        local n = tonumber(a.ordinal)
        if not n then error(where .. ": ordinal is not a number", 0) end
        rec.actor = a.actor
        rec.ordinal = math.tointeger and math.tointeger(n) or n
        rec.event = a.event
        rec.destination = a.destination or json.null
    elseif kind == "quote" then
        need("speaker")
        rec.speaker = a.speaker
        rec.cue = a.cue or json.null
        rec.speaker_text = a.speaker_text or json.null
        rec.partial = a.partial == true
    end
    for _, f in ipairs(M.FIELDS[kind]) do
        if rec[f] == true and f ~= "partial" and f ~= "approx" then
            error(("%s: %s needs a value"):format(where, f), 0)
        end
    end
    return rec
end

-- Parses one .ann source. Returns { id, date, style, text, spans } or raises
-- "FILE:LINE: message".
function M.parse_ann(src, name, global_al)
    global_al = global_al or {}
    local doc = { id = name, spans = {} }
    local local_al = {}
    local body_at
    local ln = 0
    local pos = 1
    while true do
        local nl = src:find("\n", pos, true)
        if not nl then error(name .. ".ann: no '---' line ends the header", 0) end
        local line = src:sub(pos, nl - 1):gsub("\r$", "")
        ln = ln + 1
        pos = nl + 1
        if line == "---" then body_at = pos; break end
        local where = ("%s.ann:%d"):format(name, ln)
        if line:match("^@date%s") then
            doc.date = trim(line:sub(6))
            if not doc.date:match("^%d%d%d%d%-%d%d%-%d%d$") then
                error(where .. ": @date must be YYYY-MM-DD", 0)
            end
        elseif line:match("^@id%s") then
            doc.id = trim(line:sub(4))
        elseif line:match("^@style%s") then
            doc.style = trim(line:sub(7))
        elseif line:match("^@alias%s") then
            local al = M.parse_aliases(line:sub(8), where)
            for k, t in pairs(al) do
                local_al[k] = local_al[k] or {}
                for text, canon in pairs(t) do local_al[k][text] = canon end
            end
        elseif not (line:match("^%s*$") or line:match("^#")) then
            error(where .. ": unknown header line", 0)
        end
    end
    local out, n = {}, 0  -- output pieces
    local len = 0         -- bytes written so far (the offset of the next byte)
    local stack = {}
    local i = body_at
    local nsrc = #src
    local spans = {}
    while i <= nsrc do
        local j = src:find("[{}\\\n]", i)
        if not j then j = nsrc + 1 end
        if j > i then
            n = n + 1; out[n] = src:sub(i, j - 1); len = len + (j - i)
        end
        if j > nsrc then break end
        local c = src:sub(j, j)
        local where = ("%s.ann:%d"):format(name, ln)
        if c == "\n" then
            n = n + 1; out[n] = "\n"; len = len + 1
            ln = ln + 1
            i = j + 1
        elseif c == "\\" then
            local lit = src:sub(j + 1, j + 1)
            if lit ~= "{" and lit ~= "}" and lit ~= "\\" then
                error(where .. ": backslash escapes only { } and \\", 0)
            end
            n = n + 1; out[n] = lit; len = len + 1
            i = j + 2
        elseif c == "{" then
            local code, attrs, after = src:match("^{(%a+)%s*([^|{}\n]-)|()", j)
            if not code or not KIND_OF[code] then
                error(where .. ": '{' must open a span '{CODE attrs|text}' with CODE one of"
                      .. " per org pl dem dt qty ord quo", 0)
            end
            local kind = KIND_OF[code]
            stack[#stack + 1] = { kind = kind, start = len,
                                  attrs = parse_attrs(attrs, kind, where),
                                  piece = n + 1, line = ln }
            i = after
        else -- "}"
            local sp = table.remove(stack)
            if not sp then error(where .. ": '}' closes no span", 0) end
            sp.stop = len
            local text = table.concat(out, "", sp.piece, n)
            local rec = finish_span(sp, text, local_al, global_al,
                                    ("%s.ann:%d"):format(name, sp.line))
            rec.line = sp.line
            spans[#spans + 1] = rec
            i = j + 1
        end
    end
    if #stack > 0 then
        error(("%s.ann:%d: span opened here is never closed"):format(name, stack[#stack].line), 0)
    end
    doc.text = table.concat(out)
    if doc.text:find("[{}]") then
        error(name .. ".ann: a brace survived in the text", 0)
    end
    if doc.text:sub(-1) ~= "\n" then
        error(name .. ".ann: the article must end with a newline", 0)
    end
    -- a surname left without its canonical full name is an annotation slip
    local full = {}
    for _, s in ipairs(spans) do
        if s.kind == "person" and s.name:find(" ") then full[#full + 1] = s.name end
    end
    for _, s in ipairs(spans) do
        if s.kind == "person" and s.name == s.text and not s.text:find(" ") then
            for _, f in ipairs(full) do
                if f:sub(-#s.text - 1) == " " .. s.text or f:sub(1, #s.text + 1) == s.text .. " " then
                    error(("%s.ann:%d: person '%s' needs name=%s (or an alias)"):format(
                        name, s.line, s.text, f), 0)
                end
            end
        end
    end
    -- doc_date: the metadata date, else a date flagged `doc` in the text
    local flagged = {}
    for _, s in ipairs(spans) do
        if s.doc_date then
            flagged[#flagged + 1] = s
            s.doc_date = nil
        end
    end
    if doc.date and #flagged > 0 then
        error(name .. ".ann: doc_date is the metadata date; do not also flag one in the text", 0)
    elseif #flagged > 1 then
        error(name .. ".ann: more than one date flagged doc", 0)
    end
    if doc.date then
        spans[#spans + 1] = { kind = "doc_date", start = 0, ["end"] = 0,
                              text = "", value = doc.date }
    elseif flagged[1] then
        local f = flagged[1]
        if not (type(f.value) == "string" and f.value:match("^%d%d%d%d%-%d%d%-%d%d$")) then
            error(name .. ".ann: the date flagged doc needs a full YYYY-MM-DD value", 0)
        end
        spans[#spans + 1] = { kind = "doc_date", start = f.start, ["end"] = f["end"],
                              text = f.text, value = f.value }
    end
    -- one kind's spans never overlap (nesting is across kinds only)
    table.sort(spans, function(a, b)
        if a.start ~= b.start then return a.start < b.start end
        if a["end"] ~= b["end"] then return a["end"] > b["end"] end
        return a.kind < b.kind
    end)
    local last_end = {}
    for _, s in ipairs(spans) do
        if s.kind ~= "doc_date" then
            if last_end[s.kind] and s.start < last_end[s.kind] then
                error(("%s.ann:%d: %s spans overlap at '%s'"):format(name, s.line or 0, s.kind, s.text), 0)
            end
            last_end[s.kind] = s["end"]
        end
        s.doc = doc.id
    end
    doc.spans = spans
    return doc
end

-- The gold lines of a parsed document, in span order.
function M.gold_lines(doc)
    local lines = {}
    for i, s in ipairs(doc.spans) do
        local rec = { doc = s.doc, kind = s.kind, start = s.start,
                      ["end"] = s["end"], text = s.text }
        local order = { "doc", "kind", "start", "end", "text" }
        for _, f in ipairs(M.FIELDS[s.kind]) do
            rec[f] = s[f]
            order[#order + 1] = f
        end
        lines[i] = json.encode(rec, order)
    end
    return table.concat(lines, "\n") .. (#lines > 0 and "\n" or "")
end

function M.corpus_line(doc)
    return json.encode({ id = doc.id, date = doc.date, text = doc.text },
                       { "id", "date", "text" })
end

-- Parses every source of a corpus directory. Returns docs (sorted by id).
function M.build(dir)
    local al_src = M.read_file(dir .. "/src/ALIASES") or ""
    local global_al = M.parse_aliases(al_src, "src/ALIASES")
    local docs = {}
    for _, f in ipairs(M.list_dir(dir .. "/src", ".ann")) do
        local name = f:sub(1, -5)
        local src = assert(M.read_file(dir .. "/src/" .. f))
        docs[#docs + 1] = M.parse_ann(src, name, global_al)
    end
    table.sort(docs, function(a, b) return a.id < b.id end)
    return docs
end

-- The files the build writes: path (relative to dir) -> content.
function M.outputs(docs)
    local files, corpus = {}, {}
    for i, d in ipairs(docs) do
        corpus[i] = M.corpus_line(d)
        files["gold/" .. d.id .. ".jsonl"] = M.gold_lines(d)
    end
    files["corpus.jsonl"] = table.concat(corpus, "\n") .. "\n"
    return files
end

local function read_split(dir)
    local split = {}
    local s = M.read_file(dir .. "/SPLIT") or ""
    for line in s:gmatch("[^\n]+") do
        local id, which = line:match("^(%S+)%s+(%S+)")
        if id and id:sub(1, 1) ~= "#" then split[id] = which end
    end
    return split
end

local function stats(docs, dir)
    local split = read_split(dir)
    local cols = { "person", "org", "place", "demonym", "date", "quantity",
                   "ordinal_event", "quote" }
    local short = { "per", "org", "pl", "dem", "dt", "qty", "ord", "quo" }
    io.write(("%-28s %-8s %5s  %s  %s\n"):format("article", "split", "words",
        table.concat((function()
            local t = {}
            for k, s in ipairs(short) do t[k] = ("%4s"):format(s) end
            return t
        end)(), " "), "style"))
    local total = {}
    for _, d in ipairs(docs) do
        local c = {}
        for _, s in ipairs(d.spans) do c[s.kind] = (c[s.kind] or 0) + 1 end
        local words = select(2, d.text:gsub("%S+", ""))
        local cells = {}
        for k, kind in ipairs(cols) do
            cells[k] = ("%4d"):format(c[kind] or 0)
            total[kind] = (total[kind] or 0) + (c[kind] or 0)
        end
        io.write(("%-28s %-8s %5d  %s  %s%s\n"):format(d.id, split[d.id] or "?",
            words, table.concat(cells, " "), d.style or "",
            d.date and (" [date " .. d.date .. "]") or ""))
    end
    local cells = {}
    for k, kind in ipairs(cols) do cells[k] = ("%4d"):format(total[kind]) end
    io.write(("%-28s %-8s %5s  %s\n"):format("total", "", "", table.concat(cells, " ")))
end

local function show(docs, id)
    for _, d in ipairs(docs) do
        if d.id == id then
            for _, s in ipairs(d.spans) do
                local extra = {}
                for _, f in ipairs(M.FIELDS[s.kind]) do
                    local v = s[f]
                    if v ~= nil and v ~= json.null then
                        extra[#extra + 1] = f .. "=" .. tostring(v)
                    end
                end
                io.write(("%5d %-13s %-40s %s\n"):format(s.start, s.kind,
                    s.text:gsub("\n", " "):sub(1, 40), table.concat(extra, "; ")))
            end
            return 0
        end
    end
    io.stderr:write("ann2gold: no article " .. id .. "\n")
    return 1
end

-- Words a reviewer should look at: stretches outside every span that look
-- like something the guidelines annotate (digits, number words, month and
-- weekday names, quotation marks, capitalised words inside a sentence,
-- demonyms from the aliases). A second pair of eyes, not a rule.
local AUDIT_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred",
    "hundreds", "thousand", "thousands", "million", "millions", "billion",
    "dozen", "dozens", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "today", "yesterday", "tomorrow", "tonight", "week", "weeks",
    "month", "months", "year", "years", "day", "days", "hours", "daily",
    "weekly", "annually", "ago",
}

local function audit(docs, id, global_al)
    for _, d in ipairs(docs) do
        if d.id == id then
            local covered = {}
            for _, s in ipairs(d.spans) do
                for i = s.start + 1, s["end"] do covered[i] = covered[i] or {} ; covered[i][s.kind] = true end
            end
            -- inside a quote or an ordinal_event, only the other kinds count
            local function taken(i)
                for k in pairs(covered[i] or {}) do
                    if k ~= "quote" and k ~= "ordinal_event" then return true end
                end
                return false
            end
            local function report(pos, len, why)
                local free = true
                for i = pos, pos + len - 1 do if taken(i) then free = false end end
                if free then
                    local line = select(2, d.text:sub(1, pos):gsub("\n", "")) + 1
                    io.write(("%5d line %-3d %-10s %s\n"):format(pos - 1, line, why,
                        d.text:sub(pos, pos + len - 1)))
                end
            end
            local text = d.text
            for p, w in text:gmatch("()(%d[%d,.]*)") do report(p, #w, "digits") end
            local want = {}
            for _, w in ipairs(AUDIT_WORDS) do want[w] = true; want[w:lower()] = true end
            for p, w in text:gmatch("()([%a][%a'’-]*)") do
                if want[w] or want[w:lower()] then report(p, #w, "word") end
            end
            local dem = global_al.demonym or {}
            for p, w in text:gmatch("()(%u[%a]+)") do
                if dem[w] then report(p, #w, "demonym") end
            end
            -- capitalised words that do not start a line or a sentence
            for p, w in text:gmatch("[%a,;:%)’'-] ()(%u[%w%-’']*)") do
                report(p, #w, "capital")
            end
            -- a quotation mark with no quote span on either side
            for _, q in ipairs({ "“", "”", "‘", "\"" }) do
                local from = 1
                while true do
                    local p = text:find(q, from, true)
                    if not p then break end
                    local before, after = covered[p - 1], covered[p + #q]
                    if not (before and before.quote) and not (after and after.quote) then
                        io.write(("%5d %-10s %s\n"):format(p - 1, "quote mark",
                            text:sub(math.max(1, p - 20), p + #q + 20):gsub("\n", " ")))
                    end
                    from = p + #q
                end
            end
            return 0
        end
    end
    io.stderr:write("ann2gold: no article " .. id .. "\n")
    return 1
end

function M.main(args)
    local mode, show_id, dir = "write", nil, nil
    local i = 1
    while i <= #args do
        local a = args[i]
        if a == "--check" then mode = "check"
        elseif a == "--stats" then mode = "stats"
        elseif a == "--show" then mode = "show"; i = i + 1; show_id = args[i]
        elseif a == "--audit" then mode = "audit"; i = i + 1; show_id = args[i]
        elseif a:sub(1, 1) == "-" then
            io.stderr:write("usage: ann2gold.lua [--check | --stats | --show NAME | --audit NAME] [CORPUS_DIR]\n")
            return 1
        else dir = a end
        i = i + 1
    end
    dir = dir or (SCRIPT_DIR or "tests/eval") .. "/../corpus"
    local ok, docs = pcall(M.build, dir)
    if not ok then
        io.stderr:write("ann2gold: " .. tostring(docs) .. "\n")
        return 2
    end
    if mode == "stats" then stats(docs, dir); return 0 end
    if mode == "show" then return show(docs, show_id) end
    if mode == "audit" then
        local al = M.parse_aliases(M.read_file(dir .. "/src/ALIASES") or "", "src/ALIASES")
        return audit(docs, show_id, al)
    end
    local files = M.outputs(docs)
    local names = {}
    for path in pairs(files) do names[#names + 1] = path end
    table.sort(names)
    if mode == "check" then
        local stale = 0
        for _, path in ipairs(names) do
            if M.read_file(dir .. "/" .. path) ~= files[path] then
                io.stderr:write("ann2gold: " .. dir .. "/" .. path .. " is out of date\n")
                stale = stale + 1
            end
        end
        for _, f in ipairs(M.list_dir(dir .. "/gold", ".jsonl")) do
            if not files["gold/" .. f] then
                io.stderr:write("ann2gold: " .. dir .. "/gold/" .. f .. " has no source\n")
                stale = stale + 1
            end
        end
        return stale == 0 and 0 or 1
    end
    os.execute("mkdir -p " .. shell_quote(dir .. "/gold"))
    for _, path in ipairs(names) do
        local f = assert(io.open(dir .. "/" .. path, "wb"))
        f:write(files[path])
        f:close()
    end
    io.write(("ann2gold: %d articles written to %s\n"):format(#docs, dir))
    return 0
end

if SCRIPT_DIR then
    os.exit(M.main(arg))
end
return M
