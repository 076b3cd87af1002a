--[[
lede.extract.quotes -- quotations and who said them (kind quote).

Promise: every quotation in “curly”, "straight", ‘single’ or «guillemet»
marks becomes one span of the words between the marks (a multi-paragraph
quotation, opened on each paragraph and closed only at the end, one span
per paragraph), with
  speaker       the canonical name of the person (or named body, or country)
                the words are attributed to, or lede.json.null when nothing
                in the text attributes them -- never a guess;
  cue           the attribution word as written, lower case ("said",
                "told", "according to"), or null;
  speaker_text  the words naming the speaker ("he", "Haddad",
                "Haddad’s office", "a senior official"), or null;
  partial       true for fragments worked into the writer's sentence and
                scare quotes.
Attribution follows news writing: “...,” he said / said NAME / NAME told
reporters; NAME said: “...” (also across a paragraph ending in a colon);
NAME said ... that X was “...”; According to NAME, ... “...”; said a
statement from ORG; NAME’s office said; “...,” the statement said (the
last named body); a quote standing alone after an attributed one or after
a sentence naming its speaker; a quotation in a headline takes the speaker
of the same words later in the article. Pronouns and descriptions ("the
minister") are resolved by lede.extract.salience.

Cost: quotations are found by one LPeg scan of the text that jumps between
quotation-mark bytes; everything else reads only the sentences around a
quotation, so the time is the scan's plus a little per quote.
Vocabulary comes from data/: speech_verbs.txt, quote_cues.txt,
pronouns.txt, titles.txt.
]]

local lpeg = require "lpeg"
local P_ = require "lede.patterns"
local data = require "lede.data"
local json = require "lede.json"
local salience = require "lede.extract.salience"

local P, R, S = lpeg.P, lpeg.R, lpeg.S
local C, Cc, Cp, Ct, Cg, Cmt, Carg = lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Ct, lpeg.Cg, lpeg.Cmt, lpeg.Carg

local NULL = json.null

---------------------------------------------------------------- vocabulary

-- Speech verbs: single words and two-word phrases ("according to",
-- "pointed out"), lowercase form -> lemma.
local CUE1, CUE2 = {}, {}
local function add_cue(form, lemma)
    local a, b = form:match("^(%S+) (%S+)$")
    if a then CUE2[a .. " " .. b] = lemma
    elseif not form:find(" ", 1, true) then CUE1[form] = lemma end
end
for _, row in ipairs(data.table("speech_verbs.txt")) do add_cue(row[1], row[2]) end

local PROXY, ANAPHOR, ADVERB, SOURCES = {}, {}, {}, {}
for _, row in ipairs(data.table("quote_cues.txt")) do
    local kind, words, value = row[1], row[2], row[3]
    if kind == "cue" then add_cue(words, value)
    elseif kind == "proxy" then PROXY[words] = true
    elseif kind == "anaphor" then ANAPHOR[words] = value
    elseif kind == "adverb" then ADVERB[words] = true
    elseif kind == "source" then
        local list = {}
        for w in words:gmatch("%S+") do list[#list + 1] = w end
        SOURCES[#SOURCES + 1] = list
    end
end
-- Phrases of speech_verbs.txt that only restate a cue ("in a statement")
-- are not cues of their own.
CUE2["in a"], CUE2["in an"], CUE2["in remarks"] = nil, nil, nil

local PRONOUN = {}
for _, row in ipairs(data.table("pronouns.txt")) do
    PRONOUN[row[1]] = { gender = row[2], number = row[3], case = row[4] }
end

-- Head words of role nouns ("the minister", "the spokeswoman").
local ROLE = {}
for _, row in ipairs(data.table("titles.txt")) do
    local title = row[1]
    if title:match("^%l") and row[4] == "any" then
        local head = title:match("(%a+)$")
        if head then ROLE[head] = true end
    end
end

-- Small closed classes of the grammar of attribution.
local PREPOSITION = {}
for w in ("of at in on for from with by to about over under between against into near "
          .. "across after before during among like than via toward towards within "
          .. "without behind beside upon through around outside inside"):gmatch("%a+") do
    PREPOSITION[w] = true
end
local DETERMINER = {}
for w in ("the a an his her its their this that these those our my your whose"):gmatch("%a+") do
    DETERMINER[w] = true
end
local COORD = { ["and"] = true, ["but"] = true, ["or"] = true }
local BE = { be = true, been = true, being = true, is = true, are = true, was = true, were = true }

---------------------------------------------------------------- patterns

-- Jump between bytes that may start a quotation mark: " ' and the lead
-- bytes of “ ‘ « (E2, C2).
local qstart = S"\"'\226\194"
local quote_scan = Ct((P_.quote + (1 - qstart)^1 + 1)^0)

local OPENERS = { ["\226\128\156"] = true, ["\226\128\152"] = true, ["\194\171"] = true,
                  ['"'] = true, ["'"] = true }
local open_mark = P"\226\128\156" + P"\226\128\152" + P"\194\171" + S"\"'"
local para_open = C(open_mark) * #(1 - P_.space) * Cp()

-- Context tokens, up to a limit position (Carg 1): words, numbers,
-- possessives, dashes, quotation marks and other punctuation.
local limit = Cmt(Carg(1), function(_, pos, lim) return pos < lim end)
local qmark = P"\226\128\156" + P"\226\128\157" + P"\226\128\152" + P"\226\128\153"
    + P"\194\171" + P"\194\187" + S"\"'"
local digits = R"09"^1 * (S",." * R"09"^1)^0 * P"%"^-1
local token = Ct(Cg(Cp(), "s") * (
      P_.possessive * Cg(Cc"pos", "k")
    + P_.word * Cg(Cc"w", "k")
    + digits * Cg(Cc"n", "k")
    + P_.dash * Cg(Cc"d", "k")
    + qmark * Cg(Cc"q", "k")
    + (R"\194\244" * R"\128\191"^-3 + 1) * Cg(Cc"p", "k")) * Cg(Cp(), "e"))
local tokens_pat = Ct((P_.space^0 * limit * token)^0)

---------------------------------------------------------------- helpers

local before = salience.before

local function upper_initial(w) return w:match("^[A-Z]") ~= nil or w:match("^[\195-\208]") ~= nil end

-- Tokens of text[from, to), with each quotation inside the range as one
-- token {k = "Q", quote = q}.
local function tokenize(text, from, to, quotes, qi)
    local out = {}
    local pos = from
    local function add_range(a, b)
        if a >= b then return end
        local list = lpeg.match(tokens_pat, text, a, b)
        for _, t in ipairs(list) do
            local w = text:sub(t.s, t.e - 1)
            t.w, t.lw = w, w:lower()
            out[#out + 1] = t
        end
    end
    -- quotations overlapping [from, to)
    local i = qi
    while i > 1 and quotes[i - 1].qe > from do i = i - 1 end
    while i <= #quotes and quotes[i].qs < to do
        local q = quotes[i]
        if q.qe > from then
            if q.qs > pos then add_range(pos, q.qs) end
            if q.qs >= from and q.qe <= to then
                out[#out + 1] = { k = "Q", s = q.qs, e = q.qe, quote = q, w = "", lw = "" }
                pos = q.qe
            else
                pos = math.max(pos, math.min(q.qe, to))
            end
        end
        i = i + 1
    end
    add_range(pos, to)
    return out
end

-- The cue at token i: lemma, the cue text, the index of its last token.
local function cue_at(toks, i)
    local t = toks[i]
    if not t or t.k ~= "w" then return nil end
    local nx = toks[i + 1]
    if nx and nx.k == "w" then
        local two = t.lw .. " " .. nx.lw
        if CUE2[two] and (t.lw == "according" or not CUE1[t.lw]) then
            return CUE2[two], two, i + 1
        end
    end
    local lemma = CUE1[t.lw]
    if not lemma then return nil end
    -- after a determiner it is a noun ("the state", "a warning")
    local pv = toks[i - 1]
    if pv and pv.k == "w" and DETERMINER[pv.lw] then return nil end
    -- a passive ("had been declared") names no speaker before it
    if pv and pv.k == "w" and BE[pv.lw] and t.lw:match("[de]d$") then return nil end
    if t.w:match("^%u") and i > 1 and not (pv and (pv.k == "q" or pv.k == "d" or pv.w == ":")) then
        return nil -- a capitalised cue inside a sentence is a name ("Said")
    end
    return lemma, t.lw, i
end

---------------------------------------------------------------- extraction

local function extract(doc, emit, found)
    local text = doc.text
    local paras = found.paragraphs or {}
    local sents = found.sentences or {}

    -------------------------------------------------- find the quotations
    local quotes = {}
    for _, m in ipairs(lpeg.match(quote_scan, text)) do
        quotes[#quotes + 1] = { s = m.s, e = m.e, qs = m.qs, qe = m.qe, closed = true }
    end
    -- Paragraphs opened by a mark that closes in no later part of them:
    -- parts of a multi-paragraph quotation (or a quotation left open).
    local taken = {}
    for _, q in ipairs(quotes) do taken[q.qs] = true end
    local extra = false
    for pi, p in ipairs(paras) do
        if not taken[p.s] then
            local mark, after = lpeg.match(para_open, text, p.s)
            if mark and OPENERS[mark] and after <= p.e then
                -- the paragraph must hold no quotation starting inside it
                local i = before(quotes, p.e)
                if i == 0 or quotes[i].qs < p.s then
                    local e = p.e
                    while e > after and text:sub(e - 1, e - 1):match("%s") do e = e - 1 end
                    if e > after then
                        quotes[#quotes + 1] = { s = after, e = e, qs = p.s, qe = p.e, closed = false, para = pi }
                        extra = true
                    end
                end
            end
        end
    end
    if #quotes == 0 then return end
    if extra then table.sort(quotes, function(a, b) return a.s < b.s end) end

    local function para_of(pos)
        local i = before(paras, pos + 1)
        return i > 0 and i or 1
    end
    local function sent_of(pos)
        local i = before(sents, pos + 1)
        return i > 0 and i or 1
    end
    for i, q in ipairs(quotes) do
        q.i = i
        q.para = q.para or para_of(q.qs)
    end
    -- Multi-paragraph groups: an open part, then the next paragraph's
    -- quotation when it starts that paragraph.
    for i, q in ipairs(quotes) do
        if not q.closed and not q.group then q.group = { q } end
        if not q.closed then
            local nx = quotes[i + 1]
            if nx and nx.para == q.para + 1 and paras[nx.para] and nx.qs == paras[nx.para].s then
                nx.group = q.group
                q.group[#q.group + 1] = nx
            end
        end
    end

    -------------------------------------------------- the mentions
    local ctx = salience.new(doc, found)
    local ent_start, ent_end = {}, {}
    local function index(list, kind)
        for _, sp in ipairs(list or {}) do
            local rec = { kind = kind, span = sp, s = sp.s, e = sp.e }
            if not ent_start[sp.s] then ent_start[sp.s] = rec end
            if not ent_end[sp.e] then ent_end[sp.e] = rec end
        end
    end
    index(found.person, "person")
    index(found.org, "org")
    index(found.place, "place")

    local function name_of(rec)
        local a = rec.span.attrs or {}
        if type(a.name) == "string" then return a.name end
        return doc:sub(rec.s, rec.e)
    end

    -- A speaker: { speaker = name|NULL, text_s, text_e }
    local function resolved(name, s, e)
        return { speaker = name or NULL, s = s, e = e }
    end

    -- What the candidate at toks[first..last] names.
    local function resolve_candidate(c, pos)
        if c.kind == "person" or c.kind == "org" or c.kind == "place" then
            return resolved(name_of(c.rec), c.s, c.e)
        elseif c.kind == "pronoun" then
            local g = c.gender
            local sp
            if g == "n" then sp = ctx:org_before(pos)
            elseif g == "m" or g == "f" then
                sp = ctx:pronoun(pos, g)
                if sp then ctx:refer(pos, sp, g) end
            end
            return resolved(sp and name_of { span = sp, s = sp.s, e = sp.e } or nil, c.s, c.e)
        elseif c.kind == "anaphor" then
            local sp = ctx:org_before(pos)
            if not sp then sp = ctx:person_before(pos) end
            return resolved(sp and name_of { span = sp, s = sp.s, e = sp.e } or nil, c.s, c.e)
        elseif c.kind == "role" then
            local sp = ctx:role(pos, c.word)
            return resolved(sp and name_of { span = sp, s = sp.s, e = sp.e } or nil, c.s, c.e)
        end
        return nil
    end

    -- The candidate speaker whose last token is toks[j]: an entity, X's
    -- office, a subject pronoun, "the statement", "the minister".
    local function candidate_ending(toks, j, lo)
        local t = toks[j]
        if not t or j < lo then return nil end
        local rec = ent_end[t.e]
        if rec then
            local cj = j
            while cj > lo and toks[cj].s > rec.s do cj = cj - 1 end
            if toks[cj].s == rec.s then
                return { kind = rec.kind, rec = rec, first = cj, last = j, s = rec.s, e = rec.e }
            end
        end
        if t.k ~= "w" then return nil end
        if PROXY[t.lw] then
            local pv = toks[j - 1]
            if pv and pv.k == "pos" then
                local inner = candidate_ending(toks, j - 2, lo)
                if inner and inner.kind == "person" then
                    inner.last, inner.e = j, t.e
                    return inner
                end
            elseif pv and pv.k == "w" and (pv.lw == "his" or pv.lw == "her") and j - 1 >= lo then
                return { kind = "pronoun", gender = pv.lw == "his" and "m" or "f",
                         first = j - 1, last = j, s = pv.s, e = t.e }
            end
        end
        local pr = PRONOUN[t.lw]
        if pr and pr.case == "subject" then
            return { kind = "pronoun", gender = (pr.number == "sg" or pr.gender == "n") and pr.gender or "u",
                     first = j, last = j, s = t.s, e = t.e }
        end
        -- "the statement", "the Emirati minister"
        local head_kind = ANAPHOR[t.lw] and "anaphor" or (ROLE[t.lw] and "role")
        if head_kind then
            for k = j - 1, math.max(lo, j - 3), -1 do
                local w = toks[k]
                if w.k ~= "w" then break end
                if w.lw == "the" then
                    return { kind = head_kind, word = t.lw, first = k, last = j, s = w.s, e = t.e }
                end
            end
        end
        return nil
    end

    -- An object of a preposition is no speaker.
    local function is_object(toks, c)
        local pv = toks[c.first - 1]
        if not pv or pv.k ~= "w" then return false end
        if PREPOSITION[pv.lw] then return true end
        if pv.lw == "the" then
            local pp = toks[c.first - 2]
            return pp and pp.k == "w" and PREPOSITION[pp.lw] or false
        end
        return false
    end

    -- The words of an unnamed speaker ending at toks[j]: back to the last
    -- punctuation or the clause start.
    local function noun_phrase_before(toks, j, lo)
        local k = j
        while k > lo and toks[k - 1].k == "w" and not CUE1[toks[k - 1].lw] do k = k - 1 end
        return toks[k].s, toks[j].e
    end

    -- The speaker of the cue at toks[vi] from the words before it (back to
    -- lo); returns a resolved speaker, or nil when no subject is found.
    local subject_before
    subject_before = function(toks, vi, lo, unnamed_ok)
        local j = vi - 1
        while j >= lo and toks[j].k == "w" and (ADVERB[toks[j].lw] or toks[j].lw:match("^%l+ly$")) do
            j = j - 1
        end
        if j < lo then return nil end
        local t = toks[j]
        local c = candidate_ending(toks, j, lo)
        if c and not is_object(toks, c) then return resolve_candidate(c, t.s) end
        if t.k == "p" and t.w == "," then
            -- "…, Aaron Pike, said": the name closing an apposition
            c = candidate_ending(toks, j - 1, lo)
            if c and not is_object(toks, c) then
                local pv = toks[c.first - 1]
                if c.first == lo or (pv and (pv.w == "," or pv.k == "q" or pv.k == "Q")) then
                    return resolve_candidate(c, toks[c.first].s)
                end
            end
            -- "Oumar Bah, a researcher at ..., said": the name before it
            for k = j - 1, math.max(lo, j - 40), -1 do
                local w = toks[k]
                if w.k == "Q" or (w.k == "p" and (w.w == ";" or w.w == "." or w.w == ":")) then break end
                if w.k == "w" and cue_at(toks, k) then break end
                if w.k == "p" and w.w == "," then
                    c = candidate_ending(toks, k - 1, lo)
                    if c and not is_object(toks, c) then return resolve_candidate(c, toks[c.first].s) end
                    break
                end
            end
            -- an unnamed speaker with an apposition
            if unnamed_ok then
                local k = j - 1
                while k >= lo and not (toks[k].k == "p" and toks[k].w == ",") do k = k - 1 end
                if k > lo and toks[k - 1].k == "w" and toks[k - 1].lw:match("^%l") then
                    local s, e = noun_phrase_before(toks, k - 1, lo)
                    ctx:unnamed(s)
                    return resolved(nil, s, e)
                end
            end
            return nil
        end
        if unnamed_ok and t.k == "w" and t.lw:match("^%l") and not COORD[t.lw] and not PREPOSITION[t.lw]
           and not DETERMINER[t.lw] then
            local s, e = noun_phrase_before(toks, j, lo)
            ctx:unnamed(s)
            return resolved(nil, s, e)
        end
        return nil
    end

    -- An unnamed speaker from toks[j]: "a Hamas official who ...", "one
    -- diplomat in Bratislava" -- unless a name stands in apposition to it
    -- ("a volunteer who gave only his first name, Emre").
    local function unnamed_from(toks, j)
        local t = toks[j]
        local m = j
        while toks[m + 1] and (toks[m + 1].k == "w" or toks[m + 1].k == "pos")
              and toks[m + 1].lw ~= "who" and not PREPOSITION[toks[m + 1].lw] do
            m = m + 1
        end
        for n = m + 1, #toks do
            local y = toks[n]
            if y.k == "Q" then break end
            if y.k == "p" and y.w == "," then
                local r = toks[n + 1] and ent_start[toks[n + 1].s]
                if r and r.kind == "person" then
                    local nx
                    for z = n + 1, #toks do
                        if toks[z].s >= r.e then nx = toks[z]; break end
                    end
                    if not nx or (nx.k == "p" and (nx.w == "." or nx.w == "," or nx.w == ";")) then
                        return resolved(name_of(r), r.s, r.e)
                    end
                end
            end
        end
        ctx:unnamed(t.s)
        return resolved(nil, t.s, toks[m].e)
    end

    -- The speaker named from toks[j] on, after a cue: "said NAME", "said
    -- the State Department", "said a statement from ORG", "according to
    -- the minister", "said a volunteer ..., Emre".
    local function np_after(toks, j)
        local t = toks[j]
        if not t then return nil end
        for _, src in ipairs(SOURCES) do
            local ok = true
            for k, w in ipairs(src) do
                local x = toks[j + k - 1]
                if not x or x.lw ~= w then ok = false; break end
            end
            if ok then
                j = j + #src
                t = toks[j]
                if not t then return nil end
                break
            end
        end
        local k = j
        if t.k == "w" and t.lw == "the" and toks[j + 1] then k = j + 1 end
        local x = toks[k]
        local rec = ent_start[x.s]
        if rec then
            local m = k
            while toks[m + 1] and toks[m + 1].s < rec.e do m = m + 1 end
            local after = toks[m + 1]
            -- "Israel’s intelligence agency", "a Hamas official", "one
            -- State Department official": a name inside an unnamed speaker
            local modifier = after and (after.k == "pos"
                or (after.k == "w" and (ROLE[after.lw] or PROXY[after.lw]
                                        or ROLE[after.lw:match("^(.-)s$") or ""])))
            if not modifier then
                return resolved(name_of(rec), toks[j].s, rec.e)
            end
            return unnamed_from(toks, j)
        end
        if t.k ~= "w" then return nil end
        local pr = PRONOUN[t.lw]
        if pr then
            if pr.case ~= "subject" then return nil end
            return resolve_candidate({ kind = "pronoun", gender = pr.number == "sg" and pr.gender or "u",
                                       s = t.s, e = t.e }, t.s)
        end
        for m = j + 1, math.min(#toks, j + 4) do
            local c = candidate_ending(toks, m, j)
            if c and c.first == j and (c.kind == "anaphor" or c.kind == "role") then
                return resolve_candidate(c, t.s)
            end
        end
        if upper_initial(t.w) and t.lw ~= "the" and not DETERMINER[t.lw] then
            return nil -- a name the extractors do not know: no guess
        end
        return unnamed_from(toks, j)
    end

    -------------------------------------------------- clause bounds
    local function prev_nonspace(pos, lo)
        local i = pos - 1
        while i >= lo do
            local b = text:byte(i)
            if b ~= 32 and b ~= 9 and b ~= 10 and b ~= 13 then
                -- step back to the lead byte of a UTF-8 character
                while i > lo and b >= 0x80 and b < 0xC0 do i = i - 1; b = text:byte(i) end
                return i
            end
            i = i - 1
        end
        return nil
    end

    local function clause_of(q)
        local p = paras[q.para]
        local ps, pe = p and p.s or 1, p and p.e or #text + 1
        local ci = prev_nonspace(q.qs, ps)
        local start
        if not ci then
            start = q.qs
        else
            local c = text:sub(ci, ci)
            if c == "." or c == "?" or c == "!" then
                start = q.qs
            else
                start = math.max(sents[sent_of(q.qs)] and sents[sent_of(q.qs)].s or ps, ps)
                local r = quotes[q.i - 1]
                while r and r.para == q.para and r.qs < start and start < r.qe do
                    start = r.S or r.qs
                    r = quotes[r.i - 1]
                end
            end
        end
        local E = sents[sent_of(q.qe - 1)] and sents[sent_of(q.qe - 1)].e or pe
        if E < q.qe then E = q.qe end
        if E > pe then E = pe end
        local nx = quotes[q.i + 1]
        if nx and nx.qs < E and nx.qs >= q.qe then E = nx.qs end
        q.S, q.E, q.lead_char = start, E, ci and text:sub(ci, ci) or nil
        -- a fragment: a word of the writer's sentence just before the mark
        local partial = false
        if ci and start < q.qs then
            local b = text:byte(ci)
            if (b >= 48 and b <= 57) or (b >= 65 and b <= 90) or (b >= 97 and b <= 122) or b >= 0xC3 and b <= 0xDF
               or b == 41 then
                partial = true
            end
        end
        if not partial and q.closed then
            local last = text:sub(q.e - 1, q.e - 1)
            if last:match("[%w]") then
                local j = q.qe
                while j < E and text:sub(j, j):match("[ \t]") do j = j + 1 end
                local nxt = text:sub(j, j)
                if nxt:match("%l") then
                    local word = text:match("^%a+", j) or ""
                    if not CUE1[word] and not PRONOUN[word] and word ~= "the" then partial = true end
                end
            end
        end
        q.partial = partial
    end

    -------------------------------------------------- attribution
    local function result(sp, cue_text)
        return { speaker = sp and sp.speaker or NULL, cue = cue_text,
                 st_s = sp and sp.s, st_e = sp and sp.e }
    end

    -- Only a title before a name: "Ministry of External Affairs
    -- spokeswoman Priya Raghavan told".
    local function titled(toks, i, upto)
        local n = 0
        local last
        for k = i, #toks do
            local t = toks[k]
            if t.s >= upto then break end
            if t.k ~= "w" or cue_at(toks, k) or PRONOUN[t.lw] or (k > i and DETERMINER[t.lw]) then return false end
            n = n + 1
            last = t
        end
        return n <= 8 and last ~= nil and (upper_initial(last.w) or ROLE[last.lw] ~= nil)
    end

    -- “...,” he said / said NAME / NAME told reporters
    local function after_quote(q)
        local toks = tokenize(text, q.qe, q.E, quotes, q.i)
        local i = 1
        while toks[i] and toks[i].k == "p" and toks[i].w == "," do i = i + 1 end
        if not toks[i] then return nil end
        -- "“...” — NAME, on Monday": a signature after a dash
        if toks[i].k == "d" and toks[i + 1] then
            local rec = ent_start[toks[i + 1].s]
            if rec and rec.kind ~= "place" then return result(resolved(name_of(rec), rec.s, rec.e), nil) end
        end
        local lemma, cue, last = cue_at(toks, i)
        -- "“...,” said NAME" -- but "“...,” emphasizing X" is no attribution
        if lemma and cue ~= "according to" and not cue:match("ing$") then
            local sp = np_after(toks, last + 1)
            if sp then return result(sp, cue) end
        end
        -- NAME [, apposition,] VERB within a few words
        for k = i + 1, math.min(#toks, i + 30) do
            local t = toks[k]
            if t.k == "Q" or (t.k == "p" and (t.w == "." or t.w == ";" or t.w == ":")) then break end
            local lm, cu = cue_at(toks, k)
            if lm and cu ~= "according to" then
                local sp = subject_before(toks, k, i, true)
                if sp and (sp.s == toks[i].s or (sp.speaker ~= NULL and titled(toks, i, sp.s))
                           or (toks[i].lw == "the" and toks[i + 1] and toks[i + 1].s == sp.s)) then
                    return result(sp, cu)
                end
                break
            end
        end
        return nil
    end

    -- NAME said: “...” / NAME said X was “...” / According to NAME, ... “...”
    local attributions -- forward declaration: results by quote index
    local function before_quote(q, from, to)
        local toks = tokenize(text, from, to, quotes, q.i)
        local n = #toks
        for vi = n, 1, -1 do
            local t = toks[vi]
            if t.k == "w" then
                local lemma, cue, last = cue_at(toks, vi)
                if lemma and cue == "according to" then
                    local sp = np_after(toks, last + 1)
                    if sp then return result(sp, cue) end
                elseif lemma then
                    local pv = toks[vi - 1]
                    local coordinated = t.lw:match("ing$") or (pv and (COORD[pv.lw] or pv.lw == "then"))
                    local sp = subject_before(toks, vi, 1, not coordinated)
                    if sp then return result(sp, cue) end
                    if coordinated then
                        -- "..., adding that": the subject of the verb before
                        for k = vi - 1, 1, -1 do
                            local lm = cue_at(toks, k)
                            if lm then
                                local sp2 = subject_before(toks, k, 1, true)
                                if sp2 then return result(sp2, cue) end
                                break
                            end
                            if toks[k].k == "Q" then
                                local r = attributions[toks[k].quote.i]
                                if r and r.speaker ~= NULL then
                                    return { speaker = r.speaker, cue = cue, st_s = r.st_s, st_e = r.st_e }
                                end
                            end
                        end
                    end
                    return result(nil, cue)
                end
            end
        end
        return nil
    end

    attributions = {}

    -- Who a sentence (or lead-in) [from, to) before quote q points to:
    -- the speaker of a quotation in it, "X said:", a possessive opening
    -- it ("Her message was short — "), a person it names, a pronoun.
    local function pointed_by(q, from, to, lead_in)
        local toks = tokenize(text, from, to, quotes, q.i)
        for k = #toks, 1, -1 do
            local t = toks[k]
            if t.k == "Q" and t.quote.i < q.i then
                local r = attributions[t.quote.i]
                if r then return { speaker = r.speaker } end
            end
        end
        local last = toks[#toks]
        if last and last.k == "p" and last.w == ":" then
            local r = before_quote(q, from, to)
            if r and r.speaker ~= NULL then return r end
        end
        local first = toks[1]
        if lead_in and first and first.k == "w" and (first.lw == "his" or first.lw == "her") then
            local g = first.lw == "his" and "m" or "f"
            local sp = ctx:pronoun(first.s, g)
            if sp then
                ctx:refer(first.s, sp, g)
                return { speaker = name_of { span = sp, s = sp.s, e = sp.e }, st_s = first.s, st_e = first.e }
            end
        end
        for _, t in ipairs(toks) do
            local rec = ent_start[t.s]
            if rec and rec.kind == "person" and t.k ~= "Q" then
                return { speaker = name_of(rec) }
            end
        end
        for _, t in ipairs(toks) do
            if t.k == "w" and (t.lw == "he" or t.lw == "she" or t.lw == "his" or t.lw == "her") then
                local g = (t.lw == "he" or t.lw == "his") and "m" or "f"
                local sp = ctx:pronoun(t.s, g)
                if sp then
                    ctx:refer(t.s, sp, g)
                    return { speaker = name_of { span = sp, s = sp.s, e = sp.e } }
                end
                return false
            end
        end
        return nil
    end

    -- Words standing alone: their lead-in, else the sentence before.
    local function standing_alone(q)
        if q.S < q.qs then
            local r = pointed_by(q, q.S, q.qs, true)
            if r ~= nil then return r or nil end
        end
        local si = sent_of(q.S)
        local k = si
        while k >= 1 and sents[k].s >= q.S do k = k - 1 end
        if k < 1 then return nil end
        local from, to = sents[k].s, math.min(sents[k].e, q.S)
        -- the sentence split inside an earlier quotation
        local pq = quotes[q.i - 1]
        if pq and pq.qe > from and pq.qs < from then from = pq.S or pq.qs end
        return pointed_by(q, from, to, false) or nil
    end

    local function attribute(q)
        local r = after_quote(q)
        if not r and q.S < q.qs then r = before_quote(q, q.S, q.qs) end
        if r and r.speaker == NULL and not r.cue then r = nil end
        if not r and not q.partial then r = standing_alone(q) end
        return r
    end

    local headlines = {}
    for _, q in ipairs(quotes) do
        clause_of(q)
        local kind = paras[q.para] and paras[q.para].kind
        if kind == "headline" or kind == "subhead" then
            headlines[#headlines + 1] = q
        elseif q.group and q.group[1] ~= q then
            attributions[q.i] = attributions[q.group[1].i]
        elseif q.group then
            -- the whole quotation: its last part's tail, else its lead-in
            local lastq = q.group[#q.group]
            if lastq ~= q then clause_of(lastq) end
            local r = after_quote(lastq)
            if not r then r = attribute(q) end
            attributions[q.i] = r
            for _, part in ipairs(q.group) do part.partial = false end
        else
            attributions[q.i] = attribute(q)
        end
    end

    -- A quotation in a headline or subhead: the speaker of the same words
    -- later in the article.
    local function norm(s) return (s:lower():gsub("[\226\128\152\226\128\153']", "'"):gsub("[%p%s]+$", "")) end
    for _, q in ipairs(headlines) do
        local words = norm(text:sub(q.s, q.e - 1))
        local r
        for _, o in ipairs(quotes) do
            if o.qs > paras[q.para].e and attributions[o.i] and #words > 0 then
                local body = norm(text:sub(o.s, o.e - 1))
                local at = body:find(words, 1, true)
                if at then
                    local nextc = body:sub(at + #words, at + #words)
                    q.partial = not (at == 1 and (nextc == "" or nextc:match("[%.%?!]")))
                    r = { speaker = attributions[o.i].speaker }
                    break
                end
            end
        end
        if not r then
            q.partial = q.partial or false
            r = attribute(q)
            if r and r.speaker == NULL and r.cue ~= NULL and r.cue then
                -- a headline's verbs share the subject that opens it:
                -- "Jordan completes airdrops, calls for “...”"
                local p = paras[q.para]
                local k = p.s
                while text:sub(k, k):match("%s") do k = k + 1 end
                local rec = ent_start[k]
                if rec and rec.e <= q.qs then
                    r.speaker, r.st_s, r.st_e = name_of(rec), rec.s, rec.e
                end
            end
            if not r then
                -- "‘...’: Ghana's finance minister on ..." -- an interview's subject
                local j = q.qe
                if text:sub(j, j) == ":" and paras[q.para].kind == "headline" then
                    local pro = ctx:protagonist(#text + 1)
                    if pro then
                        local toks = tokenize(text, j + 1, paras[q.para].e, quotes, q.i)
                        local st_e
                        for _, t in ipairs(toks) do
                            if t.k ~= "w" or PREPOSITION[t.lw] then break end
                            st_e = t.e
                        end
                        r = { speaker = name_of { span = pro.span, s = pro.s, e = pro.e },
                              st_s = toks[1] and toks[1].s, st_e = st_e }
                    end
                end
            end
        end
        attributions[q.i] = r
    end

    -------------------------------------------------- emit
    for _, q in ipairs(quotes) do
        local r = attributions[q.i]
        local st = NULL
        if r and r.st_s and r.st_e and r.st_e > r.st_s then st = text:sub(r.st_s, r.st_e - 1) end
        emit("quote", q.s, q.e, {
            speaker = r and r.speaker or NULL,
            cue = r and r.cue or NULL,
            speaker_text = st,
            partial = q.partial and true or false,
        })
    end
end

return {
    name = "quotes",
    version = "1",
    kinds = { "quote" },
    needs = { "person", "org", "place" },
    extract = extract,
}
