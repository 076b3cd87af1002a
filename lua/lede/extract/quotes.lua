--[[
lede.extract.quotes -- quotations and who said them (kind quote).

Promise: every quotation in “curly”, "straight", ‘single’ or «guillemet»
marks becomes one span of the words between the marks (a multi-paragraph
quotation, opened on each paragraph and closed only at the end: one span
per paragraph), with
  speaker       the canonical name of the person (or named body, or country)
                the words are attributed to, or lede.json.null when nothing
                in the text attributes them -- never a guess;
  cue           the attribution word as written, lower case ("said",
                "told", "according to"), or null;
  speaker_text  the words naming the speaker ("he", "Haddad",
                "Haddad’s office", "a senior official"), or null;
  partial       true for fragments worked into the writer's sentence and
                for scare quotes.
Attribution follows news writing: “...,” he said / said NAME / NAME told
reporters / “...” — NAME; NAME said: “...” (also when the colon ends the
paragraph before); NAME said ... that X was “...”; According to NAME, ...
“...”; said a statement from ORG; NAME’s office said; “...,” the statement
said (the last named body; "the report, written by ORG, says": ORG); a
spokesman for NAME said; said a spokeswoman for ORG, NAME; police
spokesman NAME told; a capital speaking is its government (metonyms.txt);
a quotation standing alone after an attributed one, or after a sentence
naming its speaker (its subject rather than a possessor after a
preposition), or before "That is how NAME described it"; an interview's
answers after a question paragraph are the interviewee's; a quotation in
a headline takes the speaker of the same words later in the article, and
a line written as a headline shares its opening subject ("Jordan
completes ..., calls for “...”"). Names said inside quotations are no
referents. Pronouns and descriptions ("the minister") are resolved by
lede.extract.salience; a common noun ("the officer said") only to someone
given that role, "the Estonian leader" to a person of that country;
unnamed sources ("one diplomat said", "a lawyer for the captain", "A
senior official, who ..., said") give null and make a following "he
said" or "the officer said" null too. Also: "in the words of NAME";
"NAME was quoted (by X) as saying"; "the institute’s director, NAME,
told"; "NAME (ORG) said"; "NAME’s reply: “...”"; "“...,” the statement
said" after "NAME said in a statement"; "That was the verdict of NAME"
after a quotation alone in its paragraph; an interview's answers after a
prompt that is no question. Names the name extractors missed are taken
as written where the grammar places a speaker ("said Will Hocking",
"J. R. Kowalczyk", "Khalid bin Hamad al-Kuwari", "a spokesperson for
the Confederation of X") and become referents for later pronouns; a
surname mention is the document's one fuller name it ends ("De Wit" ->
"Sanne de Wit"), widened to a given name written before it ("Sofia da
Cunha" where only "Cunha" was found).

Cost: one LPeg scan of the text finds the quotations (it jumps between
the bytes that may open one and captures positions only); attribution reads
only the clause around each quotation, with LPeg grammars compiled at load
(speech verbs, pronouns, determiners ... as word tries; names as the spans
of the extractors that ran before, looked up by position in hash tables);
before the verb, the cues are found first, then each possible subject is
tried on the clause cut at the verb's end, nearest first. Shared patterns
are grammar rules (a Lua state holds each word list once). Vocabulary:
data/speech_verbs.txt, quote_cues.txt, pronouns.txt, titles.txt,
metonyms.txt (and name_endings.txt, first_names.txt through salience).
]]

local lpeg = require "lpeg"
local P_ = require "lede.patterns"
local data = require "lede.data"
local json = require "lede.json"
local salience = require "lede.extract.salience"
local gaz = require "lede.extract.gaz"
local function common_words() return gaz.common_words() end

local P, R, S, B, V = lpeg.P, lpeg.R, lpeg.S, lpeg.B, lpeg.V
local C, Cc, Cp, Ct, Cg, Cmt, Carg = lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Ct, lpeg.Cg, lpeg.Cmt, lpeg.Carg

local NULL = json.null
-- How far from a quotation its attribution is looked for (bytes): beyond
-- any real clause, and it keeps a sentence of a thousand quotations linear.
local REACH = 400
-- How far before its verb a subject may start (bytes).
local SUBJECT_REACH = 160
local before = salience.before

---------------------------------------------------------------- vocabulary

-- Speech verbs: forms as written (lowercase) -> lemma; phrases of two
-- words ("according to", "pointed out") kept, longer ones are restatements
-- of a verb ("said in a statement").
local CUES = {}
do
    local single, phrases = {}, {}
    for _, row in ipairs(data.table("speech_verbs.txt")) do
        local form = row[1]
        if not form:find(" ", 1, true) then single[form] = true; CUES[#CUES + 1] = form
        else phrases[#phrases + 1] = form end
    end
    -- a phrase only where its first word is no cue of its own ("according
    -- to", "pointed out"; not "told reporters", "said in a statement")
    for _, form in ipairs(phrases) do
        local first = form:match("^(%S+) %S+$")
        if first and not single[first] and first ~= "in" then CUES[#CUES + 1] = form end
    end
end
local function add_cue(form) CUES[#CUES + 1] = form end

local PROXY, ANAPHOR, ADVERB, SOURCES, SUMMARIES, HONORIFIC = {}, {}, {}, {}, {}, {}
-- Words after "asked" that open the question ("asked the sergeant
-- whether ..."): the one asked is named before them.
local WH = { whether = true, ["if"] = true, about = true, why = true, what = true, how = true,
             when = true, where = true, who = true, to = true }
local OWN_NAME = {} -- anaphors that mean only a body whose name has them
local ANONYMOUS = {} -- phrases saying a source is not named
for _, row in ipairs(data.table("quote_cues.txt")) do
    local kind, words = row[1], row[2]
    if kind == "cue" then add_cue(words)
    elseif kind == "proxy" then PROXY[#PROXY + 1] = words
    elseif kind == "anaphor" then
        ANAPHOR[#ANAPHOR + 1] = words
        if row[3] == "own" then OWN_NAME[words] = true end
    elseif kind == "adverb" then ADVERB[#ADVERB + 1] = words
    elseif kind == "source" then SOURCES[#SOURCES + 1] = words
    elseif kind == "summary" then SUMMARIES[#SUMMARIES + 1] = words
    elseif kind == "honorific" then HONORIFIC[words] = true
    elseif kind == "anonymous" then ANONYMOUS[#ANONYMOUS + 1] = words
    end
end

local PRON_SUBJECT, PRON_POSSESSIVE = {}, {}
local PRONOUN = {}
for _, row in ipairs(data.table("pronouns.txt")) do
    PRONOUN[row[1]] = row
    if row[4] == "subject" and row[1] ~= "i" and row[1] ~= "you" then PRON_SUBJECT[#PRON_SUBJECT + 1] = row[1] end
    if row[4] == "possessive" then PRON_POSSESSIVE[#PRON_POSSESSIVE + 1] = row[1] end
end
-- pronouns.txt lists "her" once, as object; before a noun it is possessive.
PRON_POSSESSIVE[#PRON_POSSESSIVE + 1] = "her"

-- Every word of a title ("Foreign", "Minister", "Secretary"), lowercase.
local TITLE_WORD, TITLE_WORDS = {}, {}
for _, row in ipairs(data.table("titles.txt")) do
    for w in row[1]:gmatch("[%a%.%-]+") do
        local lw = w:lower()
        if not TITLE_WORD[lw] and #lw > 2 and lw ~= "the" and lw ~= "for" then TITLE_WORDS[#TITLE_WORDS + 1] = lw end
        TITLE_WORD[lw] = true
    end
end

-- Head words of role nouns ("the minister", "the spokeswoman"); and the
-- honorifics that tell a gender ("Mrs" -> f), written without their dot.
local ROLES, seen_role, HONORIFIC_GENDER = {}, {}, {}
for _, row in ipairs(data.table("titles.txt")) do
    local title = row[1]
    if row[3] == "honorific" and (row[5] == "m" or row[5] == "f") then
        HONORIFIC_GENDER[(title:gsub("%.$", ""))] = row[5]
    end
    if title:match("^%l") and row[4] == "any" then
        local head = title:match("(%a+)$")
        if head and not seen_role[head] then
            seen_role[head] = true
            ROLES[#ROLES + 1] = head
        end
    end
end
-- A title written only capitalised ("Taoiseach", "Cardinal") is a role
-- noun too: "the Taoiseach said".
for _, row in ipairs(data.table("titles.txt")) do
    local head = row[4] == "any" and row[1]:match("^%u[%l\128-\255]+$") and row[1]:lower()
    if head and not seen_role[head] then
        seen_role[head] = true
        ROLES[#ROLES + 1] = head
    end
end

-- Nouns naming a person ("the retired teacher"), with the gender they
-- say ("m", "f", or false).
local PERSON_NOUN = {}
for _, row in ipairs(data.table("person_nouns.txt")) do
    PERSON_NOUN[row[1]] = (row[2] == "m" or row[2] == "f") and row[2] or false
end

-- Small closed classes of the grammar of attribution.
local PREPOSITIONS = { "of", "at", "in", "on", "for", "from", "with", "by", "to", "about", "over",
    "under", "between", "against", "into", "near", "across", "after", "before", "during", "among",
    "like", "than", "via", "toward", "towards", "within", "without", "behind", "beside", "upon",
    "through", "around", "outside", "inside" }
local DETERMINERS = { "the", "a", "an", "his", "her", "its", "their", "this", "that", "these",
    "those", "our", "my", "your", "whose" }
local INDEFINITES = { "a", "an", "one", "another", "some", "two", "three", "several", "many",
    "most", "other" }
local BE = { "be", "been", "being", "is", "are", "was", "were" }
local function set_of(list)
    local t = {}
    for _, w in ipairs(list) do t[w] = true end
    return t
end
local PREP_SET, DET_SET, BE_SET = set_of(PREPOSITIONS), set_of(DETERMINERS), set_of(BE)
local INDEF_SET, ROLE_SET, PROXY_SET = set_of(INDEFINITES), set_of(ROLES), set_of(PROXY)
local EXTEND_SET = set_of { "the", "for", "of", "and", "on", "a", "an", "al", "el", "bin", "ibn", "abu", "van", "von",
    "der", "del", "dos", "das", "de", "da", "du", "di", "la", "le", "den", "ter" }
local MODAL_SET = set_of { "would", "will", "could", "should", "might", "may", "must", "can", "to" }

-- Capitals that stand for their government (data/metonyms.txt), on first use.
local metonyms
local function metonym()
    if not metonyms then
        metonyms = {}
        for _, row in ipairs(data.table("metonyms.txt")) do metonyms[row[1]] = row[2] end
    end
    return metonyms
end

---------------------------------------------------------------- lexical patterns

-- Patterns used in many places are grammar rules, referred to by name:
-- an LPeg pattern copies every pattern it is built from, and the word
-- lists (hundreds of words each) composed into the attribution grammar
-- came to tens of megabytes per Lua state. Each pattern that is matched
-- is closed into a grammar holding only the rules it reaches.
local RULES = {}
local function rule(name, p)
    assert(RULES[name] == nil, name)
    RULES[name] = p
    return V(name)
end
local function closed(entry)
    local t = { entry }
    while true do
        local ok, g = pcall(P, t)
        if ok then return g end
        local missing = tostring(g):match("rule '(.-)' undefined")
        if not (missing and RULES[missing] and t[missing] == nil) then error(g, 2) end
        t[missing] = RULES[missing]
    end
end

local upper = P_.upper
local RSQUO, LSQUO = "\226\128\153", "\226\128\152"
local LDQUO, RDQUO = "\226\128\156", "\226\128\157"
local LAQUO, RAQUO = "\194\171", "\194\187"
-- Letters, fast: ASCII runs are LPeg spans; a multibyte character is a
-- letter unless it is in the C2 (Latin-1 punctuation) or E2 (general
-- punctuation, quotation marks, dashes, symbols) blocks.
local mb_letter = (R"\195\223" + R"\227\244") * R"\128\191"^1
local letter = R("az", "AZ") + mb_letter
local wordchar = R("az", "AZ", "09")^1 + mb_letter
local apos = P"'" + P(RSQUO)
local ws = rule("ws", S" \t\r\n"^1 * P_.space^0 + P_.ws)
local hws = rule("hws", S" \t"^1 * P_.hspace^0 + P_.hws)
local nl = S"\n\r\f\v" + P"\226\128\168" + P"\226\128\169"
local wend = rule("wend", -wordchar * -(P"-" * wordchar) * -(apos * letter))
-- A word: letters and digits, inner hyphens and apostrophes, never the
-- possessive 's; dotted abbreviations (U.S., a.m.) whole.
local dotted = letter * P"." * (letter * P".")^1
local word = rule("word", dotted + wordchar^1 * ((P"-" + apos * -(S"sS" * -wordchar)) * wordchar^1)^0)
local possessive = apos * S"sS" * -wordchar + B"s" * apos * -wordchar
local dash = P"\226\128\148" + P"\226\128\147" + P"\226\128\149" + P"--" + P"-" * #hws
local qmark = P(LDQUO) + P(RDQUO) + P(LSQUO) + P(RSQUO) + P(LAQUO) + P(RAQUO) + S"\"'"

-- A word from list (a trie: shared prefixes tested once). mode "lower":
-- as listed (lowercase); "ci": any case; "lower_or_title": as listed or
-- with a capital first letter. A space in an entry matches white space.
local nlists = 0
local function words_of(list, mode)
    local root = { kids = {} }
    for _, w in ipairs(list) do
        local forms = { w }
        if mode == "lower_or_title" then forms[2] = w:sub(1, 1):upper() .. w:sub(2) end
        for _, f in ipairs(forms) do
            local node = root
            for ch in f:gmatch(".") do
                local key = (mode == "ci") and ch:lower() or ch
                node.kids[key] = node.kids[key] or { kids = {} }
                node = node.kids[key]
            end
            node.final = true
        end
    end
    local function build(node)
        local keys = {}
        for k in pairs(node.kids) do keys[#keys + 1] = k end
        table.sort(keys)
        local p = P(false)
        for _, k in ipairs(keys) do
            local m
            if k == " " then m = ws
            elseif mode == "ci" and k:match("%a") then m = S(k .. k:upper())
            else m = P(k) end
            p = p + m * build(node.kids[k])
        end
        if node.final then p = p + wend end
        return p
    end
    nlists = nlists + 1
    return rule("list" .. nlists, build(root))
end

local CUE_W = rule("cue", words_of(CUES, "lower") + P"According" * ws * P"to" * wend)
local ING = (letter - P"ing" * wend)^0 * P"ing" * wend
-- "according to NAME", "in the words of NAME": the speaker follows.
local ACCORDING = rule("according", (P"according" + P"According") * ws * P"to" * wend
    + (P"in" + P"In") * ws * P"the" * ws * P"words" * ws * P"of" * wend)
local PROXY_W = words_of(PROXY, "lower")
local ANAPHOR_W = words_of(ANAPHOR, "lower")
local ROLE_W = words_of(ROLES, "lower_or_title")
local ADVERB_W = rule("adverb", words_of(ADVERB, "lower") + R"az" * (R"az" - P"ly" * wend)^0 * P"ly" * wend)
local PREP_W = words_of(PREPOSITIONS, "lower_or_title")
local INDEF_W = words_of(INDEFINITES, "lower_or_title")
local SOMEONE = { "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "nobody" }
local SOMEONE_W = rule("someone", words_of(SOMEONE, "lower_or_title"))
local PSUBJ_W = rule("psubj", words_of(PRON_SUBJECT, "lower_or_title") + P"I" * wend)
local PPOSS_W = words_of(PRON_POSSESSIVE, "lower_or_title")
local SOURCE_W = words_of(SOURCES, "ci")
local SUMMARY_W = words_of(SUMMARIES, "lower")
local THE = (P"the" + P"The") * wend
local WHO = (P"who" + P"which" + P"that") * wend

-- A name found by an earlier extractor at this position (Carg 1: start
-- position -> record; Carg 2: the offset of the subject in the text).
-- Names start with a capital or a particle ("al-Kaabi"): only there is
-- the table asked.
local name_start = #(upper + P"al-" + P"el-" + P"an-" + P"ad-" + P"ar-" + P"as-" + P"at-" + P"az-"
    + P"bin " + P"ibn " + P"abu " + P"van " + P"von " + P"de " + P"da " + P"di " + P"du " + P"le " + P"la ")
local ENT = name_start * Cmt(Carg(1) * Carg(2) * Carg(3), function(_, pos, starts, off, len)
    local r = starts[pos + off]
    if r and r.e - off <= len + 1 then return r.e - off, r end
    return false
end)

---------------------------------------------------------------- attribution grammar

local function field(name, p) return Cg(p, name) end
-- A capitalised name the name extractors did not find ("Ruslan Kovalenko
-- said"): checked against the dictionary by the caller.
local not_name = rule("not_name", THE + PSUBJ_W + PPOSS_W + words_of(DETERMINERS, "lower_or_title")
    + words_of(INDEFINITES, "lower_or_title") + CUE_W)
local plain = salience.plain
-- The particles inside names (data/name_particles.txt, "al-" as "al"),
-- and "do" ("Combustíveis do Norte"), which joins a body's name.
local PARTICLE_SET = { ["do"] = true }
for p in pairs(data.set("name_particles.txt")) do PARTICLE_SET[(p:gsub("%-$", ""))] = true end
local particle = (P"al" + P"el" + P"bin" + P"ibn" + P"abu" + P"van" + P"von" + P"der" + P"del" + P"dos" + P"das"
    + P"de" + P"da" + P"du" + P"di" + P"la" + P"le") * wend
-- (initials "J. R.", particles "van der", "bin", prefixes "al-Kuwari")
local initial_dot = (P"." * #hws)^-1
local prefixed = (P"al" + P"el" + P"an" + P"ad" + P"ar" + P"as" + P"at" + P"az") * P"-" * #upper * word
-- The capitalised name of a body no extractor found ("Confederation of
-- Norwegian Enterprise"), after "a spokesperson for".
local orgname = rule("orgname", #upper * word * (hws * (#upper * word
    + (P"of" + P"for" + P"and" + P"on") * wend * hws * (THE * hws)^-1 * #upper * word))^-5)
local capname = rule("capname",
    (#upper * word * initial_dot - not_name) * (hws * (#upper * word * initial_dot + prefixed
        + particle * hws * (particle * hws)^-1 * (#upper * word + prefixed)))^-3)
-- the words of an unnamed speaker: no verb of speech, relative or pronoun
-- ("a line his aides later said" is no speaker)
local plain_word = rule("plain_word", word - CUE_W - WHO - PPOSS_W - PSUBJ_W)
-- Between the speaker and the verb: an apposition, adverbs.
-- "Petrova (Lantern Institute) said": an aside in brackets.
local bracketed = rule("bracketed", ws^-1 * P"(" * (1 - S"()\n")^0 * P")")
-- An apostrophe inside a word or after a plural's s ("didn’t", "the
-- Lawyers’ Association") is no quotation mark.
local inner_apos = rule("inner_apos", apos * #letter + B"s" * apos)
local appos_body = rule("appos_body", ((1 - (S",;:.!?()" + nl + qmark)) + inner_apos + bracketed)^1)
local appos = rule("appos", P"," * appos_body)
-- (PEG choices do not come back: each apposition count carries the rest.)
-- Letters after a name ("Marcus Bell KC", "Ana Petrova OBE", "PhD").
local postnominal = rule("postnominal", hws * (R"AZ" * R"AZ" * R"AZ"^-3 + P"PhD") * wend)
-- "Venn is alleged to have told", "Petrova is understood to have said":
-- the name stays the subject of the verb.
local hearsay = rule("hearsay", (P"is" + P"was" + P"are" + P"were") * wend * hws * #R"az" * word * hws
    * P"to" * wend * hws * (P"have" * wend * hws)^-1)
-- "Petrova — who resigned last year — said": an aside between dashes.
local dash_aside = rule("dash_aside", hws * dash * ((1 - (dash + S";:.!?()" + nl + qmark)) + inner_apos)^1 * dash)
local function gap_then(p)
    local rest = (bracketed + dash_aside)^-1 * (ws * ADVERB_W)^0 * ws * hearsay^-1 * p
    return #P"," * (appos * P"," * rest + appos * appos * P"," * rest + appos * appos * appos * P"," * rest
        + P"," * rest) + rest
end
-- "the officer said", "the senior official said": a description by a
-- common noun, no role word (resolved only to someone given that role)
local lower_noun = rule("lower_noun", #R"az" * word - CUE_W - PREP_W - WHO - PSUBJ_W - PPOSS_W)
-- "the 58-year-old (woman)": an age standing for the person named before.
local age_word = R"09"^1 * P"-year-old" * wend

-- Who speaks, before the verb: a name (with its office), a pronoun, "the
-- statement", "the Egyptian minister", an unnamed "one diplomat" (cap:
-- with its fields).
local function subject_grammar(cap)
    local function F(name, p) if cap then return Cg(p, name) end return p end
    local function Cw(p) if cap then return C(p) end return p end
    local function Ct_(p, tag) if cap then return C(p) / tag end return p end
    local function Kind(v) if cap then return Cg(Cc(v), "kind") end return P(true) end
    local pos = cap and Cp() or P(true)
    local g = {}
    -- "Hiroshi Tanaka of Kyoto University said": the person, not the body
    -- that only says where they work
    local of_body = hws * (P"of" + P"from" + P"at") * wend * hws * (THE * hws)^-1 * orgname
    -- ("Wickramasinghe and her colleagues write": the one named)
    local and_theirs = hws * P"and" * wend * hws * PPOSS_W * (hws * (#R"az" * word - CUE_W))^1
    g.named = (THE * ws)^-1 * F("rec", ENT) * postnominal^-1
        * (possessive * hws * F("proxy", Cw(PROXY_W)) + of_body + and_theirs)^-1
    -- "the statement", "the organisation" point back to the last named
    -- body only bare: "the Hamas-run health ministry" is another one. Role
    -- nouns may carry modifiers ("the Egyptian foreign minister").
    local role_head = F("head", Ct_(ROLE_W, "role"))
    local suffix = cap and "" or "_nc"
    g.the_head_exact = rule("the_head_exact" .. suffix, THE * ws * (F("head", Ct_(ANAPHOR_W, "anaphor")) * wend
        + role_head + word * ws * (role_head + word * ws * role_head)))
    -- a participle ("adding") has no subject of its own
    g.finite_cue = rule("finite_cue" .. suffix, F("cs", pos) * F("cue", Cw(CUE_W - ING)) * F("ce", pos))
    local desc_head = F("head", Ct_(lower_noun, "desc"))
    -- "the Rwandan military", "the UN agency": a body of that country or
    -- organisation (before a name: "the UN" alone is one)
    g.the_mod_anaphor = rule("the_mod_anaphor" .. suffix,
        THE * ws * #upper * word * ws * F("head", Ct_(ANAPHOR_W, "anaphor")) * wend)
    g.subject = rule("subject" .. suffix, F("s", pos) * (
          g.the_mod_anaphor * Kind"head"
        + g.named * Kind"name"
        + F("pron", Cw(PPOSS_W)) * hws * F("proxy", Cw(PROXY_W)) * Kind"pron"
        + F("pron", Cw(PSUBJ_W)) * Kind"pron"
        + g.the_head_exact * Kind"head"
        -- "police said": the police force named before
        + F("head", Ct_(P"police" * wend, "anaphor")) * Kind"head"
        + THE * ws * F("head", Ct_(age_word, "age")) * (ws * lower_noun)^-1 * Kind"head"
        + THE * ws * (lower_noun * ws * desc_head * #gap_then(g.finite_cue) + desc_head) * Kind"head"
        + F("cap", Cw(capname)) * (possessive * hws * F("proxy", Cw(PROXY_W)))^-1 * Kind"capname"
        -- "a WHO spokesperson said": the body speaking through them
        + INDEF_W * ws * F("rec", ENT) * hws * F("proxy", Cw(PROXY_W)) * Kind"name"
        -- "an angry Petrova said", "a visibly tired Petrova said"
        + INDEF_W * ws * ((ADVERB_W + lower_noun) * ws)^-2 * F("rec", ENT) * #gap_then(g.finite_cue) * Kind"name"
        + SOURCE_W * ws * (g.named * Kind"name" + g.the_head_exact * Kind"head"
            + (THE * ws)^-1 * F("cap", Cw(orgname)) * Kind"capname")
        + INDEF_W * (ws * plain_word)^1 * (ws * plain_word)^-5 * Kind"unnamed"
        -- "“Liar!” someone shouted": no one in particular
        + SOMEONE_W * Kind"unnamed"
    ) * F("e", pos))
    return g
end
local G = subject_grammar(true)
local the_head_exact, finite_cue, subject = G.the_head_exact, G.finite_cue, G.subject

local subject_verb_r = rule("subject_verb", Ct(subject * gap_then(finite_cue)))
local subject_verb = closed(subject_verb_r)
-- the subject opening a clause, whatever its verb ("She was fond of saying")
local subject_only = closed(Ct(subject * #(ws * #R"az")))

-- A quotation inside the clause is skipped whole.
local inner_quote = P(LDQUO) * (1 - P(RDQUO))^0 * P(RDQUO)^-1
    + P'"' * (1 - P'"')^0 * P'"'^-1
-- The attributions of a clause, in order: subject + verb, "according
-- to", and verbs whose subject is elsewhere ("..., adding that"). A
-- subject is tried only where one may start (a capital, a particle, a
-- pronoun, an indefinite), a verb only at a lowercase word; words that
-- make a verb a noun or a passive ("the state", "had been declared") and
-- names after a preposition are checked afterwards, by the caller.
local subject_start
do
    -- one trie for every lowercase word that may open a subject
    local starters = { "the", "police", "al-", "el-", "an-", "ad-", "ar-", "as-", "at-", "az-", "bin", "ibn", "abu",
                       "van", "von", "de", "da", "di", "du", "le", "la" }
    for _, l in ipairs { PRON_SUBJECT, PRON_POSSESSIVE, INDEFINITES, SOMEONE } do
        for _, w in ipairs(l) do starters[#starters + 1] = w end
    end
    local root = {}
    for _, w in ipairs(starters) do
        local node = root
        for ch in w:gmatch(".") do node[ch] = node[ch] or {}; node = node[ch] end
        node[""] = true
    end
    local function build(node)
        local p = node[""] and P(true) or P(false)
        local alts = P(false)
        for ch, kid in pairs(node) do
            if ch ~= "" then alts = alts + P(ch) * build(kid) end
        end
        return alts + p
    end
    subject_start = #(upper + build(root))
end
-- One pass over the clause marks where a subject may start (tag 1, its
-- position) and the cues (tag 2: cue; tag 3: "according to"; then start,
-- words, end). Subjects are then tried backwards from the chosen cue.
-- (Two scans: the cues first, the subjects' starts only before the cue
-- that is used, which is most often the last.)
local cue_scan = closed(Ct((Cc(3) * Cp() * C(ACCORDING) * Cp()
    + #R"az" * Cc(2) * Cp() * C(CUE_W) * Cp()
    + word + inner_quote + ws + (1 - wordchar))^0))
local guard_scan = closed(Ct((subject_start * Cp() * word + word + inner_quote + ws + (1 - wordchar))^0))

-- Who speaks, after a verb (or "according to"): "said Julien Moreau",
-- "said the State Department", "said a statement from the ICRC", "said he",
-- "according to the Minister", "said one diplomat in Bratislava".
local TITLE_W = words_of(TITLE_WORDS, "lower_or_title")
-- a name is the speaker where no title or noun goes on after it ("said
-- UN Secretary-General Antonio Guterres", "said a Hamas official")
-- ("said WFP country director Laila Haidari": lowercase words of a title
-- no list holds, then the name)
local lower_title = #R"az" * word - PREP_W - CUE_W - THE
local name_ends = rule("name_ends", -(possessive + hws * (#upper + PROXY_W + ROLE_W + ROLE_W * P"s" * wend + TITLE_W
    + lower_title * hws * (lower_title * hws)^-1 * ENT)))
local name_after = (THE * ws)^-1 * field("rec", ENT) * postnominal^-1 * name_ends
-- "said UNHCR spokesperson Olga Sarrado", "said Chad’s health minister
-- Abdel Rahim": a title (names, capitals, role words, possessives) and the
-- name.
-- A lowercase word naming the body of a role that follows ("police
-- spokesman", "fire service spokeswoman"): a title word only there.
local role_mod = rule("role_mod", (#R"az" * word - CUE_W - PREP_W - THE - PSUBJ_W - PPOSS_W)
    * #(possessive^-1 * ws * (ROLE_W + #R"az" * word * ws * ROLE_W)))
-- (lowercase title words no list holds, just before a capitalised word or
-- one word before it: "defence barrister Marcus Bell")
local lower_title_tok = (#R"az" * word - CUE_W - PREP_W - WHO - PSUBJ_W - PPOSS_W)
    * #(hws * (upper + #R"az" * word * hws * upper))
local title_tok = rule("title_tok", (ENT / 0 + #upper * word * P"."^-1 + ROLE_W + TITLE_W + role_mod + lower_title_tok
    + words_of(ROLES, "lower") * P"s" * wend
    + (P"of" + P"the") * wend + (P"for" + P"to") * wend) * (possessive)^-1)
local person_after = rule("person_after", field("rec", ENT) * postnominal^-1 * name_ends)
-- ("said Mr. Moreau’s lawyer, Anne Lebrun": a name in apposition to the
-- titles)
local titled_after = rule("titled_after", person_after + (title_tok - person_after) * ws * V"titled_after"
    + (title_tok - person_after) * P"," * ws * person_after)
local speaker_after = rule("speaker_after", field("s", Cp()) * (
      -- "said a spokesperson for the Confederation of Norwegian Enterprise"
      SOURCE_W * ws * (THE * ws)^-1 * -ENT * field("cap", C(orgname)) * #(ws^-1 * (S",.;:" + -1))
        * field("kind", Cc"capname")
    + INDEF_W * ws * field("rec", ENT) * hws * PROXY_W * field("kind", Cc"name")
    + (SOURCE_W * ws)^-1 * (
      name_after * field("kind", Cc"name")
    + titled_after * field("kind", Cc"name")
    + field("pron", C(PSUBJ_W)) * field("kind", Cc"pron")
    -- "said the 34-year-old": the person named before
    + THE * ws * field("head", C(age_word) / "age") * (ws * lower_noun)^-1 * field("kind", Cc"head")
    + the_head_exact * field("kind", Cc"head")
    + field("cap", C(capname)) * #(ws^-1 * (S",.;:" + -1)) * field("kind", Cc"capname")
    + (word - WHO - PREP_W) * (hws * (word - WHO - PREP_W))^0 * field("kind", Cc"unnamed")
)) * field("e", Cp()))

local speaker_after_t = closed(Ct(ws^-1 * speaker_after))

-- After the closing mark: a signature ("— NAME"), a verb and its speaker,
-- or a speaker (after a title: "Ministry spokeswoman Priya Raghavan") and
-- its verb.
-- ("the institute’s director Ana Petrova said")
-- A lowercase word just before a capitalised one, or one word before it,
-- is a title the lists lack ("manager Rhys Pritchard", "club coach Ann Lee").
local title_word = (#upper * word * P"."^-1 + ROLE_W + TITLE_W + role_mod + (P"of" + P"for" + P"to") * wend + THE
    + age_word
    + #R"az" * word * #possessive
    + #R"az" * word * #(hws * (upper + #R"az" * word * hws * upper))) * possessive^-1 - CUE_W
local after_quote = closed(P","^-1 * ws^-1 * (
      Ct(dash * ws * field("s", Cp()) * field("rec", ENT) * field("kind", Cc"name") * field("e", Cp())
         * field("sig", Cc(true)))
    + Ct(field("cs", Cp()) * field("cue", C(CUE_W - ING + ACCORDING)) * field("ce", Cp()) * ws * speaker_after)
    + rule("titled_subject_verb", subject_verb_r + title_word * ws * V"titled_subject_verb"
        -- "del Río told reporters" (a particle the name finders left out)
        + particle * hws * (particle * hws)^-1 * #upper * subject_verb_r
        -- "the company’s chief executive, Khalil Tahir, told"
        + title_word * P"," * ws * subject_verb_r
        -- "her daughter, Funmi Olawale, said": a relation or description,
        -- then the name in apposition
        + (PPOSS_W + THE) * ws * (word * possessive^-1 * ws)^-2 * (word - CUE_W) * P"," * ws * subject_verb_r
        -- "Petrova’s husband, Ivan, told"
        + #upper * word * possessive * ws * (#R"az" * word * ws)^-1 * (#R"az" * word - CUE_W) * P"," * ws
          * subject_verb_r)
    -- "Marek quoted Petrova as saying": the one quoted
    + Ct(rule("quoted_as", P"quoted" * ws * field("s", Cp()) * field("rec", ENT) * field("kind", Cc"name")
         * field("e", Cp()) * ws * P"as" * ws * P"saying" * wend * field("sig", Cc(true))
         + word * possessive^-1 * ws * V"quoted_as"))
    -- "“...,” in Petrova’s view", "“...,” was Petrova’s blunt assessment"
    + Ct(((P"in" + P"was" + P"is") * wend * ws)^-1 * field("s", Cp()) * field("rec", ENT) * field("kind", Cc"name")
         * field("e", Cp()) * possessive * hws * (#R"az" * word * hws)^-1 * SUMMARY_W * field("sig", Cc(true)))
    -- "“...,” Petrova grumbled.": a verb no list holds, closing the clause
    -- right after the subject
    + Ct(subject * hws * field("cs", Cp()) * field("cue", C(#R"az" * word - PREP_W - THE - PPOSS_W))
         * field("ce", Cp()) * field("loose", Cc(true)) * (hws * ADVERB_W)^-1 * hws^-1 * #(S".!?;" + -1))))

-- "“...” — NAME" when the quotation's own sentence ended inside the marks.
local signature = closed(Ct(hws^-1 * dash * ws * field("s", Cp()) * (field("rec", ENT) * field("kind", Cc"name")
    + field("cap", C(capname)) * #(ws^-1 * (S",." + -1)) * field("kind", Cc"capname")) * field("e", Cp())))
-- A lead-in that is only a name ("Kowalczyk:").
local colon_name = closed(Ct(ws^-1 * field("s", Cp()) * field("cap", C(capname)) * field("kind", Cc"capname")
    * field("e", Cp()) * ws^-1 * -1))

-- "a volunteer who gave only his first name, Emre": a name in apposition
-- closing the clause (a capitalised word the name extractors missed is
-- taken as written).
local cap_name = #upper * word * (hws * #upper * word)^-3
local unnamed_then_name = closed(Ct(rule("unnamed_then_name", ((1 - (S",.;" + qmark)) + inner_apos)^0
    * (P"," * ws * (field("rec", ENT) + field("s", Cp()) * cap_name * field("e", Cp()))
       * ws^-1 * #(S".;" + -1) + P"," * V"unnamed_then_name"))))
-- "said a woman who gave her name as Fatima", "... identified only as
-- Karim": the name the description gives.
local named_as = closed(Ct(rule("named_as", (P"as" + P"named" + P"called") * wend * ws
    * (field("rec", ENT) + field("s", Cp()) * cap_name * field("e", Cp())) * ws^-1 * #(S".;," + -1)
    + (wordchar^1 + (1 - (S".;" + qmark)) + inner_apos) * V"named_as")))
-- "A White House spokesman, Aaron Pike, said": the name in apposition.
local appos_exact = closed(Ct(P"," * ws * field("rec", ENT) * ws^-1 * P","))

-- A description opening a sentence ("The prime minister was blunt."):
-- its span.
local lead_description = closed(ws^-1 * Cp() * THE * ws * (ROLE_W + word * ws * ROLE_W) * Cp())
-- A sentence pointing back at the quotation before it ("That is how ...").
local demonstrative = closed((P"That" + P"This" + P"Those" + P"These" + P"Such" + P"So") * wend)
-- "It was Brophy again": the position of the name.
local it_was = closed((P"It" + P"That" + P"This") * ws * (P"was" + P"is") * ws * Cp())
-- "The verdict", "The blunt assessment": a sentence naming the words
-- before it by a noun that sums them up.
local the_summary = closed(THE * ws * (SUMMARY_W + #R"az" * word * ws * SUMMARY_W))
-- A speech verb anywhere in a stretch of text.
-- ... or a noun summing words up ("That was the blunt verdict of NAME").
local find_cue_or_summary = closed(rule("find_summary",
    CUE_W + SUMMARY_W * ws * P"of" * wend + (wordchar^1 + 1) * V"find_summary"))
-- First word of a lead-in ("Her message was short — ").
local lead_possessive = closed(ws^-1 * C(PPOSS_W) * Cp())
-- A third-person pronoun in a sentence, for a quotation that follows it.
local he_she = P"he" + P"He" + P"she" + P"She" + P"his" + P"His" + P"her" + P"Her"
local find_pronoun = closed((-(he_she * wend) * (word + 1))^0 * Cp() * C(he_she) * wend)
local CUE_AT = closed(CUE_W)
-- "a spokeswoman for" somewhere in a stretch of text; at a position
local find_source = closed((1 - SOURCE_W)^0 * SOURCE_W)
local source_at = closed(SOURCE_W)
-- a name with an age in apposition ("Achta, 27,")
local aged_name = closed(C(capname) * P"," * hws * R"09" * R"09"^-2 * P"," * Cp())
-- the end of a short clause after a verb ("Kowalczyk said.")
local clause_end = closed(hws^-1 * (S".,;!?" + nl + -1))
-- a sentence opened by a name no extractor found, its verb after it
-- ("Dilnoza nods.", "Dilnoza, 19, shrugs.")
local opening_name = closed(ws^-1 * Cp() * C(capname) * Cp() * (P"," * hws * R"09" * R"09"^-2 * P",")^-1
    * hws * #(R"az" * word * ws^-1 * (S".,:;" + -1)))
-- a sentence opened by a name (in apposition to a relation: "Her
-- neighbour, Gulnara, agreed"), a description or a verb after it
local opening_person = closed(
      (PPOSS_W + THE) * ws * (#R"az" * word * ws)^-1 * #R"az" * word * P"," * ws * Cp() * C(capname) * Cp() * P","
        * Cc(true)
    + Cp() * C(capname) * Cp() * (P"," * hws * (R"09" + INDEF_W * ws + THE * ws + WHO) + hws * #(R"az" * word))
        * Cc(false))
-- a sentence opened by an unnamed source ("A federal official, ...")
local indefinite_start = closed(INDEF_W * ws * #R"az")
-- a possessive ending a stretch of text ("Petrova’s ")
local possessive_at = closed(possessive)
-- "Morgan’s words", "Morgan’s favourite advice": the words of the quotation
-- that follows are the possessor's
local possessive_summary = closed(possessive * hws * (SUMMARY_W + #R"az" * word * hws * SUMMARY_W))

---------------------------------------------------------------- finding quotations

local function after_any(list)
    local p = P(false)
    for _, x in ipairs(list) do p = p + B(x) end
    return p
end
local after_opening = -B(1) + after_any {
    S" \t\n\r\f\v([{/-", P"\194\160", P(LDQUO), P(LSQUO), P(LAQUO),
    P"\226\128\147", P"\226\128\148", P"\226\128" * R"\128\138",
}
local space_char = P_.space
local function quoted(open, inner, close)
    return Cp() * open * Cp() * inner * Cp() * close * Cp()
end
local curly = quoted(P(LDQUO), (1 - (P(LDQUO) + P(RDQUO) + nl))^1, P(RDQUO))
local guillemets = quoted(P(LAQUO), (1 - (P(LAQUO) + P(RAQUO) + nl))^1, P(RAQUO))
local straight = quoted(after_opening * P'"' * #(1 - space_char), (1 - (P'"' + nl))^1, P'"' * -wordchar)
local curly_single = quoted(after_opening * P(LSQUO) * #letter,
    (P(RSQUO) * #letter + (1 - (P(LSQUO) + P(RSQUO) + nl)))^1, P(RSQUO) * -wordchar)
local straight_single = quoted(after_opening * P"'" * #letter,
    (P"'" * #letter + (1 - (S"'\"" + nl)))^1, P"'" * -wordchar)
local quote_scan = Ct(((curly + straight + guillemets + curly_single + straight_single)
    + (1 - S"\"'\226\194")^1 + 1)^0)
-- An opening mark starting a paragraph.
local para_open = (P(LDQUO) + P(LSQUO) + P(LAQUO) + S"\"'") * #(1 - space_char) * Cp()

local function is_space(b) return b == 32 or b == 9 or b == 10 or b == 13 end

---------------------------------------------------------------- extraction

local function extract(doc, emit, found)
    local text = doc.text
    local len = #text
    local marks = lpeg.match(quote_scan, text)
    local paras = found.paragraphs or {}
    local sents = found.sentences or {}

    local quotes = {}
    for k = 1, #marks, 4 do
        local qs, s, e, qe = marks[k], marks[k + 1], marks[k + 2], marks[k + 3]
        local strict = text:byte(qs) == 39 or text:byte(qs) == 34 or text:sub(qs, qs + 2) == LSQUO
        while s < e and is_space(text:byte(s)) do s = s + 1 end
        local trimmed = e
        while trimmed > s and is_space(text:byte(trimmed - 1)) do trimmed = trimmed - 1 end
        if s < trimmed and not (strict and trimmed < e) then
            quotes[#quotes + 1] = { s = s, e = trimmed, qs = qs, qe = qe, closed = true }
        end
    end

    -- A quotation opened in a paragraph and closed nowhere in it (after its
    -- last closed quotation): a part of a multi-paragraph quotation, or
    -- one left open. It runs to the end of the paragraph. Its opening mark
    -- opens no closed quotation: those marks are listed first (one search
    -- through the text per kind of mark), so that a paragraph without one
    -- costs a comparison.
    local opens = {}
    do
        local closed_at = {}
        for _, q in ipairs(quotes) do closed_at[q.qs] = true end
        for _, mark in ipairs { LDQUO, LAQUO } do
            local at = text:find(mark, 1, true)
            while at do
                if not closed_at[at] then opens[#opens + 1] = { at = at, mark = mark } end
                at = text:find(mark, at + #mark, true)
            end
        end
        if #opens > 1 then table.sort(opens, function(a, b) return a.at < b.at end) end
    end
    local oi = 1
    local function open_part(p, from)
        local at, mark
        while opens[oi] and opens[oi].at < from do oi = oi + 1 end
        -- the first curly double mark in [from, p.e), else the first guillemet
        local k = oi
        while opens[k] and opens[k].at < p.e do
            if opens[k].mark == LDQUO then at, mark = opens[k].at, LDQUO; break end
            if not at then at, mark = opens[k].at, opens[k].mark end
            k = k + 1
        end
        if not at and from == p.s then
            local b = text:byte(from)
            if b == 0xE2 or b == 0xC2 or b == 34 or b == 39 then
                local after = lpeg.match(para_open, text, from)
                if after then at, mark = from, text:sub(from, after - 1) end
            end
        end
        if not at then return nil end
        local s = at + #mark
        if s >= p.e or is_space(text:byte(s)) then return nil end
        local stop = mark == LDQUO and RDQUO or mark == LAQUO and RAQUO or mark
        if text:sub(s, p.e - 1):find(stop, 1, true) then return nil end
        local e = p.e
        while e > s and is_space(text:byte(e - 1)) do e = e - 1 end
        if e <= s then return nil end
        return { s = s, e = e, qs = at, qe = p.e, closed = false }
    end
    local extra = false
    do
        local qi = 1
        for pi, p in ipairs(paras) do
            while quotes[qi] and quotes[qi].qs < p.s do qi = qi + 1 end
            local from = p.s
            while quotes[qi] and quotes[qi].qs < p.e do
                from = quotes[qi].qe
                qi = qi + 1
            end
            local part = from < p.e and open_part(p, from)
            if part then
                part.para = pi
                quotes[#quotes + 1] = part
                extra = true
            end
        end
    end
    if #quotes == 0 then return end
    if extra then table.sort(quotes, function(a, b) return a.s < b.s end) end

    -- Paragraph and sentence of each quotation (both sorted: one sweep).
    do
        local pi, si = 1, 1
        for i, q in ipairs(quotes) do
            q.i = i
            while paras[pi + 1] and paras[pi + 1].s <= q.qs do pi = pi + 1 end
            q.para = q.para or pi
            while sents[si + 1] and sents[si + 1].s <= q.qs do si = si + 1 end
            q.sent = si
        end
    end
    -- Multi-paragraph groups: an open part, then the next paragraph's
    -- quotation when it starts that paragraph.
    for i, q in ipairs(quotes) do
        if not q.closed then
            q.group = q.group or { q }
            local nx = quotes[i + 1]
            if nx and nx.para == q.para + 1 and paras[nx.para] and nx.qs == paras[nx.para].s then
                nx.group = q.group
                q.group[#q.group + 1] = nx
            end
        end
    end

    -------------------------------------------------- names
    local ranges = {}
    for i, q in ipairs(quotes) do ranges[i] = { s = q.qs, e = q.qe } end
    local ctx = salience.of(doc, found)
    ctx:set_quoted(ranges)
    -- "The striker's mother, who did not give her name, said ...": an
    -- unnamed source there (every phrase has "name", "anonym" or "identif")
    for _, key in ipairs { "name", "anonym", "identif" } do
        local at = text:find(key, 1, true)
        while at do
            local window = text:sub(math.max(1, at - 40), at + 12):lower():gsub("%s+", " ")
            for _, phrase in ipairs(ANONYMOUS) do
                if window:find(phrase, 1, true) then
                    ctx:unnamed(at)
                    break
                end
            end
            at = text:find(key, at + #key, true)
        end
    end
    -- "Grace and Emmanuel Okoro": Grace Okoro is named too.
    local joint_given = {}
    for _, sp in ipairs(found.person or {}) do
        local n = sp.attrs and sp.attrs.name
        local surname = type(n) == "string" and n:match("%s(%S+)$")
        if surname and text:byte(sp.s - 1) == 32 then
            local g, at = text:sub(math.max(1, sp.s - 24), sp.s - 1):match("%f[%w](%u%l+)()%s+and%s+$")
            if g and at and salience.is_first_name(g) then
                joint_given[#joint_given + 1] = { name = g .. " " .. surname, s = sp.s }
            end
        end
    end

    -- The names found before, by start (a person wins over a place or an
    -- org at the same start); and the word starts inside them ("Mahdi" of
    -- "Khaled al-Mahdi"), where no speaker starts.
    local ent_start, inner = {}, nil
    for _, kind in ipairs { "place", "org", "person" } do
        for _, sp in ipairs(found[kind] or {}) do ent_start[sp.s] = sp end
    end

    -- A capitalised name no extractor found: the person of the document
    -- with that surname, or an earlier such name it ends ("Kovalenko" after
    -- "Ruslan Kovalenko"), or the words as written; nil for a dictionary
    -- word ("Officials", "Residents").
    local missed = {}
    -- Whether a capitalised word before a surname is a given name: a
    -- listed first name, or no title, function or common word.
    local function given_name(w)
        if salience.is_first_name(w) then return true end
        local lw = w:lower()
        return not (TITLE_WORD[lw] or gaz.stopwords()[lw] or common_words()[lw])
    end
    local first_named = {}
    local function with_first_name(w)
        local full = first_named[w]
        if full == nil then
            full = false
            -- (each place the word is written: a plain search, no pattern
            -- tried at every byte)
            local at = text:find(w, 1, true)
            while at do
                local nb = text:byte(at + #w)
                if not nb or nb < 128 and not string.char(nb):match("%w") then
                    local first = text:sub(math.max(1, at - 24), at - 1):match("([^%s%p]+)%s+$")
                    if first and first:match("^%u") and salience.is_first_name(first) then
                        full = first .. " " .. w
                        break
                    end
                end
                at = text:find(w, at + #w, true)
            end
            first_named[w] = full
        end
        return full or nil
    end
    local missed_memo = {} -- words -> { name or false, start }, until a mention is added
    local function mention(s, e, name)
        ctx:mention(s, e, name)
        missed_memo = {}
    end
    local function missed_name_of(words)
        -- titles and function words before it are not the name
        local start = 1
        while true do
            local w, nx = words:match("^(%S+)%s+()", start)
            if not w then break end
            local lw = w:lower()
            if not (TITLE_WORD[lw] or HONORIFIC[lw:gsub("%.$", "")] or gaz.stopwords()[lw]) then break end
            -- "Will Hocking", "Hope Gallant": a first name, not a verb
            if salience.is_first_name(w) and words:match("^%u", nx) then break end
            start = nx
        end
        words = words:sub(start)
        if not words:find(" ", 1, true) then
            -- "Gallant declared" after "Hope Gallant" somewhere in the text
            -- (a listed first name the name extractors took for a word)
            local full = with_first_name(words)
            if full then return full, start end
            if common_words()[words:lower()] or TITLE_WORD[words:lower()] then
                -- "Park said", "Do told reporters": a word, unless it is
                -- the family name of someone of the document
                full = not TITLE_WORD[words:lower()] and ctx:surname(words)
                if full and full ~= words then return full, start end
                return nil
            end
        end
        local last = words:match("(%S+)$")
        local name = missed[last] or ctx:surname(last)
        if name and (name == words or name:sub(-#words - 1):lower() == " " .. words:lower()
                     or (words == last and not missed[last])) then return name, start end
        if missed[last] ~= words then
            missed[last] = words
            missed_memo = {}
        end
        return words, start
    end
    -- (asked up to three times per subject: by the subject search, the
    -- speaker of the verb and the speaker's name)
    local function missed_name(words)
        local hit = missed_memo[words]
        if not hit then
            local name, start = missed_name_of(words)
            hit = { name or false, start }
            missed_memo[words] = hit
        end
        return hit[1] or nil, hit[2]
    end

    -- The writer of the article: the first person named in a byline.
    local function byline_person()
        for _, sp in ipairs(found.person or {}) do
            local i = before(paras, sp.s + 1)
            if paras[i] and paras[i].kind == "byline" then return sp end
            if paras[i] and text:sub(paras[i].s, paras[i].s + 2) == "By " then return sp end
        end
        return nil
    end

    -- The canonical name of a span. A capital speaking is its government
    -- ("a demand Yerevan calls ..."); a person name that ends the one
    -- fuller name of the document is that name ("Al-Mahdi" -> "Khaled
    -- al-Mahdi", "De Wit" -> "Sanne de Wit").
    local name_of
    local fuller -- lowercase ending of a name (whole words) -> name, or false
    local missed_people = {} -- names of people found by the speaker rules
    -- "Councillor Denise Mallinson", "Lt Gen Oleksandr Pavliuk": the
    -- speaker is the person, without the titles a name finder left on
    -- (never a word that is also a first name: "Prince Harry", "Major").
    local untitled_memo = {}
    local function untitled(name)
        local u = untitled_memo[name]
        if u then return u end
        u = name
        while true do
            -- (not "Sultan bin Khalifa al-Kaabi": a particle after it)
            local w, rest = u:match("^(%u[%a]*%.?)%s+(%u.+)$")
            local lw = w and w:lower():gsub("%.$", "")
            -- ("Foreign Ministers Anna Kovacs and ...": a title made plural)
            if not (w and rest:find(" ", 1, true)
                    and (TITLE_WORD[lw] or HONORIFIC[lw] or lw:sub(-1) == "s" and TITLE_WORD[lw:sub(1, -2)])
                    and not salience.is_first_name(w)) then break end
            u = rest
        end
        untitled_memo[name] = u
        return u
    end
    local function add_tail(tail, n)
        if fuller[tail] == nil then fuller[tail] = n
        elseif fuller[tail] ~= n then fuller[tail] = false end
    end
    local function add_fuller(n)
        local at = n:find(" ", 1, true)
        while at do
            local tail = n:sub(at + 1):lower()
            add_tail(tail, n)
            -- "Sisi", "el-Sisi" for "al-Sisi": the Arabic article left
            -- out or spelt another way
            local bare_tail = tail:match("^[ae][lnrstdz]h?%-(.+)$")
            if bare_tail then add_tail(bare_tail, n) end
            at = n:find(" ", at + 1, true)
        end
        -- "Ahmad Faizal", "Farah Diyana", "Rustam Saidovich": the first
        -- words of a name of three or more (past its titles), as the
        -- short form used for it
        local words = {}
        for w in untitled(n):gmatch("%S+") do words[#words + 1] = w end
        if words[1] and salience.is_first_name(words[1]) then
            for k = 2, #words - 1 do
                if not PARTICLE_SET[words[k]:lower()] then add_tail(table.concat(words, " ", 1, k):lower(), n) end
            end
        end
        -- "Zuniga", "Tran Thi Hanh": the name written without its marks
        local bare = plain(n)
        if bare ~= n then
            bare = bare:lower()
            add_tail(bare, n)
            at = bare:find(" ", 1, true)
            while at do
                add_tail(bare:sub(at + 1), n)
                at = bare:find(" ", at + 1, true)
            end
        end
    end
    local widened -- defined below
    local function build_fuller()
        if fuller then return end
        fuller = {}
        for _, p in ipairs(found.person or {}) do
            local n = p.attrs and p.attrs.name
            if type(n) == "string" then
                add_fuller(n)
                -- "Camila del Río" where only "Río" was found
                local b = text:byte(p.s - 2)
                if b and b >= 97 and b <= 122 and text:byte(p.s - 1) == 32 then widened(p, n) end
            end
        end
        for _, n in ipairs(missed_people) do add_fuller(n) end
    end
    -- "Sofia da Cunha" where only "Cunha" (as "Da Cunha") was found: the
    -- given name and particles written before the span; nil if none.
    local widened_at = {}
    widened = function(sp, name)
        local w = widened_at[sp]
        if w == nil then
            w = false
            local first = name:match("^(%S+)")
            if not name:find(" ", 1, true) or PARTICLE_SET[first:lower()] then
                local lead = text:sub(math.max(1, sp.s - 48), sp.s - 1)
                local given, parts = lead:match("%f[^%s%(]([%u\195-\197][^%s%p]*)%s+(%l[%l%s]-)%s+$")
                if given then
                    for part in parts:gmatch("%S+") do
                        if not PARTICLE_SET[part] then given = nil; break end
                    end
                    if given and (PARTICLE_SET[given:lower()] or not given_name(given)) then given = nil end
                    if given then w = given .. " " .. parts .. " " .. doc:sub(sp.s, sp.e) end
                elseif not name:find(" ", 1, true) then
                    -- "Commissioner Jan Novák" where only "Novák" was found:
                    -- a listed first name the finders took for a word
                    given = lead:match("%f[^%s%(]([%u\195-\197][^%s%p]*)%s+$")
                    if given and salience.is_first_name(given) and text:byte(sp.s - 1) == 32 then
                        w = given .. " " .. doc:sub(sp.s, sp.e)
                    end
                end
                if w then
                    build_fuller()
                    add_fuller(w)
                    missed_people[#missed_people + 1] = w
                end
            end
            widened_at[sp] = w
        end
        return w or nil
    end
    -- "Mrs Okoro" where the document names several Okoros: the one of
    -- that gender, the last named in full before it, else the first after
    -- (the full names of the document: its person spans' and the ones the
    -- speaker rules found).
    local function by_honorific(sp, name)
        local t = text:sub(math.max(1, sp.s - 6), sp.s - 1)
        local h = t:match("(%u%l%l?%l?)%.?%s+$")
        local want = HONORIFIC_GENDER[h]
        -- (the surname as written: "Ms Lim" for "Lim Bee Ling", written
        -- family name first, whatever name the span was given)
        local surname = text:sub(sp.s, sp.e - 1):match("^(%S+)$") or name:match("(%S+)$")
        if not want or not surname then return nil end
        local bare = " " .. plain(surname):lower()
        local first = bare:sub(2) .. " "
        -- [1] a name of that gender, [2] of no known gender ("Grace" is
        -- listed for both); each the last before and the first after
        local before_, after_ = {}, {}
        local function consider(n, at)
            local pn = plain(n):lower()
            if n:find(" ", 1, true) and (pn:sub(-#bare) == bare or pn:sub(1, #first) == first) then
                local g = ctx:gender(n)
                local k = g == want and 1 or g == nil and 2
                if k then
                    if at < sp.s then before_[k] = n
                    elseif not after_[k] then after_[k] = n end
                end
            end
        end
        for _, p in ipairs(found.person or {}) do
            local n = p.attrs and p.attrs.name
            local gap = text:find(" ", p.s, true)
            if type(n) == "string" and gap and gap < p.e then consider(n, p.s) end
        end
        for _, m in ipairs(joint_given) do consider(m.name, m.s) end
        return before_[1] or after_[1] or before_[2] or after_[2]
    end
    function name_of(sp)
        local a = sp.attrs or {}
        local name = type(a.name) == "string" and a.name or doc:sub(sp.s, sp.e)
        if sp.kind == "place" then
            return metonym()[name] or metonym()[doc:sub(sp.s, sp.e)] or name
        elseif sp.kind == "person" then
            local whole = widened(sp, name)
            if whole then return untitled(whole) end
            if not text:find(" ", sp.s, true) or text:find(" ", sp.s, true) >= sp.e then
                local h = by_honorific(sp, name)
                if h then return h end
            end
            build_fuller()
            local key = name:lower()
            local full = fuller[key] or fuller[key:match("^[ae][lnrstdz]h?%-(.+)$") or key]
            -- ("Stone" found alone, "Rick Stone" written elsewhere)
            if full == nil and not name:find(" ", 1, true) then full = with_first_name(name) end
            return untitled(full or name)
        end
        return name
    end

    -- Whether the word at pos is inside (not at the start of) a name found
    -- before.
    local function inside_name(pos)
        if not inner then
            inner = {}
            for _, kind in ipairs { "place", "org", "person" } do
                for _, sp in ipairs(found[kind] or {}) do
                    local at = text:find(" ", sp.s, true)
                    while at and at < sp.e do
                        inner[at + 1] = true
                        at = text:find(" ", at + 1, true)
                    end
                end
            end
        end
        return inner[pos] == true
    end

    -- Runs grammar g over text[from, to) (a copy, so nothing runs past
    -- `to`); positions in the result are the text's.
    local function run(g, from, to)
        if to <= from then return nil end
        local sub = text:sub(from, to - 1)
        return lpeg.match(g, sub, 1, ent_start, from - 1, #sub), from - 1
    end

    -- The last indefinite mention of the noun `head` ("a police officer",
    -- "one official") before pos, in its paragraph or the one before:
    -- its position, and the person it is in apposition to ("Yusuf Demir,
    -- a father of three"), if any; nil if there is none.
    local person_end
    local function indefinite_before(head, pos)
        local pi = before(paras, pos)
        local from = paras[pi - 1] and paras[pi - 1].s or (paras[pi] and paras[pi].s) or 1
        from = math.max(from, pos - 1200)
        local window = text:sub(from, pos - 1):lower()
        local found_at, article
        local init = 1
        while true do
            local a, b = window:find(head, init, true)
            if not a then break end
            init = b + 1
            if not window:sub(a - 1, a - 1):match("%a") and not window:sub(b + 1, b + 1):match("%a") then
                local lo = math.max(1, a - 40)
                local lead = window:sub(lo, a - 1)
                local at = lead:match("()%f[%a]an?%s+[%a%-]*%s*[%a%-]*%s*$") or lead:match("()%f[%a]one%s+[%a%-]*%s*$")
                    or lead:match("()%f[%a]another%s+[%a%-]*%s*$")
                if at then found_at, article = from + a - 1, from + lo - 1 + at - 1 end
            end
        end
        if not found_at then return nil end
        if PROXY_SET[head] then
            -- "A spokesperson for Bradford Council said ... “...,” the
            -- spokesperson said": the body (or person) spoken for
            local lead = text:match("^%s+[fo][or]r?%s+()", found_at + #head)
                or text:match("^%s+of%s+()", found_at + #head)
            if lead then
                lead = text:match("^[Tt]he%s+()", lead) or lead
                local rec = ent_start[lead]
                if rec and (rec.kind == "org" or rec.kind == "person") then return found_at, rec end
            end
        end
        if not person_end then
            person_end = {}
            for _, sp in ipairs(found.person or {}) do person_end[sp.e] = sp end
        end
        local k = article - 1
        while k > 1 and is_space(text:byte(k)) do k = k - 1 end
        if text:byte(k) == 44 then
            k = k - 1
            while k > 1 and is_space(text:byte(k)) do k = k - 1 end
            return found_at, person_end[k + 1]
        end
        return found_at, nil
    end

    local statement_by -- defined with the attributions before a quotation
    local unnamed_sources_before -- the same (and people named with their age)
    local proxies = {} -- { at =, speaker = }: bodies speaking through a spokesperson

    -- A speaker from a grammar's fields (positions relative to the copy at
    -- offset off): { speaker = name|NULL, st_s, st_e }.
    -- "Minister Tom Hale met Rick Stone on Tuesday. “...,” he said": of
    -- the people of the sentence a pronoun's referent is named in, the one
    -- opening it (its subject: not after a preposition, no possessor)
    -- rather than the last, when the gender fits.
    local function subject_first(sp, want, pos)
        if not sp or sp.kind ~= "person" then return sp end
        -- (only a name of the quotation's sentence or the one before: a
        -- referent found further back came by a chain of pronouns)
        local q = quotes[before(quotes, pos)]
        local si = before(sents, sp.s + 1)
        local st = sents[si]
        if not st or si < before(sents, (q and q.qs or pos) + 1) - 1 then return sp end
        local list = found.person or {}
        for j = before(list, st.s) + 1, #list do
            local p = list[j]
            if p.s >= sp.s then break end
            local k = before(quotes, p.s)
            if not (quotes[k] and quotes[k].qe > p.s) then
                -- the first name of the sentence; only it is tried
                local lead = text:sub(st.s, p.s - 1)
                local w = lead:match("(%a+)%s*$")
                w = w and w:lower()
                if (w and (PREP_SET[w] or w == "to")) or lpeg.match(possessive_at, text, p.e)
                   or lead:find("[,;:]") then
                    return sp
                end
                if name_of(p) ~= name_of(sp) and ctx:gender(name_of(p)) == want then return p end
                return sp
            end
        end
        return sp
    end

    -- The name a noun was given in apposition before pos ("Combustíveis do
    -- Norte, a state-owned company, ..."): a body or person found there,
    -- else the capitalised words before the comma; nil if none.
    local function described_as(noun, pos)
        local lo = math.max(1, pos - 2000)
        local window = text:sub(lo, pos - 1)
        local best
        for at in window:gmatch("()%f[%a]" .. noun .. "%f[^%a]") do
            local lead = window:sub(math.max(1, at - 48), at - 1)
            local comma = lead:match("(),%s+an?%s+[%l%-%s]*$")
            if comma then best = lo - 1 + math.max(1, at - 48) - 1 + comma end
        end
        if not best then return nil end
        for _, kind in ipairs { "org", "person" } do
            local list = found[kind] or {}
            local o = list[before(list, best)]
            if o and o.e == best then return name_of(o) end
        end
        -- the capitalised words (and particles between them) ending there
        local words = {}
        for w in text:sub(math.max(1, best - 60), best - 1):gmatch("%S+") do words[#words + 1] = w end
        local k = #words
        while k >= 1 and (words[k]:find("^[%u\195-\197]") or (PARTICLE_SET[words[k]] and k > 1)) do k = k - 1 end
        while k < #words and not words[k + 1]:find("^[%u\195-\197]") do k = k + 1 end
        -- (not a sentence's first word alone: "The")
        if k < #words - 0 and #words - k >= 1 and (k >= 1 or best - 60 <= 1) then
            local name = table.concat(words, " ", k + 1)
            if name:find(" ", 1, true) or not gaz.stopwords()[name:lower()] then return name end
        end
        return nil
    end

    -- "Fairbrother asked the sergeant whether ... “No,” he replied",
    -- "the chief executive was asked whether she would resign. “No,” she
    -- said": the one asked answers. The person (span) asked in the stretch
    -- of the pronoun's sentence and the one before it, when the gender
    -- fits; else nil.
    local function asked_at(pos)
        -- a name, a description of someone with that role, or him/her
        local rec = ent_start[pos]
        if rec then return rec.kind == "person" and rec or nil end
        local w = text:match("^(%a+)", pos)
        if not w then return nil end
        local lw = w:lower()
        if lw == "him" or lw == "her" then
            return ctx:pronoun(pos, lw == "him" and "m" or "f")
        elseif lw == "the" then
            local words = text:match("^the%s+([%a%- ]-)%s+%a+%f[^%a]", pos) or ""
            local head = (words:match("(%a+)$"))
            if head then
                local ref = ctx:role(pos, head)
                if ref and ctx:has_role(ref, head) then return ref end
            end
        end
        return nil
    end
    local function answerer(pos, want)
        -- (the sentence before the quotation the pronoun follows)
        local q = quotes[before(quotes, pos)]
        local si = before(sents, (q and q.qs or pos) + 1)
        local from = sents[si - 1] and sents[si - 1].s or (sents[si] and sents[si].s) or 1
        local stretch = text:sub(from, pos - 1)
        local at, found_rec = 1, nil
        while true do
            local a, b = stretch:find("%f[%a]asked%s+", at)
            if not a then break end
            at = b + 1
            local rec
            local next_word = stretch:match("^(%a+)", b + 1)
            if next_word and WH[next_word:lower()] then
                -- "X was asked whether": the subject of the passive
                local lead = stretch:sub(1, a - 1)
                local be = lead:match("()%s+w[ae][sr]e?%s+$")
                if be then
                    local subj_end = from + be - 1
                    local list = found.person or {}
                    local p = list[before(list, subj_end)]
                    if p and p.e == subj_end then
                        rec = p
                    else
                        local d = lead:sub(1, be - 1):match("()%f[%a][Tt]he%s+[%a%-]+%s*[%a%-]*$")
                        if d then rec = asked_at(from + d - 1) end
                    end
                end
            else
                -- "X asked the sergeant whether": the one asked, when a
                -- wh-word follows within a few words
                for st, w in stretch:sub(b + 1, b + 60):gmatch("()(%a+)") do
                    if WH[w:lower()] then
                        if st > 1 then rec = asked_at(from + b) end
                        break
                    end
                end
            end
            if rec then found_rec = rec end
        end
        if not found_rec then return nil end
        local g = ctx:gender(name_of(found_rec))
        if g and g ~= want then return nil end
        return found_rec
    end

    -- The speaker a person span names, its words those of the span.
    local function said_by(rec) return { speaker = name_of(rec), st_s = rec.s, st_e = rec.e } end
    -- ", NAME," between from and to, when NAME is a person: the person's
    -- speaker table ("The Kremlin’s spokesman, Dmitry Peskov, said").
    local function appos_person(from, to)
        local a = run(appos_exact, from, to)
        return a and a.rec.kind == "person" and said_by(a.rec) or nil
    end

    local function speaker_of(m, off)
        local s, e = m.s + off, m.e + off
        local kind = m.kind
        if kind == "name" then
            local sp = m.rec
            if (m.proxy or sp.kind ~= "person") and m.cs then
                -- "The Kremlin’s spokesman, Dmitry Peskov, said", "the UN
                -- coordinator for Yemen, Julien Harneis, told": the one named
                local a = appos_person(e, m.cs + off)
                if a then return a end
            end
            -- "Haddad’s office said" -> Haddad; "the ministry’s spokesman"
            -- speaks for the ministry
            return { speaker = name_of(sp), st_s = m.rec.s, st_e = m.proxy and e or m.rec.e }
        elseif kind == "pron" then
            local w = m.pron:lower()
            local row = PRONOUN[w]
            local g = row and row[2]
            local sp
            if w == "her" then g = "f" end
            if w == "i" then
                -- the writer: the person of the byline
                sp = byline_person()
            elseif g == "m" or g == "f" then
                unnamed_sources_before(s)
                -- after "a spokeswoman for ORG said", with no one named since
                local px = proxies[#proxies]
                for i = #proxies, 1, -1 do
                    if proxies[i].at < s then px = proxies[i]; break end
                    px = nil
                end
                if px and px.at >= (paras[before(paras, s)] or paras[1] or { s = 1 }).s then
                    local last = ctx:person_before(s)
                    if not (last and last.s > px.at) then
                        return { speaker = px.speaker, st_s = s, st_e = e }
                    end
                end
                sp = answerer(s, g) or subject_first(ctx:pronoun(s, g), g, s)
                if sp then ctx:refer(s, sp, g) end
            elseif g == "n" then
                sp = ctx:org_before(s)
            end
            return { speaker = sp and name_of(sp) or NULL, st_s = s, st_e = e }
        elseif kind == "capname" then
            -- "the coordinator for Valdora, Ana Petrova, told": the one named
            if m.cs then
                local a = appos_person(e, m.cs + off)
                if a then return a end
            end
            -- a name found inside ("President Thomas Harlan", "As
            -- Nasrallah-Dib") is that name
            local list = found.person or {}
            local i = before(list, e)
            local sp = list[i]
            if sp and sp.s >= s then
                -- "Jan van der Berg" where only "Berg" (as "Van der Berg")
                -- was found: the whole name
                local name, whole = name_of(sp), m.cap
                if sp.e == e and sp.s > s and #whole > #name and whole:find(" ", 1, true)
                   and whole:sub(-#name - 1):lower() == " " .. name:lower()
                   and given_name(whole:match("^%S+"))
                   -- (not a title the name finder left out: "Sergeant Dale
                   -- Hughes", though "Sergeant" is a listed first name)
                   and not TITLE_WORD[whole:match("^%S+"):lower()] then
                    mention(s, e, whole)
                    missed_people[#missed_people + 1] = whole
                    if fuller then add_fuller(whole) end
                    return { speaker = whole, st_s = s, st_e = e }
                end
                return { speaker = name, st_s = sp.s, st_e = sp.e }
            end
            local dem = found.demonym or {}
            local d = dem[before(dem, s + 1)]
            local name, ns
            if not (d and d.s == s) then name, ns = missed_name(m.cap) end
            if name and not name:find(" ", 1, true) then
                -- "June said" after "June Okafor": the first name alone,
                -- of one person named in full before
                local full
                for _, p in ipairs(list) do
                    if p.s >= s then break end
                    local n = name_of(p)
                    if n:sub(1, #name + 1) == name .. " " then
                        if full and full.n ~= n then full = nil; break end
                        full = { n = n, p = p }
                    end
                end
                if full then return { speaker = full.n, st_s = s, st_e = e } end
            end
            if name then
                -- a person the name extractors missed: a referent from now on
                if name:find(" ", 1, true) and salience.is_first_name(name:match("^%S+")) then
                    mention(s + ns - 1, e, name)
                    missed_people[#missed_people + 1] = name
                    if fuller then add_fuller(name) end
                end
                return { speaker = name, st_s = s + ns - 1, st_e = e }
            end
        elseif kind == "head" then
            local sp
            if m.head == "age" then
                sp = ctx:person_before(s)
            elseif m.head == "anaphor" then
                -- "The report, written by the agency’s inspector general,
                -- says": the body named in the apposition
                local o = m.cs and ctx:org_before(m.cs + off)
                if o and o.s >= e then sp = o end
                local noun = text:sub(s, e - 1):match("(%a+)$")
                if not sp and (noun == "statement" or noun == "release") then
                    -- "NAME said in a statement that ... “...,” the
                    -- statement said": NAME's (a news release too)
                    local r = statement_by(s, noun)
                    if r then return { speaker = r.speaker, st_s = s, st_e = e } end
                end
                -- "the Rwandan military": the body whose name has the
                -- country or the word ("Rwanda Defence Force")
                local mod, ms = text:sub(s, e - 1):match("^%a+%s+()(%u%S*)%s+%a+$")
                if mod then ms, mod = mod, ms end
                if not sp and mod then
                    local dem = found.demonym or {}
                    local d = dem[before(dem, s + ms)]
                    local country = d and d.s == s + ms - 1 and type(d.attrs.place) == "string" and d.attrs.place
                    sp = ctx:org_before(s, plain(mod):lower()) or (country and ctx:org_before(s, country:lower()))
                end
                if OWN_NAME[noun and noun:lower()] then
                    sp = sp or ctx:org_before(s, noun:lower())
                elseif not sp then
                    -- "Combustíveis do Norte, a state-owned company": the one
                    -- described so; else the last body named ("The UN agency
                    -- said" names no body: the UN there only qualifies)
                    local d = described_as(noun:lower(), s)
                    if d then return { speaker = d, st_s = s, st_e = e } end
                    sp = ctx:org_before(s)
                    while sp and text:find("^%s+" .. noun, sp.e) do sp = ctx:org_before(sp.s) end
                    sp = sp or ctx:person_before(s)
                end
            else
                local head = text:sub(s, e - 1):match("(%a+)$")
                -- "the Estonian leader": a person of that country
                local dem = found.demonym or {}
                local d = dem[before(dem, e)]
                sp = ctx:role(s, head, d and d.s >= s and type(d.attrs.place) == "string" and d.attrs.place or nil)
                -- a common noun ("the officer") means only someone given
                -- that role
                if sp and m.head == "desc" and not ctx:has_role(sp, head) then sp = nil end
                -- "A police officer ... said ... “...,” the officer said":
                -- the description points back to an unnamed source
                local at, source = indefinite_before(head:lower(), s)
                if at and not (sp and ctx:has_role(sp, head) and sp.s > at) then sp = source end
                -- "Maria Sanz, 61, ... “...,” the retired teacher said": a
                -- noun for a person, no one given it as a role, no unnamed
                -- one before: the person a pronoun there would mean
                if not sp and not at and m.head == "desc" then
                    -- ("the mother-of-four": the noun before "-of-")
                    local whole = text:sub(s, e - 1):match("([%a%-]+)$") or head
                    local g = PERSON_NOUN[whole:lower():match("^(%a+)%-of%-") or head:lower()]
                    if g ~= nil then sp = ctx:pronoun(s, g or nil) end
                end
                if not sp then ctx:unnamed(s) end
            end
            return { speaker = sp and name_of(sp) or NULL, st_s = s, st_e = e }
        end
        if m.cs then
            -- "A White House spokesman, Aaron Pike, said"
            local a = appos_person(e, m.cs + off)
            if a then return a end
        end
        ctx:unnamed(s)
        return { speaker = NULL, st_s = s, st_e = e }
    end

    local function result(sp, cue_text)
        sp.cue = cue_text and cue_text:lower():gsub("%s+", " ") or nil
        return sp
    end

    -- "Al-Hashimi and Ashdown said", "Grace and Emmanuel Okoro said": two
    -- speakers of one attribution; the first named speaks (a speaker
    -- table), or nil when the person at pos is named alone.
    local function joint_first(pos, from, rec)
        local lead = text:sub(math.max(from, pos - 64), pos - 1)
        -- (a title between: "and Sister Josefina Cabrera")
        local w_end = lead:match("()%s+and%s+$") or lead:match("()%s+and%s+%u[%a]*%.?%s+$")
        if not w_end then return nil end
        local e = pos - #lead + w_end - 1 -- the end of the word before "and"
        local list = found.person or {}
        local p = list[before(list, e)]
        if p and p.e == e and p ~= rec then
            return { speaker = name_of(p), st_s = p.s, st_e = rec.e }
        end
        -- "Fr. Noel Abainza, the parish priest, and Sister Josefina
        -- Cabrera said": the first, past the apposition that closes at
        -- the comma before "and"
        if text:byte(e - 1) == 44 then
            local lo = math.max(from, pos - 200)
            local j = before(list, e - 1)
            p = list[j]
            if p and p ~= rec and p.s >= lo then
                local gap = text:sub(p.e, e - 2)
                if gap:match("^,[^%.;:!%?\226\"]+$") and #gap < 100 then
                    return { speaker = name_of(p), st_s = p.s, st_e = rec.e }
                end
            end
        end
        -- a given name sharing the surname that follows
        local given = lead:match("%f[%w]([%u][%l]+)%s+and%s+$")
        local name = name_of(rec)
        local surname = name:match("%s(%S+)$")
        if given and surname and salience.is_first_name(given) then
            return { speaker = given .. " " .. surname, st_s = e - #given, st_e = rec.e }
        end
        return nil
    end

    -- Who the words after the closing mark name.
    local function attributed_after(q)
        if q.E <= q.qe then return nil end
        local m, off = run(after_quote, q.qe, math.min(q.E, q.qe + REACH))
        if not m then return nil end
        -- (an unlisted verb only after words closed as a quotation's are:
        -- "“...,” Petrova grumbled", not "the “new deal” Petrova signed")
        if m.loose and not text:sub(math.max(1, q.qe - 7), q.qe - 1):find("[,!?]") then return nil end
        if m.sig then return result(speaker_of(m, off), nil) end
        local sp = m.kind == "name" and m.rec and m.rec.kind == "person" and joint_first(m.s + off, q.qe, m.rec)
            or speaker_of(m, off)
        if (m.kind == "unnamed" or m.kind == "head") and m.cs then
            -- "the defendant, Karl Venn, told the court": the name in
            -- apposition to the description
            sp = appos_person(m.e + off, m.cs + off) or sp
        end
        if (m.kind == "unnamed" or m.kind == "head" or m.kind == "name" and m.rec.kind ~= "person") and m.cue then
            -- "said a volunteer ..., Emre", "said a spokeswoman for the
            -- agency, Marta Lindqvist"
            local a, aoff = run(unnamed_then_name, m.e + off, math.min(q.E, m.e + off + REACH))
            if a and a.rec and a.rec.kind == "person" then
                -- (also "said the head of the Lantern Institute, Ana Petrova")
                sp = said_by(a.rec)
            elseif m.kind == "unnamed" and a and a.s and not a.rec then
                local s, e = a.s + aoff, a.e + aoff
                sp = { speaker = text:sub(s, e - 1), st_s = s, st_e = e }
            elseif m.kind == "unnamed" then
                local b, boff = run(named_as, m.s + off, math.min(q.E, m.e + off + REACH))
                if b and b.rec and b.rec.kind == "person" then
                    sp = said_by(b.rec)
                elseif b and b.s then
                    local s, e = b.s + boff, b.e + boff
                    sp = { speaker = text:sub(s, e - 1), st_s = s, st_e = e }
                end
            end
        end
        return result(sp, m.cue)
    end

    local attributions = {}
    local prev_char -- defined with the clause bounds below

    -- The lowercase ASCII word just before pos (not before lo), or nil.
    local function word_before(pos, lo)
        local w = text:sub(math.max(lo, pos - 16), pos - 1):match("(%a+)%s*$")
        return w and w:lower()
    end

    -- The non-space run ending before pos (not before lo): start, end.
    local function token_before(pos, lo)
        local i = pos - 1
        local b = text:byte(i)
        while i >= lo and (b == 32 or b == 10 or b == 9 or b == 13) do i = i - 1; b = text:byte(i) end
        if i < lo then return nil end
        local e = i + 1
        while i >= lo and not (b == 32 or b == 10 or b == 9 or b == 13) do i = i - 1; b = text:byte(i) end
        return i + 1, e
    end
    -- Whether the run [s, e) ends with a possessive ('s, ’s, s’).
    local function ends_possessive(s, e)
        local z = text:byte(e - 1)
        if (z == 115 or z == 83) and e - 2 >= s then
            local y = text:byte(e - 2)
            return y == 39 or (y == 0x99 and e - 4 >= s and text:sub(e - 4, e - 2) == RSQUO)
        end
        if z == 39 then return e - 2 >= s and text:byte(e - 2) == 115 end
        if z == 0x99 and e - 4 >= s and text:sub(e - 3, e - 1) == RSQUO then return text:byte(e - 4) == 115 end
        return false
    end
    -- The lowercase ASCII letters ending at e (exclusive, not before lo).
    local function letters_before(e, lo)
        local i = e - 1
        while i >= lo do
            local b = text:byte(i)
            if not ((b >= 97 and b <= 122) or (b >= 65 and b <= 90)) then break end
            i = i - 1
        end
        if i == e - 1 then return nil end
        return text:sub(i + 1, e - 1):lower()
    end

    -- Whether a subject found at pos may be the end of a longer one that
    -- starts at g: the word before pos is capitalised or a name particle,
    -- article or "for"/"of", and g is near.
    local function extends_left(pos, g)
        if g < pos - 64 then return false end
        local ts, te = token_before(pos, math.max(1, pos - 24))
        if not ts then return false end
        local b = text:byte(ts)
        if (b >= 65 and b <= 90) or b >= 0xC3 then return true end
        return EXTEND_SET[text:sub(ts, te - 1)] == true
    end

    local noun_at, after_modal = {}, {} -- cue position -> a noun, not a verb; after a modal

    -- The attribution nearest before the quotation in [from, to).
    local function attributed_before(q, from, to)
        from = math.max(from, to - REACH)
        if to <= from then return nil end
        local sub = text:sub(from, to - 1)
        local off = from - 1
        local items = lpeg.match(cue_scan, sub)
        if #items == 0 then return nil end
        -- The cues, last first, each checked when reached: "the state", "a
        -- warning", "had been declared", "the Hamas demands" are no verbs.
        local ncue = #items // 4
        local function cue(k)
            local i = 4 * k - 3
            local c = { according = items[i] == 3, cs = items[i + 1], cue = items[i + 2], ce = items[i + 3] }
            if c.according then return c end
            -- (read once per cue of the document: clauses overlap)
            local at = c.cs + off
            local known = noun_at[at]
            if known ~= nil then
                -- "X said Moscow would respond “...”": a verb of the reported
                -- words, not of their reporting, when a verb comes before it
                return not (known or (k > 1 and after_modal[at])) and c or nil
            end
            -- (the two words before it, read backwards byte by byte)
            local p1s, p1e = token_before(c.cs + off, math.max(from, c.cs + off - 40))
            if not p1s then noun_at[at] = false; return c end
            local w = letters_before(p1e, p1s)
            local noun = w and (DET_SET[w] or (BE_SET[w] and c.cue:match("[de]d$")))
            after_modal[at] = w and MODAL_SET[w] or false
            -- "Petrova’s reply", "the minister’s statement"
            noun = noun or ends_possessive(p1s, p1e)
            if not noun and p1e < c.cs + off and c.cs + off - p1s <= 40 then
                -- "the Hamas demands": a determiner and a capitalised word
                local p2s, p2e = token_before(p1s, math.max(from, c.cs + off - 40))
                local d = p2s and p2e < p1s and letters_before(p2e, p2s)
                local b, z = text:byte(p1s), text:byte(p1e - 1)
                noun = d and p2e - p2s >= #d and text:byte(p2e - 1) ~= nil and DET_SET[d]
                    and ((b >= 65 and b <= 90) or (b >= 0xC3 and b <= 0xC5) or b == 0xCE or b == 0xD0)
                    and not (z < 128 and string.char(z):match("%p")) and true
            end
            noun_at[at] = noun and true or false
            return not (noun or (k > 1 and after_modal[at])) and c or nil
        end
        local last, lastk
        for k = ncue, 1, -1 do
            last = cue(k)
            if last then lastk = k; break end
        end
        if not last then return nil end

        -- Where a subject may start, before the last cue (positions in sub).
        local guards = lpeg.match(guard_scan, sub:sub(1, last.cs - 1))
        local function guards_before(pos)
            local lo, hi, ans = 1, #guards, 0
            while lo <= hi do
                local mid = (lo + hi) // 2
                if guards[mid] < pos then ans = mid; lo = mid + 1 else hi = mid - 1 end
            end
            return ans
        end
        last.gi = #guards

        -- The subject of cue c: tried from the nearest possible start back.
        -- A description in apposition ("Britain, one of the largest
        -- donors, called") gives way to the name it describes, if any.
        local function subject_of(c)
            local upto = sub:sub(1, c.ce - 1) -- the clause up to the end of the verb
            local appositive, capbest
            for gi = c.gi, math.max(1, c.gi - 12), -1 do
                -- (a subject starts at most a long apposition before its verb)
                if guards[gi] < c.cs - SUBJECT_REACH then break end
                -- (a name no extractor found grows only over the capitalised
                -- words, particles and "a spokeswoman for the" just before it)
                if capbest and not extends_left(capbest.s + off, guards[gi] + off) then break end
                local m = not inside_name(guards[gi] + off)
                    and lpeg.match(subject_verb, upto, guards[gi], ent_start, off, #upto)
                if m and m.cs == c.cs then
                    -- (a capitalised dictionary word is no subject: "Norwegian
                    -- Enterprise said" is the end of a longer one)
                    local ok = not (m.kind == "capname" and not missed_name(m.cap))
                    if ok and m.kind == "capname" and m.cap:match("^%u%u%u?%u?%u?$") then
                        -- "Ana Petrova OBE, the director, said": letters after a name
                        local pl = found.person or {}
                        local pp = pl[before(pl, m.s + off)]
                        if pp and pp.e < m.s + off and m.s + off - pp.e <= 1 then ok = false end
                    end
                    local ch = prev_char(m.s + off, from)
                    if ch and text:byte(ch) ~= 44 and m.kind == "name" then
                        -- "..., Sheikh Mohammed bin Abdulrahman, said": the
                        -- apposition opens before the title of the name
                        local ts = token_before(m.s + off, math.max(from, m.s + off - 24))
                        local b = ts and text:byte(ts)
                        if b and ((b >= 65 and b <= 90) or b >= 0xC3) then
                            local c2 = prev_char(ts, from)
                            if c2 and text:byte(c2) == 44 then ch = c2 end
                        end
                    end
                    if text:sub(m.e + off, m.cs + off - 1):match("^%s*,%s*$") then
                        -- "X, said" only where X closes an apposition ("A
                        -- White House spokesman, Aaron Pike, said"), not
                        -- "airdrops over Gaza, calls for"
                        if ch and text:byte(ch) ~= 44 then ok = false end
                    end
                    -- a subject after a preposition is no speaker ("a
                    -- lawyer for the captain") -- but the name in
                    -- apposition after it may be ("The IMF’s mission chief
                    -- for Ghana, Paulo Ferreira, said")
                    local wb = m.kind ~= "pron" and word_before(m.s + off, from)
                    if wb == "the" then
                        -- "... of the Lantern Institute said": the word before "the"
                        local ts = token_before(m.s + off, math.max(from, m.s + off - 16))
                        wb = ts and word_before(ts, from)
                    end
                    if ok and wb and PREP_SET[wb] then
                        local a = run(appos_exact, m.e + off, m.cs + off)
                        if a and a.rec.kind == "person" then
                            m.rec, m.s, m.e, m.kind = a.rec, a.rec.s - off, a.rec.e - off, "name"
                        else
                            ok = false
                        end
                    end
                    if ok then
                        if capbest then
                            -- a longer subject ending where it does ("a
                            -- spokeswoman for the Clean Energy Regulator")
                            if m.e == capbest.e then capbest = m end
                        elseif m.kind == "capname" and not appositive then
                            capbest = m
                        elseif appositive and m.kind ~= "unnamed" then
                            return m
                        elseif appositive == nil and (m.kind == "unnamed" or m.kind == "head")
                           and ch and text:byte(ch) == 44 then
                            appositive = m
                        elseif not appositive then
                            return m
                        end
                    end
                end
            end
            return appositive or capbest
        end

        if last.according then
            local m, moff = run(speaker_after_t, last.ce + off, to)
            if m then return result(speaker_of(m, moff), last.cue) end
            return result({ speaker = NULL }, last.cue)
        end
        -- The speaker of cue c: its subject (a capitalised word that is no
        -- name, "So says", is none), else a person named right after it
        -- ("So says Andreou, who ..."); nil if neither.
        local function speaker_of_cue(c)
            local m = subject_of(c)
            if m and m.kind == "capname" and not missed_name(m.cap) then m = nil end
            if m and m.kind == "name" and m.rec.kind == "person" then
                local j = joint_first(m.s + off, from, m.rec)
                if j then return j end
            end
            if m then return speaker_of(m, off) end
            local w = word_before(c.cs + off, from)
            if w == nil or w == "so" or w == "thus" or w == "as" then
                local a, aoff = run(speaker_after_t, c.ce + off, to)
                if a and a.kind == "name" and a.rec.kind == "person" then return speaker_of(a, aoff) end
            end
            return nil
        end
        if last.cue == "saying" then
            -- "the agency quoted Aliyev as saying": the one quoted
            local lo = math.max(1, last.cs - 120)
            local qs = sub:sub(lo, last.cs - 1):match("()quoted%s+[^,;:]-%s+as%s+$")
            if qs then
                local a, aoff = run(speaker_after_t, lo + qs - 1 + 6 + off, last.cs + off)
                if a and a.kind == "name" and a.rec.kind == "person" then
                    return result(speaker_of(a, aoff), last.cue)
                end
            end
        end
        local sp = speaker_of_cue(last)
        local sw = sp and sp.speaker == NULL and lastk > 1 and sp.st_s
            and text:sub(sp.st_s, sp.st_e - 1):lower()
        -- (not "a senior official told her", "the spokesman told her")
        if sw and not INDEF_SET[sw:match("^%a+") or ""] and not ROLE_SET[sw:match("(%a+)$") or ""]
           and not PROXY_SET[sw:match("(%a+)$") or ""] then
            -- "Hale said the study confirmed “...”": a verb of the reported
            -- clause whose subject is no one; the words are the reporter's
            for k = lastk - 1, 1, -1 do
                local c = cue(k)
                if c and not c.according then
                    c.gi = guards_before(c.cs)
                    local sp2 = speaker_of_cue(c)
                    if sp2 and sp2.speaker ~= NULL then return result(sp2, c.cue) end
                    if sp2 then break end
                end
            end
        end
        if sp then return result(sp, last.cue) end
        -- "..., adding that", "conceded but said": the subject of the verb
        -- before, or of the quotation before in the sentence
        for k = lastk - 1, 1, -1 do
            local c = cue(k)
            if c and not c.according then
                c.gi = guards_before(c.cs)
                local sp2 = speaker_of_cue(c)
                if sp2 then return result(sp2, last.cue) end
            end
        end
        if (last.cue:match("ing$") or word_before(last.cs + off, from) == "to") and guards[1]
           and not sub:sub(1, guards[1] - 1):find("%S") then
            -- "She was fond of saying that “...”", "Petrova is known for
            -- saying": the subject opening the clause says the words
            local m = lpeg.match(subject_only, sub, guards[1], ent_start, off, #sub)
            if m and (m.kind == "name" or m.kind == "pron") then
                local sp0 = speaker_of(m, off)
                if sp0 and sp0.speaker ~= NULL then return result(sp0, last.cue) end
            end
        end
        local pq = quotes[q.i - 1]
        if pq and pq.sent == q.sent and attributions[pq.i] and attributions[pq.i].speaker ~= NULL then
            local r = attributions[pq.i]
            return { speaker = r.speaker, cue = last.cue:lower(), st_s = r.st_s, st_e = r.st_e }
        end
        return result({ speaker = NULL }, last.cue)
    end

    -- Who made the statement "the statement" at pos points back to: the
    -- named speaker of the last "... said in a statement" (this paragraph
    -- or the one before), or nil.
    local in_statement = false
    statement_by = function(pos, noun)
        if in_statement then return nil end
        noun = noun or "statement"
        local pi = before(paras, pos)
        local lo = math.max(paras[pi - 1] and paras[pi - 1].s or 1, pos - 2 * REACH)
        local window = text:sub(lo, pos - 1)
        local at, init = nil, 1
        while true do
            local a = window:find(noun, init, true)
            if not a then break end
            at, init = a, a + #noun
        end
        if not at then return nil end
        at = lo + at - 1
        local si = before(sents, at + 1)
        local from = sents[si] and sents[si].s or lo
        -- (the words before the noun: "said in a", "In a")
        in_statement = true
        local r = attributed_before({ i = 1 }, math.max(from, lo), at)
        in_statement = false
        if r and r.speaker ~= NULL then return r end
        return nil
    end

    -- The unnamed sources speaking in the sentences of pos's paragraph
    -- before pos ("A federal official, who ..., said the dates ..."): noted,
    -- so that a "he said" after them is theirs, not a name's.
    local scanned = {}
    unnamed_sources_before = function(pos)
        local pi = before(paras, pos)
        local ps = paras[pi] and paras[pi].s or 1
        local si = before(sents, pos)
        while si >= 1 and sents[si].s >= ps do
            local st = sents[si]
            if not scanned[si] and st.e <= pos then
                scanned[si] = true
                local k = st.s
                while k < st.e and is_space(text:byte(k)) do k = k + 1 end
                local q1 = quotes[before(quotes, k) + 1]
                -- (words outside quotations only)
                local to = (q1 and q1.qs < st.e) and q1.qs or st.e
                if k < to and (lpeg.match(indefinite_start, text, k)
                               or lpeg.match(find_source, text:sub(k, to - 1))) then
                    local r = attributed_before({ i = 1 }, k, to)
                    if r and r.speaker == NULL and r.st_s then ctx:unnamed(r.st_s) end
                    -- "a spokeswoman for the regulator said ...": the body
                    -- speaks through her
                    if r and r.speaker ~= NULL and r.st_s and lpeg.match(source_at, text, r.st_s) then
                        proxies[#proxies + 1] = { at = r.st_s, speaker = r.speaker }
                        table.sort(proxies, function(a, b) return a.at < b.at end)
                    end
                elseif not (ent_start[k] and ent_start[k].kind == "person") then
                    -- "Achta, 27, arrived with her children": a person by
                    -- the age in apposition, whom no extractor found
                    local cap, e = lpeg.match(aged_name, text, k)
                    if cap and e <= st.e then
                        local name, ns = missed_name(cap)
                        if name then mention(k + ns - 1, k + #cap, name) end
                    elseif not ent_start[k] then
                        -- "Dilnoza sells bread.", "Her neighbour, Gulnara,
                        -- agreed.": a first-name-only source
                        -- (a listed first name, or one in apposition to a
                        -- relation: "Brexit divides ..." is no one)
                        local cs, cap2, ce, rel = lpeg.match(opening_person, text, k)
                        if cap2 and ce <= st.e and not ent_start[cs] and not cap2:find(" ", 1, true)
                           and (rel or salience.is_first_name(cap2)) then
                            local name, ns = missed_name(cap2)
                            if name and name == cap2 then mention(cs + ns - 1, ce, name) end
                        end
                    end
                end
            end
            si = si - 1
        end
    end

    -------------------------------------------------- clause bounds
    prev_char = function(pos, lo)
        local i = pos - 1
        local b = text:byte(i)
        while i >= lo and (b == 32 or b == 10 or b == 9 or b == 13) do i = i - 1; b = text:byte(i) end
        if i < lo then return nil end
        while i > lo and b >= 0x80 and b < 0xC0 do i = i - 1; b = text:byte(i) end
        return i
    end

    local function clause_of(q)
        local p = paras[q.para]
        local ps, pe = p and p.s or 1, p and p.e or len + 1
        local ci = prev_char(q.qs, ps)
        local start = q.qs
        if ci then
            local c = text:byte(ci)
            if c ~= 46 and c ~= 63 and c ~= 33 then -- . ? !
                local st = sents[q.sent]
                start = math.max(st and st.s or ps, ps)
                local r = quotes[q.i - 1]
                while r and r.para == q.para and r.qs < start and start < r.qe do
                    start = r.S or r.qs
                    r = quotes[r.i - 1]
                end
            end
        end
        local E = pe
        local si = q.sent
        while sents[si] and sents[si].e < q.qe do si = si + 1 end
        if sents[si] and sents[si].e < E then E = sents[si].e end
        if E < q.qe then E = q.qe end
        local nx = quotes[q.i + 1]
        if nx and nx.qs < E and nx.qs >= q.qe then E = nx.qs end
        q.S, q.E = start, E
        -- a fragment: a word of the writer's sentence just before the mark,
        -- or right after a quotation ending in a word
        local partial = false
        if ci and start < q.qs then
            local b = text:byte(ci)
            if (b >= 48 and b <= 57) or (b >= 65 and b <= 90) or (b >= 97 and b <= 122)
               or (b >= 0xC3 and b <= 0xDF) or b == 41 then
                partial = true
            end
        end
        if not partial and ci and start < q.qs and text:byte(ci) == 44 and text:find("^%l", q.s) then
            -- "which, as she put it, “looks very nice in a drawer”": words
            -- in lower case after a comma continue the writer's sentence,
            -- unless they continue a quotation of the same sentence
            local pq, st = quotes[q.i - 1], sents[q.sent]
            if not (pq and st and pq.qe > st.s) then partial = true end
        end
        if not partial and q.closed and text:sub(q.e - 1, q.e - 1):match("%w") then
            local j = q.qe
            while j < E and (text:byte(j) == 32 or text:byte(j) == 9) do j = j + 1 end
            local w = text:match("^%l%a*", j)
            if w and not PRONOUN[w] and w ~= "the" and not lpeg.match(CUE_AT, text, j) then
                partial = true
            end
        end
        q.partial = partial
    end

    -------------------------------------------------- standing alone
    -- The person a sentence [from, to) is about: its first person named
    -- outside quotations, preferring one that is neither a possessor nor
    -- after a preposition ("Asked about Berg’s remarks, Keller was blunt").
    local function person_in(from, to)
        local list = found.person or {}
        local i = before(list, from) + 1
        for j = i, #list do
            local sp = list[j]
            if sp.s >= to then break end
            if lpeg.match(possessive_summary, text, sp.e) then return sp end
        end
        local first
        while list[i] and list[i].s < to do
            local sp = list[i]
            local k = before(quotes, sp.s)
            if not (quotes[k] and quotes[k].qe > sp.s) then
                local w = word_before(sp.s, from)
                if not lpeg.match(possessive_at, text, sp.e) and not (w and PREP_SET[w]) then return sp end
                first = first or sp
            end
            i = i + 1
        end
        return first
    end

    -- Who a sentence (or lead-in) [from, to) before quotation q points to.
    local qa_speaker -- the speaker of the last answer of an interview
    -- The one an interview's answers are from (the person of the whole
    -- article, kept once found) as a speaker table, or nil.
    local function interviewee()
        qa_speaker = qa_speaker or ctx:protagonist(len + 1, nil, true)
        return qa_speaker and { speaker = name_of(qa_speaker.span or qa_speaker) } or nil
    end
    local function pointed_by(q, from, to, lead_in)
        from = math.max(from, to - REACH)
        -- an attributed quotation in it: the same speaker (an unnamed one
        -- only when nothing else in the sentence names someone)
        local unnamed = nil
        for k = q.i - 1, 1, -1 do
            local o = quotes[k]
            if o.qe <= from then break end
            if o.qs >= from and attributions[k] then
                if attributions[k].speaker ~= NULL then return { speaker = attributions[k].speaker } end
                unnamed = unnamed or { speaker = NULL }
            end
        end
        -- "X said:" closing it
        local c = prev_char(to, from)
        if c and text:byte(c) == 58 and lead_in then
            -- a transcript's label alone before the colon: "Q:" (the
            -- interviewer, no one), "A:" (the one interviewed), "Chair:"
            -- (the person of that role, if named)
            local label = text:sub(from, c - 1):match("^%s*(%a+)%s*$")
            local ll = label and label:lower()
            if ll == "q" or ll == "question" then return { speaker = NULL } end
            if ll == "a" or ll == "answer" then
                local r = interviewee()
                if r then return r end
            end
            if ll and ROLE_SET[ll] then
                local sp = ctx:role(from, ll)
                return { speaker = sp and ctx:has_role(sp, ll) and name_of(sp) or NULL }
            end
            -- "An:" in a transcript: the one person of the document of
            -- that name, even where the word is a dictionary word
            local who = label and label:match("^%u") and ctx:surname(label)
            if who then return { speaker = who } end
        end
        if c and text:byte(c) == 58 then
            local r = attributed_before(q, from, to)
            if r and r.speaker ~= NULL then return r end
            -- "Kowalczyk: “...”" (a live blog's lead-in) with a name no
            -- extractor found
            if lead_in then
                local m, off = run(colon_name, from, c)
                if m then
                    local sp = speaker_of(m, off)
                    if sp and sp.speaker ~= NULL then return sp end
                end
            end
        end
        -- "Her message was short — "
        if lead_in then
            local w, e = lpeg.match(lead_possessive, text, from)
            if w and e <= to then
                local g = (w:lower() == "his") and "m" or ((w:lower() == "her") and "f" or nil)
                if g then
                    local s = e - #w
                    local sp = ctx:pronoun(s, g)
                    if sp then
                        ctx:refer(s, sp, g)
                        return { speaker = name_of(sp), st_s = s, st_e = e }
                    end
                end
            end
        end
        local sp = person_in(from, to)
        if sp then return { speaker = name_of(sp) } end
        -- "Kowalczyk, who ..., said the board ...": the speaker of its verb
        -- (a name no extractor found)
        if not lead_in then
            local r = attributed_before(q, from, to)
            local rec = r and r.st_s and ent_start[r.st_s]
            -- (a person: no place or body found there, no acronym)
            if r and r.speaker ~= NULL and r.cue and r.st_s and not (rec and rec.kind ~= "person")
               and r.speaker:find("%l") then
                return { speaker = r.speaker }
            end
        end
        -- "Dilnoza nods. “...”": a name the extractors missed, opening a
        -- short sentence
        if not lead_in and to - from < 80 then
            local ns, cap, ne = lpeg.match(opening_name, text:sub(from, to - 1))
            local name, st
            if cap then name, st = missed_name(cap) end
            if name then
                if salience.is_first_name(name:match("^%S+")) or not name:find(" ", 1, true) then
                    mention(from + ns + st - 2, from + ne - 1, name)
                end
                return { speaker = name }
            end
        end
        local sub = text:sub(from, to - 1)
        -- "The prime minister was blunt." / "The mayor said ...": the
        -- description opening the sentence
        local ds, de = lpeg.match(lead_description, sub)
        if ds then
            local head = sub:sub(ds, de - 1):match("(%a+)$")
            local ref = ctx:role(from + ds - 1, head)
            if ref and ctx:has_role(ref, head) then return { speaker = name_of(ref) } end
        end
        local at, w = lpeg.match(find_pronoun, sub)
        if at then
            local g = (w:lower() == "he" or w:lower() == "his") and "m" or "f"
            local s = from + at - 1
            local ref = ctx:pronoun(s, g)
            if ref then
                ctx:refer(s, ref, g)
                return { speaker = name_of(ref) }
            end
            return false
        end
        return unnamed
    end

    -- The first non-space position of paragraph pi and the position after
    -- its last non-space byte.
    local function para_bounds(pi)
        local p = paras[pi]
        if not p then return nil end
        local a, b = p.s, p.e
        while a < b and is_space(text:byte(a)) do a = a + 1 end
        while b > a and is_space(text:byte(b - 1)) do b = b - 1 end
        return a, b
    end

    local function standing_alone(q)
        local pa = para_bounds(q.para)
        if pa == q.qs then
            -- An answer of an interview: a paragraph opened by the
            -- quotation after a paragraph that asks a question ("How bad is
            -- it?") -- the interviewee's, whoever the question names.
            local a, b = para_bounds(q.para - 1)
            if a and b > a and text:byte(b - 1) == 63 then
                local r = interviewee()
                if r then return r end
            end
            -- ... or, once the interview has begun, after a short prompt
            -- naming no one and quoting nothing ("Critics say the money
            -- arrived late.")
            local _, pb = para_bounds(q.para)
            if qa_speaker and a and b - a < 200 and pb == q.qe
               and not (quotes[q.i - 1] and quotes[q.i - 1].qe > a) and not person_in(a, b) then
                return interviewee()
            end
            -- "“We lost everything.” Maria Ioannou, 63, stood ...": the
            -- person opening the next sentence of the paragraph
            local si = q.sent
            while sents[si] and sents[si].e <= q.qe do si = si + 1 end
            local nx = sents[si]
            -- (words ending in . ! ? or an ellipsis inside the marks)
            local closed_words = text:sub(q.qe - 4, q.qe - 1):match("[%.!%?]")
                or text:sub(q.qe - 7, q.qe - 1):find("\226\128\166", 1, true)
            if nx and nx.s >= q.qe and nx.s < paras[q.para].e and closed_words then
                local k = nx.s
                while is_space(text:byte(k)) do k = k + 1 end
                local rec = ent_start[k]
                if rec and rec.kind == "person" then return { speaker = name_of(rec) } end
                -- "“...” It was Brophy again.": the one it was
                local at = lpeg.match(it_was, text, k)
                rec = at and ent_start[at]
                if rec and rec.kind == "person" then return { speaker = name_of(rec) } end
                -- "“...” So says Petrova.", "“...” That was the view of
                -- Petrova.": the sentence after it, pointing back
                if lpeg.match(demonstrative, text, k) then
                    local sp = person_in(k, nx.e)
                    if sp and lpeg.match(find_cue_or_summary, text:sub(k, nx.e - 1)) then
                        return { speaker = name_of(sp) }
                    end
                elseif lpeg.match(the_summary, text, k) then
                    -- "“...” The verdict came from Sophie Lenoir, ..."
                    local sp = person_in(k, nx.e)
                    if sp then return { speaker = name_of(sp) } end
                end
                -- "“...” Kowalczyk said." with a name no extractor found
                local m, off = run(subject_verb, k, nx.e)
                if m and m.kind == "capname" and lpeg.match(clause_end, text, m.ce + off) then
                    local sp = speaker_of(m, off)
                    if sp and sp.speaker ~= NULL then return result(sp, m.cue) end
                end
            end
            -- "“...” That is how NAME described it": a quotation alone in
            -- its paragraph, attributed by the sentence that follows it.
            if pb == q.qe then
                local na = para_bounds(q.para + 1)
                local st = na and sents[before(sents, na + 1)]
                if st and st.s <= na and lpeg.match(demonstrative, text, na) then
                    local sp = person_in(na, st.e)
                    if sp and lpeg.match(find_cue_or_summary, text:sub(na, st.e - 1)) then
                        return { speaker = name_of(sp) }
                    end
                end
            end
        end
        if q.S < q.qs then
            local r = pointed_by(q, q.S, q.qs, true)
            if r ~= nil then return r or nil end
        end
        local k = q.sent
        while k >= 1 and sents[k].s >= q.S do k = k - 1 end
        if k < 1 then return nil end
        local from, to = sents[k].s, math.min(sents[k].e, q.S)
        local pq = quotes[q.i - 1]
        if pq and pq.qe > from and pq.qs < from then from = pq.S or pq.qs end
        return pointed_by(q, from, to, false) or nil
    end

    -- "“...” — NAME, ROLE": the signature after the closing mark, or nil.
    local function signed(q)
        -- (only where a dash follows: the byte after the spaces)
        local k = q.qe
        while text:byte(k) == 32 or text:byte(k) == 9 do k = k + 1 end
        local nb = text:byte(k)
        if paras[q.para] and (nb == 0xE2 or nb == 45 or nb == 0xC2) then
            local m, off = run(signature, q.qe, math.min(paras[q.para].e, q.qe + REACH))
            if m then return speaker_of(m, off) end
        end
        return nil
    end

    local function attribute(q)
        local r = attributed_after(q) or signed(q)
        if r and r.speaker == NULL and r.cue == "according to" and q.S < q.qs then
            -- "Levin told the secretary that fighting would go on “for
            -- months,” according to an official": the one who told, as
            -- reported by an unnamed source
            local b = attributed_before(q, q.S, q.qs)
            if b and b.speaker ~= NULL then r = b end
        end
        if not r and q.S < q.qs then r = attributed_before(q, q.S, q.qs) end
        if r and r.speaker == NULL and not r.cue then r = nil end
        if not r and not q.partial then r = standing_alone(q) end
        return r
    end

    -------------------------------------------------- every quotation
    -- A line laid out as a paragraph but written as a headline: short and
    -- without closing punctuation ("Jordan completes airdrops, calls for
    -- “...”").
    local function headline_like(pi)
        local a, b = para_bounds(pi)
        if not a or b - a > 250 then return false end
        local tail = text:sub(math.max(a, b - 8), b - 1):gsub("[%s\"'\226\128\157\153\194\187]+$", "")
        return tail ~= "" and not tail:match("[%.!%?:;,]$")
    end
    -- A headline's verbs share the subject that opens it.
    local function opening_subject(q, r)
        local k = paras[q.para].s
        while is_space(text:byte(k)) do k = k + 1 end
        local rec = ent_start[k]
        if rec and rec.e <= q.qs then
            r.speaker, r.st_s, r.st_e = name_of(rec), rec.s, rec.e
        end
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
            attributions[q.i] = attributed_after(lastq) or signed(lastq) or attribute(q)
            for _, part in ipairs(q.group) do part.partial = false end
        else
            local r = attribute(q)
            if r and r.speaker == NULL and r.cue and headline_like(q.para) then opening_subject(q, r) end
            attributions[q.i] = r
        end
    end

    -- A quotation in a headline or subhead: the speaker of the same words
    -- later in the article.
    local function norm(s)
        return (s:lower():gsub(RSQUO, "'"):gsub(LSQUO, "'"):gsub("[%p%s]+$", ""))
    end
    for _, q in ipairs(headlines) do
        local words = norm(text:sub(q.s, q.e - 1))
        local r
        if #words > 0 then
            for _, o in ipairs(quotes) do
                if o.qs > paras[q.para].e and attributions[o.i] then
                    local body = norm(text:sub(o.s, o.e - 1))
                    local at = body:find(words, 1, true)
                    if at then
                        -- a fragment when worked into the line or when the
                        -- words are no whole sentence of the body (a
                        -- leading "but" or "and" may go)
                        local lead, nextc = body:sub(1, at - 1), body:sub(at + #words, at + #words)
                        local whole = (lead == "" or lead:match("[%.%?!]%s+$") or lead:match("^(%a+)%s+$") == "but"
                                       or lead:match("^(%a+)%s+$") == "and" or lead:match("[%.%?!]%s+but%s+$")
                                       or lead:match("[%.%?!]%s+and%s+$"))
                            and (nextc == "" or nextc:match("[%.%?!]"))
                        q.partial = q.partial or not whole
                        r = { speaker = attributions[o.i].speaker }
                        break
                    end
                end
            end
        end
        -- "‘The end of the town’: traders vow ...": words opening the line
        -- before a colon stand alone, whatever the body makes of them
        if text:sub(q.qe, q.qe) == ":" and para_bounds(q.para) == q.qs then q.partial = false end
        if not r then
            r = attribute(q)
            local p = paras[q.para]
            if r and r.speaker == NULL and r.cue then
                -- "Jordan completes airdrops, calls for “...”"
                opening_subject(q, r)
            elseif not r and p.kind == "headline" and text:sub(q.qe, q.qe) == ":" then
                -- "‘...’: Ghana’s finance minister on ..." -- an interview
                local pro = ctx:protagonist(len + 1, nil, true)
                if pro then r = { speaker = name_of(pro.span) } end
            end
        end
        attributions[q.i] = r
    end

    -------------------------------------------------- emit
    for _, q in ipairs(quotes) do
        local r = attributions[q.i]
        -- the title of a work ("The paper, titled “Smoke Days”, ...") is
        -- no quotation
        local lead = text:sub(math.max(1, q.qs - 12), q.qs - 1):lower()
        if not (lead:find("titled%s*$") or lead:find("headlined%s*$")) then
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
end

return {
    name = "quotes",
    version = "35",
    kinds = { "quote" },
    needs = { "person", "org", "place" },
    extract = extract,
}
