# The C ABI (ffi/): libksession.so and libksession.a, the generated headers
# (include/ksession.h, include/ksession_php.h), C tests under ASan+UBSan and
# valgrind, the C and C++ examples built through pkg-config, and the bench.
TEST_TARGETS += test-ffi
BENCH_TARGETS += bench-ffi

# The release library that PHP, the CLI demo and the examples load (`make ffi-lib`).
KSESSION_LIB := $(TARGET_DIR)/release/libksession.so
KSESSION_STATIC_LIB := $(TARGET_DIR)/release/libksession.a
# The workspace version, as Cargo reads it.
KSESSION_VERSION := $(shell sed -n '/^\[workspace\.package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml)

# `make install PREFIX=/usr/local DESTDIR=`: library, header, pkg-config file.
PREFIX ?= /usr/local
FFI_LIBDIR = $(PREFIX)/lib
FFI_INCLUDEDIR = $(PREFIX)/include
FFI_DATADIR = $(PREFIX)/share/ksession

FFI_OUT := $(TARGET_DIR)/ffi
FFI_VECTORS := tests/vectors/ks_v1.json tests/vectors/ks_v2.json
FFI_PREFIX := $(FFI_OUT)/prefix
FFI_CBINDGEN_VERSION := 0.29.0
FFI_CBINDGEN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin/cbindgen
FFI_CFLAGS := -std=c11 -Wall -Wextra -Wpedantic -Werror -g -O1 -Iinclude
FFI_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FFI_LDLIBS := -L$(TARGET_DIR)/release -Wl,-rpath,$(TARGET_DIR)/release -lksession -ljansson -lpthread
FFI_VALGRIND := valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all

.PHONY: ffi-lib ffi-deps ffi-cbindgen ffi-header check-ffi-header install install-ffi bench-ffi \
	test-ffi test-ffi-rust test-ffi-symbols test-ffi-c test-ffi-examples

ffi-lib:
	$(CARGO) build --release -p ksession-ffi

ffi-deps:
	@scripts/ensure-apt gcc g++ libc6-dev binutils pkg-config valgrind libjansson-dev python3

# cbindgen, pinned: the header must not change with the generator's version.
ffi-cbindgen:
	@$(FFI_CBINDGEN) --version 2>/dev/null | grep -qx 'cbindgen $(FFI_CBINDGEN_VERSION)' \
	  || $(CARGO) install --locked --force cbindgen --version $(FFI_CBINDGEN_VERSION)

# Regenerates both headers from ffi/src.
ffi-header: ffi-cbindgen
	$(FFI_CBINDGEN) -q --config ffi/cbindgen.toml --crate ksession-ffi --output include/ksession.h ffi
	$(FFI_CBINDGEN) -q --config ffi/cbindgen-php.toml --crate ksession-ffi --output include/ksession_php.h ffi

# Fails when a committed header differs by one byte from what ffi/src generates.
check-ffi-header: ffi-cbindgen
	@mkdir -p $(FFI_OUT)
	@$(FFI_CBINDGEN) -q --config ffi/cbindgen.toml --crate ksession-ffi --output $(FFI_OUT)/ksession.h ffi
	@$(FFI_CBINDGEN) -q --config ffi/cbindgen-php.toml --crate ksession-ffi --output $(FFI_OUT)/ksession_php.h ffi
	@for h in ksession.h ksession_php.h; do \
	  cmp -s $(FFI_OUT)/$$h include/$$h || { \
	    diff -u include/$$h $(FFI_OUT)/$$h | head -40 >&2; \
	    echo "include/$$h is stale: run 'make ffi-header'" >&2; exit 1; }; \
	done
	@echo "headers: include/ksession.h and include/ksession_php.h match ffi/src"

install: install-ffi
install-ffi: ffi-lib
	install -d $(DESTDIR)$(FFI_LIBDIR)/pkgconfig $(DESTDIR)$(FFI_INCLUDEDIR) $(DESTDIR)$(FFI_DATADIR)
	install -m 0755 $(KSESSION_LIB) $(DESTDIR)$(FFI_LIBDIR)/libksession.so
	install -m 0644 $(KSESSION_STATIC_LIB) $(DESTDIR)$(FFI_LIBDIR)/libksession.a
	install -m 0644 include/ksession.h $(DESTDIR)$(FFI_INCLUDEDIR)/ksession.h
	install -m 0644 include/ksession_php.h $(DESTDIR)$(FFI_DATADIR)/ksession_php.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(FFI_LIBDIR)|g' -e 's|@INCLUDEDIR@|$(FFI_INCLUDEDIR)|g' \
	  -e 's|@VERSION@|$(KSESSION_VERSION)|g' ffi/ksession.pc.in > $(DESTDIR)$(FFI_LIBDIR)/pkgconfig/ksession.pc

test-ffi: test-ffi-rust check-ffi-header test-ffi-symbols test-ffi-c test-ffi-examples
	@echo "ffi: all C ABI checks passed"

test-ffi-rust:
	$(CARGO) test -p ksession-ffi
	$(CARGO) clippy -p ksession-ffi --all-targets -- -D warnings

# The functions PHP declares are exactly the symbols the library exports, and
# PHP's FFI parses the declarations.
test-ffi-symbols: ffi-lib ffi-deps deps-php
	@mkdir -p $(FFI_OUT)
	@nm -D --defined-only $(KSESSION_LIB) | awk '{print $$NF}' | sort > $(FFI_OUT)/exported.txt
	@gcc -E -P -x c include/ksession_php.h | grep -oE '\bksession_[a-z0-9_]+\(' | tr -d '(' \
	  | sort > $(FFI_OUT)/declared-php.txt
	@gcc -E -P -x c include/ksession.h | grep -oE '\bksession_[a-z0-9_]+\(' | tr -d '(' \
	  | sort > $(FFI_OUT)/declared-c.txt
	@test -s $(FFI_OUT)/exported.txt
	@diff -u $(FFI_OUT)/declared-php.txt $(FFI_OUT)/exported.txt \
	  || { echo "include/ksession_php.h does not declare exactly the exported symbols" >&2; exit 1; }
	@diff -u $(FFI_OUT)/declared-c.txt $(FFI_OUT)/exported.txt \
	  || { echo "include/ksession.h does not declare exactly the exported symbols" >&2; exit 1; }
	@! grep -n '^[[:space:]]*#' include/ksession_php.h \
	  || { echo "include/ksession_php.h has preprocessor lines" >&2; exit 1; }
	@php -d ffi.enable=1 ffi/check_php_cdef.php include/ksession_php.h $(KSESSION_LIB) $(KSESSION_VERSION)
	@echo "symbols: $$(wc -l < $(FFI_OUT)/exported.txt) exported, all declared in both headers; PHP FFI loads ksession_php.h"

# The C test suite, built with -Werror, under AddressSanitizer+UBSan, then
# under valgrind; then a program whose getrandom() fails (-rdynamic makes the
# library find it), for KSESSION_STATUS_RANDOM_UNAVAILABLE.
test-ffi-c: ffi-lib ffi-deps
	@mkdir -p $(FFI_OUT)
	gcc $(FFI_CFLAGS) $(FFI_SANITIZE) -DKSESSION_EXPECTED_VERSION='"$(KSESSION_VERSION)"' \
	  tests/c/test_ksession.c -o $(FFI_OUT)/test_ksession_asan $(FFI_LDLIBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(FFI_OUT)/test_ksession_asan $(FFI_VECTORS)
	gcc $(FFI_CFLAGS) -DKSESSION_EXPECTED_VERSION='"$(KSESSION_VERSION)"' \
	  tests/c/test_ksession.c -o $(FFI_OUT)/test_ksession $(FFI_LDLIBS)
	$(FFI_VALGRIND) $(FFI_OUT)/test_ksession $(FFI_VECTORS)
	gcc $(FFI_CFLAGS) $(FFI_SANITIZE) -rdynamic tests/c/test_random_unavailable.c \
	  -o $(FFI_OUT)/test_random_unavailable $(FFI_LDLIBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(FFI_OUT)/test_random_unavailable

# The examples, built against an installed prefix through pkg-config (shared
# and static), must print the vector file's "spec vector" token.
test-ffi-examples: ffi-deps
	@rm -rf $(FFI_PREFIX)
	@$(MAKE) install-ffi PREFIX=$(FFI_PREFIX) >/dev/null
	@export PKG_CONFIG_PATH=$(FFI_PREFIX)/lib/pkgconfig; \
	libdir=$$(pkg-config --variable=libdir ksession); \
	test "$$(pkg-config --modversion ksession)" = "$(KSESSION_VERSION)"; \
	set -x; \
	gcc -std=c11 -Wall -Wextra -Wpedantic -Werror examples/c/example.c \
	  $$(pkg-config --cflags --libs ksession) -Wl,-rpath,$$libdir -o $(FFI_OUT)/example-c; \
	g++ -std=c++17 -Wall -Wextra -Wpedantic -Werror examples/cpp/example.cpp \
	  $$(pkg-config --cflags --libs ksession) -Wl,-rpath,$$libdir -o $(FFI_OUT)/example-cpp; \
	gcc -std=c11 -Wall -Wextra -Wpedantic -Werror examples/c/example.c $$(pkg-config --cflags ksession) \
	  $$libdir/libksession.a $$(pkg-config --static --libs-only-l ksession | sed 's/-lksession //') \
	  -o $(FFI_OUT)/example-static
	@! ldd $(FFI_OUT)/example-static | grep -q libksession \
	  || { echo "example-static loads libksession.so" >&2; exit 1; }
	@want=$$(python3 -c 'import json, sys; \
	  print(next(c["token"] for c in json.load(open(sys.argv[1]))["cases"] if c["name"] == "spec vector"))' $(VECTORS)); \
	for ex in example-c example-cpp example-static; do \
	  got=$$($(FFI_OUT)/$$ex 2>/dev/null); \
	  if [ "$$got" != "$$want" ]; then echo "$$ex printed '$$got', want '$$want'" >&2; exit 1; fi; \
	done; \
	echo "examples: C, C++ and static C print the spec vector's token"

bench-ffi:
	$(CARGO) bench -p ksession-ffi --bench ffi -- --noplot
	@python3 ffi/benches/ratios.py $(TARGET_DIR)/criterion
