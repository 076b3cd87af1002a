/*
** test_lua_cmods.c -- the C modules behind the extractors (lede.names,
** lede.words, lede.gazetteer) used the wrong way from Lua: a script gets
** an error or a plain answer, never a read of freed memory, a read past
** its text or a hang. Most of these only show a fault under `make
** check-asan`; the hang ones fail here through an alarm.
**
** Each check is a Lua chunk run in a bare state with the three modules
** preloaded; it returns true, or false and what it saw.
*/
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gazetteer.h"
#include "lx_names.h"
#include "lx_words.h"
#include "tap.h"

static lua_State *new_state(void)
{
    lua_State *L = luaL_newstate();
    if (!L) return NULL;
    luaL_openlibs(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, luaopen_lede_names), lua_setfield(L, -2, "lede.names");
    lua_pushcfunction(L, luaopen_lede_words), lua_setfield(L, -2, "lede.words");
    lua_pushcfunction(L, luaopen_lede_gazetteer), lua_setfield(L, -2, "lede.gazetteer");
    lua_pop(L, 1);
    return L;
}

/* Runs the chunk in a fresh state; ok when it returns true. */
static void check(tap *t, const char *chunk, const char *name)
{
    lua_State *L = new_state();
    if (!L) {
        TAP_OK(t, 0, "%s (no Lua state)", name);
        return;
    }
    alarm(20); /* a hang is a failure, not a stuck `make test` */
    int rc = luaL_dostring(L, chunk);
    alarm(0);
    int ok = rc == LUA_OK && lua_toboolean(L, 1);
    TAP_OK(t, ok, "%s", name);
    if (!ok) printf("# %s\n", rc != LUA_OK ? lua_tostring(L, -1) : luaL_tolstring(L, 2, NULL));
    lua_close(L);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "not ok - timed out (a loop without end)\n";
    if (write(1, msg, sizeof msg - 1) < 0) _exit(2);
    _exit(1);
}

int main(void)
{
    tap t = {0, 0};
    setvbuf(stdout, NULL, _IOLBF, 0); /* what passed is out before a timeout */
    signal(SIGALRM, on_alarm);

    /* A number in the word list becomes a string only on the stack: the
    ** scan must keep it there while it reads it, whatever the collector
    ** does meanwhile (here: a full cycle at every allocation). */
    check(&t,
          "local N = require 'lede.names'\n"
          "collectgarbage('incremental', 1, 1000, 0)\n"
          "local text = string.rep('at 2024 Abc and 2025 Def ', 3000)\n"
          "local r = N.locatives(text, {2024, 2025, 'in'})\n"
          "if #r ~= 6000 then return false, #r end\n"
          "return r[1] == 9 and r[2] == 22 and text:sub(r[6000], r[6000] + 2) == 'Def'\n",
          "names.locatives: numbers among the words, read while the collector runs");

    check(&t,
          "local N = require 'lede.names'\n"
          "local words = setmetatable({'May'}, {__len = function() return -1 end})\n"
          "local sc = N.scanner(words)\n"
          "local r = sc:runs('May Day in Paris, May said', {}, {}, 0)\n"
          "-- 'May Day' and 'Paris' are runs; the lone 'May' before 'said' a stop word\n"
          "return #r == 8 and r[1] == 1 and r[2] == 'May' and r[4] == 'Day' and r[5] == 0\n"
          "  and r[6] == 12 and r[7] == 'Paris' and r[8] == 0, table.concat(r, ',')\n",
          "names.scanner: a __len claiming -1 words neither hangs nor counts");

    /* "de" is a prefix of "del" and "della": the longer particles must
    ** still join the given name to the surname. */
    check(&t,
          "local N = require 'lede.names'\n"
          "local sc = N.scanner({}, {'de', 'del', 'della'})\n"
          "local r = sc:runs('Camila del R\\195\\173o met Anna della Rovere', {}, {}, 0)\n"
          "return #r == 10 and r[2] == 'Camila' and r[4] == 'R\\195\\173o' and r[5] == 0\n"
          "  and r[7] == 'Anna' and r[9] == 'Rovere' and r[10] == 0, table.concat(r, ',')\n",
          "names.scanner: 'del' and 'della' are particles inside a name, not its end");

    /* d' before a capital is part of the word (either apostrophe); a
    ** particle after a non-word byte opens a run, its first word. */
    check(&t,
          "local N = require 'lede.names'\n"
          "local sc = N.scanner({}, {'bin', 'van', 'der', 'la'}, {'der', 'la'})\n"
          "local r = sc:runs('Joana d\\'Almeida met d\\226\\128\\153Arcy; the elder bin Hamdan and'\n"
          "  .. ' van der Berg, not bin Laden-ish bins or dad\\'s Car', {}, {}, 0)\n"
          "local w = {}\n"
          "for i = 1, #r do if type(r[i]) == 'string' then w[#w + 1] = r[i] elseif r[i] == 0 then w[#w + 1] = '|' end end\n"
          "local got = table.concat(w, ' ')\n"
          "return got == \"Joana d'Almeida | d\\226\\128\\153Arcy | bin Hamdan | van Berg | bin Laden-ish | Car |\", got\n",
          "names.scanner: d'Almeida, d’Arcy, and names opened by a particle");

    /* The particles and articles are the caller's (the data files'):
    ** an article joins a name's words but opens none. */
    check(&t,
          "local N = require 'lede.names'\n"
          "local function words(sc)\n"
          "  local r, w = sc:runs('Maria la Rosa sang at la Scala', {}, {}, 0), {}\n"
          "  for i = 1, #r do if type(r[i]) == 'string' then w[#w + 1] = r[i] elseif r[i] == 0 then w[#w + 1] = '|' end end\n"
          "  return table.concat(w, ' ')\n"
          "end\n"
          "local none, part, art = words(N.scanner({})), words(N.scanner({}, {'la'})), words(N.scanner({}, {'la'}, {'la'}))\n"
          "return none == 'Maria | Rosa | Scala |' and part == 'Maria Rosa | la Scala |'\n"
          "  and art == 'Maria Rosa | Scala |', none .. ' / ' .. part .. ' / ' .. art\n",
          "names.scanner: particles and articles come from the caller");

    check(&t,
          "local N = require 'lede.names'\n"
          "local sc = N.scanner({'May'})\n"
          "if type(getmetatable(sc)) ~= 'string' then return false, 'metatable visible' end\n"
          "debug.getmetatable(sc).__gc(sc)\n"
          "local ok, err = pcall(sc.runs, sc, 'May Day in Paris', {}, {}, 0)\n"
          "return not ok and tostring(err):find('already freed') ~= nil, err\n",
          "names.scanner: hidden metatable; runs after __gc is an error");

    check(&t,
          "local G = require 'lede.gazetteer'\n"
          "local g = G.new(); g:add('New York'); g:add('Paris')\n"
          "if type(getmetatable(g)) ~= 'string' then return false, 'metatable visible' end\n"
          "local it = g:match('From New York to Paris and Paris again')\n"
          "local s, e = it()\n"
          "if s ~= 6 or e ~= 14 then return false, s end\n"
          "debug.getmetatable(g).__gc(g)\n"
          "collectgarbage()\n"
          "local ok, err = pcall(it)\n"
          "return not ok and tostring(err):find('already freed') ~= nil, err\n",
          "gazetteer: hidden metatable; an iterator after the gazetteer's __gc is an error");

    /* Positions at and beyond both ends of the text. */
    check(&t,
          "local W = require 'lede.words'\n"
          "local t = 'said Smith.'\n"
          "for _, p in ipairs{math.mininteger, -1, 0, 1, 2, #t, #t + 1, #t + 2, math.maxinteger} do\n"
          "  W.prev_word(t, p); W.next_word(t, p)\n"
          "end\n"
          "local w, s, poss, dot = W.prev_word(t, #t + 1)\n"
          "if w ~= 'Smith' or s ~= 6 or poss or not dot then return false, w end\n"
          "return W.prev_word(t, 1) == nil and W.next_word(t, #t + 1) == nil\n"
          "  and W.prev_word('', 1) == nil and W.next_word('', 1) == nil\n",
          "words: positions outside the text give nil");

    /* Random texts made of the pieces the scanners look at (multibyte
    ** fragments cut short at the end included), every position and random
    ** masks: under ASan, a read past a text shows here. */
    check(&t,
          "local N, W, G = require 'lede.names', require 'lede.words', require 'lede.gazetteer'\n"
          "local pieces = {'A', 'B.', 'al-', 'ash-', 'bin ', ' ', ' ', 'x', 'Z', '\\'s', '\\226\\128\\153', '\\226\\128',\n"
          "  '\\226', '\\195\\137', '\\195', '\\206\\145', '.', 'in ', 'he', 'she', 'Her', 'him', '-', 'de ', '\\t', 'May'}\n"
          "local sc = N.scanner({'May', 'The', 'In'}, {'al-', 'ash-', 'bin', 'de'}, {'de'})\n"
          "local g = G.new(); g:add('New York', {org = 'x'}); g:add('May', {title = 't'}); g:add('A B', {org = 'y', title = 'z'})\n"
          "math.randomseed(7)\n"
          "for _ = 1, 1500 do\n"
          "  local b = {}\n"
          "  for k = 1, math.random(0, 12) do b[k] = pieces[math.random(#pieces)] end\n"
          "  local t = table.concat(b)\n"
          "  for p = 0, #t + 2 do W.prev_word(t, p); W.next_word(t, p) end\n"
          "  local s, e = {}, {}\n"
          "  for k = 1, math.random(0, 3) do s[k] = math.random(-2, #t + 3); e[k] = math.random(-2, #t + 3) end\n"
          "  sc:runs(t, s, e, #s)\n"
          "  N.locatives(t); N.locatives(t, {'de', 'al'}); N.pronouns(t)\n"
          "  g:collect(t, {}, {}, {}); g:collect(t, {}, {}, {}, {all = true})\n"
          "  g:collect_groups(t, {'org', 'title'}, {{{}, {}, {}}, {{}, {}, {}}})\n"
          "end\n"
          "return true\n",
          "random texts and masks through every scanner");

    /* collect_groups promises what g:collect over each group's entries
    ** alone gives: also where an exact and a folded entry cover the same
    ** words (leftmost-longest keeps the exact one). */
    check(&t,
          "local G = require 'lede.gazetteer'\n"
          "math.randomseed(11)\n"
          "local vocab = {'New', 'York', 'City', 'the', 'White', 'House', 'Press', 'of', 'State', 'new', 'york'}\n"
          "local keys = {'a', 'b', 'c'}\n"
          "for trial = 1, 300 do\n"
          "  local g, sub = G.new(), {G.new(), G.new(), G.new()}\n"
          "  for _ = 1, math.random(1, 12) do\n"
          "    local w = {}\n"
          "    for j = 1, math.random(1, 3) do w[j] = vocab[math.random(#vocab)] end\n"
          "    local surf, v = table.concat(w, ' '), {}\n"
          "    local opts = math.random() < 0.3 and {fold = true} or nil\n"
          "    for i = 1, 3 do if math.random() < 0.5 then v[keys[i]] = surf .. i end end\n"
          "    if g:add(surf, v, opts) then\n"
          "      for i = 1, 3 do if v[keys[i]] then sub[i]:add(surf, v[keys[i]], opts) end end\n"
          "    end\n"
          "  end\n"
          "  local w = {}\n"
          "  for j = 1, math.random(0, 30) do w[j] = vocab[math.random(#vocab)] end\n"
          "  local text = table.concat(w, math.random() < 0.5 and ' ' or ', ')\n"
          "  local lists = {{{}, {}, {}}, {{}, {}, {}}, {{}, {}, {}}}\n"
          "  local n = {g:collect_groups(text, keys, lists)}\n"
          "  for i = 1, 3 do\n"
          "    local s, e, v = {}, {}, {}\n"
          "    local m = sub[i]:collect(text, s, e, v)\n"
          "    if m ~= n[i] then return false, ('trial %d group %d: %d ~= %d'):format(trial, i, n[i], m) end\n"
          "    for k = 1, m do\n"
          "      if s[k] ~= lists[i][1][k] or e[k] ~= lists[i][2][k] or v[k] ~= lists[i][3][k] then\n"
          "        return false, ('trial %d group %d match %d: %s ~= %s'):format(trial, i, k, lists[i][3][k], v[k])\n"
          "      end\n"
          "    end\n"
          "  end\n"
          "end\n"
          "return true\n",
          "gazetteer: collect_groups equals collect over each group's entries (random gazetteers and texts)");

    return tap_done(&t);
}
