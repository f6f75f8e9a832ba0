# The ksession command-line tool: unit tests, integration tests that run the
# built binary (every shared vector, round trips, exit codes, secret sources),
# lints; a release build and a short demo.
TEST_TARGETS += test-cli
DEMO_TARGETS += demo-cli

# The release binary, for the demo and for other parts that want to call it.
KSESSION_BIN := $(TARGET_DIR)/release/ksession

# The spec's public test secret, so that the demo's token is the spec's vector.
demo-cli: export KSESSION_ADMIN_SECRET := 0123456789abcdef0123456789abcdef

.PHONY: test-cli cli-bin demo-cli
test-cli:
	$(CARGO) test -p ksession-cli
	$(CARGO) clippy -p ksession-cli --all-targets -- -D warnings

cli-bin:
	$(CARGO) build --release -p ksession-cli --bin ksession

demo-cli: cli-bin
	@echo "== ksession generate: the cached entry-viewing KS of the spec's example"
	@KS=$$($(KSESSION_BIN) generate --partner-id 3000582 --entry-id 0_fld1ro3s --user-id Viewer \
	    --expiry 5h --cache 10m --now 1621594000); \
	echo "$$KS"; \
	echo "== ksession decode: every field, no secret needed"; \
	$(KSESSION_BIN) decode "$$KS" --now 1621611648; \
	echo "== ksession verify"; \
	$(KSESSION_BIN) verify "$$KS" --now 1621611648; \
	echo "== ksession verify at valid_until"; \
	$(KSESSION_BIN) verify "$$KS" --now 1621612200 || echo "exit code $$?"; \
	echo "== the same session as a cached KS v2, decoded with the secret"; \
	KS2=$$($(KSESSION_BIN) generate --partner-id 3000582 --entry-id 0_fld1ro3s --user-id Viewer \
	    --expiry 5h --cache 10m --now 1621594000 --v2); \
	echo "$$KS2"; \
	$(KSESSION_BIN) decode --json "$$KS2" --now 1621611648; \
	echo "== an entry id that would add the '*' privilege"; \
	$(KSESSION_BIN) generate --partner-id 3000582 --entry-id '0_abc,*' || echo "exit code $$?"
