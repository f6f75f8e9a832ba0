<?php

// Run by bench_tokens.php in a fresh process: the one-time cost, in ns, of
// reaching the library. argv[1]:
//   cdef    FFI::cdef() of the declarations (already read) and the library
//   scope   FFI::scope('ksession') (the process must be preloaded)
//   wrapper the wrapper's whole first load: find, read, load, check the version, allocate
//   request what each later php-fpm request pays in a warm worker (static state
//           starts empty at every request): the wrapper's setup again, median of 1000
// argv[2], argv[3]: the declarations file and the library, for cdef.

declare(strict_types=1);

require __DIR__ . '/../autoload.php';

[, $mode] = $argv;
if ($mode === 'cdef') {
    $declarations = (string) file_get_contents($argv[2]);
    $library = $argv[3];
}
if ($mode === 'request') {
    $times = [];
    for ($i = 0; $i < 1100; $i++) {
        KSession\Internal\Native::$instance = null;
        $start = hrtime(true);
        KSession\Internal\Native::get();
        $times[] = hrtime(true) - $start;
    }
    $times = array_slice($times, 100);
    sort($times);
    echo json_encode(['ns' => $times[500], 'via' => KSession\KSession::library()['loaded_via']]), "\n";
    exit;
}
$start = hrtime(true);
$ffi = match ($mode) {
    'cdef' => FFI::cdef($declarations, $library),
    'scope' => FFI::scope('ksession'),
    'wrapper' => KSession\Internal\Native::get()->ffi,
};
$ns = hrtime(true) - $start;
$version = $ffi->ksession_version();
echo json_encode(['ns' => $ns, 'version' => $version, 'via' => KSession\KSession::library()['loaded_via']]), "\n";
