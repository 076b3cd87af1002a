--[[
lede.data -- finds and reads the plain-text files of lede's data/ folder
(word lists, gazetteers), so that vocabulary lives in data/ and not in code.

Promise: a name such as "time_words.txt" or "gazetteer/places.txt" is
resolved the same way in the source tree, after `make install` and inside the
`lede` binary; each file is read at most once per Lua state; a missing file
raises one clear error naming the file and the folder searched.

  data.dir()          the data folder: $LEDE_DATA when set, else the data/
                      folder beside this module's lua/ folder (lua/lede/data.lua
                      -> ../../data/), which holds in the source tree and in the
                      installed share/lede/ (lua/, scripts/, data/ side by side)
  data.path(name)     dir .. "/" .. name (whether or not the file exists);
                      a name is relative and has no ".." part
  data.lines(name)    iterator over the file's lines that are neither blank
                      nor comments (first non-blank character '#'), with
                      surrounding white space and a CR removed; yields
                      (line, line_number)
  data.table(name)    array of rows, one per such line, each row the array of
                      its tab-separated fields (fields trimmed)
  data.set(name)      set of the lines: { [line] = true, ... }
  data.rows(name, kind)  the rows of table(name) whose first field is kind
                      (files of several kinds of rows: "unit", "tense" ...);
                      an error when there is none (a misspelt kind)

Results of table() and set() are cached by resolved path and shared between
callers: treat them as read-only. Example:

  local data = require "lede.data"
  for _, row in ipairs(data.table("time_words.txt")) do print(row[1], row[2]) end
  if data.set("stopwords.txt")["the"] then ... end
]]

-- Taken at load. A sandboxed host may leave out io, os.getenv and
-- debug.getinfo: reading then fails with a clear error, so such a host
-- loads the modules that read data (lede.patterns, gazetteers) before it
-- closes the sandbox. Names cannot leave the data folder, so a module that
-- kept io.open gives a sandboxed script no way to read other files.
local io_open, os_getenv = io and io.open, os and os.getenv
local getinfo = debug and debug.getinfo

local data = {}

-- Per Lua state; keyed by kind and resolved path.
local cache = { lines = {}, table = {}, set = {} }

local function module_dir()
    local src = getinfo and getinfo(1, "S").source or ""
    local file
    if src:sub(1, 1) == "@" then
        file = src:sub(2)
    elseif package and package.searchpath then
        -- Loaded from a string (e.g. embedded by a host): ask the search path.
        file = package.searchpath("lede.data", package.path)
    end
    if not file then return nil end
    return file:match("^(.*)[/\\]") or "."
end

local default_dir
do
    local dir = module_dir()
    if dir then default_dir = dir .. "/../../data" end
end

function data.dir()
    local env = os_getenv and os_getenv("LEDE_DATA")
    if env and env ~= "" then return (env:gsub("[/\\]+$", "")) end
    return default_dir or "data"
end

-- dir/name, or an error at `level` naming the function `fname`.
local function resolve(name, fname, level)
    if type(name) ~= "string" or name == "" then
        error("bad argument #1 to '" .. fname .. "' (data file name expected, got "
              .. (name == "" and "an empty string" or type(name)) .. ")", level + 1)
    end
    if name:match("^[/\\]") or ("/" .. name .. "/"):match("[/\\]%.%.[/\\]") then
        error("bad argument #1 to '" .. fname .. "' (data file name must stay inside "
              .. "the data folder, got '" .. name .. "')", level + 1)
    end
    return data.dir() .. "/" .. name
end

function data.path(name)
    return resolve(name, "path", 2)
end

local function trim(s)
    return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- Reads the significant lines of `name` once; level is the error level of
-- the public caller.
local function load_lines(name, fname, level)
    local path = resolve(name, fname, level + 1)
    local got = cache.lines[path]
    if got then return got end
    if not io_open then
        error("data file '" .. name .. "' cannot be read: no io library", level + 1)
    end
    local f = io_open(path, "rb")
    if not f then
        error("data file '" .. name .. "' not found (looked in " .. data.dir() .. ")",
              level + 1)
    end
    local lines, numbers, n = {}, {}, 0
    for raw in f:lines() do
        n = n + 1
        if n == 1 then raw = raw:gsub("^\239\187\191", "") end -- a BOM
        local line = trim(raw)
        if line ~= "" and line:sub(1, 1) ~= "#" then
            lines[#lines + 1] = line
            numbers[#lines] = n
        end
    end
    f:close()
    got = { lines = lines, numbers = numbers }
    cache.lines[path] = got
    return got
end

function data.lines(name)
    local got = load_lines(name, "lines", 2)
    local i = 0
    return function()
        i = i + 1
        if got.lines[i] then return got.lines[i], got.numbers[i] end
    end
end

function data.table(name)
    local got = load_lines(name, "table", 2)
    local path = data.path(name)
    local rows = cache.table[path]
    if rows then return rows end
    rows = {}
    for i, line in ipairs(got.lines) do
        local row = {}
        for field in (line .. "\t"):gmatch("([^\t]*)\t") do
            row[#row + 1] = trim(field)
        end
        rows[i] = row
    end
    cache.table[path] = rows
    return rows
end

function data.rows(name, kind)
    local out = {}
    for _, row in ipairs(data.table(name)) do
        if row[1] == kind then out[#out + 1] = row end
    end
    if #out == 0 then error("data file '" .. name .. "' has no '" .. kind .. "' rows", 2) end
    return out
end

function data.set(name)
    local got = load_lines(name, "set", 2)
    local path = data.path(name)
    local set = cache.set[path]
    if set then return set end
    set = {}
    for _, line in ipairs(got.lines) do set[line] = true end
    cache.set[path] = set
    return set
end

return data
