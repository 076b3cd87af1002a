# lede -- build, install, test.
#   make            library (static and shared) and the `lede` binary
#   make test       every suite through prove (installs missing packages)
#   make demo       the main job on the sample corpus
#   make install PREFIX=/usr/local
#   make check-asan, make fuzz, make bench, make eval

PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
LIBDIR   = $(PREFIX)/lib
INCDIR   = $(PREFIX)/include
DATADIR  = $(PREFIX)/share/lede
MANDIR   = $(PREFIX)/share/man/man1
PCDIR    = $(LIBDIR)/pkgconfig

BUILD   ?= build
CC      ?= cc
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
SOMAJOR  = 0
SONAME   = liblede.so.$(SOMAJOR)
VERSION  = $(shell sed -n 's/^\#define LEDE_VERSION "\(.*\)"/\1/p' core/lede.h)

.DEFAULT_GOAL := all

# Dependency flags come from vendor/deps.sh, which installs what is missing.
include $(BUILD)/config.mk
$(BUILD)/config.mk: vendor/deps.sh
	@mkdir -p $(BUILD)
	sh vendor/deps.sh $@

ALL_CFLAGS = $(WARN) $(CFLAGS) -fPIC -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	-DLEDE_DATADIR='"$(DATADIR)"' -Icore $(DEP_CFLAGS)
LIBS = $(DEP_LIBS) -lpthread -lm

# Every core/*.c is part of the library except the command line's files.
CLI_SRC = $(wildcard core/cli*.c) core/main.c
LIB_SRC = $(filter-out $(CLI_SRC), $(wildcard core/*.c))
LIB_OBJ = $(LIB_SRC:core/%.c=$(BUILD)/obj/%.o)
CLI_OBJ = $(CLI_SRC:core/%.c=$(BUILD)/obj/%.o)
HDRS    = $(wildcard core/*.h)

# C unit tests: tests/c/NAME.c -> build/tests/NAME, run by prove.
CTEST_SRC = $(wildcard tests/c/*.c)
CTEST_BIN = $(CTEST_SRC:tests/c/%.c=$(BUILD)/tests/%)

# The Lua C module for a stock lua5.4 (`require "lede"`): the library's
# objects linked without liblua, which the interpreter provides.
LUA_CMOD    = $(BUILD)/lua/lede/core.so
MODULE_LIBS = $(filter-out -llua5.4,$(DEP_LIBS)) -lpthread -lm
LUA_LIBDIR ?= $(PREFIX)/lib/lua/5.4
LUA_DIR    ?= $(PREFIX)/share/lua/5.4

all: $(BUILD)/liblede.a $(BUILD)/$(SONAME) $(BUILD)/lede $(BUILD)/lede.pc $(LUA_CMOD)

$(BUILD)/obj/%.o: core/%.c $(HDRS) $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/liblede.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/$(SONAME): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ $(LIBS)
	ln -sf $(SONAME) $(BUILD)/liblede.so

$(BUILD)/lede: $(CLI_OBJ) $(BUILD)/liblede.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/liblede.a $(LIBS)

$(LUA_CMOD): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared $(LDFLAGS) -o $@ $(LIB_OBJ) $(MODULE_LIBS)
	ln -sf core.so $(dir $@)gazetteer.so

lua-module: $(LUA_CMOD)

install-lua-module: $(LUA_CMOD)
	install -d $(DESTDIR)$(LUA_LIBDIR)/lede $(DESTDIR)$(LUA_DIR)/lede
	install -m 755 $(LUA_CMOD) $(DESTDIR)$(LUA_LIBDIR)/lede/core.so
	ln -sf core.so $(DESTDIR)$(LUA_LIBDIR)/lede/gazetteer.so
	cp -R lua/lede/. $(DESTDIR)$(LUA_DIR)/lede/

$(BUILD)/lede.pc: core/lede.pc.in core/lede.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e 's|@LIBS@|$(DEP_LIBS) -lpthread -lm|g' $< > $@

$(BUILD)/tests/%: tests/c/%.c tests/c/tap.h $(BUILD)/liblede.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/c -o $@ $< $(BUILD)/liblede.a $(LIBS)

tests: all $(CTEST_BIN)

# Test tools (prove, busted, luacheck) are installed like the libraries.
$(BUILD)/testdeps.stamp: vendor/deps.sh
	LEDE_DEPS=test sh vendor/deps.sh $(BUILD)/config.mk
	touch $@

TEST_ENV = LEDE_BIN=$(abspath $(BUILD)/lede) LEDE_BUILD=$(abspath $(BUILD)) LEDE_LDFLAGS='$(LDFLAGS)' \
	LEDE_ROOT=$(CURDIR) LEDE_SEEDS=$(abspath ../shared/seeds)

test: $(BUILD)/testdeps.stamp tests
	$(TEST_ENV) prove -e '' $(PROVE_FLAGS) $(sort $(wildcard tests/*.t)) $(CTEST_BIN:%=./%)
	@if command -v chromium > /dev/null 2>&1 || command -v chromium-browser > /dev/null 2>&1; then $(MAKE) --no-print-directory check-browser; else echo "check-browser: skipped (no chromium)"; fi

# The main job on the sample corpus: a fresh store in build/demo.db.
DEMO_DB = $(BUILD)/demo.db
demo: all
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BUILD)/lede --db $(DEMO_DB) analyze examples/corpus -o $(BUILD)/demo-report.html -o $(BUILD)/demo-report.md
	@echo "Open $(abspath $(BUILD)/demo-report.html) in a browser (or read $(BUILD)/demo-report.md); the store is $(DEMO_DB)"

# The HTML report in headless Chromium: loads, draws its charts, no script
# errors; a screenshot goes to $(BUILD)/report.png.
check-browser: all
	$(TEST_ENV) sh tests/browser/check.sh

# Extraction quality against the annotated corpus (tests/corpus): precision,
# recall, F1 and field accuracy per kind, dev and held-out splits; a figure
# below tests/eval/baseline.json fails (and so does `make test`).
EVAL_BASELINE = $(wildcard tests/eval/baseline.json)
eval: all
	$(BUILD)/lede --db :memory: run tests/eval/predict.lua tests/corpus/corpus.jsonl > $(BUILD)/eval-pred.jsonl
	lua5.4 tests/eval/score.lua tests/corpus/gold $(BUILD)/eval-pred.jsonl --split tests/corpus/SPLIT \
	  --json $(BUILD)/eval.json --targets $(if $(EVAL_BASELINE),--baseline $(EVAL_BASELINE))

# Records the current figures as the baseline `make test` holds them to.
eval-baseline: all
	$(BUILD)/lede --db :memory: run tests/eval/predict.lua tests/corpus/corpus.jsonl > $(BUILD)/eval-pred.jsonl
	lua5.4 tests/eval/score.lua tests/corpus/gold $(BUILD)/eval-pred.jsonl --split tests/corpus/SPLIT \
	  --json tests/eval/baseline.json

# Benchmarks: figures in the README come from here (tests/bench/run.sh).
$(BUILD)/tokbench: tests/bench/tokbench.c $(BUILD)/liblede.a $(HDRS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/liblede.a $(LIBS)

$(BUILD)/gazbench: tests/bench/gazbench.c $(BUILD)/liblede.a $(HDRS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/liblede.a $(LIBS)

bench: all $(BUILD)/tokbench $(BUILD)/gazbench
	LEDE_DEPS=bench sh vendor/deps.sh $(BUILD)/config.mk
	LEDE_BUILD=$(abspath $(BUILD)) sh tests/bench/run.sh

# libFuzzer over the loader's checks, the tokenizer, sentences and layout.
FUZZ_SECONDS ?= 60
fuzz:
	LEDE_DEPS=fuzz sh vendor/deps.sh $(BUILD)/config.mk
	@mkdir -p $(BUILD)/fuzz/corpus
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_DEFAULT_SOURCE \
	  -D_POSIX_C_SOURCE=200809L -Icore $(DEP_CFLAGS) -o $(BUILD)/fuzz/fuzz_text \
	  tests/fuzz/fuzz_text.c core/utf8.c core/unicode.c core/abbrev.c core/token.c core/sentence.c \
	  core/article.c core/buf.c
	cp -n tests/sentences/*.txt $(BUILD)/fuzz/corpus/ 2>/dev/null || true
	$(BUILD)/fuzz/fuzz_text -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(BUILD)/fuzz/corpus
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_DEFAULT_SOURCE \
	  -D_POSIX_C_SOURCE=200809L -Icore $(DEP_CFLAGS) -o $(BUILD)/fuzz/fuzz_input tests/fuzz/fuzz_input.c \
	  $(LIB_SRC) $(LIBS)
	@mkdir -p $(BUILD)/fuzz/corpus_input
	$(BUILD)/fuzz/fuzz_input -max_total_time=$(FUZZ_SECONDS) -max_len=8192 $(BUILD)/fuzz/corpus_input

# Sanitizers: the same suites with ASan+UBSan in a separate build folder.
check-asan:
	$(MAKE) BUILD=build-asan OPT=-O1 \
	  CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined' test

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) \
	  $(DESTDIR)$(PCDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BUILD)/lede $(DESTDIR)$(BINDIR)/lede
	install -m 644 $(BUILD)/liblede.a $(DESTDIR)$(LIBDIR)/liblede.a
	install -m 755 $(BUILD)/$(SONAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/liblede.so
	install -m 644 core/lede.h $(DESTDIR)$(INCDIR)/lede.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e 's|@LIBS@|$(DEP_LIBS) -lpthread -lm|g' core/lede.pc.in > $(DESTDIR)$(PCDIR)/lede.pc
	install -m 644 core/lede.1 $(DESTDIR)$(MANDIR)/lede.1
	cp -R lua scripts data $(DESTDIR)$(DATADIR)/

clean:
	rm -rf $(BUILD) build-asan

.PHONY: all demo check-browser tests test check-asan eval eval-baseline bench fuzz install clean lua-module install-lua-module
