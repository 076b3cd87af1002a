-- extract_places_test.lua -- lede.extract.places (place, org, demonym) on
-- sentences written for these tests. Run by tests/70-extract-entities.t:
--   lede --db :memory: run tests/lua/extract_places_test.lua
local DIR = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local t = dofile(DIR .. "/extract_entities_tap.lua")
local MODS = { "lede.extract.places" }

local function run(text, fields) return t.extract(MODS, text, fields) end

-- Lists and canonical names
local s = run("The US envoy met Israeli officials and told us nothing new.\n")
t.is(t.list(s, "place"), "US=United States", "US is the United States, 'us' is no place")
t.is(t.list(s, "demonym", "place"), "Israeli=Israel", "a demonym names its place")

s = run("Soldiers of the Israel Defense Forces entered the camp.\n")
t.is(t.list(s, "org"), "Israel Defense Forces=Israel Defense Forces", "the longest name wins")
t.is(t.list(s, "place"), "", "and holds no place")

s = run("Arab states and the security cabinet met in Cairo.\n")
t.is(t.list(s, "demonym"), "", "group words such as Arab are no demonyms")
t.is(t.list(s, "org"), "", "a lower-case body is no org")
t.is(t.list(s, "place"), "Cairo=Cairo", "a city where something happens is a place")

s = run("Diplomats in NATO headquarters spoke to the State Department.\n")
t.is(t.list(s, "org"), "NATO=North Atlantic Treaty Organization"
  .. "|State Department=United States Department of State",
  "acronyms spelt out, departments by their full names")

-- Capitals as governments
s = run("Washington warned that talks would fail, officials in Washington said.\n")
t.is(t.list(s, "org"), "Washington=United States government", "a capital as an actor is its government")
t.is(t.list(s, "place"), "Washington=Washington", "a capital after 'in' stays a place")
s = run("For Beijing, the stakes are high. Beijing has more room than Tokyo assumed.\n")
t.is(t.list(s, "org"), "Beijing=Chinese government|Beijing=Chinese government|Tokyo=Japanese government",
  "subjects, 'For X,' and 'than X' are governments")

-- A place that is a first name
s = run("Jordan Whitfield, a teacher, said Jordan had opened its border.\n")
t.is(t.list(s, "place"), "Jordan=Jordan", "Jordan before a surname is a person's first name")
s = run("Sofia da Mota, who flew in from Sofia, chairs the council.\n")
t.is(t.list(s, "place"), "Sofia=Sofia", "also before a particle and a surname")

-- Names in no list
s = run("Marta Ruiz, an analyst at the Meridian Institute for Policy Research, spoke at Harrowgate University.\n")
t.is(t.list(s, "org"), "Meridian Institute for Policy Research=Meridian Institute for Policy Research"
  .. "|Harrowgate University=Harrowgate University",
  "an organisation head word makes an org of the capitalised phrase around it")
s = run("The US Agency for International Development (USAID) cut funding. USAID said the audit was fair. "
  .. "The FBI declined to comment.\n")
t.is(t.list(s, "org"), "US Agency for International Development=US Agency for International Development"
  .. "|USAID=US Agency for International Development|USAID=US Agency for International Development"
  .. "|FBI=FBI", "an acronym's org is named by the longest form the document writes, if any")
s = run("The boat lost power off Porthcurnow and was towed into Penzwick. A negotiator at Havenbrug "
  .. "said crews waited at Kessingen and outside Wolvega.\n")
t.is(t.list(s, "place"), "Porthcurnow=Porthcurnow|Penzwick=Penzwick|Kessingen=Kessingen|Wolvega=Wolvega",
  "a name in no list after off, into, at, outside is a place, but not an employer after a role and 'at'")
s = run("Trains between Paris and Vellmar stopped. Roads in Kessingen and Wolvega flooded.\n")
t.is(t.list(s, "place"), "Paris=Paris|Vellmar=Vellmar|Kessingen=Kessingen|Wolvega=Wolvega",
  "a name in no list after 'and' after a locative's place is a place")
s = run("The mayor of Vellmar met officials from the provinces of Kessingen and Wolvega.\n")
t.is(t.list(s, "place"), "Vellmar=Vellmar|Kessingen=Kessingen|Wolvega=Wolvega",
  "a name after 'the mayor of', 'the provinces of' is a place")
s = run("Ana Ruiz, an analyst at Banco Sorvilla, expects more. The union Dokbond struck; Banco Sorvilla "
  .. "agreed. A demand Moscow calls unfair was read out in the Harwick Chronicle.\n")
t.is(t.list(s, "org"), "Banco Sorvilla=Banco Sorvilla|Dokbond=Dokbond|Banco Sorvilla=Banco Sorvilla"
  .. "|Moscow=Russian government|Harwick Chronicle=Harwick Chronicle",
  "an employer after a role and 'at', a name after 'the union', a capital that calls, a newspaper")
s = run("Shares of Varnhold Therapeutics rose. Varnhold said the trial went well.\n")
t.is(t.list(s, "org"), "Varnhold Therapeutics=Varnhold Therapeutics|Varnhold=Varnhold Therapeutics",
  "an org named by its head word is later named without it")
s = run("The firm will ask regulators in the European Union and Brazil for approval.\n")
t.is(t.list(s, "org") .. ";" .. t.list(s, "place"), "European Union=European Union;Brazil=Brazil",
  "a listed place after 'and' ends an org name")
s = run("A spokesman for Baltic Star Lines said two ferries of Kvarken Ferries were late.\n")
t.is(t.list(s, "org"), "Baltic Star Lines=Baltic Star Lines|Kvarken Ferries=Kvarken Ferries",
  "shipping lines and ferry companies")
s = run("According to the consultancy Brightwater Analytics, prices rose.\n")
t.is(t.list(s, "org"), "Brightwater Analytics=Brightwater Analytics", "a name after 'the consultancy' is an org")
s = run("Students at Middle East Technical University protested.\n")
t.is(t.list(s, "org"), "Middle East Technical University=Middle East Technical University",
  "a university named after a region")
t.is(t.list(s, "place"), "", "holds no place")
s = run("National Renewal (NR) won the vote. NR will need a partner.\n")
t.is(t.list(s, "org"), "National Renewal=National Renewal|NR=National Renewal|NR=National Renewal",
  "an acronym defined in brackets names the org everywhere")

-- Places in no list
s = run("Floods hit Qarvella province and the Dunmore crossing. Aid came from Velzin.\n")
t.is(t.list(s, "place"), "Qarvella=Qarvella|Dunmore=Dunmore|Velzin=Velzin",
  "a name before a generic head (without it) and after 'from' is a place")
s = run("In Yiwu, a wholesale hub, traders waited. From Velzin to Qarth the roads were shut.\n")
t.is(t.list(s, "place"), "Yiwu=Yiwu|Velzin=Velzin",
  "after a capitalised 'In' or 'From' too (but not before another capital)")
s = run("Berlin Yiwu traders and the main Yiwu market.\n")
t.is(t.list(s, "place"), "Berlin=Berlin", "'in' inside a word is no locative")
s = run("Mossad Chief Ilan Varda and White House Press Secretary Jo Pike met in Doha.\n")
t.ok(t.find(s, "org", "Mossad") ~= nil, "an org inside a title is still found")
s = run("TALVENO, Moldova — Voters queued early.\n")
t.is(t.list(s, "place"), "TALVENO=Talveno|Moldova=Moldova", "a dateline in capitals is a place")
s = run("CAIRO (Harbour Wire) — Talks resumed.\n")
t.is(t.list(s, "place"), "CAIRO=Cairo", "a listed city in capitals at a dateline")
t.is(t.list(s, "org"), "Harbour Wire=Harbour Wire", "a wire service by its head word")

-- Companies and bodies named by a head word or listed
s = run("Nordvik Air cancelled flights and Selvaris Therapeutics delayed its results.\n")
t.is(t.list(s, "org"), "Nordvik Air=Nordvik Air|Selvaris Therapeutics=Selvaris Therapeutics",
  "'Air' and 'Therapeutics' end company names")
s = run("The Confederation of Danish Growers backed the plan, and Ukrenergo said the grid held.\n")
t.is(t.list(s, "org"), "Confederation of Danish Growers=Confederation of Danish Growers|Ukrenergo=Ukrenergo",
  "'Confederation of ...' is an org; a listed grid operator is an org, not a person")
s = run("Water reached Rimini and Bologna as the Danube rose in Košice's region.\n")
t.is(t.list(s, "place"), "Rimini=Rimini|Bologna=Bologna|Danube=Danube|Košice=Košice",
  "cities and rivers from the curated lists")
s = run("Nina Roy, who leads the charity Fathers for Clean Air, spoke. Tickets for Nordvik Air sold out.\n")
t.is(t.list(s, "org"), "Fathers for Clean Air=Fathers for Clean Air|Nordvik Air=Nordvik Air",
  "'X for ... Air' is one org, but not after a sentence's first word")
s = run("Brackley Capital bought Ashgrove Rovers, and the CDC sent staff to Santa Rosa.\n")
t.is(t.list(s, "org"), "Brackley Capital=Brackley Capital|Ashgrove Rovers=Ashgrove Rovers|"
  .. "CDC=Centers for Disease Control and Prevention", "investment firms, clubs, a listed agency")
t.is(t.list(s, "place"), "Santa Rosa=Santa Rosa", "a listed city that looks like a person's name")
s = run("The survey crossed the Southern Ocean and the Faroe Trough.\n")
t.is(t.list(s, "place"), "Southern Ocean=Southern Ocean|Faroe Trough=Faroe Trough", "Ocean and Trough end places")

-- Generic bodies get their country
s = run("Mali’s Ministry of Security said the road was open.\n")
t.is(t.list(s, "org"), "Ministry of Security=Malian Ministry of Security", "a possessive country names a ministry")
s = run("At a briefing in Beijing, a Foreign Ministry spokeswoman declined to comment.\n")
t.is(t.list(s, "org"), "Foreign Ministry=Chinese Ministry of Foreign Affairs", "the sentence's place names a ministry")
s = run("The Ministry of Water announced new rules. The Ministry said more would follow.\n",
  { date = "2024-01-01" })
local orgs = t.list(s, "org")
t.ok(select(2, orgs:gsub("Ministry of Water", "")) >= 1 and orgs:find("^Ministry of Water=.*|Ministry=") ~= nil,
  "'the Ministry' refers to the ministry named before: " .. orgs)
s = run("The Health Ministry in Gaza said 40 people died.\n")
t.is(t.list(s, "org"), "Health Ministry=Gaza Health Ministry", "the gazetteer's own name for a local body")

-- Orgs named in apposition to a generic org noun
s = run("The chain, Greenway Foodstores, said it would keep the market open.\n")
t.is(t.list(s, "org"), "Greenway Foodstores=Greenway Foodstores", "'The chain, NAME,'")
s = run("Anas El Ouardi has joined Saudi club Al-Waha. Al-Waha paid a record fee.\n")
t.is(t.list(s, "org"), "Al-Waha=Al-Waha|Al-Waha=Al-Waha", "'club NAME', then the name alone")
s = run("The Police of the Republic of Mozambique (PRM) gave no names. The PRM said later it had arrested two men.\n")
t.is(t.list(s, "org"), "Police of the Republic of Mozambique=Police of the Republic of Mozambique"
  .. "|PRM=Police of the Republic of Mozambique|PRM=Police of the Republic of Mozambique",
  "an acronym in brackets spelt past connectors (of the)")
s = run("Rain was measured by the Philippine Atmospheric, Geophysical and Astronomical Services Administration "
  .. "(PAGASA), and PAGASA warned of surges.\n")
t.is(t.list(s, "org"):match("^[^|]+"), "Philippine Atmospheric, Geophysical and Astronomical Services "
  .. "Administration=Philippine Atmospheric, Geophysical and Astronomical Services Administration",
  "an acronym spelt past a comma and 'and'")
t.is(t.list(t.extract({ "lede.extract.places", "lede.extract.people" },
  "The chain, Greenway Foodstores, said it would keep the market open.\n"), "person"), "", "and no person")
s = run("Voltaïa Cells, the French battery maker, will cut jobs. Voltaïa said the plan was final.\n")
t.is(t.list(s, "org"), "Voltaïa Cells=Voltaïa Cells|Voltaïa=Voltaïa Cells",
  "'NAME, the ... maker': the name, and its first word later")
s = run("Anna Berg, the film producer, said so. The firm, Maria Lund said, was sold.\n")
t.is(t.list(s, "org"), "", "not a person's occupation, not a person's name")
s = run("The WFP Office of the Inspector General said controls were weak.\n")
t.is(t.list(s, "org"), "WFP Office of the Inspector General=WFP Office of the Inspector General",
  "an acronym and an org name are one org")
s = run("The visiting coach, the South Korean Park Jae-won, was gracious.\n")
t.is(t.list(s, "place"), "", "Park before a Korean given name heads no place")
t.is(t.list(t.extract({ "lede.extract.places", "lede.extract.people" },
  "The visiting coach, the South Korean Park Jae-won, was gracious.\n"), "person"),
  "Park Jae-won=Park Jae-won", "it is a family name")

s = run("Permata Logistik Bhd reported a loss. Permata said the strike hurt.\n")
t.is(t.list(s, "org"), "Permata Logistik Bhd=Permata Logistik|Permata=Permata Logistik",
  "a legal form ends the name but is no part of it; the first word names it later")

t.done()
