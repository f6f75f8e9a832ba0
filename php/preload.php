<?php

// opcache.preload=/path/to/php/preload.php, with ffi.enable=preload: compiles
// every KSession class once per server and defines the FFI scope 'ksession',
// so that each php-fpm worker reaches the library through FFI::scope()
// instead of parsing the declarations and loading the library per request.
// (Under ffi.enable=preload, FFI may only be called from preloaded code:
// that is why every class is loaded here.)
//
// The scope comes from the ffi.preload setting when it is set (needed when
// php-fpm starts as root: PHP 8.2 refuses FFI::load() while preloading as
// root), else from FFI::load() of the library that KSESSION_LIB, the source
// tree's target/release/ or /usr/local/lib holds.

declare(strict_types=1);

require __DIR__ . '/autoload.php';

$src = __DIR__ . '/src/';
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($src, FilesystemIterator::SKIP_DOTS));
foreach ($files as $file) {
    if (str_ends_with($file->getFilename(), '.php')) {
        class_exists('KSession\\' . str_replace(['/', '.php'], ['\\', ''], substr($file->getPathname(), strlen($src))));
    }
}

KSession\Internal\Native::preload();
