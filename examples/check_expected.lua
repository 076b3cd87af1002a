-- examples/check_expected.lua -- checks examples/EXPECTED.json against the
-- articles in examples/corpus, so that an edit to either cannot silently
-- leave the tests asserting things the text no longer says.
--
--   lua5.4 examples/check_expected.lua        (TAP on stdout, exit 1 on failure)
--
-- Promises: every fragment, form, date text and figure named in
-- EXPECTED.json occurs in the document it names; quote fragments are unique
-- outside their near-duplicate group; each document has exactly as many
-- quotation-mark spans as quote entries; the timeline lists every article
-- once and its dates never go backwards; disagreements name two different
-- values. Reads JSON with tests/eval/json.lua.

local script_dir = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local root = script_dir .. "/.."
package.path = root .. "/tests/eval/?.lua;" .. package.path
local json = require("json")

local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("a")
    f:close()
    return s
end

local expected = json.decode(read(script_dir .. "/EXPECTED.json"))
local null = json.null

local docs, ids = {}, {}
do
    local p = assert(io.popen("ls -1 '" .. script_dir:gsub("'", "'\\''") .. "/corpus'"))
    for name in p:lines() do
        local id = name:match("^(.+)%.txt$")
        if id then docs[id] = read(script_dir .. "/corpus/" .. name); ids[#ids + 1] = id end
    end
    p:close()
    table.sort(ids)
end

local n, failed = 0, 0
local function check(ok, what, detail)
    n = n + 1
    if ok then
        print(("ok %d - %s"):format(n, what))
    else
        failed = failed + 1
        print(("not ok %d - %s"):format(n, what))
        if detail then print("# " .. tostring(detail):gsub("\n", "\n# ")) end
    end
end

local function has(id, frag) return docs[id] ~= nil and docs[id]:find(frag, 1, true) ~= nil end

-- A whole-word occurrence: no letter or digit right before or after.
local function has_word(text, word)
    local init = 1
    while true do
        local a, b = text:find(word, init, true)
        if not a then return false end
        local before, after = text:sub(a - 1, a - 1), text:sub(b + 1, b + 1)
        if not before:find("[%w%-]") and not after:find("[%w%-]") then return true end
        init = a + 1
    end
end

-- Problems are collected per section; one TAP line per section.
local function section(what, fn)
    local problems = {}
    fn(function(msg) problems[#problems + 1] = msg end)
    check(#problems == 0, what, table.concat(problems, "\n"))
end

section("every article has an entry, a headline, a byline and its date text", function(bad)
    for _, id in ipairs(ids) do
        local a = expected.articles[id]
        if not a then bad(id .. ": no entry in articles") else
            if docs[id]:match("^[^\n]*") ~= a.headline then bad(id .. ": headline differs") end
            if not has(id, "By " .. a.byline .. "\n") then bad(id .. ": byline " .. a.byline) end
            if a.pub_date_text ~= null and not has(id, a.pub_date_text) then bad(id .. ": " .. a.pub_date_text) end
            if a.dateline ~= null and not has(id, a.dateline) then bad(id .. ": " .. a.dateline) end
        end
    end
    for id in pairs(expected.articles) do
        if not docs[id] then bad(id .. ": no such file") end
    end
end)

section("people: forms occur, docs lists are exact", function(bad)
    for name, p in pairs(expected.people) do
        local words = { name }
        for _, f in ipairs(p.forms) do words[#words + 1] = f end
        for _, list in ipairs({ p.forms, p.descriptions, p.role_contexts }) do
            for _, f in ipairs(list) do
                local found = false
                for _, id in ipairs(ids) do found = found or has_word(docs[id], f) end
                if not found then bad(name .. ": " .. f) end
            end
        end
        local listed = {}
        for _, id in ipairs(p.docs) do listed[id] = true end
        for _, id in ipairs(ids) do
            local named = false
            for _, w in ipairs(words) do named = named or has_word(docs[id], w) end
            if named ~= (listed[id] or false) then
                bad(("%s: %s %s"):format(name, named and "named but not listed in" or "listed but not named in", id))
            end
        end
    end
end)

-- Quotation-mark spans, the way EXPECTED.json counts them.
local OPEN, CLOSE, SOPEN, SCLOSE = "\226\128\156", "\226\128\157", "\226\128\152", "\226\128\153"
local function quote_spans(text)
    local spans, pos = {}, 1
    while true do
        local a1 = text:find(OPEN, pos, true)
        local a2 = text:find('"', pos, true)
        local a3 = text:find(SOPEN, pos, true)
        local a = math.min(a1 or math.huge, a2 or math.huge, a3 or math.huge)
        if a == math.huge then break end
        local eol = text:find("\n", a, true) or #text + 1
        if a == a1 then
            local c = text:find(CLOSE, a + 3, true)
            if c and c < eol then spans[#spans + 1] = text:sub(a + 3, c - 1); pos = c + 3
            else spans[#spans + 1] = text:sub(a + 3, eol - 1); pos = eol end
        elseif a == a2 then
            local c = text:find('"', a + 1, true)
            if c and c < eol then spans[#spans + 1] = text:sub(a + 1, c - 1); pos = c + 1
            else pos = a + 1 end
        else
            local c, init = nil, a + 3
            while true do
                local b = text:find(SCLOSE, init, true)
                if not b or b > eol then break end
                if text:sub(b + 3, b + 3):find("^[ ,.\n]") or b + 3 > #text then c = b; break end
                init = b + 3
            end
            if c then spans[#spans + 1] = text:sub(a + 3, c - 1); pos = c + 3 else pos = a + 3 end
        end
    end
    return spans
end

local dup_of = {}
for _, g in ipairs(expected.near_duplicates) do
    for _, a in ipairs(g.docs) do
        for _, b in ipairs(g.docs) do if a ~= b then dup_of[a] = b end end
    end
end

section("quotes: fragments occur once outside near-duplicates, counts match the text", function(bad)
    local per_doc = {}
    local function entry(q, speaker)
        per_doc[q.doc] = (per_doc[q.doc] or 0) + 1
        if not has(q.doc, q.fragment) then bad(q.doc .. ": " .. q.fragment) end
        for _, id in ipairs(ids) do
            if id ~= q.doc and id ~= dup_of[q.doc] and has(id, q.fragment) then
                bad(("%s: %q also in %s"):format(q.doc, q.fragment, id))
            end
        end
        if q.speaker_text ~= null and not has(q.doc, q.speaker_text) then
            bad(("%s: speaker_text %q of %s"):format(q.doc, q.speaker_text, speaker))
        end
    end
    for speaker, s in pairs(expected.quotes_by_speaker) do
        if s.count ~= #s.quotes then bad(speaker .. ": count is not the number of quotes") end
        local statements = 0
        for _, q in ipairs(s.quotes) do
            entry(q, speaker)
            if not q.joins_previous then statements = statements + 1 end
        end
        if s.statements ~= statements then bad(speaker .. ": statements") end
    end
    for _, q in ipairs(expected.unattributed_quotes) do entry(q, "nobody") end
    for _, id in ipairs(ids) do
        local spans = #quote_spans(docs[id])
        if spans ~= (per_doc[id] or 0) then
            bad(("%s: %d quote spans in the text, %d in EXPECTED.json"):format(id, spans, per_doc[id] or 0))
        end
    end
end)

section("timeline: every article once, evidence in the text, dates in order", function(bad)
    local seen, last = {}, ""
    for _, group in ipairs(expected.timeline.order) do
        local hi = ""
        for _, id in ipairs(group) do
            if seen[id] then bad(id .. " twice") end
            seen[id] = true
            local ev = expected.timeline.evidence[id]
            if not ev then bad(id .. ": no evidence") else
                for _, f in ipairs(ev.fragments) do
                    if not has(id, f) then bad(id .. ": " .. f) end
                end
                if ev.date ~= null then
                    if ev.date < last then bad(id .. ": " .. ev.date .. " before an earlier group") end
                    hi = ev.date > hi and ev.date or hi
                end
            end
        end
        last = hi ~= "" and hi or last
    end
    for _, id in ipairs(ids) do
        if not seen[id] then bad(id .. " missing from the order") end
    end
end)

section("ordinal events, disagreements and figures occur where they say", function(bad)
    for _, e in ipairs(expected.ordinal_events) do
        if not has(e.doc, e.text) then bad(e.doc .. ": " .. e.text) end
    end
    for _, e in ipairs(expected.not_ordinal_events) do
        if not has(e.doc, e.text) then bad(e.doc .. ": " .. e.text) end
    end
    for _, d in ipairs(expected.disagreements) do
        if d.a.value == d.b.value then bad(d.fact .. ": same value") end
        for _, side in ipairs({ d.a, d.b }) do
            if not has(side.doc, side.text) then bad(side.doc .. ": " .. side.text) end
        end
    end
    for _, f in ipairs(expected.figures) do
        if not has(f.doc, f.context) then bad(f.doc .. ": " .. f.context) end
        if not f.context:find(f.text, 1, true) then bad(f.doc .. ": " .. f.text .. " outside its context") end
    end
end)

section("near-duplicates share most of their lines", function(bad)
    for _, g in ipairs(expected.near_duplicates) do
        local a, b = docs[g.docs[1]], docs[g.docs[2]]
        if not a or not b then bad("missing document") else
            local lines, same, total = {}, 0, 0
            for l in a:gmatch("[^\n]+") do lines[l] = true end
            for l in b:gmatch("[^\n]+") do
                total = total + 1
                if lines[l] then same = same + 1 end
            end
            if same < 0.7 * total then
                bad(("%s/%s: %d of %d lines shared"):format(g.docs[1], g.docs[2], same, total))
            end
            if a == b then bad("identical, not near-duplicates") end
        end
    end
end)

print("1.." .. n)
os.exit(failed == 0 and 0 or 1)
