# The PHP wrapper (php/): libksession.so through PHP's FFI. PHPUnit tests
# (both shared vector files through every API, a differential test against
# the plain-PHP reference, bad input, secrets, memory, preloading), a real
# php-fpm (ffi.enable=preload, opcache.preload) behind nginx, the example,
# and the bench against the same job in plain PHP.
TEST_TARGETS += test-php
BENCH_TARGETS += bench-php
DEMO_TARGETS += demo-php

PHP_OUT := $(TARGET_DIR)/php
# The ffi.preload file: include/ksession_php.h under FFI_SCOPE/FFI_LIB lines.
PHP_SCOPE_HEADER := $(PHP_OUT)/ksession-scope.h
PHP_FFI := $(PHP) -d ffi.enable=1

.PHONY: test-php test-php-unit test-php-http bench-php demo-php php-deps php-scope-header

# Debian's PHPUnit, php-fpm, nginx and curl, on top of deps-php's CLI.
php-deps: deps-php
	@scripts/ensure-apt php8.2-cli php8.2-opcache php8.2-fpm php8.2-mbstring phpunit nginx curl gcc

php-scope-header: ffi-lib deps-php
	@mkdir -p $(PHP_OUT)
	@$(PHP) php/tools/scope_header.php $(PHP_SCOPE_HEADER) $(KSESSION_LIB)

test-php: ffi-lib deps-php php-deps test-php-unit test-php-http
	@echo "php: PHPUnit and php-fpm tests passed"

test-php-unit: ffi-lib php-deps
	KSESSION_LIB=$(KSESSION_LIB) $(PHP_FFI) /usr/bin/phpunit -c php/phpunit.xml

test-php-http: ffi-lib php-deps
	KSESSION_LIB=$(KSESSION_LIB) php/tests/http_test.sh

bench-php: ffi-lib php-deps php-scope-header
	KSESSION_LIB=$(KSESSION_LIB) $(PHP_FFI) php/bench/bench_tokens.php $(PHP_SCOPE_HEADER)

demo-php: ffi-lib deps-php
	@echo "== PHP: the platform helper's call through libksession (examples/php/example.php)"
	@KSESSION_LIB=$(KSESSION_LIB) $(PHP_FFI) examples/php/example.php --explain
