--[[
lede.extract.salience -- who a pronoun, a description ("the minister") or an
anaphor ("the statement", "the organisation") refers to, for the extractors
that attribute words or events to people (quotes, ordinal_event).

Promise: built per document from the person and org spans found so far and
the document's layout blocks, without reading the text again; every lookup
is a backward walk over the mentions before a position (a few dozen per
article), so resolving costs nothing next to scanning the text. A lookup
never guesses across a clear signal: a pronoun whose gender contradicts the
only candidate, or an unnamed source ("a Hamas official said") mentioned
after the last named person of the paragraph, gives nil.

  local salience = require "lede.extract.salience"
  local ctx = salience.of(doc, found)   -- one per document, shared
  ctx:set_quoted(ranges)       -- names inside quotations are no referents
  ctx:pronoun(pos, "m")        -- the person span "he" at pos means, or nil
  ctx:role(pos, "minister" [, place]) -- the last person before pos with that
                               -- role (of that country: "the Estonian leader")
  ctx:org_before(pos)          -- the last org span before pos
  ctx:protagonist(pos, gender [, first_wins]) -- the most mentioned person before pos
  ctx:unnamed(pos)             -- record an unnamed source at pos
  ctx:surname("Whitcombe")     -- the person of the document of that name
                               -- (also "Zuniga" for "Zúñiga", "Park" for
                               -- "Park Jae-won")
  salience.plain("Trần")      -- "Tran": a name without its letters' marks
  ctx:mention(s, e, name)      -- a person named at [s, e) no extractor found

Gender: the first name's gender in data/first_names.txt (a list, so the
surest), else a person span's attrs.gender ("m"/"f") when the people
extractor gave one, else what a pronoun resolved to the person said
(Ctx:refer), else unknown (compatible with he and she).
]]

local data = require "lede.data"

local M = {}

-- Layout blocks whose names are not actors of the story (a caption names
-- the people of the story; its photo credit is one name among several);
-- a paragraph opening with "By " is a byline whatever its layout kind.
local CREDIT = { byline = true }
-- How many body paragraphs before the current one a pronoun may reach back.
local REACH = 2

local first_gender -- name -> "m"/"f", loaded on first use
local endings, exceptions, surname_endings, surname_particles -- data/name_endings.txt
local function load_names()
    first_gender = {}
    for _, file in ipairs { "first_names.txt", "first_names_extra.txt" } do
        for _, row in ipairs(data.table(file)) do
            local g = row[2]
            first_gender[row[1]] = (g == "m" or g == "f") and g or false
        end
    end
    endings, exceptions, surname_endings, surname_particles = {}, {}, {}, {}
    for _, row in ipairs(data.table("name_endings.txt")) do
        if row[1] == "ending" then endings[#endings + 1] = { row[2], row[3] }
        elseif row[1] == "surname" then surname_endings[#surname_endings + 1] = { row[2], row[3] }
        elseif row[1] == "exception" then exceptions[row[2]] = row[3]
        elseif row[1] == "particle" then surname_particles[row[2]] = row[3] end
    end
    table.sort(endings, function(a, b) return #a[1] > #b[1] end)
    table.sort(surname_endings, function(a, b) return #a[1] > #b[1] end)
end


-- The gender the lists give the first name of name, else nil: the
-- surest sign.
local function listed_gender(name)
    if not first_gender then load_names() end
    local first = name:match("^(%S+)")
    return first and first_gender[first] or nil
end

-- Whether the word is a first name of the lists ("Will", "Hope", "Jan").
function M.is_first_name(word)
    if not first_gender then load_names() end
    return first_gender[word] ~= nil
end

-- The gender the first name tells: the lists, else (for a name they do not
-- know) its ending ("Halyna", "Amina" -> f; not "Mustafa"); nil if neither.
-- A surname's ending, for a first name that tells nothing (Aigerim
-- Bekova, Jana Nováková): nil if none fits.
local function surname_gender(name, first)
    local last = name:match(" (%S+)$")
    if not last or last == first then return nil end
    -- "Siún Nic Gearailt", "Noura bint Mohammed": daughter of
    for w in name:gmatch(" (%S+) ") do
        local g = surname_particles[w]
        if g then return g end
    end
    local ll = last:lower()
    for _, e in ipairs(surname_endings) do
        if #ll > #e[1] + 2 and ll:sub(-#e[1]) == e[1] then return e[2] end
    end
    return nil
end

local function name_gender(name)
    if not first_gender then load_names() end
    local first = name:match("^(%S+)")
    if not first then return nil end
    local g = first_gender[first]
    if g ~= nil then return g or surname_gender(name, first) end
    if not first:match("^%u%l+$") or #first < 3 then return surname_gender(name, first) end
    if exceptions[first] then return exceptions[first] end
    local lf = first:lower()
    for _, e in ipairs(endings) do
        if lf:sub(-#e[1]) == e[1] then return e[2] end
    end
    return surname_gender(name, first)
end

local Ctx = {}

local function by_start(a, b) return a.s < b.s end

-- Index of the last element of sorted list with .s < pos (0 if none).
local function before(list, pos)
    local lo, hi = 1, #list
    local ans = 0
    while lo <= hi do
        local mid = (lo + hi) // 2
        if list[mid].s < pos then ans = mid; lo = mid + 1 else hi = mid - 1 end
    end
    return ans
end
M.before = before

local function sorted(list)
    for i = 2, #list do
        if list[i].s < list[i - 1].s then
            local copy = table.move(list, 1, #list, 1, {})
            table.sort(copy, by_start)
            return copy
        end
    end
    return list
end
M.sorted = sorted

-- Whether pos lies inside one of the sorted, disjoint ranges {s=, e=}.
local function inside(ranges, pos)
    local r = ranges and ranges[before(ranges, pos + 1)]
    return r ~= nil and r.s <= pos and pos < r.e
end

-- A role as written -> its full form in titles.txt, lowercase, when the
-- two differ ("cllr" -> "councillor", "prof." -> "professor"): "the
-- councillor said" means the person titled "Cllr".
local role_full
local function full_role(r)
    if not role_full then
        role_full = {}
        for _, row in ipairs(data.table("titles.txt")) do
            local w, full = row[1]:lower(), (row[2] or ""):lower()
            if full ~= "" and full ~= w and not full:find(".", 1, true) then role_full[w] = full end
        end
    end
    return role_full[r]
end

-- The person mentions of the document, built on first use (a document
-- whose quotations need no resolution never pays for them).
local function build_persons(self)
    local doc, paras = self.doc, self.paras
    local text = doc.text
    local persons, given, roles, affiliations = {}, {}, {}, {}
    local pi = 1
    local credit_of = {} -- paragraph index -> whether it is a credit line
    for _, sp in ipairs(sorted(self.found.person or {})) do
        local a = sp.attrs or {}
        local name = type(a.name) == "string" and a.name or doc:sub(sp.s, sp.e)
        while paras[pi + 1] and paras[pi + 1].s <= sp.s do pi = pi + 1 end
        local p = paras[pi] and paras[pi].s <= sp.s and pi or 0
        local credit = credit_of[p]
        if credit == nil then
            local para = paras[p]
            credit = para and (CREDIT[para.kind] or (text:byte(para.s) == 66 and text:sub(para.s, para.s + 2) == "By "))
                or false
            credit_of[p] = credit
        end
        persons[#persons + 1] = { s = sp.s, e = sp.e, name = name, span = sp, para = p, credit = credit }
        local g = a.gender
        if g == "m" or g == "f" then given[name] = g end
        local r = a.role
        if type(r) == "string" then
            local list = roles[name]
            if not list then list = {}; roles[name] = list end
            local lr = r:lower()
            list[#list + 1] = lr
            local full = full_role(lr)
            if full then list[#list + 1] = full end
        end
        if type(a.affiliation) == "string" then affiliations[name .. "\0" .. a.affiliation] = true end
    end
    rawset(self, "persons", persons)
    rawset(self, "given", given)
    rawset(self, "roles", roles)
    rawset(self, "affiliations", affiliations)
end

-- Whether mention p (a person mention or an org span) is no referent: a
-- credit line's name, or a name said inside a quotation ("“I met Haddad,”
-- he said": he is not Haddad). Cached per mention until the quotations
-- change.
local function aside(self, p)
    if p.credit or self.credits[p] then return true end
    local quoted = self.quoted
    if not quoted or #quoted == 0 then return false end
    local q = self.in_quote[p]
    if q == nil then
        q = inside(quoted, p.s)
        self.in_quote[p] = q
    end
    return q
end

-- The org mentions; the outlet of a credit line or of a dateline
-- ("SANTIAGO (Harbour Wire) —") is set aside like a byline's name.
local function build_orgs(self)
    local orgs, paras, text = sorted(self.found.org or {}), self.paras, self.doc.text
    local pi = 1
    for _, sp in ipairs(orgs) do
        while paras[pi + 1] and paras[pi + 1].s <= sp.s do pi = pi + 1 end
        local p = paras[pi]
        if p and p.s <= sp.s then
            if CREDIT[p.kind] or (text:byte(sp.s - 1) == 40 and sp.s - p.s < 60 and text:byte(sp.e) == 41) then
                self.credits[sp] = true
            end
        end
    end
    rawset(self, "orgs", orgs)
end

local LAZY = { persons = build_persons, given = build_persons, roles = build_persons, affiliations = build_persons,
               orgs = build_orgs }
Ctx.__index = function(self, key)
    local build = LAZY[key]
    if build then
        build(self)
        return rawget(self, key)
    end
    return Ctx[key]
end

-- quoted (optional): the sorted, disjoint ranges {s=, e=} of the
-- document's quotations; names inside them are never referents.
function M.new(doc, found, quoted)
    local paras = found.paragraphs or {}
    return setmetatable({
        doc = doc, found = found, paras = paras, gender_of = {}, weak = {}, anon = {}, quoted = quoted,
        in_quote = {}, credits = {}, pro_cache = {}, bare_of = {},
        para_of = function(pos) return before(paras, pos + 1) end,
    }, Ctx)
end

-- The context of a document shared by the extractors that run on it (the
-- ordinal events', then the quotations'): built once per document.
local SHARED = "lede.extract.salience"
function M.of(doc, found)
    local ctx = found[SHARED]
    if not ctx or ctx.doc ~= doc then
        ctx = M.new(doc, found)
        found[SHARED] = ctx
    end
    return ctx
end

-- Sets the quotation ranges (see M.new).
function Ctx:set_quoted(quoted)
    self.quoted = quoted
    self.in_quote = {}
    self.pro_cache = {}
end

-- "m", "f" or nil for a canonical person name. The name itself tells
-- surely; what the people extractor inferred (from pronouns near the
-- mentions, "thanked her" included) or a resolved pronoun told is weak:
-- self.weak[name] is then true.
function Ctx:gender(name)
    local g = self.gender_of[name]
    if g == nil then
        g = name_gender(name)
        if not g then
            g = self.given[name] or false
            if g then self.weak[name] = true end
        end
        self.gender_of[name] = g
    end
    return g or nil
end

-- A name written without the marks of its Latin letters ("Trần" ->
-- "Tran", "Zúñiga" -> "Zuniga"; data/latin_base.txt), curly apostrophes
-- made straight.
local latin
function M.plain(name)
    if not name:find("[\128-\255]") then return name end
    if not latin then
        latin = { ["\226\128\153"] = "'" }
        for _, row in ipairs(data.table("latin_base.txt")) do latin[row[1]] = row[2] end
    end
    return (name:gsub("[\192-\247][\128-\191]*", latin))
end
local plain = M.plain

local function compatible(g, want)
    return not want or not g or g == want
end

-- An unnamed source (a speaker with no name) mentioned at pos.
function Ctx:unnamed(pos)
    local a = self.anon
    local i = #a
    while i > 0 and a[i] > pos do i = i - 1 end
    if a[i] ~= pos then table.insert(a, i + 1, pos) end
end

-- The person mentioned most often before pos (any mention when none is
-- before), gender permitting; ties go to the most recent, or with
-- first_wins (the person of a whole article) to the first mentioned.
function Ctx:protagonist(pos, want, first_wins)
    local n = before(self.persons, pos)
    if n == 0 then n = #self.persons end
    -- (the answer depends only on the mentions counted: kept until a
    -- mention or a quotation range changes)
    local key = n * 8 + (want == "m" and 2 or want == "f" and 4 or 0) + (first_wins and 1 or 0)
    local hit = self.pro_cache[key]
    if hit ~= nil then return hit or nil end
    local count, last = {}, {}
    local best, bestn, bestlast = nil, 0, 0
    for i = 1, n do
        local p = self.persons[i]
        if not aside(self, p) and compatible(self:gender(p.name), want) then
            count[p.name] = (count[p.name] or 0) + 1
            last[p.name] = i
            local c = count[p.name]
            if c > bestn or (c == bestn and not first_wins and i > bestlast) then
                best, bestn, bestlast = p, c, i
            end
        end
    end
    local found = best and self.persons[last[best.name]] or false
    self.pro_cache[key] = found
    return found or nil
end

-- The first paragraph index a pronoun at pos may look back to: its own
-- paragraph and up to REACH body paragraphs before it, not across a
-- headline or subhead.
function Ctx:window(pos)
    local pi = self.para_of(pos)
    local lo = pi
    local k = pi - 1
    while k >= 1 and pi - k <= REACH and self.paras[k].kind == "paragraph"
          and self.paras[pi].kind == "paragraph" do
        lo = k
        k = k - 1
    end
    return lo, pi
end

-- The person a third-person pronoun at pos refers to (want: "m", "f" or
-- nil for they/unknown), or nil.
function Ctx:pronoun(pos, want)
    local lo, pi = self:window(pos)
    local start = self.paras[lo] and self.paras[lo].s or 1
    local cur = self.paras[pi] and self.paras[pi].s or 1
    -- An unnamed source later than every named person of the paragraph
    -- is what the pronoun most likely means: no name then.
    local anon_at = 0
    for i = #self.anon, 1, -1 do
        local a = self.anon[i]
        if a < pos then
            if a >= cur then anon_at = a end
            break
        end
    end
    local weak -- the latest person whose gender, only inferred, does not fit
    for i = before(self.persons, pos), 1, -1 do
        local p = self.persons[i]
        if p.s < start then break end
        if not aside(self, p) then
            if p.s < anon_at then return nil end
            local g = self:gender(p.name)
            if compatible(g, want) and want and g and self.weak[p.name] then
                -- a name of only inferred gender (often from this very
                -- pronoun): one of its paragraph before it whose name
                -- tells the pronoun's gender is likelier ("Aigerim Bekova
                -- met Daniyar Seitkali ... she said") -- but not one of an
                -- earlier sentence when the name is in the pronoun's own
                -- ("Minister Ziad Ibrahim arrived ..., his sixth visit")
                local sents = self.found.sentences or {}
                local psent = before(sents, p.s + 1)
                local own = psent == before(sents, pos + 1)
                for j = i - 1, 1, -1 do
                    local o = self.persons[j]
                    if o.para ~= p.para or o.s < start then break end
                    if own and before(sents, o.s + 1) ~= psent then break end
                    if o.name ~= p.name and not aside(self, o) and self:gender(o.name) == want
                       and not self.weak[o.name] then
                        p, g = o, want
                        break
                    end
                end
            end
            if compatible(g, want) then
                if not want or p.para == pi or (g and listed_gender(p.name)) then return p.span end
                -- A name of unknown or only inferred gender in an earlier
                -- paragraph: a protagonist whose first name the lists know
                -- to fit is the likelier referent.
                local pro = self:protagonist(pos, want)
                if pro and listed_gender(pro.name) == want then return pro.span end
                return p.span
            elseif not weak and self.weak[p.name] then
                weak = p
            end
        end
    end
    if anon_at > 0 then return nil end
    local pro = self:protagonist(pos, want)
    -- no one near fits: an inferred gender is no proof against the latest
    -- person, unless the name of someone earlier fits surely
    if weak and not (pro and name_gender(pro.name) == want) then return weak.span end
    return pro and pro.span or nil
end

-- Records that pos refers to the person of span (a pronoun resolved by
-- the caller): the reference counts as a mention from then on, so a chain
-- of pronouns keeps its person, and a person of unknown gender takes the
-- pronoun's.
function Ctx:refer(pos, span, gender)
    local a = span.attrs or {}
    local name = type(a.name) == "string" and a.name or self.doc:sub(span.s, span.e)
    if (gender == "m" or gender == "f") and not self:gender(name) then
        self.gender_of[name] = gender
        self.weak[name] = true
    end
    local p = self.para_of(pos)
    local rec = { s = pos, e = pos, name = name, span = span, para = p, credit = false }
    local i = before(self.persons, pos) + 1
    table.insert(self.persons, i, rec)
    self.pro_cache = {}
end

-- Records a person the name extractors missed, named at [s, e) ("said
-- Will Hocking, the station mechanic"): a mention like any other from
-- then on, for the pronouns that follow.
function Ctx:mention(s, e, name)
    local span = { kind = "person", s = s, e = e, attrs = { name = name } }
    local rec = { s = s, e = e, name = name, span = span, para = self.para_of(s), credit = false }
    table.insert(self.persons, before(self.persons, s) + 1, rec)
    self.pro_cache = {}
    return span
end

local function has_word(r, word)
    local s, e = r:find(word, 1, true)
    return s and (s == 1 or r:sub(s - 1, s - 1):match("[%s%-]"))
        and (e == #r or r:sub(e + 1, e + 1):match("[%s%-]")) and true or false
end

-- Who a description ("the minister", "the Emirati minister") at pos
-- means: the most recent person before pos whose role (in any mention)
-- has the word `word` ("minister" finds "Foreign Minister"); else, when
-- the roles were not recognised, the most mentioned person before pos
-- with no role at all; else the article's protagonist; nil if none.
function Ctx:role(pos, word, place)
    word = word:lower()
    local n = before(self.persons, pos)
    if place then
        -- "the Estonian leader": the last person of that country with that
        -- role, else the last person of that country
        local affs, last = self.affiliations, nil
        for i = n, 1, -1 do
            local p = self.persons[i]
            if affs[p.name .. "\0" .. place] and not aside(self, p) then
                for _, r in ipairs(self.roles[p.name] or {}) do
                    if has_word(r, word) then return p.span end
                end
                last = last or p
            end
        end
        if last then return last.span end
    end
    for i = n, 1, -1 do
        local p = self.persons[i]
        for _, r in ipairs(self.roles[p.name] or {}) do
            if has_word(r, word) then return p.span end
        end
    end
    -- no role says so: the most mentioned person before pos whose roles
    -- (if any were recognised) do not say otherwise, else the protagonist
    local count, best, bestn = {}, nil, 0
    for i = 1, n do
        local p = self.persons[i]
        if not aside(self, p) and not self.roles[p.name] then
            local c = (count[p.name] or 0) + 1
            count[p.name] = c
            if c >= bestn then best, bestn = p, c end
        end
    end
    if best then return best.span end
    if n == 0 then return nil end
    local pro = self:protagonist(pos, nil, true)
    return pro and pro.span or nil
end

-- Whether a role of the person of span has the word `word`.
function Ctx:has_role(span, word)
    local a = span.attrs or {}
    local name = type(a.name) == "string" and a.name or self.doc:sub(span.s, span.e)
    for _, r in ipairs(self.roles[name] or {}) do
        if has_word(r, word:lower()) then return true end
    end
    return false
end

-- The canonical name of a person of the document whose name ends with
-- the word `surname` ("Whitcombe" -> "Dana Whitcombe"), or nil.
function Ctx:surname(word)
    local lw = word:lower() -- "Al-Mahdi" at a sentence start is "al-Mahdi"
    for i = #self.persons, 1, -1 do
        local name = self.persons[i].name
        if name == word or name:sub(-#word - 1):lower() == " " .. lw then return name end
    end
    -- "Zuniga" for "Sofía Zúñiga"; a family name written first ("Park"
    -- for "Park Jae-won", "Do" for "Đỗ Minh Khoa"): one person only
    local bare = plain(lw)
    local hit
    local bare_of = self.bare_of -- name -> plain lowercase, once per name
    for i = #self.persons, 1, -1 do
        local name = self.persons[i].name
        local pn = bare_of[name]
        if not pn then
            pn = plain(name):lower()
            bare_of[name] = pn
        end
        if pn:sub(-#bare - 1) == " " .. bare or pn:match("^(%S+) ") == bare then
            if hit and hit ~= name then return nil end
            hit = name
        end
    end
    return hit
end

-- The most recent org span before pos, or nil; with `word` (lowercase),
-- the most recent whose name has that word ("ministry").
-- (a body after one of these is a place or a source of the sentence,
-- "approval in the European Union", "according to the WHO", seldom what
-- "the company" or "it" later means)
local OBLIQUE = { ["in"] = true, ["to"] = true, ["from"] = true, ["at"] = true, ["into"] = true, ["on"] = true,
                  ["across"] = true, ["throughout"] = true, ["with"] = true, ["by"] = true }
function Ctx:org_before(pos, word)
    local orgs, text = self.orgs, self.doc.text
    local first
    for i = before(orgs, pos), 1, -1 do
        local o = orgs[i]
        if word and not aside(self, o) then
            local a = o.attrs or {}
            local name = type(a.name) == "string" and a.name or text:sub(o.s, o.e - 1)
            if has_word(name:lower(), word) then return o end
        elseif not aside(self, o) then
            local w = text:sub(math.max(1, o.s - 16), o.s - 1):lower():gsub("the%s+$", ""):match("(%a+)%s+$")
            if not OBLIQUE[w] then return o end
            first = first or o
        end
    end
    return first
end

-- The most recent person span before pos (credits aside), or nil.
function Ctx:person_before(pos)
    for i = before(self.persons, pos), 1, -1 do
        if not aside(self, self.persons[i]) then return self.persons[i].span end
    end
    return nil
end

return M
