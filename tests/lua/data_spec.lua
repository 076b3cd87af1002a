-- Specs of lede.data (lua/lede/data.lua): where data files are found
-- (module-relative by default, $LEDE_DATA when set), how lines, tables and
-- sets are read, caching, and the error for a missing file. Settings of the
-- environment and of the current folder are tried in child interpreters
-- ($LEDE_LUA, else lua5.4). Run from the repository root by
-- tests/30-lua-patterns.t.

local data = require "lede.data"

local LUA = os.getenv("LEDE_LUA") or "lua5.4"

local function shell_quote(s)
    return "'" .. s:gsub("'", "'\\''") .. "'"
end

local function pwd()
    local p = io.popen("pwd")
    local dir = p:read("l")
    p:close()
    return dir
end

local ROOT = pwd()

local function write(path, text)
    local f = assert(io.open(path, "wb"))
    f:write(text)
    f:close()
end

local function tmpdir()
    local name = os.tmpname()
    os.remove(name)
    assert(os.execute("mkdir " .. shell_quote(name)))
    return name
end

-- Runs Lua code in a child interpreter with lua/ of this repository on the
-- path (an absolute path, so the child may run anywhere); returns its
-- stdout and whether it exited with success.
local function child(code, opts)
    opts = opts or {}
    local script = os.tmpname()
    write(script, code)
    local path = ROOT .. "/lua/?.lua;" .. ROOT .. "/lua/?/init.lua;;"
    local cmd = "cd " .. shell_quote(opts.cwd or ROOT) .. " && "
        .. (opts.data and ("LEDE_DATA=" .. shell_quote(opts.data) .. " ") or "unset LEDE_DATA; ")
        .. "LUA_PATH=" .. shell_quote(path) .. " LUA_PATH_5_4=" .. shell_quote(path) .. " "
        .. LUA .. " " .. shell_quote(script) .. " 2>&1"
    local p = io.popen(cmd)
    local out = p:read("a")
    local ok = p:close()
    os.remove(script)
    return out, ok
end

local FIXTURE = table.concat({
    "# a comment line",
    "",
    "   ",
    "alpha\tone\t 1 ",
    "  # an indented comment",
    "beta\ttwo",
    "gamma  \r",
    "",
}, "\n")

describe("lede.data.dir and path", function()
    it("defaults to the data/ folder beside lua/", function()
        assert.are.equal("lua/lede/../../data", data.dir():match("lua/lede/%.%./%.%./data$"))
        assert.are.equal(data.dir() .. "/time_words.txt", data.path("time_words.txt"))
    end)
    it("finds the data relative to the module, from any current folder", function()
        local out, ok = child([[
            local data = require "lede.data"
            local rows = data.table("number_words.txt")
            io.write(#rows > 0 and rows[1][1] or "none")
        ]], { cwd = "/" })
        assert.is_true(ok, out)
        assert.are.equal("unit", out)
    end)
    it("uses $LEDE_DATA when it is set", function()
        local dir = tmpdir()
        write(dir .. "/words.txt", "from-env\n")
        local out, ok = child([[
            local data = require "lede.data"
            io.write(data.dir(), "|", (data.lines("words.txt")()))
        ]], { data = dir .. "/" })
        assert.is_true(ok, out)
        assert.are.equal(dir .. "|from-env", out)
        os.remove(dir .. "/words.txt")
        os.remove(dir)
    end)
    it("rejects a name that is not a string", function()
        assert.has_error(function() data.path(nil) end,
            "bad argument #1 to 'path' (data file name expected, got nil)")
        assert.has_error(function() data.path("") end,
            "bad argument #1 to 'path' (data file name expected, got an empty string)")
        assert.has_error(function() data.table(42) end,
            "bad argument #1 to 'table' (data file name expected, got number)")
    end)
    it("keeps names inside the data folder", function()
        for _, name in ipairs { "../lua/lede/data.lua", "/etc/hostname", "sub/../../x", ".." } do
            assert.has_error(function() data.path(name) end, nil, name)
        end
        assert.are.equal(data.dir() .. "/a..b/c.txt", data.path("a..b/c.txt"))
    end)
end)

describe("lede.data readers", function()
    local dir
    local function run(code)
        local out, ok = child("local data = require 'lede.data'\n" .. code, { data = dir })
        assert.is_true(ok, out)
        return out
    end
    setup(function()
        dir = tmpdir()
        write(dir .. "/fixture.txt", FIXTURE)
        os.execute("mkdir " .. shell_quote(dir .. "/sub"))
        write(dir .. "/sub/inner.txt", "x\n")
    end)
    teardown(function()
        os.remove(dir .. "/sub/inner.txt")
        os.remove(dir .. "/sub")
        os.remove(dir .. "/fixture.txt")
        os.remove(dir)
    end)

    it("lines skips blanks and comments, trims, and gives line numbers", function()
        local out = run([[
            for line, n in data.lines("fixture.txt") do io.write(n, "=[", line, "] ") end
        ]])
        assert.are.equal("4=[alpha\tone\t 1] 6=[beta\ttwo] 7=[gamma] ", out)
    end)
    it("table splits on tabs and trims each field", function()
        local out = run([[
            for _, row in ipairs(data.table("fixture.txt")) do
                io.write(#row, ":", table.concat(row, ","), ";")
            end
        ]])
        assert.are.equal("3:alpha,one,1;2:beta,two;1:gamma;", out)
    end)
    it("set holds the lines", function()
        local out = run([[
            local s = data.set("fixture.txt")
            io.write(tostring(s["beta\ttwo"]), tostring(s.gamma), tostring(s["# a comment line"]))
        ]])
        assert.are.equal("truetruenil", out)
    end)
    it("rows keeps the rows whose first field is the kind, and a missing kind is an error", function()
        local out = run([[
            for _, row in ipairs(data.rows("fixture.txt", "beta")) do io.write(table.concat(row, ","), ";") end
            local ok, err = pcall(data.rows, "fixture.txt", "delta")
            io.write(tostring(ok), " ", (err:gsub("^[^ ]*:%d+: ", "")))
        ]])
        assert.are.equal("beta,two;false data file 'fixture.txt' has no 'delta' rows", out)
    end)
    it("reads names in sub-folders", function()
        assert.are.equal("x", run([[io.write((data.lines("sub/inner.txt")()))]]))
    end)
    it("reads each file once: later edits are not seen, results are shared", function()
        local out = run(string.format([[
            local first = data.table("fixture.txt")
            local f = io.open(%q, "ab"); f:write("delta\n"); f:close()
            local again = data.table("fixture.txt")
            local n = 0
            for _ in data.lines("fixture.txt") do n = n + 1 end
            io.write(tostring(first == again), " ", #again, " ", n)
        ]], dir .. "/fixture.txt"))
        assert.are.equal("true 3 3", out)
        write(dir .. "/fixture.txt", FIXTURE)
    end)
    it("raises one clear error for a missing file", function()
        local out = run([[
            local ok, err = pcall(data.table, "nope.txt")
            io.write(tostring(ok), " ", err)
        ]])
        assert.are.equal("false data file 'nope.txt' not found (looked in " .. dir .. ")",
            out:gsub("^(false )[^ ]*:%d+: ", "%1"))
    end)
    it("names the caller's line in the error", function()
        local out = run([[
            local ok, err = pcall(function()
                local s = data.set("nope.txt")
                return s
            end)
            io.write(err)
        ]])
        assert.truthy(out:match("^[^:]+:%d+: data file 'nope.txt' not found"), out)
    end)
end)

describe("lede.data on the shipped files", function()
    it("reads the number and time vocabularies", function()
        local rows = data.table("number_words.txt")
        assert.are.same({ "unit", "zero", "0" }, rows[1])
        for _, row in ipairs(rows) do
            assert.are_not.equal("#", row[1]:sub(1, 1))
            assert.is_true(#row >= 2)
        end
        local months = 0
        for _, row in ipairs(data.table("time_words.txt")) do
            if row[1] == "month" then months = months + 1 end
        end
        assert.are.equal(12, months)
    end)
    it("caches per name in this Lua state", function()
        assert.are.equal(data.table("time_words.txt"), data.table("time_words.txt"))
        assert.are.equal(data.set("name_particles.txt"), data.set("name_particles.txt"))
        assert.is_true(data.set("name_particles.txt")["von"])
    end)
    it("raises for a missing file in this state too", function()
        assert.has_error(function() data.lines("no-such-file.txt") end)
    end)
end)
