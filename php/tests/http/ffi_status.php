<?php

// Served next to examples/php/playback_token.php by http_test.sh: how this
// php-fpm worker reaches libksession (it must be the preloaded FFI scope).

declare(strict_types=1);

require __DIR__ . '/../../autoload.php';

$preloaded = opcache_get_status(false)['preload_statistics']['classes'] ?? [];
header('Content-Type: application/json');
echo json_encode([
    'sapi' => PHP_SAPI,
    'ffi.enable' => ini_get('ffi.enable'),
    'opcache.preload' => ini_get('opcache.preload'),
    'preloaded' => array_values(array_filter($preloaded, fn ($c) => str_starts_with($c, 'KSession\\'))),
    'library' => KSession\KSession::library(),
]), "\n";
