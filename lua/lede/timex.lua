--[[
lede.timex -- calendar arithmetic and TIMEX3-style values for the date
extractor (lua/lede/extract/dates.lua).

Promise: pure functions over the proleptic Gregorian calendar, no state, no
data files. A day is an integer day number (0 = 1970-01-01) so that
arithmetic is addition; values are the strings of tests/corpus/GUIDELINES.md:
"2024-10-29", "2024-10", "2024", "2024-W44", "2024-W33-WE", "2024-Q3",
"2024-H1", "2024-SU", "XXXX-10-07", "XXXX-WXX-2", "P135D", "PT9H".

  T.days(y, m, d) -> day number          T.civil(n) -> y, m, d
  T.weekday(n)    -> 1..7 (Monday = 1)   T.iso_week(n) -> iso_year, week
  T.valid(y, m, d) -> whether the day exists (y nil: any year, 29 Feb ok)
  T.month_days(y, m) -> days in the month (y nil: February has 29)
  T.parse(s)      -> day number of "YYYY-MM-DD..." (the first ten bytes), or nil
  T.date(n)  "2024-10-29"     T.month(y, m) "2024-10"    T.week(n) "2024-W44"
  T.add_months(y, m, k) -> y, m
  T.weekday_near(ref, wd, dir)   the day with weekday wd nearest ref in the
        direction dir: "past" (on or before ref), "future" (on or after ref),
        "near" (either side, the closer; ties go to the past)
  T.year_for(ref, m, d, dir [, ry])  the year putting month m (day d, or
        the whole month when d is nil) nearest ref in direction dir (ry:
        ref's year, when the caller knows it)
  T.duration(amount, code)       "P135D", "PT9H", "P4.5Y", "PXW" (amount nil)
]]

local T = {}

local floor = math.floor
local fmt = string.format

-- Howard Hinnant's days_from_civil / civil_from_days.
function T.days(y, m, d)
    if m <= 2 then y = y - 1 end
    local era = floor(y / 400)
    local yoe = y - era * 400
    local mp = (m + 9) % 12
    local doy = (153 * mp + 2) // 5 + d - 1
    local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468
end

function T.civil(n)
    n = n + 719468
    local era = floor(n / 146097)
    local doe = n - era * 146097
    local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    local y = yoe + era * 400
    local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    local mp = (5 * doy + 2) // 153
    local d = doy - (153 * mp + 2) // 5 + 1
    local m = mp < 10 and mp + 3 or mp - 9
    if m <= 2 then y = y + 1 end
    return y, m, d
end

-- 1970-01-01 was a Thursday (4).
function T.weekday(n)
    return (n + 3) % 7 + 1
end

function T.iso_week(n)
    local thursday = n - T.weekday(n) + 4
    local y = T.civil(thursday)
    local first = T.days(y, 1, 1)
    return y, (thursday - first) // 7 + 1
end

local MONTH_DAYS = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

local function leap(y) return y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0) end

function T.month_days(y, m)
    if m == 2 and (not y or leap(y)) then return 29 end
    return MONTH_DAYS[m]
end

function T.valid(y, m, d)
    return m >= 1 and m <= 12 and d >= 1 and d <= T.month_days(y, m)
end

function T.parse(s)
    if type(s) ~= "string" then return nil end
    local y, m, d = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
    if not y then return nil end
    y, m, d = tonumber(y), tonumber(m), tonumber(d)
    if not T.valid(y, m, d) then return nil end
    return T.days(y, m, d)
end

function T.date(n)
    local y, m, d = T.civil(n)
    return fmt("%04d-%02d-%02d", y, m, d)
end

function T.month(y, m)
    return fmt("%04d-%02d", y, m)
end

function T.week(n)
    local y, w = T.iso_week(n)
    return fmt("%04d-W%02d", y, w)
end

function T.add_months(y, m, k)
    local i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1
end

function T.weekday_near(ref, wd, dir)
    local back = (T.weekday(ref) - wd) % 7
    local fwd = (wd - T.weekday(ref)) % 7
    if dir == "past" then return ref - back end
    if dir == "future" then return ref + fwd end
    if fwd < back then return ref + fwd end
    return ref - back
end

-- Distance in days between ref and the month (or day) in year y: zero when
-- ref falls inside the month; signed, positive when it lies after ref.
local function offset_in(ref, y, m, d)
    if d then
        if not T.valid(y, m, d) then return nil end
        return T.days(y, m, d) - ref
    end
    local first = T.days(y, m, 1)
    local last = first + T.month_days(y, m) - 1
    if ref < first then return first - ref end
    if ref > last then return last - ref end
    return 0
end

function T.year_for(ref, m, d, dir, ry)
    ry = ry or T.civil(ref)
    local best, best_dist
    for y = ry - 1, ry + 1 do
        local off = offset_in(ref, y, m, d)
        if off and not (dir == "past" and off > 0) and not (dir == "future" and off < 0) then
            local dist = math.abs(off)
            -- ties go to the past: news reports more than it forecasts
            if not best_dist or dist < best_dist or (dist == best_dist and off < 0) then
                best, best_dist = y, dist
            end
        end
    end
    return best
end

local function num(v)
    if math.type(v) == "float" and v == floor(v) then v = math.tointeger(v) end
    return tostring(v)
end

-- code: a TIMEX designator, D W M Y (date units) or TH TM TS (time units).
function T.duration(amount, code)
    local v = amount and num(amount) or "X"
    if code:byte(1) == 84 then return "PT" .. v .. code:sub(2) end -- T
    return "P" .. v .. code
end

return T
