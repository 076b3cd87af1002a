-- data/gen/lib.lua -- shared helpers for lede's data generators.
--
-- Promises: the curated inputs are read the way lede.data reads every data
-- file (UTF-8, `#` comments, blank lines ignored, tab-separated fields) and a
-- malformed line stops the generator with file:line, so a bad edit never
-- produces a half-right gazetteer. Output is written sorted and complete or
-- not at all (through a temporary file), with a header naming its origin.
--
-- Loaded by the generators with dofile(); not part of the lede Lua library.

local lib = {}

-- The repository root, from the generator's own path (data/gen/NAME.lua),
-- so generators work from any current directory.
function lib.root()
    local script = arg and arg[0] or ""
    local dir = script:match("^(.*)/[^/]*$") or "."
    return dir .. "/../.."
end

function lib.die(msg)
    io.stderr:write((arg and arg[0] or "gen"), ": ", msg, "\n")
    os.exit(1)
end

-- Rows of a curated tab-separated file: each row is a list of fields with
-- `line` set. `ncols` is the required count, or {min, max}.
function lib.read_rows(path, ncols)
    local f, err = io.open(path, "rb")
    if not f then lib.die(err) end
    local min, max = ncols, ncols
    if type(ncols) == "table" then min, max = ncols[1], ncols[2] end
    local rows, n = {}, 0
    for line in f:lines() do
        n = n + 1
        if line:find("\r", 1, true) then lib.die(path .. ":" .. n .. ": carriage return") end
        if line ~= "" and not line:match("^#") then
            if line:match("%s$") or line:match("^%s") then
                lib.die(path .. ":" .. n .. ": leading or trailing white space")
            end
            if not utf8.len(line) then lib.die(path .. ":" .. n .. ": not UTF-8") end
            local row = {}
            for field in (line .. "\t"):gmatch("([^\t]*)\t") do row[#row + 1] = field end
            if #row < min or #row > max then
                lib.die(string.format("%s:%d: %d fields, want %s", path, n, #row,
                    min == max and tostring(min) or (min .. ".." .. max)))
            end
            for i, v in ipairs(row) do
                if v == "" then lib.die(path .. ":" .. n .. ": field " .. i .. " is empty") end
            end
            row.line = n
            rows[#rows + 1] = row
        end
    end
    f:close()
    return rows
end

function lib.read_file(path)
    local f, err = io.open(path, "rb")
    if not f then lib.die(err) end
    local s = f:read("a")
    f:close()
    return s
end

-- Writes `header` (list of comment lines, without "# ") then `rows` (lists
-- of fields, already in their final order) to path, atomically.
function lib.write_rows(path, header, rows)
    local tmp = path .. ".tmp"
    local f, err = io.open(tmp, "wb")
    if not f then lib.die(err) end
    for _, h in ipairs(header) do f:write(h == "" and "#" or "# " .. h, "\n") end
    for _, r in ipairs(rows) do
        for i, v in ipairs(r) do
            if v:find("[\t\n]") or v:match("^%s") or v:match("%s$") then
                lib.die("bad field " .. string.format("%q", v) .. " for " .. path)
            end
            if i > 1 then f:write("\t") end
            f:write(v)
        end
        f:write("\n")
    end
    f:close()
    local ok, rerr = os.rename(tmp, path)
    if not ok then lib.die(rerr) end
    io.stderr:write(path:gsub("^.*/data/", "data/"), ": ", #rows, " rows\n")
end

-- Output of a shell command's first line, or nil (for package versions).
function lib.shell1(cmd)
    local p = io.popen(cmd .. " 2>/dev/null")
    if not p then return nil end
    local s = p:read("l")
    p:close()
    if s == "" then return nil end
    return s
end

-- Latin letters with diacritics and their plain ASCII spelling: news copy
-- writes Bogota as often as Bogotá, Cote d'Ivoire as often as Côte d'Ivoire.
local FOLD = {
    ["à"] = "a", ["á"] = "a", ["â"] = "a", ["ã"] = "a", ["ä"] = "a", ["å"] = "a", ["ā"] = "a",
    ["ă"] = "a", ["ą"] = "a", ["æ"] = "ae", ["ç"] = "c", ["ć"] = "c", ["č"] = "c", ["ď"] = "d",
    ["đ"] = "d", ["è"] = "e", ["é"] = "e", ["ê"] = "e", ["ë"] = "e", ["ē"] = "e", ["ė"] = "e",
    ["ę"] = "e", ["ě"] = "e", ["ğ"] = "g", ["ḩ"] = "h", ["ẖ"] = "h", ["ì"] = "i", ["í"] = "i",
    ["î"] = "i", ["ï"] = "i", ["ī"] = "i", ["ı"] = "i", ["ł"] = "l", ["ñ"] = "n", ["ń"] = "n",
    ["ň"] = "n", ["ò"] = "o", ["ó"] = "o", ["ô"] = "o", ["õ"] = "o", ["ö"] = "o", ["ø"] = "o",
    ["ō"] = "o", ["ő"] = "o", ["œ"] = "oe", ["ř"] = "r", ["ś"] = "s", ["ş"] = "s", ["ș"] = "s",
    ["š"] = "s", ["ß"] = "ss", ["ţ"] = "t", ["ț"] = "t", ["ť"] = "t", ["ù"] = "u", ["ú"] = "u",
    ["û"] = "u", ["ü"] = "u", ["ū"] = "u", ["ů"] = "u", ["ű"] = "u", ["ý"] = "y", ["ÿ"] = "y",
    ["ź"] = "z", ["ż"] = "z", ["ž"] = "z",
    ["À"] = "A", ["Á"] = "A", ["Â"] = "A", ["Ã"] = "A", ["Ä"] = "A", ["Å"] = "A", ["Ā"] = "A",
    ["Æ"] = "AE", ["Ç"] = "C", ["Č"] = "C", ["É"] = "E", ["È"] = "E", ["Ê"] = "E", ["Ë"] = "E",
    ["Ḩ"] = "H", ["Í"] = "I", ["Î"] = "I", ["İ"] = "I", ["Ł"] = "L", ["Ñ"] = "N",
    ["Ó"] = "O", ["Ô"] = "O", ["Ö"] = "O", ["Ø"] = "O", ["Œ"] = "OE", ["Ś"] = "S", ["Ş"] = "S",
    ["Ș"] = "S", ["Š"] = "S", ["Ţ"] = "T", ["Ú"] = "U", ["Ü"] = "U", ["Ž"] = "Z", ["Ż"] = "Z",
}

-- s with the letters above spelled plainly and combining marks (U+0300..
-- U+036F, as in ISO transliterations like H̱efa) dropped; other characters
-- are kept.
function lib.fold_ascii(s)
    return (s:gsub(utf8.charpattern, function(ch)
        local cp = utf8.codepoint(ch)
        if cp >= 0x300 and cp <= 0x36F then return "" end
        return FOLD[ch]
    end))
end

-- A JSON reader for the iso-codes files: objects, arrays, strings (with
-- \uXXXX escapes and surrogate pairs), numbers, true/false/null. Enough for
-- well-formed input; errors name the byte offset.
function lib.json_decode(s)
    local pos = 1
    local function fail(what) error(string.format("JSON: %s at byte %d", what, pos), 0) end
    local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
    local value
    local function str()
        pos = pos + 1
        local out = {}
        while true do
            local a, b = s:find('["\\]', pos)
            if not a then fail("unterminated string") end
            out[#out + 1] = s:sub(pos, a - 1)
            if s:sub(a, a) == '"' then pos = b + 1; break end
            local e = s:sub(a + 1, a + 1)
            local simple = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f",
                             n = "\n", r = "\r", t = "\t" }
            if simple[e] then
                out[#out + 1] = simple[e]
                pos = a + 2
            elseif e == "u" then
                local cp = tonumber(s:sub(a + 2, a + 5), 16) or fail("bad \\u escape")
                pos = a + 6
                if cp >= 0xD800 and cp <= 0xDBFF and s:sub(pos, pos + 1) == "\\u" then
                    local lo = tonumber(s:sub(pos + 2, pos + 5), 16) or fail("bad \\u escape")
                    cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
                    pos = pos + 6
                end
                out[#out + 1] = utf8.char(cp)
            else
                fail("bad escape")
            end
        end
        return table.concat(out)
    end
    function value()
        ws()
        local c = s:sub(pos, pos)
        if c == "{" then
            local t = {}
            pos = pos + 1
            ws()
            if s:sub(pos, pos) == "}" then pos = pos + 1; return t end
            while true do
                ws()
                if s:sub(pos, pos) ~= '"' then fail("object key expected") end
                local k = str()
                ws()
                if s:sub(pos, pos) ~= ":" then fail("':' expected") end
                pos = pos + 1
                t[k] = value()
                ws()
                local d = s:sub(pos, pos)
                pos = pos + 1
                if d == "}" then return t end
                if d ~= "," then fail("',' or '}' expected") end
            end
        elseif c == "[" then
            local t = {}
            pos = pos + 1
            ws()
            if s:sub(pos, pos) == "]" then pos = pos + 1; return t end
            while true do
                t[#t + 1] = value()
                ws()
                local d = s:sub(pos, pos)
                pos = pos + 1
                if d == "]" then return t end
                if d ~= "," then fail("',' or ']' expected") end
            end
        elseif c == '"' then
            return str()
        else
            local lit = s:match("^[%w%.%+%-]+", pos) or fail("value expected")
            pos = pos + #lit
            if lit == "true" then return true end
            if lit == "false" then return false end
            if lit == "null" then return nil end
            return tonumber(lit) or fail("bad literal " .. lit)
        end
    end
    local ok, v = pcall(value)
    if not ok then return nil, v end
    return v
end

-- Byte-order comparison on a list of keys, so output does not depend on the
-- locale of whoever runs the generator.
function lib.sorted_keys(set)
    local keys = {}
    for k in pairs(set) do keys[#keys + 1] = k end
    table.sort(keys)
    return keys
end

return lib
