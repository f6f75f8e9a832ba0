<?php

// A playback KS for one entry, as JSON: GET /playback_token.php?entry_id=0_fld1ro3s
//   200 {"ks": "...", "entry_id": "0_fld1ro3s"}
//   400 {"error": "entry_id contains ',' at byte 3", "field": "entry_id"}
//
// The admin secret and the partner id come from the environment (in the
// php-fpm pool: env[KSESSION_ADMIN_SECRET] = ..., env[KSESSION_PARTNER_ID] = ...),
// never from the request. Every request for one entry within a 10-minute
// window gets the same token, so players and CDNs see one URL.
//
// `now` (unix seconds) is accepted only when the pool sets
// env[KSESSION_ALLOW_NOW] = 1, for tests that need a reproducible token.

declare(strict_types=1);

require __DIR__ . '/../../php/autoload.php';

use KSession\InvalidFieldException;
use KSession\KalturaHelper;
use KSession\KsException;

const EXPIRY = 18000; // seconds the token stays valid after its window: a film with its pauses
const CACHE = 600;    // the window: one token per entry every 10 minutes
// In a real site: the signed-in user from your own session, never the query string.
const USER_ID = 'Viewer';

function reply(int $status, array $body): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    header('Cache-Control: no-store');
    echo json_encode($body, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
}

$secret = getenv('KSESSION_ADMIN_SECRET');
$partnerId = getenv('KSESSION_PARTNER_ID');
if (!is_string($secret) || $secret === '' || !is_string($partnerId) || $partnerId === '') {
    error_log('playback_token.php: set env[KSESSION_ADMIN_SECRET] and env[KSESSION_PARTNER_ID] in the php-fpm pool');
    reply(500, ['error' => 'the server is not configured to mint tokens']);
    return;
}
if (isset($_GET['now']) && getenv('KSESSION_ALLOW_NOW') !== '1') {
    reply(400, ['error' => 'now is accepted only when KSESSION_ALLOW_NOW=1 (tests)', 'field' => 'now']);
    return;
}

try {
    $ks = KalturaHelper::generateCachedEntryViewingSession(
        $secret, USER_ID, $_GET['entry_id'] ?? '', $partnerId, EXPIRY, CACHE, '', $_GET['now'] ?? null,
    );
    reply(200, ['ks' => $ks, 'entry_id' => $_GET['entry_id']]);
} catch (InvalidFieldException $e) {
    // The message names the field and the reason, never the secret.
    reply(400, ['error' => $e->getMessage(), 'field' => $e->field]);
} catch (KsException $e) {
    error_log('playback_token.php: ' . $e->getMessage());
    reply(500, ['error' => 'cannot mint a token']);
}
