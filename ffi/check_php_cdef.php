<?php
// Loads include/ksession_php.h with PHP's FFI::cdef() against the built
// library and checks a call and an enum constant: the declarations PHP gets
// are parseable and bind.
// usage: php -d ffi.enable=1 ffi/check_php_cdef.php HEADER LIBRARY VERSION
[, $header, $library, $version] = $argv;
$ffi = FFI::cdef(file_get_contents($header), $library);
$got = $ffi->ksession_version();
$got = is_string($got) ? $got : FFI::string($got);
if ($got !== $version || $ffi->KSESSION_STATUS_EXPIRED !== 4) {
    fwrite(STDERR, "PHP FFI: version '$got', KSESSION_STATUS_EXPIRED {$ffi->KSESSION_STATUS_EXPIRED}\n");
    exit(1);
}
