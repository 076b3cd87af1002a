-- tests/lua/extract_quotes_test.lua -- lede.extract.quotes, as a `lede run`
-- TAP script (tests/72-extract-quotes-ordinals.t runs it):
--   lede --db :memory: run tests/lua/extract_quotes_test.lua [SEEDS_DIR]
--
-- The sentences are written for this test. Names come from a stand-in for
-- the people/places extractors (the surfaces listed with each text), so the
-- test measures attribution, not name finding. With a seeds folder the
-- standard extractors run over the real articles and the issue's
-- acceptance cases are checked.

local lede = require "lede"
local quotes = require "lede.extract.quotes"
local null = lede.json.null
-- the globals before any extraction (an extractor must set none: a global
-- carries one document's state into the next)
local globals_before = {}
for k in pairs(_G) do globals_before[k] = true end

local DIR = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local tap = dofile(DIR .. "/tap.lua")
local ok, is, skip = tap.ok, tap.is, tap.skip

-- Runs the quote extractor on text, with names found by plain search:
-- ents = { {kind, surface, name=, gender=, role=}, ... } (longest first).
local function run(text, ents)
    local doc = lede.document(text, { id = "t" })
    local found = { sentences = {}, paragraphs = {} }
    for s, e in doc:sentences() do found.sentences[#found.sentences + 1] = { s = s, e = e } end
    for s, e, k in doc:paragraphs() do found.paragraphs[#found.paragraphs + 1] = { s = s, e = e, kind = k } end
    table.sort(ents, function(a, b) return #a[2] > #b[2] end)
    local taken, list = {}, {}
    for _, en in ipairs(ents) do
        local init = 1
        while true do
            local s, e = text:find(en[2], init, true)
            if not s then break end
            init = e + 1
            local free = true
            for i = s, e do free = free and not taken[i] end
            if free then
                for i = s, e do taken[i] = true end
                list[#list + 1] = { kind = en[1], s = s, e = e + 1,
                                    attrs = { name = en.name or en[2], gender = en.gender, role = en.role,
                                              affiliation = en.affiliation, place = en.place } }
            end
        end
    end
    table.sort(list, function(a, b) return a.s < b.s end)
    for _, sp in ipairs(list) do
        found[sp.kind] = found[sp.kind] or {}
        table.insert(found[sp.kind], sp)
    end
    local out = {}
    quotes.extract(doc, function(kind, s, e, attrs)
        out[#out + 1] = { kind = kind, s = s, e = e, text = doc:sub(s, e), attrs = attrs }
    end, found)
    return out
end

-- The quote whose words start with `start`.
local function find(out, start)
    for _, q in ipairs(out) do
        if q.text:sub(1, #start) == start then return q end
    end
    return nil
end

-- check(out, start, {speaker=, cue=, speaker_text=, partial=, text=}, name)
local function check(out, start, want, name)
    local q = find(out, start)
    if not q then
        ok(false, name .. ": a quote starting " .. start)
        return
    end
    for _, f in ipairs { "speaker", "cue", "speaker_text", "partial" } do
        if want[f] ~= nil then is(q.attrs[f], want[f], name .. ": " .. f) end
    end
    if want.text then is(q.text, want.text, name .. ": span") end
end

---------------------------------------------------------------- the marks

do
    local out = run('The minister called it “a new start” and left.\n\n'
        .. 'He read out "Our doors are open," then sat down.\n\n'
        .. '“She told me ‘never again’ and meant it,” Ms. Ostrova said.\n\n'
        .. "Analysts call the plan 'ambitious' in private.\n", { { "person", "Ostrova", name = "Irina Ostrova" } })
    check(out, "a new start", { text = "a new start", partial = true, speaker = null }, "curly scare quote")
    check(out, "Our doors", { text = "Our doors are open," }, "straight double quotes")
    check(out, "She told me", { text = "She told me ‘never again’ and meant it,", speaker = "Irina Ostrova" },
          "single quotes inside double stay inside")
    ok(find(out, "never again") == nil, "a quotation inside a quotation is not a span of its own")
    check(out, "ambitious", { partial = true }, "straight single quotes")
    ok(find(out, "s ") == nil and #out == 4, "apostrophes are no quotation marks", "got " .. #out .. " quotes")
end

---------------------------------------------------------------- attribution

local PEOPLE = {
    { "person", "Farida Haddad", gender = "f", role = "Foreign Minister" },
    { "person", "Haddad", name = "Farida Haddad", gender = "f" },
    { "person", "Tomas Reyes", gender = "m" },
    { "person", "Reyes", name = "Tomas Reyes", gender = "m" },
    { "person", "Ilse Brandt", gender = "f", role = "spokeswoman" },
    { "person", "Brandt", name = "Ilse Brandt", gender = "f" },
    { "org", "Foreign Ministry", name = "Foreign Ministry" },
    { "org", "Red Cross", name = "International Committee of the Red Cross" },
    { "place", "Valdora" },
}

do
    local text = table.concat({
        "Foreign Minister Farida Haddad met Tomas Reyes in Valdora on Monday.",
        "",
        "“We have a text,” she said. “Now we need signatures.”",
        "",
        "“It is not finished,” said Reyes, the opposition leader.",
        "",
        "“Nobody leaves the room until it is done,” Reyes told reporters.",
        "",
        "Haddad said: “The ministry will publish it.”",
        "",
        "Haddad’s office said: “The minister is confident.”",
        "",
        "Reyes later said the draft was “a wish list” and “not a treaty”.",
        "",
        "According to Haddad, the talks were “close to the end”.",
        "",
        "“Aid must reach the border,” said a statement from the Red Cross.",
        "",
        "“There are gaps,” Foreign Ministry spokeswoman Ilse Brandt told reporters.",
        "",
        "The Foreign Ministry rejected the claim. “These reports are invented,” the statement said.",
        "",
        "“We will see,” said a senior official who asked not to be named. He said a deal was “weeks away”.",
        "",
        "“The vote is on Friday” — Tomas Reyes, on the radio",
        "",
    }, "\n")
    local out = run(text, PEOPLE)
    check(out, "We have a text", { speaker = "Farida Haddad", cue = "said", speaker_text = "she", partial = false },
          "“...,” she said: the pronoun's person, gender checked")
    check(out, "Now we need", { speaker = "Farida Haddad", cue = null, speaker_text = null, partial = false },
          "a quotation right after an attributed one: the same speaker")
    check(out, "It is not finished", { speaker = "Tomas Reyes", cue = "said", speaker_text = "Reyes" },
          "“...,” said NAME")
    check(out, "Nobody leaves", { speaker = "Tomas Reyes", cue = "told" }, "“...,” NAME told reporters")
    check(out, "The ministry will", { speaker = "Farida Haddad", cue = "said", partial = false },
          "NAME said: “...”")
    check(out, "The minister is", { speaker = "Farida Haddad", speaker_text = "Haddad’s office" },
          "NAME’s office speaks for NAME")
    check(out, "a wish list", { speaker = "Tomas Reyes", cue = "said", partial = true },
          "NAME said X was “...”: a fragment")
    check(out, "not a treaty", { speaker = "Tomas Reyes", partial = true },
          "a second fragment in the same sentence")
    check(out, "close to the end", { speaker = "Farida Haddad", cue = "according to", partial = true },
          "According to NAME, ...")
    check(out, "Aid must reach", { speaker = "International Committee of the Red Cross" },
          "said a statement from ORG")
    check(out, "There are gaps", { speaker = "Ilse Brandt", cue = "told" },
          "a title before the name after the quotation")
    check(out, "These reports", { speaker = "Foreign Ministry", speaker_text = "the statement" },
          "“...,” the statement said: the body named before")
    check(out, "We will see", { speaker = null, cue = "said", speaker_text = "a senior official" },
          "an unnamed source is null")
    check(out, "weeks away", { speaker = null, partial = true },
          "“he” after an unnamed source is no guess")
    check(out, "The vote is", { speaker = "Tomas Reyes" }, "“...” — NAME")
end

---------------------------------------------------------------- paragraphs and lead-ins

do
    local text = table.concat({
        "Reyes spoke to reporters outside the court.",
        "“We lost today. We will appeal.”",
        "",
        "Haddad read a statement to the press:",
        "",
        "“The first part of the statement.",
        "",
        "“The second part of the statement.",
        "",
        "“The last part.”",
        "",
        "Brandt laughed. Her answer was short — “Ask the minister.”",
        "",
        "The talks resumed. Nobody mentioned the “peace dividend” again.",
        "",
    }, "\n")
    local out = run(text, PEOPLE)
    check(out, "We lost today", { speaker = "Tomas Reyes", cue = null, speaker_text = null, partial = false },
          "a quotation standing alone takes the person of the sentence before")
    local parts = {}
    for _, q in ipairs(out) do
        if q.text:match("part") then parts[#parts + 1] = q end
    end
    is(#parts, 3, "a multi-paragraph quotation: one span per paragraph")
    if #parts == 3 then
        is(parts[1].text, "The first part of the statement.", "an open part runs to the end of its paragraph")
        is(parts[3].text, "The last part.", "the last part ends at the closing mark")
        local same = true
        for _, q in ipairs(parts) do
            same = same and q.attrs.speaker == "Farida Haddad" and q.attrs.cue == "read" and q.attrs.partial == false
        end
        ok(same, "every part has the attribution of the whole (the colon ending the paragraph before)")
    end
    check(out, "Ask the minister", { speaker = "Ilse Brandt", speaker_text = "Her", cue = null, partial = false },
          "a dash lead-in opened by a possessive")
    check(out, "peace dividend", { speaker = null, partial = true }, "a scare quote is unattributed")
end

---------------------------------------------------------------- headlines and false cues

do
    local text = table.concat({
        "‘We will not sign’: minister rejects draft",
        "",
        "By Ana Costa",
        "",
        "Farida Haddad rejected the draft on Tuesday. “We will not sign. Not this text,” Haddad told parliament.",
        "",
        "The report was described as “unbalanced” by diplomats.",
        "",
        "The state newspaper ran the headline “Victory” on Wednesday.",
        "",
        "Reyes welcomed a “comprehensive deal,” emphasizing the need for aid.",
        "",
    }, "\n")
    local out = run(text, PEOPLE)
    check(out, "We will not sign", { speaker = "Farida Haddad", partial = false },
          "a headline quotation takes the speaker of the same words later")
    check(out, "unbalanced", { speaker = null, cue = null }, "a passive (was described as) names no speaker")
    check(out, "Victory", { cue = null }, "a speech verb after a determiner is a noun (the state)")
    check(out, "comprehensive deal", { speaker = null, cue = null },
          "a participle after a quotation (emphasizing) is no attribution")
    out = run("‘The end of the town’: traders vow to fight on\n\nBy Ana Costa\n\n"
        .. "Farida Haddad called the vote “the end of the town” and left.\n", PEOPLE)
    check(out, "The end of", { speaker = "Farida Haddad", partial = false },
          "a headline quotation opening the line before a colon stands alone, a fragment in the body")
end

---------------------------------------------------------------- wire copy

do
    local ents = {
        { "person", "Olga Sarrado", gender = "f" }, { "org", "UNHCR", name = "UNHCR" },
        { "person", "Dmitry Peskov", gender = "m" }, { "person", "Peskov", name = "Dmitry Peskov", gender = "m" },
        { "org", "Kremlin", name = "Kremlin" }, { "org", "IDF", name = "Israel Defense Forces" },
        { "person", "Ana Costa", gender = "f" },
    }
    local text = table.concat({
        "Camps overflow",
        "",
        "By Ana Costa",
        "",
        "“The camps are full,” said UNHCR spokesperson Olga Sarrado.",
        "",
        "The Kremlin’s spokesman, Dmitry Peskov, told reporters: “We will respond.”",
        "",
        "“We have no water,” said Ruslan Kovalenko, a resident. “Nobody comes,” Kovalenko added.",
        "",
        "Officials said the repairs were “under way”.",
        "",
        "The IDF said it struck a depot. “The health ministry figures are inflated,” the Hamas-run health "
            .. "ministry said.",
        "",
        "“It is a mistake,” I told the minister in May.",
        "",
    }, "\n")
    local out = run(text, ents)
    check(out, "The camps are full", { speaker = "Olga Sarrado", speaker_text = "Olga Sarrado" },
          "said ORG spokesperson NAME: the title is not the speaker")
    check(out, "We will respond", { speaker = "Dmitry Peskov" }, "ORG’s spokesman, NAME, told: the one named")
    check(out, "We have no water", { speaker = "Ruslan Kovalenko" }, "a name no extractor found, after said")
    check(out, "Nobody comes", { speaker = "Ruslan Kovalenko", speaker_text = "Kovalenko" },
          "its surname later is the same person")
    check(out, "under way", { speaker = null }, "a capitalised dictionary word is no name (Officials said)")
    check(out, "The health ministry", { speaker = null },
          "the health ministry with a modifier is not the body named before")
    check(out, "It is a mistake", { speaker = "Ana Costa", speaker_text = "I" }, "I: the writer of the byline")
end

---------------------------------------------------------------- more multi-paragraph and noun cues

do
    local text = table.concat({
        "“We waited,” Reyes told the crowd. “We have been patient. We have been polite.",
        "",
        "“Tonight we are done being polite.”",
        "",
        "Haddad said some of the Valdora demands were “not serious”.",
        "",
        "Reyes once called her “a friend,” a line his aides later said was a joke.",
        "",
    }, "\n")
    local out = run(text, PEOPLE)
    check(out, "We have been patient", { speaker = "Tomas Reyes", text = "We have been patient. We have been polite." },
          "a quotation opened mid-paragraph and closed in the next: its first part")
    check(out, "Tonight we are done", { speaker = "Tomas Reyes" }, "and its last part, with the same speaker")
    check(out, "not serious", { speaker = "Farida Haddad", cue = "said" },
          "a speech verb after a determiner and a name is a noun (the Valdora demands)")
    check(out, "a friend", { speaker = "Tomas Reyes", cue = "called" },
          "a noun phrase after the quotation is no speaker (a line his aides later said)")
end

---------------------------------------------------------------- descriptions, appositions, interviews

do
    local ents = {
        { "person", "Gabor Toth", gender = "m", role = "police spokesman" },
        { "person", "Yusuf Demir", gender = "m" }, { "person", "Demir", name = "Yusuf Demir", gender = "m" },
        { "person", "Tomas Berg", gender = "m" }, { "person", "Berg", name = "Tomas Berg", gender = "m" },
        { "person", "Maria Keller", gender = "f" }, { "person", "Keller", name = "Maria Keller", gender = "f" },
        { "person", "Nora Lind", gender = "f" },
        { "org", "Harbour Ferries", name = "Harbour Ferries" },
        { "org", "Borland Shipping", name = "Borland Shipping" },
        { "org", "Office of the Auditor", name = "Office of the Auditor" }, { "place", "Valdora" },
    }
    local text = table.concat({
        "“The search goes on,” police spokesman Gabor Toth told reporters.",
        "",
        "A police officer at the scene, who asked not to be named, said the captain was held. "
            .. "“He ran first,” the officer said.",
        "",
        "Yusuf Demir, a father of three, lost his house. “They ask when it ends,” the father said.",
        "",
        "Asked about Berg’s remarks, Keller was blunt.",
        "“He has never been here.”",
        "",
        "A lawyer for the captain, reached by telephone, said his client was “devastated”. "
            .. "“He sailed for years,” he said.",
        "",
        "Valdora, the largest donor, called the findings “deeply worrying”.",
        "",
        "The report, written by the Office of the Auditor, says controls were “weak”. "
            .. "“No list was checked,” the report said.",
        "",
        "Harbour Ferries issued a statement. “Nobody at Borland Shipping was warned,” the company said.",
        "",
        "“We are ready,” a spokesman for Demir said.",
        "",
        "“We are sorry,” said a spokeswoman for the company, Nora Lind.",
        "",
    }, "\n")
    local out = run(text, ents)
    check(out, "The search goes", { speaker = "Gabor Toth", cue = "told", speaker_text = "Gabor Toth" },
          "a lowercase body before the title (police spokesman NAME told)")
    check(out, "He ran first", { speaker = null, speaker_text = "the officer" },
          "“the officer” after “a police officer” who is not named: null")
    check(out, "They ask when", { speaker = "Yusuf Demir" }, "“the father” after “NAME, a father of three”")
    check(out, "He has never", { speaker = "Maria Keller" },
          "standing alone: the subject of the sentence before, not a possessor after a preposition")
    check(out, "devastated", { speaker = null, speaker_text = "A lawyer for the captain" },
          "a noun after a preposition is no subject (a lawyer for the captain)")
    check(out, "He sailed", { speaker = null }, "“he” after that unnamed lawyer is null")
    check(out, "deeply worrying", { speaker = "Valdora" },
          "a country whose apposition (the largest donor) stands between it and the verb")
    check(out, "weak", { speaker = "Office of the Auditor" }, "“the report” with its author in apposition")
    check(out, "No list was", { speaker = "Office of the Auditor" }, "“the report said”: the body named before")
    check(out, "Nobody at Borland", { speaker = "Harbour Ferries" },
          "“the company said”: a body named inside the quotation is no referent")
    check(out, "We are ready", { speaker = "Yusuf Demir" }, "a spokesman for NAME said")
    check(out, "We are sorry", { speaker = "Nora Lind" }, "said a spokeswoman for ORG, NAME: the one named")
end

do
    local ents = {
        { "person", "Nora Lind", gender = "f" }, { "person", "Lind", name = "Nora Lind", gender = "f" },
        { "person", "Maria Keller", gender = "f" }, { "person", "Keller", name = "Maria Keller", gender = "f" },
        { "person", "Ivo Brandt", gender = "m" },
    }
    local text = table.concat({
        "‘We cannot wait for the rain’: the port chief on the drought",
        "",
        "By Ivo Brandt",
        "",
        "Nora Lind has run the port for ten years. Lind spoke to us on the quay.",
        "",
        "Keller says the port was neglected. Is she wrong?",
        "",
        "“She is right about the past.",
        "",
        "“Not about the future.”",
        "",
        "How long will the work take?",
        "",
        "“Two years. But we cannot wait for the rain.”",
        "",
        "“We lost everything.”",
        "",
        "That is how Maria Keller described the flood to us.",
        "",
    }, "\n")
    local out = run(text, ents)
    check(out, "She is right", { speaker = "Nora Lind", cue = null },
          "an interview answer after a question: the interviewee, not the woman the question names")
    check(out, "Not about the future", { speaker = "Nora Lind" }, "and the rest of that answer")
    check(out, "Two years", { speaker = "Nora Lind" }, "the next answer")
    check(out, "We cannot wait", { speaker = "Nora Lind", partial = false },
          "a headline quotation: a whole sentence of the body after its “but” is no fragment")
    check(out, "We lost everything", { speaker = "Maria Keller" },
          "a quotation alone in its paragraph, attributed by the next (That is how NAME described)")
end

---------------------------------------------------------------- wire forms

do
    local ents = {
        { "org", "Harbour Wire", name = "Harbour Wire" }, { "org", "Mine Workers Union", name = "Mine Workers Union" },
        { "person", "Carla Fuentes", gender = "f" }, { "place", "SANTIAGO", name = "Santiago" },
    }
    local text = table.concat({
        "SANTIAGO (Harbour Wire) — Miners walked out on Tuesday.",
        "",
        "Carla Fuentes read out the demands. “The offer is an insult,” the statement said.",
        "",
        "“Copper prices will feel this,” according to a note from analysts.",
        "",
        "The Mine Workers Union issued a statement. “We will not back down,” the statement said.",
        "",
    }, "\n")
    local out = run(text, ents)
    check(out, "The offer is", { speaker = "Carla Fuentes" },
          "the outlet of the dateline is no body “the statement” points back to")
    check(out, "Copper prices", { speaker = null, cue = "according to", speaker_text = "a note" },
          "“...,” according to a note from analysts: an unnamed source after the quotation")
    check(out, "We will not back", { speaker = "Mine Workers Union" }, "“the statement said” after a named body")
end

do
    local ents = {
        { "person", "Nikos Andreou", gender = "m", role = "Prime Minister" },
        { "person", "Andreou", name = "Nikos Andreou", gender = "m" },
        { "person", "Giorgos Stavrou", gender = "m", role = "mayor" },
        { "person", "Maria Ioannou", gender = "f" }, { "person", "Petros Galanis", gender = "m" },
    }
    local text = table.concat({
        "Prime Minister Nikos Andreou visited the fire zone on Monday. The prime minister was blunt. "
            .. "“We are losing one front.”",
        "",
        "Petros Galanis warned residents to stay away.",
        "",
        "“We lost everything.” Maria Ioannou stood in front of what was left of her house.",
        "",
        "The mayor of the town, Giorgos Stavrou, spent the night at the command post. The mayor said volunteers "
            .. "had saved dozens of homes. “Without them, the town would be gone.”",
        "",
        "“It is a crime,” the 58-year-old said of the fires.",
        "",
        "So says Andreou, who has promised an inquiry: “Whoever did this will pay.”",
        "",
    }, "\n")
    local out = run(text, ents)
    check(out, "We are losing", { speaker = "Nikos Andreou" },
          "standing alone after a sentence opened by a description (The prime minister was blunt.)")
    check(out, "We lost everything", { speaker = "Maria Ioannou" },
          "a quotation opening its paragraph, then a sentence opened by a name: that person")
    check(out, "Without them", { speaker = "Giorgos Stavrou" }, "after “The mayor said ...”")
    check(out, "It is a crime", { speaker = "Giorgos Stavrou", speaker_text = "the 58-year-old" },
          "“the 58-year-old said”: the person named before")
    check(out, "Whoever did this", { speaker = "Nikos Andreou" }, "So says NAME, who ...: the name after the verb")
    local out2 = run("Petros Galanis told the mayor that the fires would burn “for days,” according to an official.\n",
                     ents)
    check(out2, "for days", { speaker = "Petros Galanis" },
          "NAME told ... “...,” according to an unnamed official: the one who told")
end

---------------------------------------------------------------- gender of names the lists do not know

do
    -- the people extractor's inferred gender may be wrong ("thanked her"
    -- counted for Savchuk): a weak signal, never a veto when no one fits
    local ents = {
        { "person", "Zlata Moroz" }, { "person", "Moroz", name = "Zlata Moroz" },
        { "person", "Bohdan Savchuk", gender = "f" }, { "person", "Savchuk", name = "Bohdan Savchuk", gender = "f" },
    }
    local text = table.concat({
        "Energy Minister Zlata Moroz met grid chief Bohdan Savchuk on Monday. Savchuk thanked her. "
            .. "Moroz later toured a hospital.",
        "",
        "“Power will be back within days,” he said.",
        "",
        "Moroz said imports would help. “Every megawatt counts,” she said.",
        "",
    }, "\n")
    local out = run(text, ents)
    check(out, "Power will be", { speaker = "Bohdan Savchuk" },
          "he: not the woman whose unknown first name ends in -a; an inferred gender is no veto")
    check(out, "Every megawatt", { speaker = "Zlata Moroz" }, "she: the subject of the sentence before")
end

---------------------------------------------------------------- a catalogue of attribution forms

-- One paragraph per form of news writing; each quotation's speaker.
local CAST = {
    { "person", "Ana Petrova", gender = "f", role = "director" },
    { "person", "Petrova", name = "Ana Petrova", gender = "f" },
    { "person", "Ivo Marek", gender = "m" },
    { "person", "Marek", name = "Ivo Marek", gender = "m" },
    { "org", "Lantern Institute" },
    { "org", "Radio Meridian" },
    { "org", "Harbour Times" },
}
local FORMS = {
    { "“Costs will rise,” said Ana Petrova, the director of the Lantern Institute.", "Ana Petrova" },
    { "Ana Petrova, the institute’s director, said: “Costs will rise.”", "Ana Petrova" },
    { "Director Ana Petrova said in a statement: “Costs will rise.”", "Ana Petrova" },
    { "“Costs will rise,” Petrova said in an interview with Radio Meridian.", "Ana Petrova" },
    { "Petrova told Radio Meridian: “Costs will rise.”", "Ana Petrova" },
    { "“Costs will rise,” Petrova told the Harbour Times.", "Ana Petrova" },
    { "“Costs will rise,” Petrova wrote on X.", "Ana Petrova" },
    { "Petrova wrote in a post on social media: “Costs will rise.”", "Ana Petrova" },
    { "“Costs will rise,” Petrova, who has led the institute since 2019, said.", "Ana Petrova" },
    { "“Costs will rise,” Petrova added.", "Ana Petrova" },
    { "Petrova said on Tuesday: “Costs will rise.”", "Ana Petrova" },
    { "“Costs will rise,” Petrova said on Tuesday.", "Ana Petrova" },
    { "“Costs will rise,” said Petrova, who has led the institute since 2019.", "Ana Petrova" },
    { "In the words of Ana Petrova, the plan is “a gamble with other people’s money”.", "Ana Petrova" },
    { "Petrova’s spokesman, Ivo Marek, said: “Costs will rise.”", "Ivo Marek" },
    { "Petrova was quoted as saying: “Costs will rise.”", "Ana Petrova" },
    { "Petrova was quoted by the Harbour Times as saying: “Costs will rise.”", "Ana Petrova" },
    { "A week later Petrova was quoted by the local paper, the Harbour Times, as saying: “Costs will rise.”",
      "Ana Petrova" },
    { "Petrova was heard to say: “Costs will rise.”", "Ana Petrova" },
    { "Petrova: “Costs will rise.”", "Ana Petrova" },
    { "“Costs will rise,” Petrova says.", "Ana Petrova" },
    { "“Costs will rise,” says Petrova.", "Ana Petrova" },
    { "“Costs will rise.” — Ana Petrova", "Ana Petrova" },
    { "Asked about the budget, Petrova said: “Costs will rise.”", "Ana Petrova" },
    { "“Costs will rise,” Lantern Institute director Ana Petrova said.", "Ana Petrova" },
    { "“Costs will rise,” the Lantern Institute said in a statement.", "Lantern Institute" },
}
for _, form in ipairs {
    "Petrova, speaking at a news conference in Valdora, said: “Costs will rise.”",
    "“Costs will rise,” Petrova said, adding that the board would meet again.",
    "“Costs will rise.” Petrova said.",
    "“Will costs rise?” Petrova asked.",
    "Petrova, 54, said: “Costs will rise.”",
    "Petrova (Lantern Institute) said: “Costs will rise.”",
    "Dr. Petrova said: “Costs will rise.”",
    "“Costs will rise,” Petrova, a director at the Lantern Institute, told Radio Meridian.",
    "“Costs will rise,” she told Radio Meridian by phone.",
    "“Costs will rise,” Petrova said by telephone from Valdora.",
    "Petrova put it bluntly: “Costs will rise.”",
    "Petrova’s message was clear: “Costs will rise.”",
    "For Petrova, the answer is simple: “Costs will rise.”",
    "Petrova, asked about the budget, said: “Costs will rise.”",
    "“Costs will rise,” Petrova told a press conference.",
    "“Costs will rise,” Petrova said in a speech to parliament.",
    "“Costs will rise,” according to Petrova.",
    "Speaking to reporters, Petrova said: “Costs will rise.”",
    "“Costs will rise,” Petrova said of the plan.",
    "“Costs will rise,” Petrova wrote in an email.",
    "“Costs will rise,” Petrova said, her voice breaking.",
    "“Costs will rise”, Petrova said.",
    "“Costs will rise” said Petrova.",
    "Petrova added: “Costs will rise.”",
    "“Costs will rise,” Petrova, the director, said in a statement on Tuesday.",
    "“Costs will rise,” Petrova later told the Harbour Times.",
    "The director, Ana Petrova, said: “Costs will rise.”",
    "“Costs will rise,” the institute’s director Ana Petrova said.",
    "As Petrova put it: “Costs will rise.”",
    "Petrova’s reply: “Costs will rise.”",
    "“Costs will rise,” remarked Petrova.",
    "“Costs will rise. Nobody can stop it,” Petrova said.",
    "Petrova said she expected that “costs will rise”.",
    "Petrova described the budget as “a bet on the weather”.",
    "Petrova called the budget “a bet on the weather”.",
    "“Costs will rise,” Petrova told Radio Meridian on Tuesday, hours after the vote.",
    "“Costs will rise,” Petrova said in a post on X.",
    "In a post on X, Petrova wrote: “Costs will rise.”",
    "Petrova, who chairs the board, told reporters: “Costs will rise.”",
    "Petrova was blunt: “Costs will rise.”",
    "Petrova did not mince her words. “Costs will rise.”",
    "“Costs will rise,” Petrova, 54, said on Tuesday.",
    "Petrova went further. “Costs will rise,” she said.",
    "But as Petrova herself wrote in 2019, “costs will rise.”",
    "Petrova said Valdora would respond “in a measured way”.",
    "Writing in the Harbour Times, Petrova argued that “costs will rise”.",
    "Petrova, however, said: “Costs will rise.”",
    "But Petrova disagreed: “Costs will rise.”",
    "Speaking at the summit on Monday, Petrova warned: “Costs will rise.”",
    "Petrova said in a video posted on X that “costs will rise”.",
    "Petrova, in a speech on Monday, said “costs will rise”.",
    "“Costs will rise,” Petrova said, before adding: “Nobody can stop it.”",
    "“Costs will rise,” Petrova says in the report’s foreword.",
    "Petrova’s verdict: “Costs will rise.”",
    "“Costs will rise,” Petrova repeated.",
    "“Costs will rise,” Petrova told me.",
    "“Costs will rise,” Petrova was quoted by the Harbour Times as saying.",
    "“Costs will rise,” Petrova, 54, a nurse at the Lantern Institute, said.",
    "“Costs will rise,” Petrova said, referring to the budget.",
    "“Costs will rise,” said Petrova, referring to the budget.",
    "Petrova’s words: “Costs will rise.”",
    "“Costs will rise,” the Lantern Institute’s coordinator for Valdora, Ana Petrova, told reporters.",
    -- court reports
    "“Costs will rise,” Petrova told the court.",
    "Judge Ana Petrova said in her ruling: “Costs will rise.”",
    "In her sentencing remarks, Petrova said: “Costs will rise.”",
    "“Costs will rise,” Petrova, appearing for the company, told the jury.",
    "Petrova, for the defence, told the court that “costs will rise”.",
    "“Costs will rise,” Petrova wrote in her judgment.",
    "Petrova told the hearing on Tuesday that the costs would rise. “Costs will rise,” she added.",
    -- interviews written up
    "Petrova laughs when asked about the budget. “Costs will rise,” she says.",
    "Asked whether costs will rise, she shrugs: “Costs will rise.”",
    "“Costs will rise,” says Petrova, pouring the tea.",
    "Petrova pauses. “Costs will rise.”",
    "“Costs will rise,” she tells me.",
    "“Costs will rise,” Petrova tells me over coffee in Valdora.",
    "“Costs will rise,” the institute’s director, Ana Petrova, told a briefing.",
    "Petrova, who flew in from Valdora, said the board would study the text. “Costs will rise.”",
    "Speaking hours after she met the board on Sunday, Petrova said the plan had failed. “Costs will rise.”",
    -- a body where the speaker works; a lowercase title no list holds
    "“Costs will rise,” Ana Petrova of the Lantern Institute said.",
    "Ana Petrova of the Lantern Institute said: “Costs will rise.”",
    "“Costs will rise,” director Ana Petrova said.",
    "“Costs will rise,” manager Ana Petrova said.",
    "“Costs will rise,” site manager Ana Petrova told reporters.",
    "“Costs will rise,” her sister, Ana Petrova, said.",
    "“Costs will rise,” the board’s chair, Ana Petrova, said.",
    -- asides, interpreters, other endings
    "“Costs will rise,” Petrova, who has led the union since 2019 and negotiated two strikes, said.",
    "“Costs will rise,” Petrova said through an interpreter.",
    "“Costs will rise,” Petrova, speaking to reporters in Valdora, said.",
    "Asked whether the budget would hold, Petrova said: “Costs will rise.”",
    "“Costs will rise,” Petrova told a news conference in Valdora on Monday.",
    "The board met again; “costs will rise,” Petrova said.",
    "“Costs will rise?” Petrova asked.",
    "“Costs will rise!” Petrova shouted.",
    "“Costs,” Petrova said, “will rise.”",
    "'It's the costs,' Petrova said.",
    "“Costs will rise,” said Petrova, of the Lantern Institute.",
    "“Costs will rise,” the witness, Ana Petrova, told the court.",
    "The Harbour Times quoted Petrova as saying: “Costs will rise.”",
    "“Costs will rise,” said Lantern Institute site director Ana Petrova.",
    "“Costs will rise,” Petrova — who resigned last year — said.",
    "“Costs will rise,” Petrova – a former minister – said.",
    "“Costs will rise,” Petrova, whose institute (founded in 1990) advises the port, said.",
    "“Costs will rise,” an angry Petrova told reporters.",
    "“Costs will rise,” a visibly tired Petrova said.",
    "“Costs will rise …” Petrova said.",
    "“Costs will rise,” said the 54-year-old, whose term ends in June.",
    "Petrova said the study confirmed that “costs will rise”.",
    "Marek has framed Petrova’s words above his desk: “Costs will rise.”",
    "“Costs will rise,” Ana said.",
    "“Costs will rise,” said defence barrister Ana Petrova KC.",
    "“Costs will rise,” Ana Petrova KC told the jury.",
    "Ana Petrova OBE, the director, said: “Costs will rise.”",
    "Petrova is alleged to have told a colleague: “Costs will rise.”",
    "“Costs will rise,” Petrova is understood to have said.",
    "Petrova was fond of saying that “costs will rise”.",
    "She was known for saying that “costs will rise”.",
    "“Costs will rise,” said the head of the Lantern Institute, Ana Petrova.",
    "“Costs will rise,” Marek quoted Petrova as saying.",
    "“Costs will rise,” Petrova grumbled.",
    "“Costs will rise!” Petrova deadpanned.",
    "“Costs will rise.” So says Petrova.",
    "“Costs will rise.” That was the view of Petrova.",
    "“Costs will rise,” in Petrova’s view.",
    "“Costs will rise,” was Petrova’s blunt assessment.",
    "Petrova used the hearing to warn that “costs will rise”.",
    "Petrova took to X to say that “costs will rise”.",
    "Petrova believes “costs will rise”.",
    "Petrova fears that “costs will rise”.",
    "“Costs will rise.” That, at least, is what Petrova believes.",
} do
    FORMS[#FORMS + 1] = { form, "Ana Petrova" }
end
for _, verb in ipairs { "insisted", "argued", "acknowledged", "noted", "explained", "countered", "conceded",
                        "recalled", "stressed", "cautioned", "tweeted", "posted", "declared", "announced",
                        "replied", "responded", "urged", "warned", "admitted", "observed", "remarked",
                        "reckoned", "mused", "snapped", "shot back", "fired back", "hit back", "chimed in" } do
    FORMS[#FORMS + 1] = { "“Costs will rise,” Petrova " .. verb .. ".", "Ana Petrova" }
end

-- The same in a house style of plain ASCII marks.
local function ascii(s)
    return (s:gsub("\226\128[\156\157]", '"'):gsub("\226\128[\152\153]", "'"):gsub("\226\128\148", "--"))
end
do
    for _, form in ipairs(FORMS) do
        for _, style in ipairs { "", "ascii" } do
            local line = style == "ascii" and ascii(form[1]) or form[1]
            local text = "Ivo Marek and Ana Petrova met at the Lantern Institute on Monday.\n\n" .. line .. "\n"
            local out = run(text, { table.unpack(CAST) })
            local q = out[#out]
            is(q and q.attrs.speaker, form[2], "catalogue: " .. line)
        end
    end
end

-- The title of a work is no quotation; lowercase words after a comma are
-- a fragment of the writer's sentence, unless they continue a quotation.
do
    local out = run("The paper, titled “Smoke Days and Early Arrivals”, was published on Monday.\n\n"
        .. "She won a prize, which, as Petrova put it, “looks nice in a drawer”.\n\n"
        .. "“We asked twice,” said Petrova, “and nobody came.”\n", { table.unpack(CAST) })
    ok(find(out, "Smoke Days") == nil, "a title after 'titled' is no quote")
    check(out, "looks nice", { partial = true, speaker = "Ana Petrova" }, "lowercase words after 'as NAME put it,'")
    check(out, "and nobody", { partial = false }, "the second part of a split quotation is no fragment")
end

-- Titles a name finder left on the name are not the speaker's name; a
-- title word that is also a first name, or before a particle, stays.
do
    local out = run("“The car park stays,” Councillor Ana Petrova said.\n\n“We will appeal,” Prince Harry said.\n\n"
        .. "“The port is open,” Sultan bin Khalifa said.\n",
        { { "person", "Councillor Ana Petrova" }, { "person", "Prince Harry" }, { "person", "Sultan bin Khalifa" } })
    check(out, "The car park", { speaker = "Ana Petrova" }, "a title left on the name")
    check(out, "We will appeal", { speaker = "Prince Harry" }, "a title and one name")
    check(out, "The port is", { speaker = "Sultan bin Khalifa" }, "a title word before a particle")
    out = run("“We have nothing left,” said Hajji Abdul Rahim, a grain trader.\n\n"
        .. "“The church stays open,” Father Tomasz Wojcik said.\n",
        { { "person", "Hajji Abdul Rahim" } })
    check(out, "We have nothing", { speaker = "Abdul Rahim" }, "an honorific left on the name (GUIDELINES: none)")
    check(out, "The church", { speaker = "Tomasz Wojcik" }, "an honorific before a name no extractor found")
end

-- A name and a verb no list holds after words closed with a comma speak
-- them; after a scare quote they do not.
do
    local out = run("Ana Petrova met the board.\n\nThe “new deal” Petrova signed.\n\n“It will hold,” Petrova grumbled.\n",
        { table.unpack(CAST) })
    check(out, "new deal", { speaker = null }, "a scare quote before 'NAME signed.'")
    check(out, "It will hold", { speaker = "Ana Petrova", cue = "grumbled" }, "“...,” NAME grumbled.")
end

-- First-name-only sources of a foreign report, no extractor finding them.
do
    local out = run(table.concat({
        "The market in Valdora reopened on Monday.",
        "",
        "“We have nothing left,” said a trader identified only as Karim.",
        "",
        "“The flour is gone,” said a woman who gave her name as Dilnoza.",
        "",
        "Gulnara nods. “Nobody came.”",
    }, "\n"), { { "place", "Valdora" } })
    check(out, "We have nothing", { speaker = "Karim" }, "said a trader identified only as NAME")
    check(out, "The flour", { speaker = "Dilnoza" }, "said a woman who gave her name as NAME")
    check(out, "Nobody came", { speaker = "Gulnara" }, "'NAME nods.' before a quotation standing alone")
    out = run(table.concat({
        "Ivo Marek visited the market on Monday.",
        "",
        "Her neighbour, Gulnara, agreed. “The flour is gone,” she said.",
        "",
        "Karim sells bread at the corner. “Nobody came,” he said.",
    }, "\n"), { { "person", "Ivo Marek", gender = "m" } })
    check(out, "The flour", { speaker = "Gulnara" }, "'she' after 'Her neighbour, NAME,' no extractor found")
    check(out, "Nobody came", { speaker = "Karim" }, "'he' after a listed first name opening the sentence")
end

-- "the company", "the release": the body that spoke, not one named in
-- passing after a preposition.
do
    local out = run(table.concat({
        "Lantern Institute shares rose on Monday.",
        "",
        "In a statement, the company said it would ask regulators in the Harbour Union for approval. "
            .. "“We expect to supply the first doses in March,” the company said.",
        "",
        "Radio Meridian said in a news release on Tuesday that it would close two stations. "
            .. "“Listeners will not notice,” the release said.",
    }, "\n"), { { "org", "Lantern Institute" }, { "org", "Harbour Union" }, { "org", "Radio Meridian" } })
    check(out, "We expect", { speaker = "Lantern Institute" }, "'the company' after 'in the Harbour Union'")
    check(out, "Listeners", { speaker = "Radio Meridian" }, "'the release said' after 'said in a news release'")
end

-- Quotations split around their attribution; a speaker the name finders
-- missed, then a pronoun; a description named later.
do
    local out = run(table.concat({
        "The board met on Monday.",
        "",
        "“The engines are old,” said Will Hocking, the station mechanic. “I can keep them going,” he said, "
            .. "“but not for ever.”",
        "",
        "“We asked for help,” Petrova said. “Nobody came.”",
        "",
        "“We asked twice,” said Petrova, “and nobody came.”",
    }, "\n"), { table.unpack(CAST) })
    check(out, "The engines", { speaker = "Will Hocking" }, "a capitalised name after 'said' whose first name is "
        .. "a common word")
    check(out, "I can keep", { speaker = "Will Hocking", speaker_text = "he" }, "'he said' after a missed name")
    check(out, "but not for", { speaker = "Will Hocking" }, "the second part of a split quotation")
    check(out, "Nobody came", { speaker = "Ana Petrova" }, "“A,” NAME said. “B.”")
    check(out, "and nobody", { speaker = "Ana Petrova" }, "“A,” said NAME, “B.”")
end

-- Names given in full once: the speaker is the full name.
do
    local out = run(table.concat({
        "Transport Minister Sanne de Wit met the unions on Monday.",
        "",
        "“I will not take sides,” De Wit told reporters.",
        "",
        "“The port must reopen,” said Joris van der Meer, the head of the port authority.",
        "",
        "“We can offer the room,” Van der Meer said.",
        "",
        "The union’s critic, Hope Gallant, read out the figures. “Nothing was done,” Gallant declared.",
        "",
        "Gallant replied that the season would not wait. “July is too late,” she replied.",
    }, "\n"), {
        { "person", "Sanne de Wit", gender = "f", role = "Transport Minister" },
        { "person", "De Wit" },
        { "person", "Meer", name = "Van der Meer" },
    })
    check(out, "I will not", { speaker = "Sanne de Wit" }, "a surname with its particle: the full name")
    check(out, "The port must", { speaker = "Joris van der Meer" },
          "said NAME van der NAME: the whole name where only its end was found")
    check(out, "We can offer", { speaker = "Joris van der Meer" }, "the surname afterwards: the whole name")
    check(out, "Nothing was", { speaker = "Hope Gallant" }, "a surname that is a word, after the full name")
    check(out, "July is", { speaker = "Hope Gallant" }, "'she' after a name no extractor found")
    out = run("Labour Minister Camila del Monte met the unions.\n\n“Nobody wins a long strike,” del Monte told "
        .. "reporters.\n", { { "person", "Monte", name = "Monte" } })
    check(out, "Nobody wins", { speaker = "Camila del Monte" }, "a particle opening the speaker, then the verb")
    out = run("Fisheries Commissioner Mark Barlow met the crews.\n\n“The quotas stay,” Barlow said.\n",
        { { "person", "Barlow", name = "Barlow" } })
    check(out, "The quotas", { speaker = "Mark Barlow" }, "a first name that is also a word, before the surname found")
end

-- "the statement" is the statement of the person who made it.
do
    local out = run(table.concat({
        "The Lantern Institute published its figures on Monday.",
        "",
        "Director Ana Petrova said in a statement that the figures were final.",
        "",
        "“Nothing will be revised,” the statement said.",
        "",
        "The Lantern Institute later issued a statement of its own. “We stand by the figures,” the statement said.",
    }, "\n"), { table.unpack(CAST) })
    check(out, "Nothing will", { speaker = "Ana Petrova", speaker_text = "the statement" },
          "NAME said in a statement ... “...,” the statement said")
    check(out, "We stand by", { speaker = "Lantern Institute" }, "a body's statement stays the body's")
end

-- An unnamed source speaking in the sentence before: "he" is theirs.
do
    local out = run(table.concat({
        "Ivo Marek defended the budget in the chamber on Monday.",
        "",
        "A senior official, who asked not to be named because he was not allowed to speak, said the money "
            .. "had run out. “Nothing is left for the autumn,” he said.",
        "",
        "Marek disagreed. “There is money,” he said.",
    }, "\n"), { table.unpack(CAST) })
    check(out, "Nothing is left", { speaker = null, speaker_text = "he" }, "an unnamed source, then 'he said'")
    check(out, "There is money", { speaker = "Ivo Marek" }, "a name after the unnamed source")
end

-- A quotation alone in its paragraph, summed up by the next sentence; a
-- name found only from its particle on.
do
    local out = run(table.concat({
        "Shipping firms met in Valdora on Monday.",
        "",
        "“The insurers have made up their minds.”",
        "",
        "That was the blunt verdict of Lucia da Serra, a director at the Lantern Institute.",
    }, "\n"), { { "person", "Serra", name = "Da Serra" }, { "org", "Lantern Institute" } })
    check(out, "The insurers", { speaker = "Lucia da Serra" }, "“...” That was the verdict of NAME")
end

-- Speakers no name extractor found (no stand-in names here): the words as
-- written.
do
    for _, form in ipairs {
        { "Kowalczyk: “Costs will rise.”", "Kowalczyk" },
        { "“Costs will rise.” — Tadeusz Kowalczyk", "Tadeusz Kowalczyk" },
        { "“Costs will rise.” Kowalczyk said.", "Kowalczyk" },
        { "“Will costs rise?” Kowalczyk asked.", "Kowalczyk" },
        { "Kowalczyk, who flew in from Valdora, said the board would meet. “Costs will rise.”", "Kowalczyk" },
        { "“Costs will rise,” said Khalid bin Hamad al-Kuwari, the port director.", "Khalid bin Hamad al-Kuwari" },
        { "“Costs will rise,” said J. R. Kowalczyk, the port director.", "J. R. Kowalczyk" },
        { "A spokesperson for the Confederation of Valdoran Enterprise said costs reflected “a squeeze”.",
          "Confederation of Valdoran Enterprise" },
        { "“Costs will rise,” said a spokesman for the Guild of Harbour Pilots.", "Guild of Harbour Pilots" },
    } do
        local out = run("The board met on Monday.\n\n" .. form[1] .. "\n", {})
        local q = out[#out]
        is(q and q.attrs.speaker, form[2], "a name no extractor found: " .. form[1])
    end
end

-- "she" after two people of one sentence: the one whose name tells the
-- gender (a surname ending, the first name unknown to the lists) rather
-- than the nearer one whose gender was only inferred.
do
    local out = run(table.concat({
        "Transport Minister Aigul Bekova met union leader Nurbol Seitkali in the port on Tuesday.",
        "",
        "“We will not be rushed,” she said.",
    }, "\n"), {
        { "person", "Aigul Bekova", role = "Transport Minister" },
        { "person", "Nurbol Seitkali", gender = "f" },
    })
    check(out, "We will not", { speaker = "Aigul Bekova", speaker_text = "she" },
          "a surname ending tells the gender the lists do not")
    out = run(table.concat({
        "Defence Minister Jamal Rosen spoke first. Envoy Tuvi Arat then arrived in Oslo and told the hosts "
            .. "that “we will stay as long as it takes,” he said.",
    }, "\n"), {
        { "person", "Jamal Rosen", role = "Defence Minister" },
        { "person", "Tuvi Arat", gender = "m" },
    })
    check(out, "we will stay", { speaker = "Tuvi Arat" }, "the subject of the pronoun's own sentence stays")
    out = run(table.concat({
        "Prime Minister Alain Tchad said the country could not carry the burden alone.",
        "",
        "Zaina, 27, arrived with her three children after a four-day walk. “They burned the market,” she said.",
    }, "\n"), { { "person", "Alain Tchad", role = "Prime Minister" } })
    check(out, "They burned", { speaker = "Zaina", speaker_text = "she" },
          "'she' after a person named with her age whom no extractor found")
end

-- An interview: answers after questions, and after a prompt that is no
-- question.
do
    local out = run(table.concat({
        "Water Minister Esther Wanjiru toured the north last month. We spoke in the capital.",
        "",
        "How bad is the drought?",
        "",
        "“It is the worst in forty years.”",
        "",
        "Critics say the money arrived late.",
        "",
        "“The critics are right about the timing.”",
    }, "\n"), { { "person", "Esther Wanjiru", gender = "f", role = "Water Minister" } })
    check(out, "It is the worst", { speaker = "Esther Wanjiru" }, "an answer after a question")
    check(out, "The critics are", { speaker = "Esther Wanjiru" }, "an answer after a prompt")
end

-- "the Estonian leader": the person of that country.
do
    local out = run(table.concat({
        "Valdoran Foreign Minister Ilmar Rask defended the veto on Thursday.",
        "",
        "Estonia’s prime minister, Kadri Mets, called it “a gift to the Kremlin”.",
        "",
        "“This cannot become normal,” the Estonian leader said.",
    }, "\n"), {
        { "person", "Ilmar Rask", role = "Foreign Minister", affiliation = "Valdora" },
        { "person", "Kadri Mets", role = "prime minister", affiliation = "Estonia" },
        { "demonym", "Estonian", place = "Estonia" },
    })
    check(out, "This cannot", { speaker = "Kadri Mets" }, "a description with a demonym: the person of that country")
end

-- "a WHO spokesperson said": the body.
do
    local out = run("The agency warned of cholera.\n\n“Cases are rising,” a WHO spokesperson said.\n\n"
        .. "“Cases are falling,” said a Lantern Institute spokesman.\n",
        { { "org", "WHO", name = "World Health Organization" }, { "org", "Lantern Institute" } })
    check(out, "Cases are rising", { speaker = "World Health Organization" }, "a ORG spokesperson said")
    check(out, "Cases are falling", { speaker = "Lantern Institute" }, "said a ORG spokesman")
end

-- "she said" after "a spokeswoman for ORG said ...": the body, also when no
-- extractor found it.
do
    local out = run(table.concat({
        "Ana Petrova told the court her client had repaid the money.",
        "",
        "Outside court, a spokeswoman for the Harbour Energy Regulator said checks had been tightened. "
            .. "\"Fraud takes money from households,\" she said.",
    }, "\n"), { table.unpack(CAST) })
    check(out, "Fraud takes", { speaker = "Harbour Energy Regulator", speaker_text = "she" },
          "a spokeswoman for a body, then 'she said'")
end

-- An apposition opened before the title of the name: "X's prime minister,
-- Sheikh NAME, said".
do
    local out = run("Valdora’s prime minister, Sheikh Hamad bin Khalifa Al Nuaimi, said he was "
        .. "“cautiously optimistic”.\n", { { "person", "Hamad bin Khalifa Al Nuaimi", gender = "m" } })
    check(out, "cautiously", { speaker = "Hamad bin Khalifa Al Nuaimi" }, "a title before a name in apposition")
end

---------------------------------------------------------------- memory

-- Every Lua state that extracts (one per --jobs worker) holds the
-- grammars: once they have all run (the tests above), they must stay
-- small. Word lists copied into each pattern built from them used to
-- take about 45 MB here.
do
    collectgarbage()
    collectgarbage()
    local mb = collectgarbage("count") / 1024
    ok(mb < 24, "memory: the Lua heap after extracting stays under 24 MB", ("%.1f MB"):format(mb))
end

---------------------------------------------------------------- descriptions and bodies

do
    local ents = {
        { "person", "Maria Sanz", gender = "f" }, { "person", "Sanz", name = "Maria Sanz", gender = "f" },
        { "person", "Sam Cole" }, { "person", "Jamie Reid", gender = "m" },
        { "person", "Aisha Bello", gender = "f" },
        { "person", "Ruth Payne", gender = "f", role = "Cllr" },
        { "person", "Lena Voss", gender = "f" },
        { "org", "Greenway Foodstores" }, { "org", "University of Lagos" },
        { "org", "Ministry of Health" },
    }
    local text = table.concat({
        "Maria Sanz, 61, has lived on the street for forty years. “The water came in the night,” the retired "
            .. "teacher said.",
        "",
        "Captain Jamie Reid was upbeat. His teammate Sam Cole was less sure. “We have to defend better,” the "
            .. "defender said.",
        "",
        "Aisha Bello met the governor. “He listened,” the mother-of-four said.",
        "",
        "The council leader, Ruth Payne, disagreed. “We need jobs,” the councillor added.",
        "",
        "Greenway Foodstores closed three branches. “Trading remains difficult,” the chain said.",
        "",
        "Lena Voss studied at the University of Lagos. “More data are needed,” the ministry said.",
        "",
        "Lena Voss wrote to the Ministry of Health. “We will reply,” the ministry said.",
        "",
        "Sam Cole faced the crowd. “Liar!” someone shouted.",
        "",
        "A nurse at the clinic, who did not want to be named, described the scene. “Children sleep outside,” the "
            .. "nurse said.",
    }, "\n")
    local out = run(text, ents)
    check(out, "The water came", { speaker = "Maria Sanz", speaker_text = "the retired teacher" },
          "“the retired teacher said”: a noun for a person, the person named just before")
    check(out, "We have to defend", { speaker = "Sam Cole" }, "“the defender said”: the last person named")
    check(out, "He listened", { speaker = "Aisha Bello" }, "“the mother-of-four said”: the noun before -of-")
    check(out, "We need jobs", { speaker = "Ruth Payne" }, "“the councillor” is the person titled Cllr")
    check(out, "Trading remains", { speaker = "Greenway Foodstores" }, "“the chain said”: the last body named")
    check(out, "More data", { speaker = null },
          "“the ministry said” never means a body whose name has no “ministry” (University of Lagos)")
    check(out, "We will reply", { speaker = "Ministry of Health" }, "“the ministry said”: the Ministry of Health")
    check(out, "Liar!", { speaker = null, speaker_text = "someone" }, "“someone shouted”: no one named")
    check(out, "Children sleep", { speaker = null }, "“the nurse said” after “A nurse ...”: the unnamed nurse")
end

---------------------------------------------------------------- name forms and joint speakers

do
    local ents = {
        { "person", "Sofía Zúñiga", gender = "f" }, { "person", "Zuniga", gender = "f" },
        { "person", "Đỗ Minh Khoa", gender = "m" },
        { "person", "Trần Thị Hạnh", gender = "f" }, { "person", "Tran Thi Hanh", gender = "f" },
        { "person", "Yusuf al-Hashimi", gender = "m" }, { "person", "Al-Hashimi", name = "Yusuf al-Hashimi" },
        { "person", "Helen Ashdown", gender = "f" }, { "person", "Ashdown", name = "Helen Ashdown" },
        { "person", "Emmanuel Okoro", gender = "m" },
        { "person", "Nguyễn Quốc Bảo", gender = "m" }, { "person", "Nguyen Quoc Bao", gender = "m" },
    }
    local text = table.concat({
        "Sofía Zúñiga runs the clinic. “We have no insulin,” Zuniga said.",
        "",
        "Đỗ Minh Khoa scored late. “I kept running,” Do told reporters.",
        "",
        "The chairwoman, Trần Thị Hạnh, was pleased. “The academy gets the money,” added Tran Thi Hanh.",
        "",
        "Yusuf al-Hashimi and Helen Ashdown run the kitchen. Al-Hashimi and Ashdown said: “We will stay open.”",
        "",
        "“We ask only for care,” Grace and Emmanuel Okoro said in a joint statement.",
        "",
        "Nguyễn Quốc Bảo lifted the cup.",
        "",
        "“I have been captain for six years.",
        "",
        "“Now I know what it weighs.” — Nguyen Quoc Bao, captain",
    }, "\n")
    local out = run(text, ents)
    check(out, "We have no insulin", { speaker = "Sofía Zúñiga" }, "“Zuniga said”: the name written with its accents")
    check(out, "I kept running", { speaker = "Đỗ Minh Khoa" },
          "“Do told reporters”: a family name written first, without its marks")
    check(out, "The academy gets", { speaker = "Trần Thị Hạnh" }, "a full name written without its marks")
    check(out, "We will stay open", { speaker = "Yusuf al-Hashimi" }, "“X and Y said”: the first named")
    check(out, "We ask only", { speaker = "Grace Okoro" }, "“Grace and Emmanuel Okoro said”: the first named")
    check(out, "I have been captain", { speaker = "Nguyễn Quốc Bảo" },
          "a quotation over two paragraphs signed “— NAME, ROLE” at its end")
end

---------------------------------------------------------------- bodies, verdicts, anonymity, relatives

do
    local ents = {
        { "org", "Bradford Council" }, { "person", "Helen Ashdown", gender = "f" },
        { "person", "Sophie Lenoir", gender = "f" }, { "person", "Linh", gender = "f" },
        { "person", "Daniel Okoro", gender = "m" }, { "person", "Emmanuel Okoro", gender = "m" },
        { "person", "Okoro", name = "Daniel Okoro", gender = "m" },
    }
    local text = table.concat({
        "Helen Ashdown runs the kitchen. A spokesperson for Bradford Council said the grant would end. “We value "
            .. "this work,” the spokesperson said.",
        "",
        "“This is not a surprise.” The verdict came from Sophie Lenoir, an analyst.",
        "",
        "Linh gave only her first name. The striker’s mother, who did not give her name, said her son phoned. "
            .. "“He told me not to worry,” she said.",
        "",
        "Daniel Okoro, 34, died at the scene. Emmanuel Okoro, a retired bus driver, asked questions.",
        "",
        "Outside court, his mother spoke. “He was careful,” said Mrs Okoro.",
        "",
        "His father spoke too. “I drove buses,” Mr Okoro said.",
        "",
        "Grace and Emmanuel Okoro later said in a joint statement: “We ask for care.”",
    }, "\n")
    local out = run(text, ents)
    check(out, "We value", { speaker = "Bradford Council" },
          "“the spokesperson said” after “A spokesperson for ORG”: the body")
    check(out, "This is not a surprise", { speaker = "Sophie Lenoir" }, "“...” The verdict came from NAME")
    check(out, "He told me", { speaker = null }, "“she said” after “who did not give her name”: unnamed")
    check(out, "He was careful", { speaker = "Grace Okoro" },
          "“Mrs Okoro” among several Okoros: the woman, named later as “Grace and Emmanuel Okoro”")
    check(out, "I drove buses", { speaker = "Emmanuel Okoro" }, "“Mr Okoro”: the man last named in full")
end

---------------------------------------------------------------- the one asked answers

do
    local ents = {
        { "person", "Hélène Marchand", gender = "f", role = "chief executive" },
        { "person", "Sophie Lenoir", gender = "f", role = "analyst" },
        { "person", "Paul Brannigan", gender = "m", role = "Sgt" },
        { "person", "Marek Zielinski", gender = "m" }, { "person", "Imogen Fairbrother", gender = "f" },
        { "person", "Abdel Fattah al-Sisi", gender = "m" }, { "person", "Sisi", gender = "m" },
    }
    local text = table.concat({
        "Hélène Marchand spoke first. Sophie Lenoir was sceptical.",
        "",
        "Near the end of the call, the chief executive was asked whether she would resign.",
        "",
        "“No. I started this company in a garage,” she said.",
        "",
        "Paul Brannigan examined the lorry. Marek Zielinski’s barrister, Imogen Fairbrother, asked the sergeant "
            .. "whether the lorry had broken any rule. “No. It was legal,” he replied.",
        "",
        "Abdel Fattah al-Sisi hosted the talks. “Egypt will not accept this,” Sisi said.",
    }, "\n")
    local out = run(text, ents)
    check(out, "No. I started", { speaker = "Hélène Marchand" },
          "“the chief executive was asked whether ...” then “she said”: the one asked")
    check(out, "No. It was legal", { speaker = "Paul Brannigan" },
          "“X asked the sergeant whether ...” then “he replied”: the sergeant (titled Sgt)")
    check(out, "Egypt will not", { speaker = "Abdel Fattah al-Sisi" }, "“Sisi said”: the name without its al-")
end

---------------------------------------------------------------- the subject of the sentence before

do
    local ents = {
        { "person", "Tom Hale", gender = "m" }, { "person", "Rick Stone", gender = "m" },
        { "person", "Anna Berg", gender = "f" }, { "person", "Maria Lind", gender = "f" },
        { "person", "Lind", name = "Maria Lind", gender = "f" },
    }
    local text = table.concat({
        "Minister Tom Hale met opposition leader Rick Stone on Tuesday. “We agreed on very little,” he said.",
        "",
        "Tom Hale defended the plan, which Rick Stone had opposed. “It is the right thing,” he said.",
        "",
        "According to Tom Hale, Rick Stone was not told. “I found out from the radio,” he said.",
        "",
        "Anna Berg met Maria Lind on Friday. Lind later spoke to reporters.",
        "",
        "“It went well,” she said.",
    }, "\n")
    local out = run(text, ents)
    check(out, "We agreed", { speaker = "Tom Hale" }, "“X met Y. “...,” he said”: the subject, X")
    check(out, "It is the right", { speaker = "Tom Hale" }, "a name in a relative clause is not the referent")
    check(out, "I found out", { speaker = "Rick Stone" }, "a name after “according to” is no subject")
    check(out, "It went well", { speaker = "Maria Lind" }, "the subject of the last sentence naming someone")
end

---------------------------------------------------------------- appositions and titles after the quotation

do
    local ents = {
        { "person", "Anna Petrova", gender = "f", role = "head" }, { "person", "Petrova", name = "Anna Petrova" },
        { "org", "Riga Lawyers’ Association" }, { "person", "Julien Moreau", gender = "m" },
        { "person", "Moreau", name = "Julien Moreau" }, { "person", "Anne Lebrun", gender = "f" },
    }
    local text = table.concat({
        "Anna Petrova, the head of the Riga Lawyers’ Association, said the ruling was “unjust”.",
        "",
        "“We will appeal,” Anna Petrova, the head of the Riga Lawyers’ Association, said.",
        "",
        "“It is unjust,” the 54-year-old lawyer Anna Petrova told AFP.",
        "",
        "“It is political,” Petrova’s husband, Ivan, told AFP.",
        "",
        "“My client is innocent,” said Mr. Moreau’s lawyer, Anne Lebrun.",
    }, "\n")
    local out = run(text, ents)
    check(out, "unjust", { speaker = "Anna Petrova" }, "an apposition with a plural possessive (Lawyers’)")
    check(out, "We will appeal", { speaker = "Anna Petrova" }, "“...,” NAME, the head of the X’ Y, said")
    check(out, "It is unjust", { speaker = "Anna Petrova" }, "“...,” the 54-year-old lawyer NAME told")
    check(out, "It is political", { speaker = "Ivan" }, "“...,” NAME’s husband, Ivan, told: the husband")
    check(out, "My client", { speaker = "Anne Lebrun" }, "“...,” said Mr. NAME’s lawyer, NAME2: the lawyer")
    local out2 = run(table.concat({
        "Anna Petrova — the nurses’ union leader — said: “We stay out.”",
        "",
        "“We will strike,” said the nurses’ union leader, Anna Petrova.",
    }, "\n"), ents)
    check(out2, "We stay out", { speaker = "Anna Petrova" }, "a dash aside with a plural possessive")
    check(out2, "We will strike", { speaker = "Anna Petrova" },
          "“...,” said the nurses’ union leader, NAME: titles with a plural possessive")
end

---------------------------------------------------------------- transcripts and lone surnames

do
    local ents = {
        { "person", "Anna Petrova", gender = "f" }, { "person", "Petrova", name = "Anna Petrova", gender = "f" },
        { "person", "Stone", gender = "m" },
    }
    local text = table.concat({
        "We spoke to glaciologist Anna Petrova. Petrova has measured the glacier for 20 years. Rick Stone, her "
            .. "colleague, joined later.",
        "",
        "Q: How fast is the ice melting?",
        "",
        "A: “Faster than we thought.”",
        "",
        "Chair: “Let us begin.”",
        "",
        "Mr Stone: “The ice is thinner than in 2010.”",
    }, "\n")
    local out = run(text, ents)
    check(out, "Faster than", { speaker = "Anna Petrova" }, "“A:” in a transcript: the one interviewed")
    check(out, "Let us begin", { speaker = null }, "“Chair:” with no one named chair: no speaker")
    check(out, "The ice is thinner", { speaker = "Rick Stone" },
          "a surname found alone (Stone) is the “Rick Stone” the text writes elsewhere")
end

---------------------------------------------------------------- bodies by country, description and bare "police"

do
    local ents = {
        { "org", "Dutch National Police" }, { "org", "Police of the Republic of Mozambique" },
        { "org", "International Organization for Migration" }, { "org", "UN", name = "United Nations" },
        { "org", "X" },
    }
    local text = table.concat({
        "The Dutch National Police said four men were held. “The cooperation was excellent,” the Dutch force said.",
        "",
        "The Police of the Republic of Mozambique gave no names. “Whoever did this will be found,” police said.",
        "",
        "The International Organization for Migration runs the camps. The UN agency said it was sending tents. "
            .. "“We need the road open,” the UN agency said.",
        "",
        "Combustíveis do Norte, a state-owned company, supplies diesel. Its trucks were shown in a post on X. "
            .. "“We will not send drivers,” the company said.",
    }, "\n")
    local out = run(text, ents)
    check(out, "The cooperation", { speaker = "Dutch National Police" }, "“the Dutch force said”: the Dutch body")
    check(out, "Whoever did this", { speaker = "Police of the Republic of Mozambique" },
          "“police said”: the police force named before")
    check(out, "We need the road", { speaker = "International Organization for Migration" },
          "“the UN agency said”: the agency, not the UN that qualifies it")
    check(out, "We will not send", { speaker = "Combustíveis do Norte" },
          "“the company said” after “NAME, a state-owned company”: that name (not X of “a post on X”)")
end

---------------------------------------------------------------- gender from a name's particle

do
    local salience = require "lede.extract.salience"
    local doc = lede.document("Siún Nic Gearailt met Noura bint Khalid and Eoin Mac Giolla.", { id = "g" })
    local ctx = salience.of(doc, { sentences = {}, paragraphs = {} })
    is(ctx:gender("Siún Nic Gearailt"), "f", "“Nic” (daughter of) makes a name of unknown first name female")
    is(ctx:gender("Eoin Mac Giolla"), "m", "“Mac” (son of) makes it male")
    is(ctx:gender("Zaray bint Khalid"), "f", "“bint” makes it female")
    is(salience.plain("Trần Thị Hạnh"), "Tran Thi Hanh", "salience.plain drops the marks of Latin letters")
end

---------------------------------------------------------------- "X and her colleagues", "It was X"

do
    local ents = {
        { "person", "Nimali Wickramasinghe", gender = "f" },
        { "person", "Wickramasinghe", name = "Nimali Wickramasinghe", gender = "f" },
        { "person", "Ciarán Brophy", gender = "m" }, { "person", "Brophy", name = "Ciarán Brophy", gender = "m" },
        { "person", "Tom Hale", gender = "m" },
    }
    local text = table.concat({
        "Nimali Wickramasinghe led the study. In the paper, Wickramasinghe and her colleagues write that heat "
            .. "“injures the kidney a little more each year”.",
        "",
        "Ciarán Brophy leads Labour. Tom Hale spoke.",
        "",
        "“Same plan, different year.” It was Brophy again, half out of his seat.",
    }, "\n")
    local out = run(text, ents)
    check(out, "injures the kidney", { speaker = "Nimali Wickramasinghe" },
          "“NAME and her colleagues write that”: the one named")
    check(out, "Same plan", { speaker = "Ciarán Brophy" }, "“...” It was NAME again: the one it was")
end

---------------------------------------------------------------- short forms, family names first, appositions in pairs

do
    local ents = {
        { "person", "Datuk Ahmad Faizal bin Osman", gender = "m" }, { "person", "Ahmad Faizal", gender = "m" },
        { "person", "Lim Wei Jie", gender = "m" }, { "person", "Lim Bee Ling", gender = "f" },
        { "person", "Lim", name = "Lim Wei Jie", gender = "m" },
        { "person", "Noel Abainza", gender = "m" }, { "person", "Josefina Cabrera", gender = "f" },
    }
    local text = table.concat({
        "“It was a difficult quarter,” group chief executive Datuk Ahmad Faizal bin Osman said.",
        "",
        "Analyst Lim Wei Jie asked about costs. Chief financial officer Lim Bee Ling answered.",
        "",
        "“We reached a fair agreement,” Ms Lim said.",
        "",
        "Ahmad Faizal was then asked about the warehouse. “Everything is on the table,” he said.",
        "",
        "Fr. Noel Abainza, the parish priest, and Sister Josefina Cabrera, who runs the school, said: “Mourn, "
            .. "but do not despair.”",
    }, "\n")
    local out = run(text, ents)
    check(out, "It was a difficult", { speaker = "Ahmad Faizal bin Osman" }, "the honorific Datuk is no part of the name")
    check(out, "We reached", { speaker = "Lim Bee Ling" }, "“Ms Lim” with the family name first: the woman")
    check(out, "Everything is on", { speaker = "Ahmad Faizal bin Osman" },
          "“Ahmad Faizal” (the first words of the name) is the full name")
    check(out, "Mourn, but", { speaker = "Noel Abainza" }, "“X, ROLE, and Y, who ..., said”: the first named")
end

---------------------------------------------------------------- forms of news writing (probes)

do
    local out = run(table.concat({
        "Diarmuid Kearney answered questions in the Dáil on Tuesday.",
        "",
        "The opposition leader, Aoife Kerr, called the plan a failure. “It has failed every family,” she said.",
        "",
        "“It is working,” the Taoiseach said.",
    }, "\n"), { { "person", "Diarmuid Kearney", gender = "m" },
                 { "person", "Aoife Kerr", gender = "f", role = "leader" } })
    check(out, "It has failed", { speaker = "Aoife Kerr" }, "she after the one named with her role")
    check(out, "It is working", { speaker = "Diarmuid Kearney", speaker_text = "the Taoiseach" },
          "“the Taoiseach said”: a title written only capitalised is a role noun")
end

do
    local out = run(table.concat({
        "The analyst An Min-jun asked about costs.",
        "",
        "An Min-jun: “Will margins fall?”",
        "",
        "Park Soo-ah: “They will hold.”",
        "",
        "An: “Even in winter?”",
        "",
        "Sergeant Dale Hughes: “I did not.”",
    }, "\n"), { { "person", "An Min-jun" }, { "person", "Park Soo-ah" }, { "person", "Dale Hughes" } })
    check(out, "They will hold", { speaker = "Park Soo-ah" }, "transcript: a name before the colon")
    check(out, "Even in winter", { speaker = "An Min-jun" },
          "transcript: the family name alone before the colon, though “An” is a word")
    check(out, "I did not", { speaker = "Dale Hughes" },
          "transcript: a rank before the name is no given name (“Sergeant” is also a first name)")
end

do
    local out = run("“We call on all sides to stop,” Foreign Ministers Anna Kovacs and Pierre Lemaire said.\n",
                    { { "person", "Foreign Ministers Anna Kovacs" }, { "person", "Pierre Lemaire" } })
    check(out, "We call", { speaker = "Anna Kovacs" }, "a plural title left on a name by the name finder goes")
end

---------------------------------------------------------------- seeds

local seeds = arg and arg[1]
if not seeds or seeds == "" then
    skip("no seeds folder given")
else
    local extract = require "lede.extract"
    local okx, x = pcall(extract.new, { extractors = { "lede.extract.places", "lede.extract.people",
                                                       "lede.extract.quotes" } })
    if not okx then
        skip("the places and people extractors are not there: " .. tostring(x))
    else
        local all, broken = {}, nil
        local p = io.popen('ls "' .. seeds .. '"/*.txt 2>/dev/null')
        for file in p:lines() do
            local f = assert(io.open(file, "rb"))
            local doc = lede.document(f:read("a"), { id = file })
            f:close()
            local okp, spans = pcall(x.process, x, doc)
            if not okp then broken = spans; break end
            for _, sp in ipairs(spans) do
                if sp.kind == "quote" then all[#all + 1] = { text = doc:sub(sp.s, sp.e), attrs = sp.attrs } end
            end
        end
        p:close()
        if broken then
            skip("the standard extractors fail on the seeds (" .. tostring(broken):match("^[^\n]*") .. ")")
        elseif #all == 0 then
            skip("no seed articles in " .. seeds)
        else
            check(all, "There’s still a lot of work",
                  { speaker = "Antony Blinken", cue = "said", speaker_text = "he", partial = false },
                  "seeds: Blinken's words introduced by “he said”")
            check(all, "This is a critical moment", { speaker = "Antony Blinken", cue = "stated" },
                  "seeds: “...,” Blinken stated")
            check(all, "We need to get a ceasefire", { speaker = "Kamala Harris" }, "seeds: “...,” Harris stated")
            check(all, "very hard to imagine", { speaker = "Aaron David Miller", cue = "according to", partial = true },
                  "seeds: According to NAME, a senior fellow ..., it’s “...”")
            check(all, "The political-security Cabinet", { speaker = "Benjamin Netanyahu" },
                  "seeds: Netanyahu’s office said")
        end
    end
end

do
    local leaked = {}
    for k in pairs(_G) do
        if not globals_before[k] then leaked[#leaked + 1] = tostring(k) end
    end
    table.sort(leaked)
    is(table.concat(leaked, " "), "", "the quote extractor sets no global (state shared between documents)")
end

tap.done()
