-- tests/eval/json.lua -- the small JSON reader and writer the evaluation
-- tools share (the scorer, the annotation converter, their tests).
--
-- Promises: decode() accepts exactly RFC 8259 JSON and raises
-- "json: MESSAGE at byte N" otherwise; JSON null decodes to json.null (a
-- sentinel, so that arrays keep their length and "null" stays visible);
-- strings keep their UTF-8 bytes (\u escapes, surrogate pairs included,
-- become UTF-8). encode() writes one line, UTF-8 passed through unescaped,
-- object keys in the order asked for and then sorted, integral numbers
-- without a fraction. Runs on Lua 5.1 to 5.4 because busted may run on any
-- of them; the evaluation itself targets Lua 5.4.

local json = {}

json.null = setmetatable({}, { __tostring = function() return "null" end })

local byte, char, sub, find = string.byte, string.char, string.sub, string.find
local concat, floor = table.concat, math.floor

local function fail(msg, pos)
    error(("json: %s at byte %d"):format(msg, pos), 0)
end

local function utf8_encode(cp)
    if cp < 0x80 then
        return char(cp)
    elseif cp < 0x800 then
        return char(0xC0 + floor(cp / 0x40), 0x80 + cp % 0x40)
    elseif cp < 0x10000 then
        return char(0xE0 + floor(cp / 0x1000), 0x80 + floor(cp / 0x40) % 0x40,
                    0x80 + cp % 0x40)
    end
    return char(0xF0 + floor(cp / 0x40000), 0x80 + floor(cp / 0x1000) % 0x40,
                0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

local escapes = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b',
                  f = '\f', n = '\n', r = '\r', t = '\t' }

local decode_value

local function skip_ws(s, i)
    local _, e = find(s, "^[ \t\r\n]*", i)
    return e + 1
end

local function decode_string(s, i)
    -- i is just past the opening quote
    local parts, n = {}, 0
    while true do
        local j = find(s, '["\\%c]', i)
        if not j then fail("unterminated string", i) end
        if j > i then n = n + 1; parts[n] = sub(s, i, j - 1) end
        local c = sub(s, j, j)
        if c == '"' then
            return concat(parts), j + 1
        elseif c == '\\' then
            local e = sub(s, j + 1, j + 1)
            if escapes[e] then
                n = n + 1; parts[n] = escapes[e]
                i = j + 2
            elseif e == 'u' then
                local hex = s:match("^%x%x%x%x", j + 2)
                if not hex then fail("bad \\u escape", j) end
                local cp = tonumber(hex, 16)
                i = j + 6
                if cp >= 0xD800 and cp <= 0xDBFF then
                    local lo = s:match("^\\u(%x%x%x%x)", i)
                    lo = lo and tonumber(lo, 16)
                    if not lo or lo < 0xDC00 or lo > 0xDFFF then
                        fail("unpaired surrogate", j)
                    end
                    cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
                    i = i + 6
                elseif cp >= 0xDC00 and cp <= 0xDFFF then
                    fail("unpaired surrogate", j)
                end
                n = n + 1; parts[n] = utf8_encode(cp)
            else
                fail("bad escape", j)
            end
        else
            fail("control character in string", j)
        end
    end
end

local function decode_number(s, i)
    local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
    -- the loose pattern above is checked against the grammar here
    if not num or not (num:match("^-?0$") or num:match("^-?0[%.eE]")
                       or num:match("^-?[1-9]")) then
        fail("bad number", i)
    end
    local int, frac, exp = num:match("^(-?%d+)(%.?%d*)([eE]?[-+]?%d*)$")
    if not int or frac == "." or exp:match("^[eE][-+]?$") then
        fail("bad number", i)
    end
    return tonumber(num), i + #num
end

local function decode_array(s, i)
    local arr, n = {}, 0
    i = skip_ws(s, i)
    if sub(s, i, i) == "]" then return arr, i + 1 end
    while true do
        local v
        v, i = decode_value(s, i)
        n = n + 1; arr[n] = v
        i = skip_ws(s, i)
        local c = sub(s, i, i)
        if c == "]" then return arr, i + 1 end
        if c ~= "," then fail("expected ',' or ']'", i) end
        i = i + 1
    end
end

local function decode_object(s, i)
    local obj = {}
    i = skip_ws(s, i)
    if sub(s, i, i) == "}" then return obj, i + 1 end
    while true do
        i = skip_ws(s, i)
        if sub(s, i, i) ~= '"' then fail("expected a string key", i) end
        local k
        k, i = decode_string(s, i + 1)
        i = skip_ws(s, i)
        if sub(s, i, i) ~= ":" then fail("expected ':'", i) end
        local v
        v, i = decode_value(s, i + 1)
        obj[k] = v
        i = skip_ws(s, i)
        local c = sub(s, i, i)
        if c == "}" then return obj, i + 1 end
        if c ~= "," then fail("expected ',' or '}'", i) end
        i = i + 1
    end
end

decode_value = function(s, i)
    i = skip_ws(s, i)
    local c = sub(s, i, i)
    if c == "{" then return decode_object(s, i + 1)
    elseif c == "[" then return decode_array(s, i + 1)
    elseif c == '"' then return decode_string(s, i + 1)
    elseif c == "-" or find(c, "^%d") then return decode_number(s, i)
    elseif sub(s, i, i + 3) == "true" then return true, i + 4
    elseif sub(s, i, i + 4) == "false" then return false, i + 5
    elseif sub(s, i, i + 3) == "null" then return json.null, i + 4
    elseif c == "" then fail("unexpected end of input", i)
    end
    fail("unexpected character '" .. c .. "'", i)
end

-- Decodes one JSON text; raises on malformed input or trailing garbage.
function json.decode(s)
    if type(s) ~= "string" then error("json: decode expects a string", 2) end
    local v, i = decode_value(s, 1)
    i = skip_ws(s, i)
    if i <= #s then fail("trailing characters", i) end
    return v
end

-- nil for json.null, the value otherwise: fields read through this treat a
-- missing key and an explicit null alike.
function json.value(v)
    if v == json.null then return nil end
    return v
end

local encode_value

local function encode_string(s)
    return '"' .. s:gsub('[%c"\\]', function(c)
        if c == '"' then return '\\"' end
        if c == '\\' then return '\\\\' end
        if c == '\n' then return '\\n' end
        if c == '\t' then return '\\t' end
        if c == '\r' then return '\\r' end
        return ("\\u%04x"):format(byte(c))
    end) .. '"'
end

local function encode_number(x)
    if x ~= x or x == math.huge or x == -math.huge then
        error("json: cannot encode " .. tostring(x), 0)
    end
    if x == floor(x) and math.abs(x) < 2^53 then
        return ("%d"):format(x)
    end
    for prec = 15, 17 do
        local s = ("%." .. prec .. "g"):format(x)
        if tonumber(s) == x then return s end
    end
    return ("%.17g"):format(x)
end

local function is_array(t)
    local n = #t
    if n == 0 then return next(t) == nil and getmetatable(t) == json.array_mt end
    for k in pairs(t) do
        if type(k) ~= "number" or k < 1 or k > n or k ~= floor(k) then
            return false
        end
    end
    return true
end

-- Marks an empty table as an array ("[]" rather than "{}").
json.array_mt = {}
function json.array(t) return setmetatable(t or {}, json.array_mt) end

local function encode_object(t, order)
    local keys, seen = {}, {}
    for _, k in ipairs(order or {}) do
        if t[k] ~= nil and not seen[k] then keys[#keys + 1] = k; seen[k] = true end
    end
    local rest = {}
    for k in pairs(t) do
        if type(k) ~= "string" then error("json: object key not a string", 0) end
        if not seen[k] then rest[#rest + 1] = k end
    end
    table.sort(rest)
    for _, k in ipairs(rest) do keys[#keys + 1] = k end
    local parts = {}
    for i, k in ipairs(keys) do
        parts[i] = encode_string(k) .. ":" .. encode_value(t[k])
    end
    return "{" .. concat(parts, ",") .. "}"
end

encode_value = function(v, order)
    local tv = type(v)
    if v == nil or v == json.null then return "null"
    elseif tv == "boolean" then return tostring(v)
    elseif tv == "number" then return encode_number(v)
    elseif tv == "string" then return encode_string(v)
    elseif tv == "table" then
        if is_array(v) then
            local parts = {}
            for i = 1, #v do parts[i] = encode_value(v[i]) end
            return "[" .. concat(parts, ",") .. "]"
        end
        return encode_object(v, order)
    end
    error("json: cannot encode a " .. tv, 0)
end

-- Encodes v on one line. `order` lists the keys of the top-level object to
-- write first, in that order (the others follow sorted); nested objects are
-- written with sorted keys. Use json.null for a null that must be written.
function json.encode(v, order)
    return encode_value(v, order)
end

return json
