# The Python binding: one abi3 wheel (CPython 3.8+) built by maturin,
# installed into the project venv, tested with pytest (shared vectors,
# differential test against a pure-Python implementation, typing, threads),
# benchmarked against that pure-Python implementation.
TEST_TARGETS += test-python
BENCH_TARGETS += bench-python
DEMO_TARGETS += demo-python

PYTHON_WHEEL_DIR := $(TARGET_DIR)/python-wheels
# Stamp of the wheel installed in the venv; rebuilt only when a source changes.
PYTHON_WHEEL_STAMP := $(VENV)/.ksession-wheel
PYTHON_WHEEL_SOURCES := $(wildcard core/src/*.rs python/src/*.rs python/ksession/*) \
	core/Cargo.toml python/Cargo.toml python/pyproject.toml python/README.md Cargo.toml Cargo.lock

.PHONY: test-python bench-python demo-python python-wheel

python-wheel: venv $(PYTHON_WHEEL_STAMP)

$(PYTHON_WHEEL_STAMP): $(VENV)/.installed $(PYTHON_WHEEL_SOURCES)
	@rm -rf $(PYTHON_WHEEL_DIR)
	$(VENV)/bin/maturin build --release -m python/Cargo.toml -i $(PY) -o $(PYTHON_WHEEL_DIR)
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --force-reinstall $(PYTHON_WHEEL_DIR)/ksession-*.whl
	@touch $@

test-python: python-wheel
	$(CARGO) fmt -p ksession-python --check
	PYO3_PYTHON=$(PY) $(CARGO) clippy -p ksession-python --all-targets -- -D warnings
	KSESSION_WHEEL_DIR=$(PYTHON_WHEEL_DIR) $(VENV)/bin/pytest -o cache_dir=$(TARGET_DIR)/pytest-cache python/tests

bench-python: python-wheel
	$(PY) python/bench/bench_tokens.py

demo-python: python-wheel
	$(PY) examples/python/entry_viewing_token.py --explain
