/*
** lx_names.h -- the Lua module "lede.names" (core/lx_names.c): the scan for
** runs of capitalised words of lede.extract.people.
*/
#ifndef LEDE_LX_NAMES_H
#define LEDE_LX_NAMES_H

#include <lua.h>

int luaopen_lede_names(lua_State *L);

#endif
