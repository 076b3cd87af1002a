--[[
lede.extract.ordinals -- ordinals that count a person's repeated events
(kind ordinal_event): "his eighth visit to the region", "Menon’s 11th
foreign trip", "the first visit by an Indian foreign minister to Oman",
"This visit, Blinken’s eighth to the region", "visited Kyiv for the
eighth time" (the span "the eighth time", the event of the verb, its
subject's), "Her first came in March" (the event noun of the sentence
before).

Promise: a span from the possessor (a possessive pronoun, a name or a
description with its ’s) or the ordinal's article ("the ninth visit by
...") through the event noun and a destination phrase directly attached
("to Israel", "to the region"); trailing time phrases stay outside. Fields:
  actor        the canonical name of the person (a pronoun or description
               resolved by lede.extract.salience), null when unresolved;
  ordinal      the integer (8 for "eighth", 11 for "11th");
  event        the event noun, singular, lower case (visit, trip, tour ...;
               the one elided, from the sentence or the last such event);
  destination  the canonical name of the place in the span, or null ("the
               region").
Ordinals that count no one's repeated event ("the third day of fighting",
"a second round of talks", "the first phase") give nothing.

Cost: the ordinals are a lede.gazetteer list (a look at each token of the
text, tokens shared with the other extractors' gazetteers); an LPeg check
of the words after each and a look at the bytes before keep only those
that may count an event; only those are read further.
Vocabulary: data/events.txt (event nouns, modifiers, verbs counted "for the
Nth time", words after an ordinal left alone), titles.txt (role
nouns of descriptions), pronouns.txt.
]]

local lpeg = require "lpeg"
local G = require "lede.gazetteer"
local gaz = require "lede.extract.gaz"
local P_ = require "lede.patterns"
local data = require "lede.data"
local json = require "lede.json"
local salience = require "lede.extract.salience"

local P, R, S = lpeg.P, lpeg.R, lpeg.S
local Cc, Cp, Ct = lpeg.Cc, lpeg.Cp, lpeg.Ct

local NULL = json.null

---------------------------------------------------------------- vocabulary

local EVENT, EVENT_PHRASE, MODIFIER, DEST_PREP, INDEF_VERB = {}, {}, {}, {}, {}
local VERB_EVENT, AFTER = {}, {}
for _, row in ipairs(data.table("events.txt")) do
    local kind, words, value = row[1], row[2], row[3]
    if kind == "verb_event" then VERB_EVENT[words] = value
    elseif kind == "after" then AFTER[words] = true
    elseif kind == "event" then
        if words:find(" ", 1, true) then
            local list = {}
            for w in words:gmatch("%S+") do list[#list + 1] = w end
            EVENT_PHRASE[#EVENT_PHRASE + 1] = { words = list, value = value }
        else
            EVENT[words] = value
        end
    elseif kind == "modifier" then MODIFIER[words] = true
    elseif kind == "destination" then DEST_PREP[words] = true
    elseif kind == "verb" then INDEF_VERB[words:match("(%S+)$")] = true
    end
end
table.sort(EVENT_PHRASE, function(a, b) return #a.words > #b.words end)

local POSSESSIVE = {}
for _, row in ipairs(data.table("pronouns.txt")) do
    if row[4] == "possessive" and (row[2] == "m" or row[2] == "f") then POSSESSIVE[row[1]] = row[2] end
end
-- pronouns.txt lists "her" once, as object; before a noun it is possessive.
POSSESSIVE.her = POSSESSIVE.her or "f"

local ROLE = {}
for _, row in ipairs(data.table("titles.txt")) do
    local title = row[1]
    if title:match("^%l") and row[4] == "any" then
        local head = title:match("(%a+)$")
        if head then ROLE[head] = true end
    end
end

-- A capitalised word that is no dictionary word, weekday or month: a name.
local calendar_word = P_.weekday + P_.month
local function not_a_word(w)
    if lpeg.match(calendar_word, w) then return false end
    return not gaz.common_words()[w:lower()]
end

local ARTICLE = { the = true }
local COPULA = { is = true, was = true, ["will be"] = true, be = true, marks = true, marked = true }
-- Words after an ordinal that show the event noun was left out ("The
-- eighth, in April, ended early"; "Blinken’s eighth to the region").
local ELIDED_NEXT = { [","] = true, ["."] = true, [";"] = true, ["to"] = true }
-- Subject pronouns of "he visited Kyiv for the third time".
local SUBJECT = { he = "m", she = "f" }

---------------------------------------------------------------- patterns

-- The ordinals, as a gazetteer of tokens ("eighth", "twenty-first",
-- "11th"): lede.gazetteer scans the tokens the document's other
-- gazetteers already made, so finding them costs little more than a look
-- at each token.
local ORDINALS = G.new()
do
    local units, tens = {}, {}
    for _, row in ipairs(data.table("number_words.txt")) do
        local kind = row[1]
        if kind == "ordinal_unit" or kind == "ordinal_teen" or kind == "ordinal_tens"
           or kind == "ordinal_scale" then
            ORDINALS:add(row[2], tonumber(row[3]), { fold = true })
        end
        if kind == "ordinal_unit" then units[#units + 1] = row end
        if kind == "tens" then tens[#tens + 1] = row end
    end
    for _, t in ipairs(tens) do
        for _, u in ipairs(units) do
            ORDINALS:add(t[2] .. "-" .. u[2], tonumber(t[3]) + tonumber(u[3]), { fold = true })
        end
    end
    for n = 1, 999 do
        local suffix = "th"
        if n % 100 < 11 or n % 100 > 13 then suffix = ({ "st", "nd", "rd" })[n % 10] or "th" end
        ORDINALS:add(n .. suffix, n, { fold = true })
    end
end

-- What must follow an ordinal for it to count an event: modifiers and an
-- event noun ("fourth NATO summit", "11th foreign trip"), or nothing
-- ("The eighth, in April", "Blinken’s eighth to the region").
local hws = S" \t"^1
local word_end = -(R("az", "AZ", "09") + P"-" + R"\128\255")
-- one of the words (the longest that matches), then a word end
local function alternation(list)
    local entries = {}
    for i, w in ipairs(list) do entries[i] = { w } end
    return P_.choice(entries, "ci", P(true)) * word_end
end
-- Also "the eighth time" ("visited Kyiv for the eighth time") and a verb
-- after an ordinal whose noun is left out ("Her first came in March").
local follows
do
    local events, modifiers, after = {}, {}, {}
    for w in pairs(EVENT) do events[#events + 1] = w end
    for _, ph in ipairs(EVENT_PHRASE) do events[#events + 1] = table.concat(ph.words, " ") end
    for w in pairs(MODIFIER) do modifiers[#modifiers + 1] = w end
    for w in pairs(AFTER) do after[#after + 1] = w end
    local cap_word = R"AZ" * (R("az", "AZ") + P"-")^0 * word_end
    local to = P"to" * word_end
    local event_w = alternation(events)
    local other = R"az" * R("az", "AZ")^0 * word_end - event_w
    follows = (hws * ((alternation(modifiers) + cap_word - event_w) * hws)^-3 * (other * hws)^-1 * event_w
        + hws^-1 * S",.;" + hws * to) * Cc(1) + hws * P"time" * word_end * Cc(2) + hws * alternation(after) * Cc(3)
end

-- A possessor or article just before an ordinal ("his ", "Karaca’s ",
-- "the "), or a capitalised ordinal (a headline's "On Fifth Trip"): the
-- text's last few bytes, as a Lua pattern check.
local function possessor_before(text, s)
    local tail = text:sub(math.max(1, s - 8), s - 1)
    if s == 1 or tail:match("\n%s*$") or text:sub(s, s):match("%u") then return true end
    return tail:match("[%s%p][Hh]i?[se]r?%s+$") or tail:match("^[Hh]i?[se]r?%s+$")
        or tail:match("[Tt]he%s+$") or tail:match("%f[%a][Aa]n?%s+$")
        or tail:match("['\226\128\153]s%s+$") or tail:match("s'%s+$")
end

-- The words around an ordinal: flat position captures over a copy of the
-- window, made into tokens { s, e, k (w word, pos possessive, n number, p
-- other), w, lw } afterwards.
local letter = R("az", "AZ") + (R"\195\223" + R"\227\244") * R"\128\191"^1
local wordchar = R("az", "AZ", "09")^1 + (R"\195\223" + R"\227\244") * R"\128\191"^1
local apos = P"'" + P"\226\128\153"
local word = letter * P"." * (letter * P".")^1
    + wordchar^1 * ((P"-" + apos * -(S"sS" * -wordchar)) * wordchar^1)^0
local possessive = apos * S"sS" * -wordchar + lpeg.B"s" * apos * -wordchar
local token = Cp() * (possessive * Cc"pos" + word * Cc"w" + R"09"^1 * (S",." * R"09"^1)^0 * Cc"n"
    + (R"\194\244" * R"\128\191"^-3 + 1) * Cc"p") * Cp()
local tokens_flat = Ct(((S" \t\r\n"^1 + P_.space^1)^-1 * token)^0)

-- A token's words are made when first read (most tokens are only passed).
local token_mt = { __index = function(t, key)
    if key == "w" then
        local w = t.text:sub(t.s, t.e - 1)
        t.w = w
        return w
    elseif key == "lw" then
        local lw = t.w:lower()
        t.lw = lw
        return lw
    end
end }

-- A window of tokens: an array whose token tables are made when first
-- read (most windows are read a token or two from one end), from the flat
-- captures kept in the window (flat, off, n, text).
local window_mt = {
    __index = function(list, i)
        if math.type(i) ~= "integer" or i < 1 or i > rawget(list, "n") then return nil end
        local flat, j, off = rawget(list, "flat"), 3 * i - 2, rawget(list, "off")
        local t = setmetatable({ s = flat[j] + off, e = flat[j + 2] + off, k = flat[j + 1],
                                 text = rawget(list, "text") }, token_mt)
        rawset(list, i, t)
        return t
    end,
    __len = function(list) return rawget(list, "n") end,
}
local NO_TOKENS = {}

local function tokenize(text, from, to)
    if to <= from then return NO_TOKENS end
    local flat = lpeg.match(tokens_flat, text:sub(from, to - 1))
    return setmetatable({ flat = flat, off = from - 1, n = #flat // 3, text = text }, window_mt)
end

local before = salience.before

---------------------------------------------------------------- extraction

local function extract(doc, emit, found)
    local text = doc.text
    local hits = {}
    for s, e, v in ORDINALS:match(text) do
        local f = lpeg.match(follows, text, e)
        -- "for the eighth time", "for a third time"; "Her first came",
        -- "Menon’s second was": a possessor before an ordinal left alone
        if f and possessor_before(text, s) and (f == 1
           or f == 2 and text:sub(math.max(1, s - 8), s - 1):match("for%s+an?%s+$")
           or f == 2 and text:sub(math.max(1, s - 10), s - 1):match("for%s+the%s+$")
           or f == 3 and not text:sub(math.max(1, s - 8), s - 1):match("[Tt]he%s+$")
                     and not text:sub(math.max(1, s - 8), s - 1):match("%f[%a][Aa]n?%s+$")) then
            hits[#hits + 1] = { s = s, e = e, value = v }
        end
    end
    if #hits == 0 then return end
    local paras = found.paragraphs or {}
    local sents = found.sentences or {}

    -- Names by position: binary searches over the spans found before.
    local lists = {}
    for _, kind in ipairs { "person", "place", "org", "demonym" } do
        lists[#lists + 1] = { kind = kind, list = salience.sorted(found[kind] or {}) }
    end
    local at_start, at_end = {}, {}
    local function ent_start(pos)
        local r = at_start[pos]
        if r ~= nil then return r or nil end
        local b = text:byte(pos)
        if b and b >= 97 and b <= 122 and text:sub(pos, pos + 2) ~= "al-" then return nil end
        r = false
        for _, l in ipairs(lists) do
            local sp = l.list[before(l.list, pos + 1)]
            if sp and sp.s == pos then r = { kind = l.kind, span = sp, s = sp.s, e = sp.e }; break end
        end
        at_start[pos] = r
        return r or nil
    end
    local function ent_end(pos)
        local r = at_end[pos]
        if r ~= nil then return r or nil end
        r = false
        for _, l in ipairs(lists) do
            local sp = l.list[before(l.list, pos)]
            if sp and sp.e == pos then r = { kind = l.kind, span = sp, s = sp.s, e = sp.e }; break end
        end
        at_end[pos] = r
        return r or nil
    end

    -- The canonical name of a place span elsewhere in the document written
    -- `words`, or nil.
    local function place_named(words)
        for _, sp in ipairs(found.place or {}) do
            if sp.e - sp.s == #words and text:sub(sp.s, sp.e - 1) == words then
                local a = sp.attrs or {}
                return type(a.name) == "string" and a.name or words
            end
        end
        return nil
    end

    local ctx -- built on the first ordinal that needs it
    local function context()
        ctx = ctx or salience.of(doc, found)
        return ctx
    end
    local function name_of(sp)
        local a = sp.attrs or {}
        if type(a.name) == "string" then return a.name end
        return doc:sub(sp.s, sp.e)
    end

    local last_event -- { e =, event =, actor = } of the last span emitted
    local series = {} -- event noun -> the last span emitted of it with an actor

    local function record(span_s, e, actor, ordinal, event, dest)
        emit("ordinal_event", span_s, e, {
            actor = actor or NULL,
            ordinal = ordinal,
            event = event,
            destination = dest or NULL,
        })
        last_event = { e = e, event = event, actor = actor }
        if actor then series[event] = last_event end
    end

    -- "visited Tripoli for the eighth time": the event the verb names, of
    -- the verb's subject (a name or he/she before it in the sentence); the
    -- span is "the eighth time".
    local function time_event(o, ss, time_tok)
        local left = tokenize(text, math.max(ss, o.s - 240), o.s)
        local n = #left
        local art, prep = left[n], left[n - 1]
        if not (art and prep and (art.lw == "the" or art.lw == "a") and prep.lw == "for") then return end
        local event, vj
        for j = n - 2, 1, -1 do
            local w = left[j]
            if w.k == "w" and VERB_EVENT[w.lw] then event, vj = VERB_EVENT[w.lw], j; break end
        end
        if not event then return end
        for j = vj - 1, 1, -1 do
            local w = left[j]
            local rec = ent_end(w.e)
            if rec and rec.kind == "person" then
                return record(art.s, time_tok.e, name_of(rec.span), o.value, event, nil)
            end
            if w.k == "w" and SUBJECT[w.lw] then
                local sp = context():pronoun(w.s, SUBJECT[w.lw])
                return record(art.s, time_tok.e, sp and name_of(sp), o.value, event, nil)
            end
        end
    end

    for _, o in ipairs(hits) do
        local pi = before(paras, o.s + 1)
        local p = paras[pi]
        local ps, pe = p and p.s or 1, p and p.e or #text + 1
        local si = before(sents, o.s + 1)
        local ss = sents[si] and math.max(sents[si].s, ps) or ps

        -------------------------------------------- the words after
        local right = tokenize(text, o.e, math.min(pe, o.e + 90))
        if right[1] and right[1].lw == "time" then
            time_event(o, ss, right[1])
            goto next_hit
        end
        local k = 1
        -- modifiers: "foreign", "NATO", one other content word ("shuttle")
        local free = 1
        for _ = 1, 3 do
            local t = right[k]
            if not t then break end
            local rec = ent_start(t.s)
            local nx = right[k + 1]
            if rec and rec.kind ~= "person" then
                while right[k] and right[k].s < rec.e do k = k + 1 end
            elseif t.k == "w" and MODIFIER[t.lw] and nx and nx.k == "w" then
                k = k + 1
            elseif t.k == "w" and free > 0 and t.lw:match("^%l") and not EVENT[t.lw]
                   and not gaz.stopwords()[t.lw] and nx and nx.k == "w" and EVENT[nx.lw] then
                free = free - 1
                k = k + 1
            else
                break
            end
        end
        local event, ev_end
        for _, ph in ipairs(EVENT_PHRASE) do
            local ok = true
            for n, w in ipairs(ph.words) do
                local t = right[k + n - 1]
                if not t or t.lw ~= w then ok = false; break end
            end
            if ok then
                event, ev_end = ph.value, right[k + #ph.words - 1].e
                k = k + #ph.words
                break
            end
        end
        if not event and right[k] and right[k].k == "w" and EVENT[right[k].lw] then
            event, ev_end = EVENT[right[k].lw], right[k].e
            k = k + 1
        end
        local elided = false
        if not event then
            k = 1
            local t = right[1]
            if t and (ELIDED_NEXT[t.lw] or AFTER[t.lw]) then elided = true end
        end

        -------------------------------------------- the possessor
        local left = tokenize(text, math.max(ss, o.s - 48), o.s)
        local n = #left
        local lt = left[n]
        local actor, span_s, has_actor = nil, nil, false
        local article = false
        if lt and lt.k == "w" and POSSESSIVE[lt.lw] and (event or elided) then
            local sp = context():pronoun(lt.s, POSSESSIVE[lt.lw])
            actor, span_s, has_actor = sp and name_of(sp), lt.s, true
        elseif lt and lt.k == "pos" and (event or elided) then
            local prev = left[n - 1]
            local rec = ent_end(prev and prev.e or -1)
            if rec and rec.kind == "person" then
                actor, span_s, has_actor = name_of(rec.span), rec.s, true
            elseif not rec and prev and prev.k == "w" and prev.w:match("^%u%l") and not_a_word(prev.w) then
                -- a name the people extractor missed: the person of the
                -- article with that surname, else the word as written
                actor, span_s, has_actor = context():surname(prev.w) or prev.w, prev.s, true
            elseif left[n - 1] and left[n - 1].k == "w" and ROLE[left[n - 1].lw] then
                -- "the Emirati minister’s second trip", "America’s top
                -- diplomat’s twelfth trip"
                local start = n - 1
                for j = n - 2, math.max(1, n - 5), -1 do
                    local w = left[j]
                    if w.k == "w" and ARTICLE[w.lw] then start = j; break end
                    if w.k == "pos" and left[j - 1] and left[j - 1].w:match("^%u") then start = j - 1; break end
                    if w.k ~= "w" or gaz.stopwords()[w.lw] then break end
                    start = j
                end
                local w = left[start]
                local sp = context():role(w.s, left[n - 1].lw) or context():person_before(w.s)
                actor, span_s, has_actor = sp and name_of(sp), w.s, true
            end
        elseif lt and lt.k == "w" and ARTICLE[lt.lw] then
            article = true
            span_s = lt.s
            -- "It was the first visit ...": the event of the person the
            -- sentence is about
            local v, subj = left[n - 1], left[n - 2]
            if event and not event:find(" ", 1, true) and v and subj and COPULA[v.lw]
               and (subj.lw == "it" or subj.lw == "this") then
                local sp = context():pronoun(subj.s, nil)
                actor, has_actor = sp and name_of(sp), sp ~= nil
            end
        elseif lt and lt.k == "w" and (lt.lw == "a" or lt.lw == "an") and event
               and left[n - 1] and INDEF_VERB[left[n - 1].lw] then
            -- "made a third visit", "is on a third visit": the subject's
            span_s = lt.s
            local sp = context():pronoun(lt.s, nil)
            actor, has_actor = sp and name_of(sp), sp ~= nil
        elseif event and p and p.kind == "headline" and text:sub(o.s, o.s):match("%u") then
            -- a headline without its article: "Twelfth Trip, Same
            -- Stalemate", "On Fifth Trip, X Tells ..."
            local pro = context():protagonist(#text + 1, nil, true)
            actor, span_s, has_actor = pro and name_of(pro.span), o.s, pro ~= nil
        end

        -------------------------------------------- after the event
        -- "to Israel", "to the region": the destination directly attached
        local function destination(j0)
            local t = right[j0]
            if not (t and t.k == "w" and DEST_PREP[t.lw]) then return nil end
            local j = j0 + 1
            if right[j] and right[j].lw == "the" then j = j + 1 end
            local x = right[j]
            local rec = x and ent_start(x.s)
            if rec and rec.kind == "place" then
                while right[j + 1] and right[j + 1].s < rec.e do j = j + 1 end
                return name_of(rec.span), rec.e, j + 1
            elseif x and x.k == "w" and x.lw:match("^%l") and right[j - 1].lw == "the" and not ROLE[x.lw]
                   and not DEST_PREP[x.lw] then
                -- "to the region", "to the southern city": the lower-case
                -- words of the phrase, up to a function word
                local last = j
                while last - j < 2 do
                    local w = right[last + 1]
                    if not (w and w.k == "w" and w.lw:match("^%l") and not gaz.stopwords()[w.lw]
                            and not ROLE[w.lw] and not DEST_PREP[w.lw]) then break end
                    last = last + 1
                end
                return false, right[last].e, last + 1
            elseif x and x.k == "w" and not rec and x.w:match("^%u%l") and not_a_word(x.w) then
                -- a capitalised name no extractor found here: as a place
                -- span elsewhere names it, else as written
                local last = j
                while right[last + 1] and right[last + 1].k == "w" and right[last + 1].w:match("^%u%l")
                      and not ent_start(right[last + 1].s) and last - j < 2 do
                    last = last + 1
                end
                local words = text:sub(x.s, right[last].e - 1)
                return place_named(words) or words, right[last].e, last + 1
            end
            return nil
        end
        -- "by NAME", "by an Indian foreign minister"
        local function by_whom(j0)
            if not (right[j0] and right[j0].lw == "by") then return nil end
            local t = right[j0 + 1]
            local rec = t and ent_start(t.s)
            if rec and rec.kind == "person" then
                local j = j0 + 1
                while right[j + 1] and right[j + 1].s < rec.e do j = j + 1 end
                return name_of(rec.span), rec.e, j + 1
            elseif t and t.k == "w" and t.lw:match("^%l") then
                local j = j0 + 1
                local head
                while right[j] and right[j].k == "w" and not DEST_PREP[right[j].lw] and j - j0 <= 5 do
                    if ROLE[right[j].lw] then head = right[j].lw end
                    j = j + 1
                end
                if head then
                    local sp = context():role(o.s, head) or context():person_before(o.s)
                    return sp and name_of(sp) or false, right[j - 1].e, j
                end
            end
            return nil
        end

        local e = event and ev_end or o.e
        local dest
        if event and not (article and elided) then
            local d, de, dk = destination(k)
            if d ~= nil then dest, e, k = d or nil, de, dk end
            if article then
                local who, we, wk = by_whom(k)
                if who ~= nil then
                    actor, has_actor, e, k = who or nil, true, we, wk
                    if dest == nil then
                        d, de = destination(k)
                        if d ~= nil then dest, e = d or nil, de end
                    end
                end
            end
        end
        if article and elided and last_event and last_event.e > ss - 400 and last_event.e < o.s then
            -- "The eighth, in April, ...": the events counted just before
            event, actor, has_actor = last_event.event, last_event.actor, true
        end
        if article and event and not has_actor and right[k] then
            -- "the fifth visit Alvarez has made": the person after it
            local rec = ent_start(right[k].s)
            local nx
            if rec and rec.kind == "person" then
                local j = k
                while right[j] and right[j].s < rec.e do j = j + 1 end
                nx = right[j]
            end
            if nx and nx.k == "w" and (nx.lw == "has" or nx.lw == "had" or INDEF_VERB[nx.lw]) then
                actor, has_actor, e = name_of(rec.span), true, rec.e
            end
        end
        if article and event and not has_actor and series[event] and not event:find(" ", 1, true) then
            -- "the 12th trip" after "her eleventh trip": the same series
            actor, has_actor = series[event].actor, true
        end

        if has_actor and not event and elided then
            -- "This visit, Blinken’s eighth": the event noun before it
            for j = #left, 1, -1 do
                local w = left[j]
                if w.k == "w" and EVENT[w.lw] then event = EVENT[w.lw]; break end
            end
            if not event then
                -- "Diallo has made three trips to Benghazi. Her first came
                -- in March": the event noun of the sentence before
                local prev = sents[si - 1]
                if prev and prev.s < ss then
                    for _, w in ipairs(tokenize(text, math.max(prev.s, ss - 300), ss)) do
                        if w.k == "w" and EVENT[w.lw] then event = EVENT[w.lw] end
                    end
                end
            end
            if not event and last_event and last_event.e > ss - 400 then event = last_event.event end
        end

        if has_actor and event then
            if elided and not article then
                local d, de = destination(1)
                if d ~= nil then dest, e = d or nil, de end
            end
            record(span_s, e, actor, o.value, event, dest)
        end
        ::next_hit::
    end
end

return {
    name = "ordinals",
    version = "5",
    kinds = { "ordinal_event" },
    needs = { "person", "place", "org" },
    extract = extract,
}
