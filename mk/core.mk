# The core crate: vectors, unit and property tests, doctests, lints.
TEST_TARGETS += check-vectors test-core
BENCH_TARGETS += bench-core

.PHONY: test-core bench-core
test-core:
	$(CARGO) fmt --all --check
	$(CARGO) test -p ksession --all-targets
	$(CARGO) test -p ksession --doc
	$(CARGO) clippy -p ksession --all-targets -- -D warnings

bench-core:
	$(CARGO) bench -p ksession --bench ksession -- --noplot
	@python3 core/benches/ratios.py $(TARGET_DIR)/criterion
