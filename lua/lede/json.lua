-- lede.json: the JSON of span attributes and document metadata.
--
-- encode(value) -> string: deterministic (object keys sorted), compact,
-- UTF-8 passed through, control characters escaped. Tables with keys 1..n
-- and nothing else are arrays; an empty table is an object ({}). Raises on
-- values JSON cannot hold (functions, NaN, cycles, mixed keys).
-- json.null encodes as null.
--
-- decode(text) -> value, or nil and a message with the byte position.
-- null decodes as nil (absent from objects), so `attrs.speaker` is simply
-- nil when the JSON says null.

local M = {}

local null = setmetatable({}, { __tostring = function() return "json.null" end })
M.null = null

local byte, concat, find, format, sub = string.byte, table.concat, string.find, string.format, string.sub
local math_type, huge, tostring, type = math.type, math.huge, tostring, type
local pairs, ipairs, sort, error = pairs, ipairs, table.sort, error
local tonumber, utf8_char = tonumber, utf8.char

local escapes = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}
local function escape_char(c)
  return escapes[c] or format("\\u%04x", byte(c))
end

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', escape_char) .. '"'
end

local function encode_number(n)
  if math_type(n) == "integer" then return tostring(n) end
  if n ~= n or n == huge or n == -huge then error("json: cannot encode " .. tostring(n), 0) end
  if n == math.floor(n) and n >= -2^53 and n <= 2^53 then return format("%d", n) end
  local s = format("%.14g", n)
  if tonumber(s) ~= n then s = format("%.17g", n) end
  return s
end

local encode_value

local function encode_table(t, out, seen)
  if seen[t] then error("json: cannot encode a cycle", 0) end
  seen[t] = true
  local n, count, all_strings = #t, 0, true
  for k in pairs(t) do
    count = count + 1
    if type(k) ~= "string" then all_strings = false end
  end
  if n > 0 and count == n then
    out[#out + 1] = "["
    for i = 1, n do
      if i > 1 then out[#out + 1] = "," end
      encode_value(t[i], out, seen)
    end
    out[#out + 1] = "]"
  elseif all_strings then
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    sort(keys)
    out[#out + 1] = "{"
    for i, k in ipairs(keys) do
      if i > 1 then out[#out + 1] = "," end
      out[#out + 1] = encode_string(k)
      out[#out + 1] = ":"
      encode_value(t[k], out, seen)
    end
    out[#out + 1] = "}"
  else
    error("json: a table must have only string keys or be a sequence 1..n", 0)
  end
  seen[t] = nil
end

function encode_value(v, out, seen)
  local tv = type(v)
  if v == nil or v == null then
    out[#out + 1] = "null"
  elseif tv == "boolean" then
    out[#out + 1] = v and "true" or "false"
  elseif tv == "number" then
    out[#out + 1] = encode_number(v)
  elseif tv == "string" then
    out[#out + 1] = encode_string(v)
  elseif tv == "table" then
    encode_table(v, out, seen)
  else
    error("json: cannot encode a " .. tv, 0)
  end
end

-- The common case, an object of string keys and scalar values (span
-- attributes), written without sorting per call: the sorted order of its
-- keys is found by walking a trie of the keys in the order pairs gives
-- them (tables made alike iterate alike), and each key's JSON is made
-- once. Returns nil for anything else (nested tables, keys or strings that
-- need escapes, numbers JSON cannot hold), which the general path writes.
-- The caches are bounded, so memory stays flat over a corpus.
local MAX_SHAPES, MAX_STRINGS = 4096, 20000
local shapes, nshapes = {}, 0  -- trie: key -> node, in pairs order
local sorted_of = {}           -- node -> { keys sorted, "{\"k\":" / ",\"k\":" }
local str_json, nstr = {}, 0   -- strings seen -> their JSON
local pieces = {}              -- reused: flat_object calls nothing that uses it

local function plain_string(v)
  if find(v, '[%c"\\]') then return nil end
  return '"' .. v .. '"'
end

local function flat_object(t)
  local node = shapes
  for k, v in pairs(t) do
    if type(k) ~= "string" or (type(v) == "table" and v ~= null) then return nil end
    local nxt = node[k]
    if not nxt then
      if nshapes >= MAX_SHAPES then return nil end
      nshapes = nshapes + 1
      nxt = {}
      node[k] = nxt
    end
    node = nxt
  end
  if node == shapes then return nil end -- {} or a sequence: the general path
  local shape = sorted_of[node]
  if not shape then
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    sort(keys)
    local js = {}
    for i, k in ipairs(keys) do
      local kj = plain_string(k)
      if not kj then return nil end
      js[i] = (i == 1 and "{" or ",") .. kj .. ":"
    end
    shape = { keys = keys, js = js, n = #keys }
    sorted_of[node] = shape
  end
  local keys, js, n = shape.keys, shape.js, 0
  for i = 1, shape.n do
    local v = t[keys[i]]
    local tv = type(v)
    local vj
    if tv == "string" then
      vj = str_json[v]
      if not vj then
        vj = plain_string(v)
        if not vj then return nil end
        if nstr >= MAX_STRINGS then str_json, nstr = {}, 0 end
        nstr = nstr + 1
        str_json[v] = vj
      end
    elseif tv == "number" then
      if v ~= v or v == huge or v == -huge then return nil end
      vj = encode_number(v)
    elseif tv == "boolean" then
      vj = v and "true" or "false"
    elseif v == null then
      vj = "null"
    else
      return nil
    end
    pieces[n + 1] = js[i]
    pieces[n + 2] = vj
    n = n + 2
  end
  pieces[n + 1] = "}"
  return concat(pieces, "", 1, n + 1)
end

function M.encode(v)
  if type(v) == "table" then
    local s = flat_object(v)
    if s then return s end
  end
  local out = {}
  encode_value(v, out, {})
  return concat(out)
end

-- Decoding: a recursive descent over byte positions.

local MAX_DEPTH = 512

local function fail(pos, what)
  error({ json_error = format("json: %s at byte %d", what, pos) }, 0)
end

local function skip(s, pos)
  local _, e = find(s, "^[ \t\r\n]*", pos)
  return e + 1
end

local decode_value

local unescapes = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }

local function decode_string(s, pos)
  -- pos is at the opening quote
  local parts, i = {}, pos + 1
  while true do
    local a, b = find(s, '^[^"\\%c]+', i)
    if a then
      parts[#parts + 1] = sub(s, a, b)
      i = b + 1
    end
    local c = sub(s, i, i)
    if c == '"' then
      return concat(parts), i + 1
    elseif c == "\\" then
      local e = sub(s, i + 1, i + 1)
      local simple = unescapes[e]
      if simple then
        parts[#parts + 1] = simple
        i = i + 2
      elseif e == "u" then
        local hex = s:match("^%x%x%x%x", i + 2)
        if not hex then fail(i, "bad \\u escape") end
        local cp = tonumber(hex, 16)
        i = i + 6
        if cp >= 0xD800 and cp <= 0xDBFF then
          local lo = s:match("^\\u(%x%x%x%x)", i)
          lo = lo and tonumber(lo, 16)
          if not lo or lo < 0xDC00 or lo > 0xDFFF then fail(i, "unpaired surrogate") end
          cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
          i = i + 6
        elseif cp >= 0xDC00 and cp <= 0xDFFF then
          fail(i - 6, "unpaired surrogate")
        end
        parts[#parts + 1] = utf8_char(cp)
      else
        fail(i, "bad escape")
      end
    elseif c == "" then
      fail(i, "unterminated string")
    else
      fail(i, "control character in string")
    end
  end
end

local literals = { t = { "true", true }, f = { "false", false }, n = { "null", nil } }

function decode_value(s, pos, depth)
  pos = skip(s, pos)
  local c = sub(s, pos, pos)
  if c == "{" then
    if depth >= MAX_DEPTH then fail(pos, "nesting too deep") end
    local obj = {}
    pos = skip(s, pos + 1)
    if sub(s, pos, pos) == "}" then return obj, pos + 1 end
    while true do
      if sub(s, pos, pos) ~= '"' then fail(pos, "expected a string key") end
      local key
      key, pos = decode_string(s, pos)
      pos = skip(s, pos)
      if sub(s, pos, pos) ~= ":" then fail(pos, "expected ':'") end
      local v
      v, pos = decode_value(s, pos + 1, depth + 1)
      obj[key] = v
      pos = skip(s, pos)
      c = sub(s, pos, pos)
      if c == "}" then return obj, pos + 1 end
      if c ~= "," then fail(pos, "expected ',' or '}'") end
      pos = skip(s, pos + 1)
    end
  elseif c == "[" then
    if depth >= MAX_DEPTH then fail(pos, "nesting too deep") end
    local arr, n = {}, 0
    pos = skip(s, pos + 1)
    if sub(s, pos, pos) == "]" then return arr, pos + 1 end
    while true do
      local v
      v, pos = decode_value(s, pos, depth + 1)
      n = n + 1
      arr[n] = v
      pos = skip(s, pos)
      c = sub(s, pos, pos)
      if c == "]" then return arr, pos + 1 end
      if c ~= "," then fail(pos, "expected ',' or ']'") end
      pos = pos + 1
    end
  elseif c == '"' then
    return decode_string(s, pos)
  elseif literals[c] then
    local word, value = literals[c][1], literals[c][2]
    if sub(s, pos, pos + #word - 1) ~= word then fail(pos, "unexpected '" .. c .. "'") end
    return value, pos + #word
  else
    local int = s:match("^-?[1-9]%d*", pos) or s:match("^-?0", pos)
    if not int then fail(pos, c == "" and "unexpected end" or "unexpected '" .. c .. "'") end
    local rest = pos + #int
    local frac = s:match("^%.%d+", rest)
    if frac then rest = rest + #frac end
    local exp = s:match("^[eE][-+]?%d+", rest)
    if exp then rest = rest + #exp end
    local text = sub(s, pos, rest - 1)
    if frac or exp then return tonumber(text), rest end
    return math.tointeger(tonumber(text)) or tonumber(text), rest
  end
end

function M.decode(s)
  if type(s) ~= "string" then return nil, "json: expected a string, got " .. type(s) end
  local ok, v, pos = pcall(decode_value, s, 1, 0)
  if not ok then
    if type(v) == "table" and v.json_error then return nil, v.json_error end
    error(v, 0)
  end
  pos = skip(s, pos)
  if pos <= #s then return nil, format("json: trailing characters at byte %d", pos) end
  return v
end

return M
