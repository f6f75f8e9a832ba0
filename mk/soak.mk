# Concurrency soak (tests/soak/): 8 threads minting and verifying tokens in a
# loop, from C (under AddressSanitizer + UBSan) and from Python. Too long for
# `make test`: run `make soak`. SOAK_ITERATIONS (per C thread) and
# SOAK_PY_ITERATIONS (per Python thread) shorten or lengthen it.
SOAK_ITERATIONS ?= 1000000
SOAK_PY_ITERATIONS ?= 200000

SOAK_OUT := $(TARGET_DIR)/soak
SOAK_CFLAGS := -std=c11 -Wall -Wextra -Wpedantic -Werror -g -O2 -Iinclude \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SOAK_LDLIBS := -L$(TARGET_DIR)/release -Wl,-rpath,$(TARGET_DIR)/release -lksession -ljansson -lpthread

.PHONY: soak soak-c soak-python

soak: soak-c soak-python

soak-c: ffi-lib ffi-deps
	@mkdir -p $(SOAK_OUT)
	gcc $(SOAK_CFLAGS) tests/soak/soak.c -o $(SOAK_OUT)/soak $(SOAK_LDLIBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(SOAK_OUT)/soak $(SOAK_ITERATIONS) $(VECTORS)

soak-python: python-wheel
	SOAK_PY_ITERATIONS=$(SOAK_PY_ITERATIONS) $(PY) tests/soak/soak.py $(VECTORS)
