/*
** lx_words.h -- the Lua module "lede.words" (core/lx_words.c): the word
** right before or after a position, for the entity extractors.
*/
#ifndef LEDE_LX_WORDS_H
#define LEDE_LX_WORDS_H

#include <lua.h>

int luaopen_lede_words(lua_State *L);

#endif
