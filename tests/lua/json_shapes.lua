-- json_shapes.lua -- span attribute tables of many shapes (keys made in
-- any order, capitals, UTF-8 and escapes in keys and values, numbers at
-- the edges, nested values), for the tests that check that the writers of
-- attribute JSON agree byte for byte: lede.json's fast path and its
-- general path (binding_spec.lua), and the extraction worker's C writer,
-- lede.pool.span_lines (extract_driver_test.lua).
--   local cases = dofile(".../json_shapes.lua")
local null = require("lede.json").null

return {
  {}, { type = "date", value = "2024-10-29" }, { value = "2024-10-29", type = "date" },
  { value = 37000, unit = "Palestinians", approx = true, high = null },
  { value = 2.5e9, unit = "dollars", approx = false }, { value = 0.1, unit = "percent" },
  { value = -3, unit = "degrees Celsius" }, { value = 1e300 }, { value = 2 ^ 53 + 0.0 },
  { name = 'He said "no"', cue = "said\n" }, { name = "tab\there", z = "ctl\1" },
  { name = "Chișinău", role = "Président", affiliation = null },
  { list = { 1, 2, 3 } }, { nested = { a = 1 } }, { speaker = "A", partial = false },
  { b = 1, a = 2, c = 3, e = 5, d = 4, f = 6, g = 7 }, { ["a b"] = "x", ["k\"q"] = "y" },
  { B = 1, a = 2, _ = 3, ["\195\169"] = 4, A = 5, ["a\tb"] = true }, { del = "x\127y", bs = "a\\b/c" },
  { third = 1 / 3, neg0 = -0.0, big = 2 ^ 60, odd = 2 ^ 53 + 2.0, near = 12345678901234.5, tiny = 5e-324 },
  { value = math.maxinteger, low = math.mininteger, f = -1.5e-7 },
  { ["\1key"] = "\0nul\31" }, { empty = "" },
}
