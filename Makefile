# ksession: `make demo` and `make test` are the entry points; both install
# what is missing (Debian packages, a pinned cbindgen, a project venv).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test
MAKEFLAGS += --no-print-directory

CARGO ?= cargo
ROOT := $(CURDIR)
TARGET_DIR := $(ROOT)/target
VENV := $(ROOT)/.venv
PY := $(VENV)/bin/python
PHP := php
VECTORS := tests/vectors/ks_v1.json
VECTORS_V2 := tests/vectors/ks_v2.json

# Each mk/*.mk adds its own targets to these lists (DEMO_TARGETS lists the
# parts' own demos; `make demo` runs the cross-language one in mk/demo.mk).
TEST_TARGETS :=
BENCH_TARGETS :=
DEMO_TARGETS :=

.PHONY: test bench demo deps-php venv vectors check-vectors

include $(sort $(wildcard mk/*.mk))

test: $(TEST_TARGETS)
	@echo "all suites passed"

bench: $(BENCH_TARGETS)

demo: demo-languages

# PHP runs the reference implementation that writes the shared vectors.
deps-php:
	@scripts/ensure-apt php8.2-cli

# The project venv: maturin, pytest and friends, pinned.
venv: $(VENV)/.installed
$(VENV)/.installed: python/requirements-dev.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r python/requirements-dev.txt
	@touch $@

# Rewrites the shared vector files from the plain-PHP reference.
vectors: deps-php
	$(PHP) tests/reference/generate_vectors.php > $(VECTORS)
	$(PHP) tests/reference/generate_vectors_v2.php > $(VECTORS_V2)

# Fails when a checked-in vector file is not what the reference writes.
check-vectors: deps-php
	@$(PHP) tests/reference/generate_vectors.php | diff -q - $(VECTORS) >/dev/null \
	  || { echo "$(VECTORS) is stale: run 'make vectors'" >&2; exit 1; }
	@$(PHP) tests/reference/generate_vectors_v2.php | diff -q - $(VECTORS_V2) >/dev/null \
	  || { echo "$(VECTORS_V2) is stale: run 'make vectors'" >&2; exit 1; }
	@echo "vectors: $(VECTORS) and $(VECTORS_V2) match the PHP reference"
