#!/bin/sh
# 15-examples.t -- examples/EXPECTED.json still describes the sample corpus
# (every fragment, figure and disagreement it names is in the articles).
exec lua5.4 "${LEDE_ROOT:-.}/examples/check_expected.lua"
