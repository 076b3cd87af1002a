-- extract_people_test.lua -- lede.extract.people (person) on sentences
-- written for these tests, and on the seed articles when present. Run by
-- tests/70-extract-entities.t:
--   lede --db :memory: run tests/lua/extract_people_test.lua
local DIR = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local t = dofile(DIR .. "/extract_entities_tap.lua")
local people = require "lede.extract.people"
local MODS = { "lede.extract.places", "lede.extract.people" }

local function run(text, fields) return t.extract(MODS, text, fields) end
local function person(spans, text) return t.find(spans, "person", text) or { attrs = {} } end

-- Titles and roles before the name
local s = run("US Secretary of State Antony Blinken’s visit ended. Blinken said talks would go on.\n")
local p = person(s, "Antony Blinken")
t.is(p.attrs.role, "Secretary of State", "a title before the name is the role")
t.is(p.attrs.affiliation, "United States", "the place before the title is the affiliation")
t.is(person(s, "Blinken").attrs.name, "Antony Blinken", "a surname takes the full name")
t.is(t.list(s, "person"), "Antony Blinken=Antony Blinken|Blinken=Antony Blinken",
  "the possessive stays outside the span")

s = run("Israeli Prime Minister Benjamin Netanyahu met Egyptian President Abdel Fattah al-Sisi.\n")
t.is(person(s, "Benjamin Netanyahu").attrs.role, "Prime Minister", "Prime Minister")
t.is(person(s, "Benjamin Netanyahu").attrs.affiliation, "Israel", "a demonym's place is the affiliation")
t.is(person(s, "Abdel Fattah al-Sisi").attrs.name, "Abdel Fattah al-Sisi", "a name with a joined particle")
t.is(person(s, "Abdel Fattah al-Sisi").attrs.affiliation, "Egypt", "Egyptian President")

s = run("Vice President Kamala Harris spoke first. Harris said she was hopeful.\n")
t.is(person(s, "Kamala Harris").attrs.role, "Vice President", "a two-word title")
t.is(person(s, "Harris").attrs.gender, "f", "gender from the first name")

s = run("Qatari Minister of State Khalid bin Nasser al-Kuwari arrived. According to al-Kuwari, gaps remain.\n")
t.is(person(s, "Khalid bin Nasser al-Kuwari").attrs.role, "Minister of State", "a title with 'of'")
t.is(person(s, "al-Kuwari").attrs.name, "Khalid bin Nasser al-Kuwari", "a particle surname resolves")

s = run("Emirati Minister of State Sultan bin Khalifa al-Kaabi met reporters.\n")
t.is(t.list(s, "person"), "Sultan bin Khalifa al-Kaabi=Sultan bin Khalifa al-Kaabi",
  "a title word before 'bin' belongs to the name")

s = run("Crown Prince bin Rashed arrived on Monday.\n")
t.is(t.list(s, "person"), "Prince bin Rashed=Prince bin Rashed",
  "the last word of a longer title before 'bin' belongs to the name, the rest does not")
s = run("The bin collection resumed on Monday.\n")
t.is(t.list(s, "person"), "", "a stop word before a lower-case 'bin' is no name")

-- Appositions
s = run("Aaron David Miller, a senior fellow at the Carnegie Endowment for International Peace, "
  .. "said the plan would fail.\n")
p = person(s, "Aaron David Miller")
t.is(p.attrs.role, "senior fellow", "an apposition gives the role")
t.is(p.attrs.affiliation, "Carnegie Endowment for International Peace", "and the org after 'at'")

s = run("The World Trade Organization has its seat there. Its director general, Amara Nwosu, "
  .. "said she was encouraged.\n")
p = person(s, "Amara Nwosu")
t.is(p.attrs.role, "director general", "a role before a comma")
t.is(p.attrs.affiliation, "World Trade Organization", "'Its' is the org named before")

s = run("Al Jazeera’s Rory Challands reported from the border.\n")
t.is(t.list(s, "person"), "Rory Challands=Rory Challands", "a name after a possessive org")

s = run("Marek Hollis, the opposition’s finance spokesperson, disagreed.\n")
t.is(person(s, "Marek Hollis").attrs.role, "finance spokesperson", "an apposition after a possessive")

-- Gender from pronouns and titles
s = run("Okonjo Varelli-Dimas has run the agency since 2019. Her staff describe a calm manager.\n")
t.is(person(s, "Okonjo Varelli-Dimas").attrs.gender, "f", "gender from the pronoun after the name")
s = run("A ministry spokeswoman, Tamsin Orlov-Reyes, declined to comment.\n")
t.is(person(s, "Tamsin Orlov-Reyes").attrs.gender, "f", "gender from the title")

s = run("Tomas Lindqvist, a trade analyst — who has followed the talks — said prices would rise. "
  .. "His view was shared.\n")
p = person(s, "Tomas Lindqvist")
t.is(p.attrs.role, "trade analyst", "an apposition ends at a dash")
t.is(p.attrs.gender, "m", "gender from 'his'")
s = run("Dana Reyes arrived late. He had not expected her, but she said nothing.\n")
t.is(person(s, "Dana Reyes").attrs.gender, "m", "the first pronoun class found decides ('he' before 'she')")
s = run("Mossad Chief Ilan Varda flew to Doha.\n", nil)
t.is(t.list(s, "person"), "Ilan Varda=Ilan Varda", "a name after a title that holds an org")

-- What is not a person
s = run("Strong Storm Hits Coastal Towns As Rivers Rise\n\nRain fell all night.\n")
t.is(t.list(s, "person"), "", "a Title Case headline holds no person")
s = run("When the talks resumed, Final Results showed a narrow lead for National Renewal.\n")
t.is(t.list(s, "person"), "", "capitalised common words are no name")

-- Bylines
s = run("Talks resume\n\nBy Mira Castellanos in Madrid and Can Ozdemir in Ankara\n\nThe talks resumed.\n")
t.is(t.list(s, "person"), "Mira Castellanos=Mira Castellanos|Can Ozdemir=Can Ozdemir", "names in a byline")
t.is(person(s, "Mira Castellanos").attrs.role, nil, "a byline gives no role")

-- Surname-only mentions vouched for by a speech verb
s = run("“We are ready,” Zeravic told reporters.\n")
t.is(t.list(s, "person"), "Zeravic=Zeravic", "a surname before 'told' is a person")

-- First names that are also common words, stop words or months
s = run("The board met on Tuesday. Agriculture Commissioner Jan Okonjo told farmers the rules "
  .. "would change. Okonjo said forms would be shorter.\n")
p = person(s, "Jan Okonjo")
t.is(p.attrs.name, "Jan Okonjo", "a month abbreviation after a title is a first name")
t.is(p.attrs.role, "Agriculture Commissioner", "with the title as its role")
t.is(person(s, "Okonjo").attrs.name, "Jan Okonjo", "and the surname alone takes the full name")

s = run("Nobody expected the vote. Rim Haddou, a Sahel analyst at the International Crisis Group, "
  .. "said the delay helped nobody. Haddou’s view is shared.\n")
p = person(s, "Rim Haddou")
t.is(p.attrs.name, "Rim Haddou", "a common word opening a sentence before a surname and a role is a first name")
t.is(p.attrs.role, "Sahel analyst", "the place the role covers stays in the role")
t.is(p.attrs.affiliation, "International Crisis Group", "the org after 'at' is the affiliation")
t.is(t.list(s, "person"), "Rim Haddou=Rim Haddou|Haddou=Rim Haddou", "the possessive mention too")

s = run("Finance Minister Will Tanvir said pensions were safe. Tanvir spoke after the vote.\n")
t.is(t.list(s, "person"), "Will Tanvir=Will Tanvir|Tanvir=Will Tanvir", "a stop word after a title is a first name")

s = run("May Lindqvist told reporters the port would reopen. Within days, Lindqvist said, ships "
  .. "would dock again.\n")
t.is(t.list(s, "person"), "May Lindqvist=May Lindqvist|Lindqvist=May Lindqvist",
  "a month opening a sentence is a first name when the surname comes back alone")
s = run("In May Lindqvist said the port would reopen.\n")
t.is(t.list(s, "person"), "Lindqvist=Lindqvist", "a month after 'In' is no first name")
s = run("May Lindqvist visited the port.\n")
t.is(t.list(s, "person"), "", "nor a month opening a sentence whose surname never comes back")

s = run("“Ships are waiting,” said Jan van der Berg, the chief executive of the port. "
  .. "Van der Berg wants talks.\n")
t.is(t.list(s, "person"), "Jan van der Berg=Jan van der Berg|Van der Berg=Jan van der Berg",
  "a month after a speech verb is a first name; a surname with its particle opens a sentence")
s = run("“The engines are old,” said Will Treloar, the station mechanic.\n")
t.is(t.list(s, "person"), "Will Treloar=Will Treloar", "a stop word after a speech verb is a first name")
s = run("Prices rose. Rim El Amrani, chief economist at the central bank, expects more.\n")
t.is(t.list(s, "person"), "Rim El Amrani=Rim El Amrani", "a first name before a particle and a surname")
s = run("Infrastructure Minister Sanne de Vries spoke first. De Vries said the port would open. "
  .. "Al-Kuwari agreed with Khalid al-Kuwari's aides.\n")
t.is(person(s, "De Vries").attrs.name, "Sanne de Vries", "a capitalised particle opening a sentence")
s = run("In the north, a spokeswoman for the army said its commander, Lars Odegaard, was ready.\n")
t.is(person(s, "Lars Odegaard").attrs.role, "commander", "the last noun phrase before the comma is the role")
s = run("The former president of the World Trade Organization, Ines Varga, testified. The panel’s chair, "
  .. "Tom Brell, thanked her. “No,” said a spokeswoman for the agency, Mia Holm.\n")
p = person(s, "Ines Varga")
t.is(p.attrs.role, "former president", "a role before 'of ORG' and a comma")
t.is(p.attrs.affiliation, "World Trade Organization", "the org after 'of' is the affiliation")
t.is(person(s, "Tom Brell").attrs.role, "chair", "a role after a possessor that names nothing")
t.is(person(s, "Mia Holm").attrs.role, "spokeswoman", "a role before 'for the agency' after a speech verb")
s = run("Qatari Prime Minister Sheikh Fahad al-Marri met Oman’s minister of state, Sheikh Salim al-Harthi. "
  .. "Sheikh Fahad spoke first.\n")
p = person(s, "Fahad al-Marri")
t.is(p.attrs.role, "Prime Minister", "an honorific after a title is no part of the role")
t.is(p.attrs.affiliation, "Qatar", "the title's country stays the affiliation")
t.is(person(s, "Salim al-Harthi").attrs.role, "minister of state", "the role before a comma and an honorific")
t.is(person(s, "Fahad").attrs.role, nil, "an honorific alone is no role")
s = run("The Aden-based prime minister, Salem Haidar, agreed.\n")
t.is(person(s, "Salem Haidar").attrs.role, "prime minister", "an X-based modifier is no part of the role")
s = run("The opposition Conservatives’ energy critic, Ivo Marlow, asked first.\n")
t.is(person(s, "Ivo Marlow").attrs.role, "energy critic", "a plural's possessive is no part of the role")
s = run("The opposition’s health spokeswoman, Hope Gallant, opened the hearing. Gallant said crews "
  .. "were tired. MPs listened.\n")
t.is(t.list(s, "person"), "Hope Gallant=Hope Gallant|Gallant=Hope Gallant",
  "a name set off by commas after a role; a plural acronym is no name")

s = run("The budget passed after talks with Pavel Rosen, a lawyer and political adviser. "
  .. "Ana Duarte spoke next.\n")
t.is(person(s, "Ana Duarte").attrs.role, nil, "a role word ending the sentence before is no title")

s = run("The river at Corvella has started to fall. It rained all week. Okonkwo has left.\n")
t.is(t.list(s, "person"), "Okonkwo=Okonkwo", "a word after a locative is no person for a verb after it")

-- The scan for runs of capitalised words (lede.names)
local N = require "lede.names"
local particles = {}
for line in require("lede.data").lines("name_particles.txt") do particles[#particles + 1] = line end
local sc = N.scanner({ "The", "In", "May" }, particles, { "la", "der" })
local text = "In 2020 the envoy Ursula von der Leyen met al-Sisi and The Hague officials in Paris. May"
local paris = text:find("Paris", 1, true)
t.is(table.concat(sc:runs(text, { paris }, { paris + 5 }, 1), ","),
  "19,Ursula,34,Leyen,0,44,al-Sisi,0,56,The,60,Hague,0",
  "runs: words with their starts, 0 after each run; lone listed words and masked ranges start none")

t.is(table.concat(N.pronouns("He said his aides told him; she and her team, this shell."), ","),
  "1,1,9,1,24,2,30,3,37,4", "pronouns: position and class of whole words ('she' at its h)")
t.is(table.concat(N.locatives("Talks in Gaza and Berlin Rome, from Öztürk's town near Malé."), ","), "10,37,58",
  "locatives: capitals after in, from, near as whole words")

-- Across the corpus
local docs = {
  { { attrs = { name = "Harwell" } } },
  { { attrs = { name = "Dana Harwell" } }, { attrs = { name = "Harwell" } } },
  { { attrs = { name = "Lee" } } },
  { { attrs = { name = "Ann Lee" } }, { attrs = { name = "Tom Lee" } } },
}
t.is(people.resolve_corpus(docs), 2, "resolve_corpus completes surnames with one full name")
t.is(docs[1][1].attrs.name, "Dana Harwell", "from another document")
t.is(docs[3][1].attrs.name, "Lee", "but not an ambiguous one")

-- Particles, post-nominals, ranks, places and relatives around names
s = run("The architect Jan van der Berg drew the plans. Van der Berg said the site was too small.\n")
t.is(t.list(s, "person"), "Jan van der Berg=Jan van der Berg|Van der Berg=Jan van der Berg",
  "a month-like first name before a particle opens the name")
s = run("The singer Camila del Río toured the north, and Maria della Rosa joined her.\n")
t.is(t.list(s, "person"), "Camila del Río=Camila del Río|Maria della Rosa=Maria della Rosa",
  "'del' and 'della' inside a name")
s = run("The barrister Ruth Abernethy SC told the tribunal the claim was weak. Tom Ellery MP agreed.\n")
t.is(t.list(s, "person"), "Ruth Abernethy=Ruth Abernethy|Tom Ellery=Tom Ellery",
  "post-nominal letters stay outside the name")
s = run("The commander, Lt Gen Inam Haider Malik, toured the garrison.\n")
t.is(t.list(s, "person"), "Inam Haider Malik=Inam Haider Malik", "an abbreviated rank without dots is a title")
s = run("Residents of Lugo Anna Bianchi and Paolo Verdi waited for the boats.\n")
t.is(t.list(s, "person"), "Anna Bianchi=Anna Bianchi|Paolo Verdi=Paolo Verdi",
  "an unknown place after 'of' before a first name is no part of the name")
s = run("Sally Pickering's brother Neil said the family was grateful. Neil thanked the crew.\n")
t.is(t.list(s, "person"), "Sally Pickering=Sally Pickering|Neil=Neil Pickering|Neil=Neil Pickering",
  "a first name after a possessive and a kinship noun takes the possessor's surname")
s = run("Nordic Box Lines said freight rates fell, and Nordvik Air told Petra Lund it would fly.\n")
t.is(t.list(s, "person"), "Petra Lund=Petra Lund", "a company's head word (Lines, Air) makes no person")
s = run("Councillor Denise Marsh and Cllr Owen Pike voted against the plan.\n")
t.is(t.list(s, "person"), "Denise Marsh=Denise Marsh|Owen Pike=Owen Pike", "Councillor and Cllr are titles")
t.is(person(s, "Denise Marsh").attrs.role, "Councillor", "a councillor's role")

-- Honorifics and ranks are no part of the name; a later "Ms Best" is the
-- full name
s = run("Cllr Maria Best said the lease was fair. Ms Best added that traders agreed.\n")
t.is(t.list(s, "person"), "Maria Best=Maria Best|Best=Maria Best", "Cllr before a name")
s = run("Rev Thomas Ault led the service, and Det Insp Karen Lowe spoke after him. "
  .. "Hajji Musa Bekov sells fish. Father Luis Arroyo and Sister Agnes Moyo run the clinic. "
  .. "Skipper Ian Tait came in at dawn. Prof Omar Haddad, Sgt Paul Kerr and Capt Rhys Owen listened.\n")
t.is(t.list(s, "person"), "Thomas Ault=Thomas Ault|Karen Lowe=Karen Lowe|Musa Bekov=Musa Bekov"
  .. "|Luis Arroyo=Luis Arroyo|Agnes Moyo=Agnes Moyo|Ian Tait=Ian Tait|Omar Haddad=Omar Haddad"
  .. "|Paul Kerr=Paul Kerr|Rhys Owen=Rhys Owen", "honorifics and ranks without dots stay outside names")
t.is(person(s, "Karen Lowe").attrs.role, "Det Insp", "a police rank is the role")
t.is(person(s, "Thomas Ault").attrs.role, nil, "Rev is a form of address, no role")
s = run("Father Luis Arroyo opened the doors. Father Arroyo said the roof held.\n")
t.is(t.list(s, "person"), "Luis Arroyo=Luis Arroyo|Arroyo=Luis Arroyo", "'Father Arroyo' resolves to the full name")

-- Short first names that are English words
s = run("Do Kwon was arrested in March. Kwon denied the charges.\n")
t.is(t.list(s, "person"), "Do Kwon=Do Kwon|Kwon=Do Kwon", "'Do' opens a name whose surname recurs alone")
s = run("An Ho-jin, the team's coach, said the players were tired.\n")
t.is(t.list(s, "person"), "An Ho-jin=An Ho-jin", "'An' opens a name with a role apposition")
s = run("His deputy, So Yeon, said the ward was full.\n")
t.is(t.list(s, "person"), "So Yeon=So Yeon", "'So' opens a name after a role and a comma")
s = run("Will Kwon stay? Kwon has not said.\n")
t.is(t.list(s, "person"), "Kwon=Kwon", "not in a question")
s = run("An Arab diplomat said the talks would resume. Arab states agreed.\n")
t.is(t.list(s, "person"), "", "a group word is no surname")
s = run("His assistant, Lê Văn An, held the board. Later An and Park Jae-won shook hands.\n")
t.is(t.list(s, "person"), "Lê Văn An=Lê Văn An|An=Lê Văn An|Park Jae-won=Park Jae-won",
  "a first name that is a stop word ends a name; alone next to a name it is a mention")

-- Particles with apostrophes
s = run("Joana d'Almeida said the vote was close. D'Almeida is a councillor.\n")
t.is(t.list(s, "person"), "Joana d'Almeida=Joana d'Almeida|D'Almeida=Joana d'Almeida", "d' in a name")
s = run("Joana d’Almeida said the vote was close. Later d’Almeida left, and D'Almeida returned.\n")
t.is(t.list(s, "person"), "Joana d’Almeida=Joana d’Almeida|d’Almeida=Joana d’Almeida"
  .. "|D'Almeida=Joana d’Almeida", "d’ with a curly apostrophe, and either apostrophe later")
s = run("Gerardo dela Peña, the regional director, said roads were blocked. Dela Peña flew to Borongan.\n")
t.is(t.list(s, "person"), "Gerardo dela Peña=Gerardo dela Peña|Dela Peña=Gerardo dela Peña",
  "the Filipino particle dela, and the surname with it later")
s = run("Luca D'Amico and Mary O'Neill said the ferry was late. O'Neill waited.\n")
t.is(t.list(s, "person"), "Luca D'Amico=Luca D'Amico|Mary O'Neill=Mary O'Neill|O'Neill=Mary O'Neill",
  "D' and O' names")
s = run("The elder bin Hamdan, Sheikh Tariq bin Hamdan's father, watched.\n")
t.ok(t.list(s, "person"):find("^bin Hamdan=") ~= nil, "a name opened by a lower-case particle")

-- Accents
s = run("Sofía Zúñiga said the mine would reopen. Zuniga did not say when.\n")
t.is(t.list(s, "person"), "Sofía Zúñiga=Sofía Zúñiga|Zuniga=Sofía Zúñiga", "a surname without its accents")
s = run("Sofia Zuniga said the mine would reopen. Later Sofía Zúñiga and Zúñiga's staff left.\n")
t.is(t.list(s, "person"), "Sofia Zuniga=Sofia Zuniga|Sofía Zúñiga=Sofia Zuniga|Zúñiga=Sofia Zuniga",
  "accents added later: the name first written")
s = run("Đỗ Minh Khoa scored twice. “I kept running,” Do told reporters. Trần Thị Hạnh owns the club, "
  .. "said Tran Thi Hanh's office.\n")
t.is(t.list(s, "person"), "Đỗ Minh Khoa=Đỗ Minh Khoa|Do=Đỗ Minh Khoa|Trần Thị Hạnh=Trần Thị Hạnh"
  .. "|Tran Thi Hanh=Trần Thị Hạnh", "Vietnamese names with and without their marks")

-- Apposition after a quantifier; a month-name first name alone
s = run("Several residents were hurt. One of them, June Okafor, who lives near the quay, was hit. "
  .. "“It was loud,” June said.\n")
t.is(t.list(s, "person"), "June Okafor=June Okafor|June=June Okafor", "', NAME, who' and 'June said'")
s = run("Prices rose in June. June was the wettest month, said June Okafor.\n")
t.is(t.list(s, "person"), "June Okafor=June Okafor", "the month alone stays a month")
s = run("Her son moved to Bradford last year.\n")
t.is(t.list(s, "person"), "", "a first name after a preposition of place is no person")

-- A surname several people share: a gendered title picks the one of that
-- gender named last in full
s = run("Daniel Okoro died at the junction. His parents, Grace Okoro and Emmanuel Okoro, listened. "
  .. "Emmanuel Okoro spoke first. “He was careful,” said Mrs Okoro. “I drove buses,” Mr Okoro said.\n")
t.is(t.list(s, "person"), "Daniel Okoro=Daniel Okoro|Grace Okoro=Grace Okoro|Emmanuel Okoro=Emmanuel Okoro"
  .. "|Emmanuel Okoro=Emmanuel Okoro|Okoro=Grace Okoro|Okoro=Emmanuel Okoro", "Mrs Okoro, Mr Okoro")

-- Initials, a relative clause, Irish titles
s = run("W.M. Jayasena, 52, farms rice. The lawyer for Youssef B., Hilde Peeters, spoke.\n")
t.is(t.list(s, "person"), "W.M. Jayasena=W.M. Jayasena|Youssef B.=Youssef B.|Hilde Peeters=Hilde Peeters",
  "initials before a surname, an initial surname before a comma")
s = run("Beside him sat the Minister for Housing, Declan Furlong, who said nothing.\n")
t.is(t.list(s, "person"), "Declan Furlong=Declan Furlong", "', who' after a name whose surname is a word")
s = run("The Taoiseach said the plan would work. Tánaiste Mary Byrne agreed.\n")
t.is(t.list(s, "person"), "Mary Byrne=Mary Byrne", "Taoiseach and Tánaiste are titles")

-- Malaysian honorifics, a shorter form that begins the full name, Korean
-- names opened by a stop word, first names alone with evidence, storms
s = run("Datuk Ahmad Faizal bin Osman chaired the call. Later Ahmad Faizal said costs rose.\n")
t.is(t.list(s, "person"), "Ahmad Faizal bin Osman=Ahmad Faizal bin Osman|Ahmad Faizal=Ahmad Faizal bin Osman",
  "Datuk is an honorific; the first two words of a name are that name")
s = run("An Ji-hoon, who runs the terminal, agreed.\n")
t.is(t.list(s, "person"), "An Ji-hoon=An Ji-hoon", "a Korean given name after 'An'")
s = run("The interpreter, a schoolteacher named Farangis, paused. Her daughter-in-law, Zarina, is "
  .. "expecting. A fisherman who gave his name only as Dodong lost his boats.\n")
t.is(t.list(s, "person"), "Farangis=Farangis|Zarina=Zarina|Dodong=Dodong",
  "'a ROLE named X', 'her KIN, X,', 'gave his name only as X'")
s = run("Typhoon Dalisay hit Samar. She said Dalisay had weakened, and a village called Borongan flooded.\n")
t.is(t.list(s, "person"), "", "a storm's name is no person's; 'a village called X' says nothing")

-- The seed articles
local seeds = os.getenv("LEDE_SEEDS") or (DIR .. "/../../../shared/seeds")
local f = io.open(seeds .. "/001_7703b048443ede42.txt", "r")
if f then
  local text = f:read("a")
  f:close()
  s = run(text)
  p = person(s, "Antony Blinken")
  t.is(p.attrs.role, "Secretary of State", "seed: Blinken's role")
  t.is(p.attrs.affiliation, "United States", "seed: Blinken's affiliation")
  local all_blinken, n = true, 0
  for _, sp in ipairs(s) do
    if sp.kind == "person" and sp.text:find("Blinken") then
      n = n + 1
      if sp.attrs.name ~= "Antony Blinken" then all_blinken = false end
    end
  end
  t.ok(n >= 5 and all_blinken, "seed: every Blinken mention (" .. n .. ") is Antony Blinken")
  t.is(person(s, "Blinken").attrs.gender, "m", "seed: Blinken is 'he'")
else
  t.skip("no seed articles at " .. seeds)
end

t.done()
