-- extract_dates_test.lua -- lede.timex and lede.extract.dates (date,
-- doc_date) on sentences written for these tests, then on the seed
-- articles ($LEDE_SEEDS, else ../shared/seeds; skipped when absent).
-- Prints TAP. Run by tests/71-extract-dates-quantities.t:
--   lede --db :memory: run tests/lua/extract_dates_test.lua
local lede = require "lede"
local extract = require "lede.extract"
local T = require "lede.timex"

local DIR = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local tap = dofile(DIR .. "/tap.lua")
local ok, is = tap.ok, tap.is

local runner = extract.new { extractors = { "lede.extract.dates" } }

-- The spans of one kind as "text=type:value|...", in text order.
local function spans(text, date, kind)
  local doc = lede.document(text, { id = "t", date = date })
  local out = {}
  for _, sp in ipairs(runner:process(doc)) do
    if sp.kind == (kind or "date") then
      local a = sp.attrs
      local v = a.value == lede.json.null and "null" or tostring(a.value)
      out[#out + 1] = doc:sub(sp.s, sp.e) .. "=" .. (a.type and (a.type .. ":") or "") .. v
    end
  end
  return table.concat(out, "|")
end

---------------------------------------------------------------- lede.timex

is(T.date(T.days(2024, 10, 29)), "2024-10-29", "timex: day numbers round-trip")
is(T.days(1970, 1, 1), 0, "timex: day 0 is 1970-01-01")
is(T.weekday(T.days(2024, 10, 29)), 2, "timex: 29 October 2024 was a Tuesday")
is(T.week(T.days(2024, 12, 30)), "2025-W01", "timex: ISO weeks cross the year")
is(T.week(T.days(2025, 3, 2)), "2025-W09", "timex: a Sunday closes its ISO week")
is(T.date(T.weekday_near(T.days(2024, 11, 13), 1, "past")), "2024-11-11", "timex: the Monday before")
is(T.date(T.weekday_near(T.days(2024, 11, 13), 1, "future")), "2024-11-18", "timex: the Monday after")
is(T.year_for(T.days(2024, 6, 10), 10, nil, "past"), 2023, "timex: October, looking back from June")
is(T.year_for(T.days(2024, 6, 10), 11, nil, "near"), 2024, "timex: November, the nearest")
is(T.duration(4.5, "Y"), "P4.5Y", "timex: fractional durations")
is(T.duration(nil, "TH"), "PTXH", "timex: unknown amounts")
ok(not T.parse("2023-02-29"), "timex: impossible days do not parse")

---------------------------------------------------------------- dates

-- absolute and partial dates
is(spans("The ceasefire began on 29 October 2024 and the talks on October 7, 2023.\n"),
  "29 October 2024=date:2024-10-29|October 7, 2023=date:2023-10-07", "absolute dates")
is(spans("The file was dated 2024-10-29.\n"), "2024-10-29=date:2024-10-29", "ISO dates")
is(spans("Voting ends on 5 November, results come in December.\n"),
  "5 November=date:XXXX-11-05|December=date:XXXX-12", "partial dates keep the unknown year")
is(spans("Voting ends on 5 November, results come in December.\n", "2024-10-20"),
  "5 November=date:2024-11-05|December=date:2024-12", "and take the year of the reference date")
is(spans("The plan dates from October, officials said.\n", "2025-03-02"),
  "October=date:2024-10", "a month in the past tense looks back")
is(spans("The border reopened on Saturday, 2 March.\n", "2024-03-06"),
  "Saturday, 2 March=date:2024-03-02", "a weekday joined to a date is one span")
is(spans("Her term runs until the 7th of October.\n"), "the 7th of October=date:XXXX-10-07",
  "'the 7th of October'")
is(spans("The war began in 2014 and in the 1990s before that.\n"),
  "2014=date:2014|1990s=date:199", "years and decades")
is(spans("Growth slows by mid-2025 and picks up in early 2026.\n"),
  "mid-2025=date:2025|early 2026=date:2026", "a qualified year is one span")

-- weekdays and tense
is(spans("The minister said on Friday that the crossing would reopen.\n"),
  "Friday=date:XXXX-WXX-5", "a bare weekday without a reference date")
is(spans("The minister said on Friday that the crossing would reopen.\n", "2024-11-13"),
  "Friday=date:2024-11-08", "reported in the past tense: the Friday before")
is(spans("The minister will travel to Oslo on Friday.\n", "2024-11-13"),
  "Friday=date:2024-11-15", "with 'will': the Friday after")
is(spans("We'll meet them on Friday.\n", "2024-11-11"), "Friday=date:2024-11-15",
  "a pronoun's 'll is 'will' (without it, the nearest Friday: the 8th)")
is(spans("Figures released on Monday showed a rise.\n", "2025-04-18"),
  "Monday=date:2025-04-14", "a past participle is a past cue")
is(spans("Talks on Friday follow a meeting last week.\n", "2024-11-13"),
  "Friday=date:2024-11-08|last week=relative:2024-W45", "the cue 'last' inside 'last week' counts")
is(spans("Friday's vote comes ahead of the next session.\n", "2024-11-09"),
  "Friday=date:2024-11-15", "so does 'next' inside 'the next' (no date itself)")
is(spans("Friday's vote comes ahead of a session.\n", "2024-11-09"),
  "Friday=date:2024-11-08", "without a cue, the nearest Friday")
is(spans("Envoys meet on Tuesday evening and again on Wednesday morning.\n", "2024-11-12"),
  "Tuesday evening=time:2024-11-12TEV|Wednesday morning=time:2024-11-13TMO",
  "a weekday with a part of the day is a time")
is(spans("The quake struck at 4:17 a.m. local time (0117 GMT).\n", "2025-03-02"),
  "4:17 a.m.=time:2025-03-02T04:17|0117=time:2025-03-02T01:17", "clock times, time zone outside")
is(spans("Live updates\n\n18:05 PKT\nRescuers reached the village.\n", "2024-07-14"),
  "18:05=time:2024-07-14T18:05", "a live blog's time stamp on the reference date")

-- deictic and anaphoric expressions
is(spans("Talks resumed this week and stalled last month; more are planned next year.\n", "2024-11-12"),
  "this week=relative:2024-W46|last month=relative:2024-10|next year=relative:2025",
  "this week, last month, next year")
is(spans("Talks resumed this week and stalled last month.\n"),
  "this week=relative:null|last month=relative:null", "deictic expressions need a reference date")
is(spans("Yesterday the council met; this evening it votes.\n", "2024-10-29"),
  "Yesterday=relative:2024-10-28|this evening=relative:2024-10-29TEV", "yesterday, this evening")
is(spans("Rebels attacked on 3 May 2023. The army replied the same day.\n"),
  "3 May 2023=date:2023-05-03|the same day=relative:2023-05-03", "the same day refers back")
is(spans("TALKS RESUMED LAST WEEK. Talks Resume Next Week. The Same Day, Three Weeks Ago.\n", "2024-11-13"),
  "LAST WEEK=relative:2024-W45|Next Week=relative:2024-W47|The Same Day=relative:2024-11-13"
    .. "|Three Weeks Ago=relative:2024-10-23", "capitals and title case")
is(spans("Prices have doubled in recent weeks.\n", "2024-10-29"),
  "recent weeks=relative:null", "vague expressions resolve to null")
is(spans("The envoy first came three weeks ago.\n", "2024-08-16"),
  "three weeks ago=relative:2024-07-26", "N units ago")
is(spans("Prices rose in January from the previous month.\n", "2025-02-13"),
  "January=date:2025-01|the previous month=relative:2024-12", "the previous month of a month")
is(spans("Output fell in the first half of 2024 and again in the third quarter.\n"),
  "the first half of 2024=date:2024-H1|the third quarter=date:2024-Q3", "halves and quarters")

-- durations and sets
is(spans("Hostages were held for 135 days after a 17-year siege and a week-long truce.\n"),
  "135 days=duration:P135D|17-year=duration:P17Y|week-long=duration:P1W", "durations")
is(spans("She spent two decades abroad, four and a half years in Oslo, and more than five weeks in Rome.\n"),
  "two decades=duration:P20Y|four and a half years=duration:P4.5Y|more than five weeks=duration:P5W",
  "durations in words, with an approximator")
is(spans("The union wants a raise of 6 percent over three years and nearly two weeks off.\n"),
  "three years=duration:P3Y|nearly two weeks=duration:P2W",
  "'over' before an amount of time is the period's preposition, 'nearly' an approximator")
is(spans("The rains came on 2 May, four weeks earlier than usual. The harvest ended two days later.\n",
    "2025-05-20"),
  "2 May=date:2025-05-02|four weeks=duration:P4W|two days later=relative:2025-05-04",
  "'N units earlier than' is a comparison, not an anaphoric date")
is(spans("The hearing was adjourned until Tuesday. The deal was to be signed by January. "
    .. "Analysts said that by May prices had doubled.\n", "2025-02-27"),
  "Tuesday=date:2025-03-04|January=date:2026-01|May=date:2024-05",
  "a deadline (until, by) lies ahead, unless the sentence is in the past perfect")
is(spans("Staff get three meals a day and answer hundreds of emails a week.\n"),
  "a day=set:P1D|a week=set:P1W", "a rate after a number word, also a vague one")
is(spans("Her term lasts four years\n\nA year of reform\n"),
  "four years=duration:P4Y|A year=duration:P1Y", "a number word on the line before makes no rate")
is(spans("The audit took more than a year.\n"), "more than a year=duration:P1Y",
  "an approximator before 'a year'")
do
  -- a person extractor stand-in: "May Pascoe" is a person span
  local person = { name = "stand-in people", version = "1", kinds = { "person" },
    extract = function(doc, emit)
      local s, e = doc.text:find("May Pascoe", 1, true)
      if s then emit("person", s, e + 1, { name = "May Pascoe" }) end
    end }
  local r = extract.new { extractors = {} }
  r.extractors = { person, extract.load("lede.extract.dates") }
  local doc = lede.document("May Pascoe joined in May.\n", { id = "t", date = "2025-06-01" })
  local got = {}
  for _, sp in ipairs(r:process(doc)) do
    if sp.kind == "date" then got[#got + 1] = doc:sub(sp.s, sp.e) .. "=" .. sp.attrs.value end
  end
  is(table.concat(got, "|"), "May=2025-05", "a month inside a person's name is no date")
end
is(spans("Exports fell this quarter and rose last quarter.\n", "2026-02-10"),
  "this quarter=relative:2026-Q1|last quarter=relative:2025-Q4", "this and last quarter")
is(spans("The fire reached the town on 2 June. Crews left that morning and returned the same evening.\n",
    "2026-06-05"),
  "2 June=date:2026-06-02|that morning=relative:2026-06-02TMO|the same evening=relative:2026-06-02TEV",
  "'that morning' and 'the same evening' refer back to the day")
is(spans("A 73-year-old man died.\n"), "", "an age is no date")
is(spans("Aid arrives daily; 600 trucks a day are needed and $40 billion a year.\n"),
  "daily=set:P1D|a day=set:P1D|a year=set:P1Y", "sets: daily, and rates (the span 'a day')")
is(spans("The freeze will last for a year.\n"), "a year=duration:P1Y", "'for a year' is an amount of time")
is(spans("Prices rose 1% a month, 40 more aid trucks a day arrive and he stayed a week.\n"),
  "a month=set:P1M|a day=duration:P1D|a week=duration:P1W",
  "a rate needs a number at most two words before ('1% a month'), not three")
is(spans("Monthly inflation fell.\n"), "", "an adjective of measure is no set")

---------------------------------------------------------------- doc_date

is(spans("Headline\n\nSome text.\n", "2024-03-03", "doc_date"), "=2024-03-03",
  "doc_date: the metadata date, as an empty span")
is(spans("Jordan sends aid\n\nAMMAN, 3 March 2024\n\nThe ministry said on Saturday it had sent aid.\n", nil,
  "doc_date"), "3 March 2024=2024-03-03", "doc_date: a dateline")
is(spans("Jordan sends aid\n\nAMMAN, 3 March 2024\n\nThe ministry said on Saturday it had sent aid.\n"),
  "3 March 2024=date:2024-03-03|Saturday=date:2024-03-02", "and the dateline resolves the weekday")
is(spans("Headline\n\nBy A. Writer | Harbour Wire | Jan. 14, 2025\n\nBody.\n", nil, "doc_date"),
  "Jan. 14, 2025=2025-01-14", "doc_date: a byline stamp")
is(spans("Headline\n\nThe envoy landed on 14 January 2025 and left.\n", nil, "doc_date"), "",
  "a date in the body is no doc_date")
is(spans("Port reopens\n\nUpdated: 5 May 2025, 10:40\n\nShips moved again.\n", nil, "doc_date"),
  "5 May 2025=2025-05-05", "doc_date: a label before the date ('Updated:')")
is(spans("Port reopens\n\nHarbour Wire staff, Valletta, 5 May 2025\n\nShips moved again.\n", nil,
  "doc_date"), "5 May 2025=2025-05-05", "doc_date: a short line ending with the date is a stamp")
do
  local body = {}
  for i = 1, 14 do body[#body + 1] = ("Paragraph %d of the report, with no date in it."):format(i) end
  local text = "Port reopens\n\n" .. table.concat(body, "\n\n") .. "\n\nPublished 5 May 2025\n"
  is(spans(text, nil, "doc_date"), "5 May 2025=2025-05-05",
    "doc_date: a 'Published' line closing a long article")
  is(spans(text:gsub("Published ", "Seen "), nil, "doc_date"), "",
    "but not a closing line without a label")
end

---------------------------------------------------------------- seeds

local root = os.getenv("LEDE_ROOT") or "."
local seeds = os.getenv("LEDE_SEEDS") or (root .. "/../shared/seeds")
local function read(name)
  local f = io.open(seeds .. "/" .. name, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end
local s000, s001, s002 = read("000_f74e429edb4128ba.txt"), read("001_7703b048443ede42.txt"),
  read("002_80bd6750616e036e.txt")
if s000 and s001 and s002 then
  local got = spans(s002)
  ok(got:find("29 October 2024=date:2024-10-29", 1, true) ~= nil, "seeds: 29 October 2024 is 2024-10-29", got)
  ok(got:find("7 October 2023=date:2023-10-07", 1, true) ~= nil, "seeds: 7 October 2023", got)
  ok(got:find("5 November=date:XXXX-11-05", 1, true) ~= nil,
    "seeds: 5 November without a document date keeps its year unknown", got)
  got = spans(s001)
  ok(got:find("week-long=duration:P1W", 1, true) ~= nil, "seeds: week-long", got)
  ok(got:find("recent weeks=relative:null", 1, true) ~= nil, "seeds: recent weeks", got)
  ok(got:find("this week=relative:null", 1, true) ~= nil, "seeds: this week, with nothing to resolve it", got)
  got = spans(s000)
  ok(got:find("17-year=duration:P17Y", 1, true) ~= nil, "seeds: 17-year", got)
  is(spans(s000, nil, "doc_date"), "", "seeds: no doc_date where the article gives none")
else
  print("# SKIP seeds not found at " .. seeds)
end

tap.done()
