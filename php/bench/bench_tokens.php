<?php

// ns per token through FFI (the static helper, which keeps a prepared handle
// per secret and inputs; a Signer holding the secret; and a prepared
// EntryViewing, which passes only the entry id and the time) next to the same job in plain PHP (the platform helper's code:
// implode, sha1, base64_encode), in one run; then the one-time cost of
// reaching the library with FFI::cdef() versus a preloaded FFI::scope(),
// each measured in fresh processes.
//
// php -d ffi.enable=1 php/bench/bench_tokens.php [SCOPE_HEADER]
//   SCOPE_HEADER: the ffi.preload file (php/tools/scope_header.php writes it),
//   needed for the preloaded children when running as root.

declare(strict_types=1);

require __DIR__ . '/../autoload.php';

use KSession\Internal\Locate;
use KSession\KalturaHelper;
use KSession\Signer;

const SECRET = '0123456789abcdef0123456789abcdef';
// Short blocks of each job in turn, many times: a ratio compares blocks run
// moments apart, which a machine's changing load disturbs far less than
// long runs one after the other.
const ROUNDS = 61;
const CALLS = 4000;
const CHILDREN = 21;

/** The platform helper's generateCachedEntryViewingSession, with `now` passed in. */
function native_cached_entry_viewing_session($adminSecret, $userId, $entryId, $partnerId, $expiry = 86400,
    $cache = 60, $custom = '', $now = null)
{
    $now ??= time();
    $rounded = $now + ($cache - $now % $cache);
    $privileges = 'sview:' . $entryId . ',setrole:PLAYBACK_BASE_ROLE,widget:1';
    $info = implode(';', [$partnerId, $partnerId, $rounded + $expiry, 0, $rounded, $userId, $privileges, '', $custom]);
    return base64_encode(sha1($adminSecret . $info) . '|' . $info);
}

function median(array $values): float
{
    sort($values);
    return (float) $values[intdiv(count($values), 2)];
}

// --- per token -------------------------------------------------------------------
$signer = new Signer(SECRET);
$prepared = $signer->entryViewing(3000582, 'Viewer', 18000, 600);
$jobs = [
    'native PHP (sha1, base64_encode)' => static function (int $n): void {
        for ($i = 0; $i < $n; $i++) {
            native_cached_entry_viewing_session(SECRET, 'Viewer', '0_fld1ro3s', 3000582, 18000, 600, '', 1621594000 + $i);
        }
    },
    'FFI, KalturaHelper (static)' => static function (int $n): void {
        for ($i = 0; $i < $n; $i++) {
            KalturaHelper::generateCachedEntryViewingSession(SECRET, 'Viewer', '0_fld1ro3s', 3000582, 18000, 600, '', 1621594000 + $i);
        }
    },
    'FFI, Signer handle' => static function (int $n) use ($signer): void {
        for ($i = 0; $i < $n; $i++) {
            $signer->generateCachedEntryViewingSession(3000582, '0_fld1ro3s', 'Viewer', 18000, 600, '', 1621594000 + $i);
        }
    },
    'FFI, Signer->entryViewing() prepared' => static function (int $n) use ($prepared): void {
        for ($i = 0; $i < $n; $i++) {
            $prepared->generate('0_fld1ro3s', 1621594000 + $i);
        }
    },
];
// The four make the same token.
$same = [
    native_cached_entry_viewing_session(SECRET, 'Viewer', '0_fld1ro3s', 3000582, 18000, 600, '', 1621594000),
    KalturaHelper::generateCachedEntryViewingSession(SECRET, 'Viewer', '0_fld1ro3s', 3000582, 18000, 600, '', 1621594000),
    $signer->generateCachedEntryViewingSession(3000582, '0_fld1ro3s', 'Viewer', 18000, 600, '', 1621594000),
    $prepared->generate('0_fld1ro3s', 1621594000),
];
if (count(array_unique($same)) !== 1) {
    fwrite(STDERR, "the four paths disagree\n");
    exit(1);
}
$samples = [];
$ratios = [];
foreach ($jobs as $job) {
    $job(10000);
}
$nativeName = 'native PHP (sha1, base64_encode)';
for ($round = 0; $round < ROUNDS; $round++) {
    $times = [];
    foreach ($jobs as $name => $job) {
        $start = hrtime(true);
        $job(CALLS);
        $times[$name] = (hrtime(true) - $start) / CALLS;
        $samples[$name][] = $times[$name];
    }
    foreach ($times as $name => $ns) {
        $ratios[$name][] = $ns / $times[$nativeName];
    }
}
printf("cached entry-viewing KS v1, %d rounds of %d tokens per path, alternating; medians (PHP %s, opcache.jit %s):\n",
    ROUNDS, CALLS, PHP_VERSION, ini_get('opcache.jit') ?: 'off');
foreach ($samples as $name => $values) {
    printf("  %-38s %7.0f ns/token  %.2fx native PHP\n", $name, median($values), median($ratios[$name]));
}

// --- one-time load cost --------------------------------------------------------
$library = realpath(Locate::library());
$header = Locate::header($library);
$scopeHeader = $argv[1] ?? '';
$child = __DIR__ . '/load_child.php';
$preload = ['-d', 'ffi.enable=preload', '-d', 'opcache.enable_cli=1', '-d', 'opcache.preload=' . dirname(__DIR__) . '/preload.php'];
if (posix_geteuid() === 0) {
    if ($scopeHeader === '') {
        fwrite(STDERR, "as root, pass the ffi.preload file (php/tools/scope_header.php writes it)\n");
        exit(2);
    }
    array_push($preload, '-d', 'opcache.preload_user=root', '-d', "ffi.preload=$scopeHeader");
}
$loads = [
    'FFI::cdef(declarations, library)' => [['-d', 'ffi.enable=1'], ['cdef', $header, $library], 'cdef'],
    'FFI::scope(\'ksession\'), preloaded' => [$preload, ['scope'], 'scope'],
    'wrapper first use, not preloaded' => [['-d', 'ffi.enable=1'], ['wrapper'], 'cdef'],
    'wrapper first use, preloaded' => [$preload, ['wrapper'], 'scope'],
    'wrapper setup per request, preloaded' => [$preload, ['request'], 'scope'],
];
printf("one-time cost of reaching the library, median of %d fresh processes:\n", CHILDREN);
printf("  (preloaded: what php-fpm does; \"per request\": a warm worker's cost at each request)\n");
foreach ($loads as $name => [$settings, $args, $via]) {
    $ns = [];
    for ($i = 0; $i < CHILDREN; $i++) {
        $out = shell_exec(implode(' ', array_map('escapeshellarg', [PHP_BINARY, ...$settings, $child, ...$args])) . ' 2>&1');
        $got = json_decode((string) $out, true);
        if (!is_array($got) || $got['via'] !== $via) {
            fwrite(STDERR, "$name: unexpected output: $out\n");
            exit(1);
        }
        $ns[] = $got['ns'];
    }
    printf("  %-34s %9.1f us\n", $name, median($ns) / 1000);
}
