-- data/gen/countries.lua -- builds data/places.txt, lede's place gazetteer.
--
-- Usage (from anywhere; a developer's tool, not run by the build):
--   lua5.4 data/gen/countries.lua [ISO_JSON_DIR [OUT_DIR]]
-- ISO_JSON_DIR defaults to /usr/share/iso-codes/json (Debian's iso-codes);
-- OUT_DIR to data/ (the tests write elsewhere to check places.txt is
-- up to date with its inputs).
--
-- Promises: places.txt holds one row per (surface, place): every country
-- and territory of ISO 3166-1 under its canonical name, its ISO short,
-- common and official names; the former states chosen in
-- former_countries.txt (ISO 3166-3); the first-level subdivisions chosen in
-- subdivision_countries.txt (ISO 3166-2); the curated cities.txt and
-- places_extra.txt; the aliases of place_aliases.txt; and a plain-ASCII
-- spelling of every accented surface unless that spelling is a common
-- English word (Malé's "Male"). Every canonical name is also a surface.
-- A surface naming several places (Georgia the country and the U.S. state)
-- has one row per place, the most likely reading first: country, territory,
-- city, region, subdivision. A curated input that does not resolve (a city
-- in an unknown country, an alias to an unknown place) stops the generator.

local lib = dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/lib.lua")

local root = lib.root()
local data = root .. "/data/"
local isodir = arg[1] or "/usr/share/iso-codes/json"
local outdir = arg[2] and arg[2] .. "/" or data

local PRIORITY = { country = 1, territory = 2, city = 3, region = 4, subdivision = 5 }

local function iso(name)
    local path = isodir .. "/" .. name .. ".json"
    local t, err = lib.json_decode(lib.read_file(path))
    if not t then lib.die(path .. ": " .. err) end
    return t[name:match("iso_(.*)")]
end

-- An ISO name as prose would write it: no "(Malvinas)", no "[Cymru GB-CYM]",
-- no leading "the" from official names. nil when it cannot be prose
-- ("Korea, Republic of"): such names are reached through canonical names
-- and aliases instead.
local function prose(name)
    if not name then return nil end
    local s = name:gsub("%s*%b()", ""):gsub("%s*%b[]", ""):gsub("^the ", "")
    s = s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if s == "" or s:find(",", 1, true) then return nil end
    return s
end

local rows = {}       -- {surface, canonical, type, country, order, alias}
local function add(surface, canonical, ptype, country, alias)
    rows[#rows + 1] = { surface, canonical, ptype, country, order = #rows + 1, alias = alias }
end

-- Places by canonical name and type, for resolving curated references.
local function find(canonical, ptype)
    local found
    for _, r in ipairs(rows) do
        if r[2] == canonical and (ptype == nil or r[3] == ptype) then
            if found and found[4] ~= r[4] then return nil, "ambiguous" end
            found = found or r
        end
    end
    return found
end

local function need_country(name, where)
    if name == "-" then return "-" end
    local r = find(name, "country")
    if not r then lib.die(where .. ": no country with canonical name " .. name) end
    return r[2]
end

-- Countries and territories (ISO 3166-1).
local canon_over = {}
for _, r in ipairs(lib.read_rows(data .. "country_canonical.txt", 2)) do canon_over[r[1]] = r[2] end
local sovereign = {}
for _, r in ipairs(lib.read_rows(data .. "territories.txt", 2)) do
    sovereign[r[1]] = { r[2], line = r.line }
end

local c1 = iso("iso_3166-1")
local seen_codes = {}
local pending_territories = {}
for _, c in ipairs(c1) do
    seen_codes[c.alpha_2] = true
    local canonical = canon_over[c.alpha_2] or c.common_name or c.name
    if prose(canonical) ~= canonical then
        lib.die(c.alpha_2 .. ": '" .. canonical .. "' needs a line in country_canonical.txt")
    end
    local names = { canonical }
    for _, n in ipairs({ "name", "common_name", "official_name" }) do
        names[#names + 1] = prose(c[n]) -- nil (not prose) adds nothing
    end
    if sovereign[c.alpha_2] then
        pending_territories[#pending_territories + 1] = { c = c, canonical = canonical, names = names }
    else
        local done = {}
        for _, s in ipairs(names) do
            if not done[s] then done[s] = true; add(s, canonical, "country", canonical) end
        end
    end
end
for code in pairs(canon_over) do
    if not seen_codes[code] then lib.die("country_canonical.txt: unknown code " .. code) end
end
for code, s in pairs(sovereign) do
    if not seen_codes[code] then lib.die("territories.txt:" .. s.line .. ": unknown code " .. code) end
end

-- Former states (ISO 3166-3); successors must exist, so after 3166-1.
local c3 = {}
for _, c in ipairs(iso("iso_3166-3")) do c3[c.alpha_4] = c end
for _, r in ipairs(lib.read_rows(data .. "former_countries.txt", 3)) do
    local c = c3[r[1]] or lib.die("former_countries.txt:" .. r.line .. ": unknown code " .. r[1])
    local canonical, country = r[2], r[2]
    if r[3] ~= "-" then
        canonical = need_country(r[3], "former_countries.txt:" .. r.line)
        country = canonical
    end
    add(r[2], canonical, "country", country)
    local s = prose(c.name)
    if s and s ~= r[2] then add(s, canonical, "country", country) end
end

-- Places iso-codes lacks; Kosovo must exist before cities refer to it.
local extra = lib.read_rows(data .. "places_extra.txt", 4)
for _, r in ipairs(extra) do
    if r[3] == "country" then add(r[1], r[2], "country", r[4]) end
end
for _, r in ipairs(extra) do
    if not PRIORITY[r[3]] then lib.die("places_extra.txt:" .. r.line .. ": unknown type " .. r[3]) end
    if r[3] ~= "country" then
        add(r[1], r[2], r[3], need_country(r[4], "places_extra.txt:" .. r.line))
    end
end

for _, t in ipairs(pending_territories) do
    local sov = sovereign[t.c.alpha_2]
    local country = need_country(sov[1], "territories.txt:" .. sov.line)
    local done = {}
    for _, s in ipairs(t.names) do
        if not done[s] then done[s] = true; add(s, t.canonical, "territory", country) end
    end
end

for _, r in ipairs(lib.read_rows(data .. "cities.txt", 2)) do
    add(r[1], r[1], "city", need_country(r[2], "cities.txt:" .. r.line))
end

-- First-level subdivisions (ISO 3166-2) of the chosen countries.
local subsel = {}
for _, r in ipairs(lib.read_rows(data .. "subdivision_countries.txt", 3)) do
    local types = {}
    for ty in r[2]:gmatch("[^,]+") do types[ty] = true end
    if r[3] ~= "iso" and r[3] ~= "ascii" then
        lib.die("subdivision_countries.txt:" .. r.line .. ": spelling must be iso or ascii")
    end
    local country
    for _, c in ipairs(c1) do
        if c.alpha_2 == r[1] then country = canon_over[c.alpha_2] or c.common_name or c.name end
    end
    if not country then lib.die("subdivision_countries.txt:" .. r.line .. ": unknown code " .. r[1]) end
    subsel[r[1]] = { types = types, spelling = r[3], country = country, n = 0, line = r.line }
end
for _, c in ipairs(iso("iso_3166-2")) do
    local sel = subsel[c.code:sub(1, 2)]
    if sel and sel.types[c.type] and not c.parent then
        local name = prose(c.name)
        if name then
            local canonical = sel.spelling == "ascii" and lib.fold_ascii(name) or name
            add(canonical, canonical, "subdivision", sel.country)
            if name ~= canonical then add(name, canonical, "subdivision", sel.country) end
            sel.n = sel.n + 1
        end
    end
end
for code, sel in pairs(subsel) do
    if sel.n == 0 then lib.die("subdivision_countries.txt:" .. sel.line .. ": nothing taken for " .. code) end
end

-- Aliases last: they may point at any place above, and they take their
-- surface away from whatever iso-codes gave it to.
local aliased = {}
for _, r in ipairs(lib.read_rows(data .. "place_aliases.txt", 3)) do
    local where = "place_aliases.txt:" .. r.line
    if not PRIORITY[r[3]] then lib.die(where .. ": unknown type " .. r[3]) end
    local target, why = find(r[2], r[3])
    if not target then lib.die(where .. ": " .. (why or "no") .. " " .. r[3] .. " named " .. r[2]) end
    if aliased[r[1]] then lib.die(where .. ": " .. r[1] .. " is already an alias") end
    aliased[r[1]] = true
    add(r[1], target[2], target[3], target[4], true)
end
do
    local kept = {}
    for _, r in ipairs(rows) do
        if r.alias or not aliased[r[1]] then kept[#kept + 1] = r end
    end
    rows = kept
end

-- Plain-ASCII spellings. A spelling that is an ordinary word is left out
-- when data/common_words.txt exists (run data/gen/words.lua first).
local common = {}
do
    local f = io.open(data .. "common_words.txt", "rb")
    if f then
        for line in f:lines() do
            if not line:match("^#") then common[line] = true end
        end
        f:close()
    else
        io.stderr:write("countries.lua: no data/common_words.txt; ASCII spellings are not checked against it\n")
    end
end
do
    local surfaces = {}
    for _, r in ipairs(rows) do surfaces[r[1]] = true end
    local n = #rows
    for i = 1, n do
        local r = rows[i]
        local folded = lib.fold_ascii(r[1])
        if folded ~= r[1] and not surfaces[folded] and not common[folded:lower()] then
            add(folded, r[2], r[3], r[4])
        end
    end
end

-- One row per (surface, canonical, country): a city-state's city and its
-- subdivision (Berlin) are one place.
local best = {}
for _, r in ipairs(rows) do
    local key = r[1] .. "\t" .. r[2] .. "\t" .. r[4]
    local b = best[key]
    if not b or PRIORITY[r[3]] < PRIORITY[b[3]] then best[key] = r end
end
local out = {}
for _, r in pairs(best) do out[#out + 1] = r end
table.sort(out, function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    if PRIORITY[a[3]] ~= PRIORITY[b[3]] then return PRIORITY[a[3]] < PRIORITY[b[3]] end
    return a.order < b.order
end)

-- Every canonical name must itself be a surface, so a canonical name in a
-- document is found like any other spelling.
do
    local surfaces = {}
    for _, r in ipairs(out) do surfaces[r[1]] = true end
    for _, r in ipairs(out) do
        if not surfaces[r[2]] then lib.die("canonical name without its own row: " .. r[2]) end
    end
end

local version = lib.shell1("dpkg-query -W -f '${Version}' iso-codes") or "unknown version"
lib.write_rows(outdir .. "places.txt", {
    "places.txt -- place names: countries, territories, subdivisions, cities, regions.",
    "Columns: surface<TAB>canonical<TAB>type<TAB>country",
    "  surface    the words as written (matching is case-sensitive)",
    "  canonical  the place's canonical name (also a surface of its own)",
    "  type       country, territory, subdivision, city or region",
    "  country    canonical name of the (sovereign) country it belongs to; the",
    "             place itself for a country; - when none or unsettled",
    "A surface naming several places has one row each, most likely first.",
    "GENERATED by data/gen/countries.lua -- do not edit; edit its inputs and rerun.",
    "Sources: iso-codes " .. version .. " (iso_3166-1.json, iso_3166-2.json,",
    "iso_3166-3.json; LGPL-2.1+, names are facts) and the curated data/",
    "country_canonical.txt, territories.txt, former_countries.txt,",
    "subdivision_countries.txt, cities.txt, places_extra.txt, place_aliases.txt.",
}, out)
