# Fuzzing the core with cargo-fuzz and libFuzzer (fuzz/, a workspace of its
# own). Not part of `make test`: fuzzing needs the nightly toolchain.
#
#   make fuzz                     each target for FUZZ_SECONDS (60), then executions per target
#   make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS=verify
#   make fuzz FUZZ_SKIP_KNOWN=all step over the known findings (see fuzz/README.md)
#   make fuzz-replay              the committed inputs through the same checks, on stable
#   make fuzz-seeds               rewrite fuzz/corpus/*/seed-NNN from the shared vectors

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= decode verify privileges roundtrip
FUZZ_TOOLCHAIN ?= nightly
FUZZ_SKIP_KNOWN ?=
FUZZ_DIR := $(ROOT)/fuzz
FUZZ_LOGS := $(FUZZ_DIR)/artifacts/logs

.PHONY: fuzz fuzz-tools fuzz-seeds fuzz-replay

fuzz-tools:
	@rustup toolchain list | grep -q '^$(FUZZ_TOOLCHAIN)' \
	  || rustup toolchain install $(FUZZ_TOOLCHAIN) --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install --locked cargo-fuzz

fuzz-seeds:
	@python3 $(FUZZ_DIR)/seed_corpus.py

# Every target runs, even after one finds a crash; the crash input is in
# fuzz/artifacts/<target>/ and the whole output in fuzz/artifacts/logs/.
fuzz: fuzz-tools fuzz-seeds
	@mkdir -p $(FUZZ_LOGS)
	cd $(FUZZ_DIR) && $(CARGO) +$(FUZZ_TOOLCHAIN) fuzz build
	@status=0; summary=""; \
	for t in $(FUZZ_TARGETS); do \
	  log=$(FUZZ_LOGS)/$$t.log; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s (log: $$log)"; \
	  if (cd $(FUZZ_DIR) && KSESSION_FUZZ_SKIP_KNOWN='$(FUZZ_SKIP_KNOWN)' \
	      $(CARGO) +$(FUZZ_TOOLCHAIN) fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1) \
	      >"$$log" 2>&1; then \
	    runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' "$$log" | tail -n1); \
	    rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' "$$log" | tail -n1); \
	    line=$$(printf '%-11s ok       %12s execs  %8s exec/s' "$$t" "$${runs:-?}" "$${rate:-?}"); \
	  else \
	    status=1; \
	    artifact=$$(grep -o 'Test unit written to [^ ]*' "$$log" | tail -n1 | sed 's/Test unit written to //'); \
	    runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' "$$log" | tail -n1); \
	    line=$$(printf '%-11s CRASHED  after %s execs: %s' "$$t" "$${runs:-?}" "$${artifact:-see $$log}"); \
	    grep -m1 -A1 -E "panicked at|ERROR: " "$$log" | sed 's/^/    /' || true; \
	  fi; \
	  echo "$$line"; summary="$$summary$$line"$$'\n'; \
	done; \
	echo "== fuzz summary ($(FUZZ_SECONDS) s per target)"; printf '%s' "$$summary"; \
	exit $$status

fuzz-replay: fuzz-seeds
	$(CARGO) test --release --manifest-path $(FUZZ_DIR)/Cargo.toml
