<?php

// Prints the cached entry-viewing KS of the format's own example (secret
// 0123456789abcdef0123456789abcdef, partner 3000582, user Viewer, entry
// 0_fld1ro3s, expiry 5 hours, cache 10 minutes, at 1621594000); with
// --explain, also what decoding it tells and how a hostile entry id is refused.
//
// php -d ffi.enable=1 examples/php/example.php [--explain]

declare(strict_types=1);

require __DIR__ . '/../../php/autoload.php';

use KSession\InvalidFieldException;
use KSession\KalturaHelper;
use KSession\KSession;

// The format's public test secret: a real one comes from your configuration, never from code.
$secret = '0123456789abcdef0123456789abcdef';

// The platform helper's call, unchanged, plus a fixed `now`.
$ks = KalturaHelper::generateCachedEntryViewingSession($secret, 'Viewer', '0_fld1ro3s', 3000582, 18000, 600, '', 1621594000);
echo $ks, "\n";

if (in_array('--explain', $argv, true)) {
    $decoded = KSession::decode($ks);
    printf("partner %d, user '%s', %s session, valid until %s, privileges %s\n", $decoded->partnerId,
        $decoded->userId, $decoded->typeName(), gmdate('Y-m-d H:i:s \U\T\C', $decoded->validUntil), $decoded->privileges);
    try {
        KalturaHelper::generateCachedEntryViewingSession($secret, 'Viewer', '0_fld1ro3s,*', 3000582);
    } catch (InvalidFieldException $e) {
        printf("entry id '0_fld1ro3s,*' refused: %s (field %s, code %d)\n", $e->getMessage(), $e->field, $e->getCode());
    }
}
