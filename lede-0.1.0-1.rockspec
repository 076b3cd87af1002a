-- lede as a Lua rock: `luarocks make` in the source tree builds the C
-- module lede.core from the sources through the project's Makefile
-- (target lua-module: the library's objects linked without liblua, which
-- the interpreter provides) and installs it with the Lua library lua/lede/.
--
--   luarocks --lua-version 5.4 make              (system tree, as root)
--   luarocks --lua-version 5.4 --local make      (~/.luarocks)
--
-- Needs the development files of SQLite 3 (FTS5) and LPeg for Lua 5.4
-- (Debian/Ubuntu: libsqlite3-dev lua-lpeg-dev; vendor/deps.sh installs
-- them); LPeg comes from the system, not as a rock, because lede links
-- luaopen_lpeg into its own script host.
rockspec_format = "3.0"
package = "lede"
version = "0.1.0-1"
source = {
  url = "file://.",
}
description = {
  summary = "Analyse collections of news articles: C core, SQLite store, LPeg grammars",
  detailed = [[
lede loads news articles, tokenizes them, stores them in SQLite and hands
them to Lua: documents, tokens and sentences with LPeg-style positions,
SQL with bound parameters, and spans written back to the store.
]],
  license = "MIT",
}
dependencies = {
  "lua >= 5.4, < 5.5",
}
external_dependencies = {
  SQLITE = { header = "sqlite3.h", library = "sqlite3" },
  LPEG = { library = "lua5.4-lpeg" },
}
build = {
  type = "make",
  build_target = "lua-module",
  build_variables = {
    CFLAGS = "$(CFLAGS)",
    LUA_INCDIR = "$(LUA_INCDIR)",
  },
  install_target = "install-lua-module",
  install_variables = {
    LUA_LIBDIR = "$(LIBDIR)",
    LUA_DIR = "$(LUADIR)",
  },
}
