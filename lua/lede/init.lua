-- lede: the module scripts require (`local lede = require "lede"`).
--
-- Everything of the C binding `lede.core` (open, tokenize, sentences,
-- version), plus the Lua-side helpers:
--   lede.each_doc(db, fn [, {keep_going = true}]) -> failures, count
--   lede.json                                      -- encode/decode
--   lede.find                                      -- lede.patterns.find, loaded on first use
--
-- Positions on the Lua side are LPeg's: 1-based, end exclusive, so the
-- text of a range is text:sub(s, e - 1), or doc:sub(s, e).

local core = require "lede.core"
local json = require "lede.json"

local M = {}
for k, v in pairs(core) do M[k] = v end
M.json = json

-- Calls fn(doc) for every document of db in store order. Without
-- keep_going an error stops the batch as any error would. With keep_going
-- a failing document is reported on stderr as
--   lede: doc 'ID': script.lua:12: message
-- the batch goes on, and the number of failures is returned (`lede run`
-- then exits with status 3). Limits (memory, instructions) still stop it.
function M.each_doc(db, fn, opts)
  if type(db) == "function" then db, fn, opts = M.open(), db, fn end
  if type(fn) ~= "function" then
    error("bad argument #2 to 'each_doc' (function expected, got " .. type(fn) .. ")", 2)
  end
  local keep_going = opts and opts.keep_going
  local failures, count = 0, 0
  for doc in db:docs() do
    count = count + 1
    if keep_going then
      local ok, err = pcall(fn, doc)
      if not ok then
        failures = failures + 1
        db:_doc_failed(doc.id, err)
      end
    else
      fn(doc)
    end
  end
  return failures, count
end

-- lede.find comes from lede.patterns, which needs LPeg and the data files:
-- loaded when first asked for, so `require "lede"` works without it.
return setmetatable(M, {
  __index = function(t, k)
    if k == "find" then
      local find = require("lede.patterns").find
      rawset(t, k, find)
      return find
    end
  end,
})
