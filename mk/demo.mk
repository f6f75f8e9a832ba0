# `make demo`: the same inputs through the CLI, the C example, Python and PHP,
# compared byte for byte, then the decoded fields. Each part also has its own
# longer demo: demo-cli, demo-python, demo-php.
.PHONY: demo-languages
demo-languages: cli-bin ffi-lib ffi-deps python-wheel php-deps
	@mkdir -p $(FFI_OUT)
	@gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude examples/c/example.c \
	  -L$(TARGET_DIR)/release -Wl,-rpath,$(TARGET_DIR)/release -lksession -o $(FFI_OUT)/example-c-demo
	@KSESSION_BIN=$(KSESSION_BIN) KSESSION_C_EXAMPLE=$(FFI_OUT)/example-c-demo KSESSION_PY=$(PY) \
	  KSESSION_LIB=$(KSESSION_LIB) scripts/demo
