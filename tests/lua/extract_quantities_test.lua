-- extract_quantities_test.lua -- lede.extract.quantities on sentences
-- written for these tests, then on the seed articles ($LEDE_SEEDS, else
-- ../shared/seeds; skipped when absent). Prints TAP. Run by
-- tests/71-extract-dates-quantities.t:
--   lede --db :memory: run tests/lua/extract_quantities_test.lua
local lede = require "lede"
local extract = require "lede.extract"

local DIR = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local tap = dofile(DIR .. "/tap.lua")
local ok, is = tap.ok, tap.is

local with_dates = extract.new { extractors = { "lede.extract.dates", "lede.extract.quantities" } }
local alone = extract.new { extractors = { "lede.extract.quantities" } }

-- The quantities as "text=value unit[~]|..." (~ when approximate).
local function q(text, runner)
  local doc = lede.document(text, { id = "t" })
  local out = {}
  for _, sp in ipairs((runner or with_dates):process(doc)) do
    if sp.kind == "quantity" then
      local a = sp.attrs
      local unit = a.unit == lede.json.null and "null" or a.unit
      out[#out + 1] = ("%s=%s %s%s"):format(doc:sub(sp.s, sp.e), tostring(a.value), unit,
        a.approx and "~" or "")
    end
  end
  return table.concat(out, "|")
end

-- counts, with and without approximators
is(q("Officials said over 12,000 refugees and 340 children had crossed.\n"),
  "over 12,000=12000 refugees~|340=340 children", "digits with their nouns; 'over' is approximate")
is(q("A survey found 58% of Danes and about 41 percent of Swedes agreed.\n"),
  "58%=58 percent|about 41 percent=41 percent~", "percentages, sign or word")
is(q("Tens of thousands of farmers marched, and a dozen ministers resigned.\n"),
  "Tens of thousands=20000 farmers~|a dozen=12 ministers", "vague plurals and 'a dozen'")
is(q("Nearly 3 million Iraqis voted, and 9 of their parties are in parliament.\n"),
  "Nearly 3 million=3000000 Iraqis~|9=9 parties", "a people's plural in -is; 'N of their X' counts X")
is(q("Of the 30 members, 12 of its envoys and 5 of 15 judges left.\n"),
  "30=30 members|12=12 envoys|5=5 judges|15=15 judges", "'N of its X' and 'N of M X'")
is(q("Nobody wants to be the one who blinks, said the two envoys.\n"), "",
  "'the one' and 'the two' are references, not counts")
is(q("Dozens of homes and hundreds of cars were lost.\n"),
  "Dozens=24 homes~|hundreds=200 cars~", "dozens and hundreds: the smallest amount meant")
is(q("The fund lent $2.5 billion, roughly €300 million and £40m to the utility.\n"),
  "$2.5 billion=2500000000 dollars|roughly €300 million=300000000 euros~|£40m=40000000 pounds",
  "money: currency signs, scale words and suffixes")
is(q("The grant of JD3 million arrived.\n"), "JD3 million=3000000 dinars", "a currency code")
is(q("Between 20 and 30 boats sank and 40-50% of nets were torn.\n"),
  "Between 20 and 30=20 boats~|40-50%=40 percent~", "ranges: the lower bound, approximate")
is(q("Nearly 1.9 million residents, more than 300 schools and at least seven clinics.\n"),
  "Nearly 1.9 million=1900000 residents~|more than 300=300 schools~|at least seven=7 clinics~",
  "approximators before digits and words")
is(q("Temperatures fell to minus 8 degrees Celsius.\n"), "minus 8=-8 degrees Celsius",
  "negative amounts and two-word units")
is(q("Highs of 44C, lows of -3C and winds of up to 70 km/h.\n"),
  "44C=44 degrees Celsius|-3C=-3 degrees Celsius|up to 70=70 kilometres per hour~",
  "temperatures, a minus sign, abbreviated units")
is(q("A magnitude 5.8 earthquake struck 40 kilometres away.\n"),
  "5.8=5.8 magnitude|40=40 kilometres", "a magnitude")
is(q("The 120-seat assembly met; 15mm of rain fell.\n"),
  "120=120 seats|15mm=15 millimetres", "units joined to the number")

-- units left out or given elsewhere
is(q("The blast killed 14 people and injured more than 60.\n"),
  "14=14 people|more than 60=60 people~", "an elided noun from the sentence")
is(q("Of the 27 envoys, 19 of 27 signed.\n"),
  "27=27 envoys|19=19 envoys|27=27 envoys", "'19 of 27': the unit of the next number")
is(q("Key figures:\n- Tents delivered by road: 4,200\n"), "4,200=4200 tents",
  "a label line gives the unit")
is(q("Nine boats left and one remained.\n"), "Nine=9 boats", "'one' as a pronoun is no quantity")
is(q("We want one deal, not twelve promises.\n"), "one=1 deals|twelve=12 promises",
  "'one' against a later number counts")
is(q("At least one partner is needed.\n"), "At least one=1 partners~", "an approximated 'one' counts")

-- what is not a quantity
is(q("The strike on 14 March 2024 lasted 36 hours and 2023 was worse.\n"), "",
  "dates, durations and years are no quantities")
is(q("Ana Ruiz, 47, and Ben Ode, 52, were freed; a 63-year-old man and those aged 70 stayed.\n"), "",
  "ages are no quantities")
is(q("Resolution 2334 and the G20 were cited.\n"), "", "numbers in names")
is(q("Steps:\n1. open 3 depots\n2. hire 40 drivers\n"), "3=3 depots|40=40 drivers",
  "list numbering is no quantity")
is(q("Call +44 20 7946 0000 for details.\n"), "", "phone numbers")
is(q("One in five households skipped meals.\n"), "", "ratios")
is(q("The two governments met.\n"), "", "'the two' is a reference")
is(q("The 2024 budget passed.\n", alone), "", "without the dates extractor, years stay out too")

-- the dates extractor's spans are used when it ran, even when it found
-- none; its scan runs only when it did not
do
  local dates = require "lede.extract.dates"
  local scan, calls = dates.scan, 0
  dates.scan = function(...)
    calls = calls + 1
    return scan(...)
  end
  local text = "Some 40 boats and 12 trucks came.\n"
  local a = q(text, with_dates)
  is(calls, 0, "dates ran and found nothing: no second scan for dates")
  local b = q(text, alone)
  is(calls, 1, "dates did not run: one scan for dates")
  is(a, b, "the same quantities either way")
  dates.scan = scan
end

-- start words in any usual case
is(q("MORE THAN 40 TENTS and Nearly Nine Trucks.\n"), "MORE THAN 40=40 TENTS~|Nearly Nine=9 Trucks~",
  "approximators and number words in capitals and title case")

-- the seed articles
local root = os.getenv("LEDE_ROOT") or "."
local seeds = os.getenv("LEDE_SEEDS") or (root .. "/../shared/seeds")
local function read(name)
  local f = io.open(seeds .. "/" .. name, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end
local s001, s003, s004 = read("001_7703b048443ede42.txt"), read("003_83da119ec89e8917.txt"),
  read("004_603a3000b4b81162.txt")
if s001 and s003 and s004 then
  local got = q(s001)
  for _, want in ipairs { "over 37,000=37000 Palestinians~", "1,200=1200 people", "250=250 hostages" } do
    ok(got:find(want, 1, true) ~= nil, "seeds: " .. want, got)
  end
  got = q(s004)
  ok(got:find("63%=63 percent", 1, true) ~= nil, "seeds: 63% of Israelis", got)
  ok(got:find("tens of thousands=20000", 1, true) ~= nil, "seeds: tens of thousands", got)
  got = q(s003)
  ok(got:find("tens of thousands=20000 northern", 1, true) == nil, "seeds: no adjective as a unit", got)
else
  print("# SKIP seeds not found at " .. seeds)
end

tap.done()
