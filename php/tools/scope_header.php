<?php

// Writes the declaration file for PHP's ffi.preload setting (and FFI::load()):
// include/ksession_php.h under the two directives FFI reads, FFI_SCOPE
// "ksession" and FFI_LIB with the library's path.
//
// usage: php php/tools/scope_header.php OUTPUT [LIBRARY]
//   LIBRARY defaults to what the wrapper finds: $KSESSION_LIB, the source
//   tree's target/release/libksession.so, /usr/local/lib/libksession.so.
// then, in php.ini: ffi.enable=preload, ffi.preload=OUTPUT,
//   opcache.preload=/path/to/php/preload.php

declare(strict_types=1);

require __DIR__ . '/../autoload.php';

use KSession\Internal\Locate;
use KSession\KsException;

if ($argc < 2 || $argc > 3) {
    fwrite(STDERR, "usage: php {$argv[0]} OUTPUT [LIBRARY]\n");
    exit(2);
}
try {
    $library = $argv[2] ?? Locate::library();
    $real = realpath($library);
    if ($real === false) {
        throw new KsException("$library does not exist");
    }
    $text = Locate::scopeDeclarations($real, Locate::header($real));
} catch (KsException $e) {
    fwrite(STDERR, $e->getMessage() . "\n");
    exit(1);
}
if (file_put_contents($argv[1], $text) !== strlen($text)) {
    fwrite(STDERR, "cannot write {$argv[1]}\n");
    exit(1);
}
