#!/usr/bin/env lua5.4
-- tests/eval/score.lua -- scores predicted span JSONL against the gold
-- standard of tests/corpus (the figures `make eval` prints and guards).
--
-- usage: lua5.4 tests/eval/score.lua GOLD_DIR PRED.jsonl [--split FILE]
--            [--json OUT] [--baseline FILE] [--targets]
--
-- Promises:
-- - Only documents that have a gold file (GOLD_DIR/NAME.jsonl, even an
--   empty one) and kinds that occur somewhere in the gold are scored; other
--   predictions (sentence, headline ..., other documents) are ignored and
--   counted as such.
-- - Per split (from --split, else GOLD_DIR/../SPLIT when it exists; "all"
--   always) and per kind: precision, recall and F1 under the strict
--   criterion (same start and end) and the lenient one (overlapping spans,
--   matched one to one: exact pairs first, then by largest overlap), and
--   the accuracy of each key field over the lenient pairs. doc_date is
--   matched per document: lenient when both sides have one, strict when
--   the values are equal too.
-- - Field values compare case-insensitively with white space collapsed and
--   ’ read as '; numbers numerically; a missing field and null are the same,
--   and null matches only null (false for approx and partial).
-- - --json writes every figure; --baseline FILE (such a JSON from an
--   earlier run) makes the exit status 1 and names each figure that
--   dropped; --targets prints whether heldout meets the issue's targets
--   without changing the exit status. Exit 2 on unreadable or malformed
--   input, 1 on a usage error.

local MODNAME = ...
local SCRIPT_DIR = MODNAME ~= "eval.score" and arg and arg[0]
    and (arg[0]:match("^(.*)/[^/]*$") or ".")
if SCRIPT_DIR then
    package.path = SCRIPT_DIR .. "/../?.lua;" .. package.path
end

local json = require("eval.json")

local M = {}

-- Kinds in report order; kinds found only in the gold follow, sorted.
M.KIND_ORDER = { "person", "org", "place", "demonym", "date", "quantity",
                 "ordinal_event", "quote", "doc_date" }

-- Fields whose accuracy is measured over lenient pairs, per kind.
M.FIELDS = {
    person = { "name", "role", "affiliation" },
    org = { "name" },
    place = { "name" },
    demonym = { "place" },
    date = { "value", "type" },
    quantity = { "value", "unit", "approx" },
    ordinal_event = { "actor", "ordinal", "event", "destination" },
    quote = { "speaker", "partial" },
    doc_date = { "value" },
}

-- The issue's targets, checked on heldout by --targets.
M.TARGETS = {
    { kind = "person", what = "f1", min = 0.90 },
    { kind = "place", what = "f1", min = 0.90 },
    { kind = "org", what = "f1", min = 0.90 },
    { kind = "date", what = "f1", min = 0.90 },
    { kind = "quantity", what = "f1", min = 0.90 },
    { kind = "quote", what = "f1", min = 0.90 },
    { kind = "quote", what = "field", field = "speaker", min = 0.90 },
    { kind = "date", what = "field", field = "value", min = 0.85 },
}

local EPS = 1e-9

------------------------------------------------------------------ input

local function read_file(path)
    local f, err = io.open(path, "rb")
    if not f then return nil, err end
    local s = f:read("*a")
    f:close()
    return s
end

local function shell_quote(s)
    return "'" .. s:gsub("'", "'\\''") .. "'"
end

local function list_jsonl(dir)
    local p = io.popen("ls -1 -- " .. shell_quote(dir) .. " 2>/dev/null")
    local out = {}
    if p then
        for name in p:lines() do
            if name:match("%.jsonl$") then out[#out + 1] = name end
        end
        p:close()
    end
    table.sort(out)
    return out
end

-- Parses span JSONL text; raises "WHERE:LINE: message" on a bad line.
function M.parse_spans(text, where)
    local spans = {}
    local ln = 0
    for line in (text .. "\n"):gmatch("(.-)\r?\n") do
        ln = ln + 1
        if line:match("%S") then
            local ok, rec = pcall(json.decode, line)
            if not ok then
                error(("%s:%d: %s"):format(where, ln, rec), 0)
            end
            if type(rec) ~= "table" or type(rec.doc) ~= "string"
               or type(rec.kind) ~= "string" or type(rec.start) ~= "number"
               or type(rec["end"]) ~= "number" or rec["end"] < rec.start then
                error(("%s:%d: a span needs doc, kind, start <= end"):format(where, ln), 0)
            end
            rec.line = ln
            spans[#spans + 1] = rec
        end
    end
    return spans
end

-- Reads GOLD_DIR/*.jsonl. Returns spans, docs (set of document ids).
function M.load_gold(dir)
    local files = list_jsonl(dir)
    if #files == 0 then
        error(dir .. ": no gold .jsonl files", 0)
    end
    local spans, docs = {}, {}
    for _, f in ipairs(files) do
        local id = f:gsub("%.jsonl$", "")
        docs[id] = true
        local text = assert(read_file(dir .. "/" .. f))
        for _, s in ipairs(M.parse_spans(text, dir .. "/" .. f)) do
            if s.doc ~= id then
                error(("%s/%s:%d: span of document %s in the file of %s"):format(
                    dir, f, s.line, s.doc, id), 0)
            end
            spans[#spans + 1] = s
        end
    end
    return spans, docs
end

-- Reads a SPLIT file: "NAME SPLIT" per line, # comments.
function M.parse_split(text)
    local split = {}
    for line in (text .. "\n"):gmatch("(.-)\r?\n") do
        local id, which = line:match("^%s*([^#%s]%S*)%s+(%S+)")
        if id then split[id] = which end
    end
    return split
end

----------------------------------------------------------------- fields

local function norm_string(s)
    s = s:gsub("’", "'"):gsub("‘", "'"):gsub("%s+", " ")
    return (s:gsub("^ ", ""):gsub(" $", "")):lower()
end

-- Whether the predicted value of a field counts as the gold one.
function M.same_value(g, p)
    g, p = json.value(g), json.value(p)
    if type(g) == "boolean" or type(p) == "boolean" then
        return (g == true) == (p == true)
    end
    if g == nil or p == nil then return g == nil and p == nil end
    if type(g) == "number" or type(p) == "number" then
        local a, b = tonumber(g), tonumber(p)
        if not a or not b then return false end
        return math.abs(a - b) <= EPS * math.max(1, math.abs(a))
    end
    if type(g) == "string" and type(p) == "string" then
        return norm_string(g) == norm_string(p)
    end
    return false
end

---------------------------------------------------------------- matching

local function overlap(a, b)
    local lo = math.max(a.start, b.start)
    local hi = math.min(a["end"], b["end"])
    return hi - lo
end

-- One-to-one pairs between gold and pred spans of one document and kind.
-- Returns a list of { g, p, exact }.
function M.match(gold, pred)
    local pairs_, used_g, used_p = {}, {}, {}
    -- exact pairs first, so that a strict match is always a lenient one
    local by_range = {}
    for j, p in ipairs(pred) do
        local key = p.start .. ":" .. p["end"]
        by_range[key] = by_range[key] or {}
        table.insert(by_range[key], j)
    end
    for i, g in ipairs(gold) do
        local list = by_range[g.start .. ":" .. g["end"]]
        if list and #list > 0 then
            local j = table.remove(list, 1)
            used_g[i], used_p[j] = true, true
            pairs_[#pairs_ + 1] = { g = g, p = pred[j], exact = true }
        end
    end
    local cands = {}
    for i, g in ipairs(gold) do
        if not used_g[i] then
            for j, p in ipairs(pred) do
                if not used_p[j] then
                    local ov = overlap(g, p)
                    if ov > 0 then
                        cands[#cands + 1] = {
                            i = i, j = j, ov = ov,
                            dist = math.abs(g.start - p.start) + math.abs(g["end"] - p["end"]),
                        }
                    end
                end
            end
        end
    end
    table.sort(cands, function(a, b)
        if a.ov ~= b.ov then return a.ov > b.ov end
        if a.dist ~= b.dist then return a.dist < b.dist end
        if a.i ~= b.i then return a.i < b.i end
        return a.j < b.j
    end)
    for _, c in ipairs(cands) do
        if not used_g[c.i] and not used_p[c.j] then
            used_g[c.i], used_p[c.j] = true, true
            pairs_[#pairs_ + 1] = { g = gold[c.i], p = pred[c.j], exact = false }
        end
    end
    return pairs_
end

-- doc_date: one per document, matched whatever its span.
local function match_doc_date(gold, pred)
    local pairs_ = {}
    local used = {}
    for _, g in ipairs(gold) do
        local pick
        for j, p in ipairs(pred) do
            if not used[j] and M.same_value(g.value, p.value) then pick = j; break end
        end
        if not pick then
            for j = 1, #pred do
                if not used[j] then pick = j; break end
            end
        end
        if pick then
            used[pick] = true
            pairs_[#pairs_ + 1] = { g = g, p = pred[pick],
                                    exact = M.same_value(g.value, pred[pick].value) }
        end
    end
    return pairs_
end

----------------------------------------------------------------- scoring

local function ratio(a, b)
    if b == 0 then return nil end
    return a / b
end

local function prf(tp, ngold, npred)
    return {
        tp = tp,
        p = ratio(tp, npred),
        r = ratio(tp, ngold),
        f1 = ratio(2 * tp, ngold + npred),
    }
end

local function new_cell()
    return { gold = 0, pred = 0, strict_tp = 0, lenient_tp = 0, fields = {} }
end

-- Scores pred against gold. `docs` is the set of gold document ids,
-- `split` maps a document id to its split name (may be empty).
-- Returns { splits = { NAME = { KIND = figures } }, kinds = {...},
--           split_names = {...}, ndocs = {...}, ignored = n, scored = n }.
function M.score(gold, pred, docs, split)
    split = split or {}
    local kinds_set = {}
    for _, s in ipairs(gold) do kinds_set[s.kind] = true end
    local kinds = {}
    for _, k in ipairs(M.KIND_ORDER) do
        if kinds_set[k] then kinds[#kinds + 1] = k; kinds_set[k] = nil end
    end
    local extra = {}
    for k in pairs(kinds_set) do extra[#extra + 1] = k end
    table.sort(extra)
    for _, k in ipairs(extra) do kinds[#kinds + 1] = k end
    local wanted = {}
    for _, k in ipairs(kinds) do wanted[k] = true end

    -- group by document and kind
    local G, P = {}, {}
    local function add(T, s)
        T[s.doc] = T[s.doc] or {}
        T[s.doc][s.kind] = T[s.doc][s.kind] or {}
        table.insert(T[s.doc][s.kind], s)
    end
    for _, s in ipairs(gold) do add(G, s) end
    local ignored, scored = 0, 0
    for _, s in ipairs(pred) do
        if docs[s.doc] and wanted[s.kind] then
            add(P, s); scored = scored + 1
        else
            ignored = ignored + 1
        end
    end

    local split_names, seen_split, ndocs = {}, {}, { all = 0 }
    local doc_ids = {}
    for id in pairs(docs) do doc_ids[#doc_ids + 1] = id end
    table.sort(doc_ids)
    local has_split = next(split) ~= nil
    for _, id in ipairs(doc_ids) do
        local sp = split[id] or (has_split and "unassigned") or nil
        if sp and not seen_split[sp] then
            seen_split[sp] = true
            split_names[#split_names + 1] = sp
        end
        if sp then ndocs[sp] = (ndocs[sp] or 0) + 1 end
        ndocs.all = ndocs.all + 1
    end
    table.sort(split_names, function(a, b)
        local rank = { dev = 1, heldout = 2 }
        local ra, rb = rank[a] or 3, rank[b] or 3
        if ra ~= rb then return ra < rb end
        return a < b
    end)
    split_names[#split_names + 1] = "all"

    local cells = {}
    for _, sp in ipairs(split_names) do
        cells[sp] = {}
        for _, k in ipairs(kinds) do cells[sp][k] = new_cell() end
    end
    for _, id in ipairs(doc_ids) do
        local targets = { cells.all }
        local sp = split[id] or (has_split and "unassigned") or nil
        if sp then targets[2] = cells[sp] end
        for _, k in ipairs(kinds) do
            local g = (G[id] and G[id][k]) or {}
            local p = (P[id] and P[id][k]) or {}
            local pairs_ = (k == "doc_date") and match_doc_date(g, p) or M.match(g, p)
            for _, t in ipairs(targets) do
                local c = t[k]
                c.gold = c.gold + #g
                c.pred = c.pred + #p
                for _, pr in ipairs(pairs_) do
                    c.lenient_tp = c.lenient_tp + 1
                    if pr.exact then c.strict_tp = c.strict_tp + 1 end
                    for _, f in ipairs(M.FIELDS[k] or {}) do
                        local fc = c.fields[f] or { pairs = 0, correct = 0 }
                        c.fields[f] = fc
                        fc.pairs = fc.pairs + 1
                        if M.same_value(pr.g[f], pr.p[f]) then
                            fc.correct = fc.correct + 1
                        end
                    end
                end
            end
        end
    end

    local result = { splits = {}, kinds = kinds, split_names = split_names,
                     ndocs = ndocs, ignored = ignored, scored = scored,
                     ngold = #gold }
    for _, sp in ipairs(split_names) do
        result.splits[sp] = {}
        for _, k in ipairs(kinds) do
            local c = cells[sp][k]
            local fields = {}
            for _, f in ipairs(M.FIELDS[k] or {}) do
                local fc = c.fields[f] or { pairs = 0, correct = 0 }
                fields[f] = { pairs = fc.pairs, correct = fc.correct,
                              acc = ratio(fc.correct, fc.pairs) }
            end
            result.splits[sp][k] = {
                gold = c.gold, pred = c.pred,
                strict = prf(c.strict_tp, c.gold, c.pred),
                lenient = prf(c.lenient_tp, c.gold, c.pred),
                fields = fields,
            }
        end
    end
    return result
end

------------------------------------------------------------------ output

local function fmt(x)
    if x == nil then return "    -" end
    return ("%.3f"):format(x)
end

function M.format_table(result)
    local out = {}
    local function w(s) out[#out + 1] = s end
    local parts = {}
    for _, sp in ipairs(result.split_names) do
        if sp ~= "all" then
            parts[#parts + 1] = ("%s %d"):format(sp, result.ndocs[sp] or 0)
        end
    end
    w(("documents: %d%s; gold spans: %d; predicted spans scored: %d, ignored (other kinds or documents): %d")
        :format(result.ndocs.all, #parts > 0 and (" (" .. table.concat(parts, ", ") .. ")") or "",
                result.ngold, result.scored, result.ignored))
    w("")
    w(("%-8s %-14s %5s %5s | %-5s %-5s %-5s | %-5s %-5s %-5s"):format(
        "split", "kind", "gold", "pred", "P", "R", "F1", "P", "R", "F1"))
    w(("%-8s %-14s %5s %5s | %-17s | %-17s"):format("", "", "", "",
        "strict", "lenient (overlap)"))
    for _, sp in ipairs(result.split_names) do
        for _, k in ipairs(result.kinds) do
            local c = result.splits[sp][k]
            w(("%-8s %-14s %5d %5d | %s %s %s | %s %s %s"):format(sp, k, c.gold, c.pred,
                fmt(c.strict.p), fmt(c.strict.r), fmt(c.strict.f1),
                fmt(c.lenient.p), fmt(c.lenient.r), fmt(c.lenient.f1)))
        end
    end
    w("")
    w("field accuracy over lenient pairs (pairs in parentheses)")
    for _, sp in ipairs(result.split_names) do
        for _, k in ipairs(result.kinds) do
            local c = result.splits[sp][k]
            local cols, npairs = {}, 0
            for _, f in ipairs(M.FIELDS[k] or {}) do
                local fc = c.fields[f]
                npairs = fc.pairs
                cols[#cols + 1] = ("%s %s"):format(f, fmt(fc.acc))
            end
            if #cols > 0 then
                w(("%-8s %-14s %5s  %s"):format(sp, k, "(" .. npairs .. ")",
                    table.concat(cols, "  ")))
            end
        end
    end
    return table.concat(out, "\n") .. "\n"
end

-- The figures as a plain table for JSON (null where undefined).
function M.to_plain(result)
    local function n(x) if x == nil then return json.null end return x end
    local splits = {}
    for _, sp in ipairs(result.split_names) do
        splits[sp] = {}
        for _, k in ipairs(result.kinds) do
            local c = result.splits[sp][k]
            local fields = {}
            for f, fc in pairs(c.fields) do
                fields[f] = { pairs = fc.pairs, correct = fc.correct, acc = n(fc.acc) }
            end
            local function crit(x)
                return { tp = x.tp, p = n(x.p), r = n(x.r), f1 = n(x.f1) }
            end
            splits[sp][k] = { gold = c.gold, pred = c.pred, strict = crit(c.strict),
                              lenient = crit(c.lenient), fields = fields }
        end
    end
    return { documents = result.ndocs, splits = splits }
end

-- "split.kind.strict.f1" -> value, for every defined rate of a plain result.
function M.flatten(plain)
    local flat = {}
    for sp, kinds in pairs(plain.splits or {}) do
        for k, c in pairs(kinds) do
            for _, crit in ipairs({ "strict", "lenient" }) do
                for _, m in ipairs({ "p", "r", "f1" }) do
                    local v = c[crit] and c[crit][m]
                    if type(v) == "number" then
                        flat[("%s.%s.%s.%s"):format(sp, k, crit, m)] = v
                    end
                end
            end
            for f, fc in pairs(c.fields or {}) do
                if type(fc.acc) == "number" then
                    flat[("%s.%s.field.%s"):format(sp, k, f)] = fc.acc
                end
            end
        end
    end
    return flat
end

-- Every figure of the baseline that is lower now (or undefined now: a kind
-- that lost all its predictions has dropped).
-- Returns a sorted list of { key, before, after }.
function M.regressions(plain, baseline)
    local now, before = M.flatten(plain), M.flatten(baseline)
    local drops = {}
    for key, b in pairs(before) do
        if type(b) == "number" then
            local a = now[key]
            if type(a) ~= "number" or a < b - EPS then
                drops[#drops + 1] = { key = key, before = b,
                                      after = type(a) == "number" and a or nil }
            end
        end
    end
    table.sort(drops, function(x, y) return x.key < y.key end)
    return drops
end

-- The issue's targets on the heldout split: list of { label, value, met }.
function M.check_targets(result, split_name)
    split_name = split_name or "heldout"
    local out = {}
    local sp = result.splits[split_name]
    for _, t in ipairs(M.TARGETS) do
        local c = sp and sp[t.kind]
        local v, label
        if t.what == "f1" then
            v = c and c.lenient.f1
            label = ("%s %s lenient F1 >= %.2f"):format(split_name, t.kind, t.min)
        else
            v = c and c.fields[t.field] and c.fields[t.field].acc
            label = ("%s %s %s accuracy >= %.2f"):format(split_name, t.kind, t.field, t.min)
        end
        out[#out + 1] = { label = label, value = v, met = v ~= nil and v >= t.min - EPS }
    end
    return out
end

-------------------------------------------------------------------- main

local USAGE = "usage: score.lua GOLD_DIR PRED.jsonl [--split FILE] [--json OUT] [--baseline FILE] [--targets]\n"

function M.main(args, stdout, stderr)
    stdout = stdout or io.stdout
    stderr = stderr or io.stderr
    local pos, opt = {}, {}
    local i = 1
    while i <= #args do
        local a = args[i]
        if a == "--split" or a == "--json" or a == "--baseline" then
            if not args[i + 1] then stderr:write(USAGE); return 1 end
            opt[a:sub(3)] = args[i + 1]
            i = i + 1
        elseif a == "--targets" then
            opt.targets = true
        elseif a == "-h" or a == "--help" then
            stdout:write(USAGE); return 0
        elseif a:sub(1, 1) == "-" and a ~= "-" then
            stderr:write("score.lua: unknown option " .. a .. "\n" .. USAGE)
            return 1
        else
            pos[#pos + 1] = a
        end
        i = i + 1
    end
    if #pos ~= 2 then stderr:write(USAGE); return 1 end
    local gold_dir, pred_path = pos[1], pos[2]

    local ok, input = pcall(function()
        local t = {}
        t.gold, t.docs = M.load_gold(gold_dir)
        local pred_text, e
        if pred_path == "-" then
            pred_text = io.read("*a")
        else
            pred_text, e = read_file(pred_path)
            if not pred_text then error(e, 0) end
        end
        t.pred = M.parse_spans(pred_text, pred_path)
        local split_path = opt.split
        if not split_path then
            local guess = gold_dir:gsub("/+$", "") .. "/../SPLIT"
            if read_file(guess) then split_path = guess end
        end
        t.split = {}
        if split_path then
            local s
            s, e = read_file(split_path)
            if not s then error(e, 0) end
            t.split = M.parse_split(s)
        end
        if opt.baseline then
            local s
            s, e = read_file(opt.baseline)
            if not s then error(e, 0) end
            local okb, b = pcall(json.decode, s)
            if not okb or type(b) ~= "table" then
                error(opt.baseline .. ": " .. tostring(b), 0)
            end
            t.baseline = b
        end
        return t
    end)
    if not ok then
        stderr:write("score.lua: " .. tostring(input) .. "\n")
        return 2
    end

    local result = M.score(input.gold, input.pred, input.docs, input.split)
    if result.splits.unassigned then
        stderr:write("score.lua: warning: some gold documents are in no split\n")
    end
    stdout:write(M.format_table(result))
    local plain = M.to_plain(result)
    if opt.json then
        local f, e = io.open(opt.json, "wb")
        if not f then
            stderr:write("score.lua: " .. tostring(e) .. "\n")
            return 2
        end
        f:write(json.encode(plain), "\n")
        f:close()
    end
    if opt.targets then
        stdout:write("\ntargets (heldout)\n")
        local met, all = 0, 0
        for _, t in ipairs(M.check_targets(result, "heldout")) do
            all = all + 1
            if t.met then met = met + 1 end
            stdout:write(("%-40s %s  %s\n"):format(t.label, fmt(t.value),
                t.met and "met" or "NOT MET"))
        end
        stdout:write(("targets met: %d of %d\n"):format(met, all))
    end
    if input.baseline then
        local drops = M.regressions(plain, input.baseline)
        if #drops > 0 then
            for _, d in ipairs(drops) do
                local before, after = fmt(d.before), d.after and fmt(d.after) or "undefined"
                if before == after then -- a drop smaller than the table shows
                    before, after = ("%.6f"):format(d.before), ("%.6f"):format(d.after)
                end
                stdout:write(("regression: %s dropped %s -> %s\n"):format(d.key, before, after))
            end
            stdout:write(("%d figure(s) dropped below the baseline\n"):format(#drops))
            return 1
        end
        stdout:write("no figure dropped below the baseline\n")
    end
    return 0
end

if SCRIPT_DIR then
    os.exit(M.main(arg))
end
return M
