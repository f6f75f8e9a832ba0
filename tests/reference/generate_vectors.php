<?php
// Writes tests/vectors/ks_v1.json from the plain-PHP reference.
// Usage: php tests/reference/generate_vectors.php > tests/vectors/ks_v1.json
// `make test` regenerates it and fails when the checked-in file differs.

declare(strict_types=1);

require __DIR__ . '/ks_reference.php';

const SECRET = '0123456789abcdef0123456789abcdef';
const SECRET_B = 'fedcba9876543210fedcba9876543210';
const PARTNER = 3000582;

$cases = [];

function add(array &$cases, string $name, array $case): void
{
    $cases[] = ['name' => $name] + $case;
}

function entry_case(array &$cases, string $name, array $in): void
{
    $in += ['admin_secret' => SECRET, 'partner_id' => PARTNER, 'user_id' => '', 'entry_id' => '0_fld1ro3s',
        'expiry' => 86400, 'cache' => 60, 'custom' => '', 'url_safe' => false];
    [$info, $token] = ref_cached_entry_viewing_session($in['admin_secret'], $in['user_id'], $in['entry_id'],
        $in['partner_id'], $in['expiry'], $in['cache'], $in['custom'], $in['now']);
    if ($in['url_safe']) {
        $token = ref_url_safe($token);
    }
    add($cases, $name, ['op' => 'cached_entry_viewing_session'] + $in + ['info' => $info, 'token' => $token]);
}

function session_case(array &$cases, string $name, array $in): void
{
    $in += ['admin_secret' => SECRET, 'partner_id' => PARTNER, 'user_id' => '', 'type' => 0, 'privileges' => '',
        'expiry' => 86400, 'cache' => 60, 'custom' => '', 'url_safe' => false];
    [$info, $token] = ref_cached_session($in['admin_secret'], $in['user_id'], $in['type'], $in['partner_id'],
        $in['expiry'], $in['privileges'], $in['cache'], $in['custom'], $in['now']);
    if ($in['url_safe']) {
        $token = ref_url_safe($token);
    }
    add($cases, $name, ['op' => 'cached_session'] + $in + ['info' => $info, 'token' => $token]);
}

function plain_case(array &$cases, string $name, array $in): void
{
    $in += ['admin_secret' => SECRET, 'partner_id' => PARTNER, 'user_id' => '', 'type' => 0, 'privileges' => '',
        'expiry' => 86400, 'layout' => 'server', 'master_partner_id' => null, 'additional_data' => '',
        'url_safe' => false];
    [$info, $token] = ref_session($in['admin_secret'], $in['partner_id'], $in['type'], $in['user_id'],
        $in['privileges'], $in['expiry'], $in['now'], $in['rand'], $in['layout'], $in['master_partner_id'],
        $in['additional_data']);
    if ($in['url_safe']) {
        $token = ref_url_safe($token);
    }
    add($cases, $name, ['op' => 'session'] + $in + ['info' => $info, 'token' => $token]);
}

function error_case(array &$cases, string $name, string $op, array $in, string $field): void
{
    $defaults = ['admin_secret' => SECRET, 'partner_id' => PARTNER, 'user_id' => '', 'expiry' => 86400,
        'cache' => 60, 'custom' => '', 'now' => 1621594000, 'url_safe' => false];
    $defaults += match ($op) {
        'cached_entry_viewing_session' => ['entry_id' => '0_fld1ro3s'],
        'cached_session' => ['type' => 0, 'privileges' => ''],
        'session' => ['type' => 0, 'privileges' => '', 'rand' => 1, 'layout' => 'server',
            'master_partner_id' => null, 'additional_data' => ''],
    };
    if ($op === 'session') {
        unset($defaults['cache'], $defaults['custom']);
    }
    add($cases, $name, ['op' => $op] + $in + $defaults + ['error' => ['kind' => 'invalid_field', 'field' => $field]]);
}

// --- The spec's own vector ----------------------------------------------------
entry_case($cases, 'spec vector', ['user_id' => 'Viewer', 'expiry' => 18000, 'cache' => 600, 'now' => 1621594000]);

// --- Window boundaries for every cache size ----------------------------------
$base = 1700000000;
foreach ([1, 60, 600, 3600] as $cache) {
    $multiple = intdiv($base, $cache) * $cache;
    foreach (['on a multiple' => $multiple, 'one before a multiple' => $multiple - 1,
        'one after a multiple' => $multiple + 1, 'mid window' => $multiple + intdiv($cache, 2),
        'last second of window' => $multiple + $cache - 1, 'epoch' => 0, 'cache minus one' => $cache - 1] as $label => $now) {
        entry_case($cases, "cache $cache, $label", ['cache' => $cache, 'now' => $now, 'user_id' => 'Viewer', 'expiry' => 600]);
    }
}

// --- Expiries from one second to years ----------------------------------------
foreach ([1, 2, 59, 60, 600, 3600, 18000, 86400, 604800, 2592000, 31536000, 315360000] as $expiry) {
    entry_case($cases, "expiry $expiry", ['expiry' => $expiry, 'now' => 1621594000, 'user_id' => 'Viewer']);
    session_case($cases, "cached session expiry $expiry", ['expiry' => $expiry, 'now' => 1621594123, 'type' => 2,
        'privileges' => '*', 'user_id' => 'admin']);
}

// --- User ids: empty, e-mail, Unicode, long, widget-like ----------------------
$users = [
    'empty' => '',
    'zero' => '0',
    'email' => 'jane.doe+video@example.com',
    'spaces' => 'Jane Doe',
    'unicode latin' => 'Zoë Åström',
    'unicode cjk' => '视频用户',
    'emoji' => '🎬 viewer 🍿',
    'comma and colon' => 'a,b:c',
    'star' => '*',
    'quotes' => 'O\'Brien "the viewer"',
    'url' => 'https://example.com/u?id=1&x=2',
    'long 256' => str_repeat('u', 256),
    'long 2048' => str_repeat('a', 2048),
    'unicode long' => str_repeat('é', 1024),
];
foreach ($users as $label => $user) {
    entry_case($cases, "user $label", ['user_id' => $user, 'now' => 1621594000, 'expiry' => 600, 'cache' => 600]);
    session_case($cases, "cached session user $label", ['user_id' => $user, 'now' => 1621594000,
        'privileges' => 'sview:1_abc,widget:1']);
}

// --- Entry ids -----------------------------------------------------------------
foreach (['0_fld1ro3s', '1_abcdef12', '0_a', 'A-Z_09', '0_' . str_repeat('x', 100), '123', '-', '_'] as $i => $entry) {
    entry_case($cases, "entry id $i", ['entry_id' => $entry, 'now' => 1621594000 + $i * 37, 'user_id' => 'Viewer']);
}

// --- Custom data ----------------------------------------------------------------
foreach (['x', 'custom data', 'a=b&c=d', 'tenant:42,plan:gold', 'ünïcode ✓', str_repeat('c', 2048), '*'] as $i => $custom) {
    entry_case($cases, "custom $i", ['custom' => $custom, 'now' => 1621594000 + $i, 'user_id' => 'Viewer']);
    session_case($cases, "cached session custom $i", ['custom' => $custom, 'now' => 1621594000 + $i, 'type' => 0,
        'privileges' => 'sview:0_x']);
}

// --- Partner ids ----------------------------------------------------------------
foreach ([1, 99, 3000582, 2147483647, 9999999999, 0, -2] as $partner) {
    entry_case($cases, "partner $partner", ['partner_id' => $partner, 'now' => 1621594000]);
}

// --- Every type ---------------------------------------------------------------
foreach ([0, 1, 2, 3, 10, -1] as $type) {
    session_case($cases, "type $type", ['type' => $type, 'now' => 1621594000, 'privileges' => 'list:*']);
}

// --- Privilege strings -----------------------------------------------------------
$privileges = [
    'empty' => '',
    'all' => '*',
    'entry viewing' => 'sview:0_fld1ro3s,setrole:PLAYBACK_BASE_ROLE,widget:1',
    'several values' => 'sview:0_a/0_b,edit:0_c',
    'iprestrict' => 'iprestrict:203.0.113.7',
    'urirestrict' => 'urirestrict:/p/3000582/*',
    'spaces' => 'sview:0_x, widget:1',
    'empty items' => ',,sview:0_x,,',
    'value with colon' => 'reftime:12:30',
    'actionslimit' => 'actionslimit:10,sessionkey:abc',
    'privacy' => 'privacycontext:ctx,enableentitlement',
    'long' => implode(',', array_map(fn($i) => "sview:0_entry$i", range(1, 100))),
    'max' => str_repeat('p', 2048),
];
foreach ($privileges as $label => $p) {
    session_case($cases, "privileges $label", ['privileges' => $p, 'now' => 1621594000, 'type' => 0,
        'user_id' => 'Viewer', 'cache' => 3600]);
}

// --- Secrets and the URL-safe alphabet -----------------------------------------
foreach (['short' => 'k', 'long' => str_repeat('s', 100), 'binary-looking' => "sécret", 'b' => SECRET_B] as $label => $s) {
    entry_case($cases, "secret $label", ['admin_secret' => $s, 'now' => 1621594000, 'user_id' => 'Viewer']);
}
foreach (range(0, 9) as $i) {
    entry_case($cases, "url-safe $i", ['url_safe' => true, 'now' => 1621594000 + $i * 601, 'user_id' => "user$i?",
        'expiry' => 600, 'cache' => 600]);
    session_case($cases, "cached session url-safe $i", ['url_safe' => true, 'now' => 1621594000 + $i * 601,
        'user_id' => "user$i>", 'privileges' => 'sview:0_x']);
}

// --- Plain sessions with a fixed rand --------------------------------------------
foreach (['server', 'client'] as $layout) {
    foreach ([0, 1, 32000, 2147483647] as $rand) {
        plain_case($cases, "plain $layout rand $rand", ['layout' => $layout, 'rand' => $rand, 'now' => 1621594000,
            'user_id' => 'Viewer', 'privileges' => 'sview:0_x', 'type' => 0]);
    }
    plain_case($cases, "plain $layout admin", ['layout' => $layout, 'rand' => 1234, 'now' => 1700000000,
        'type' => 2, 'privileges' => '*', 'user_id' => 'admin@example.com', 'expiry' => 3600]);
    plain_case($cases, "plain $layout url-safe", ['layout' => $layout, 'rand' => 77, 'now' => 1700000001,
        'type' => 2, 'url_safe' => true, 'user_id' => 'a?b>c']);
}
plain_case($cases, 'plain server master partner', ['rand' => 5, 'now' => 1700000000, 'master_partner_id' => 99]);
plain_case($cases, 'plain server additional data', ['rand' => 6, 'now' => 1700000000, 'additional_data' => 'extra']);

// --- Refused inputs, with the field each must be refused for (spec 1.2) ----------
$E = 'cached_entry_viewing_session';
$S = 'cached_session';
$P = 'session';
foreach (['0_abc,*', '0_abc:x', '*', '', '0_a b', '0_a;b', '0_é', '0_a|b', "0_a\0", '0_a/b', '0_a.b',
    str_repeat('e', 2049)] as $i => $entry) {
    error_case($cases, "refused entry id $i", $E, ['entry_id' => $entry], 'entry_id');
}
foreach (['x;*', 'a|b', "a\0b", "a\nb", "\x7f", "a\u{85}b", "\t", str_repeat('u', 2049)] as $i => $user) {
    error_case($cases, "refused user id $i (entry)", $E, ['user_id' => $user], 'user_id');
    error_case($cases, "refused user id $i (session)", $S, ['user_id' => $user], 'user_id');
    error_case($cases, "refused user id $i (plain)", $P, ['user_id' => $user], 'user_id');
}
foreach (['a;b', 'a|b', "\t", "\r\n", str_repeat('c', 2049)] as $i => $custom) {
    error_case($cases, "refused custom $i (entry)", $E, ['custom' => $custom], 'custom');
    error_case($cases, "refused custom $i (session)", $S, ['custom' => $custom], 'custom');
    error_case($cases, "refused additional data $i (plain)", $P, ['additional_data' => $custom], 'additional_data');
}
foreach (['sview:x;*', 'a|b', "sview:\0", "widget:1\n", str_repeat('p', 2049)] as $i => $p) {
    error_case($cases, "refused privileges $i (session)", $S, ['privileges' => $p], 'privileges');
    error_case($cases, "refused privileges $i (plain)", $P, ['privileges' => $p], 'privileges');
}
foreach ([$E, $S] as $op) {
    error_case($cases, "cache zero ($op)", $op, ['cache' => 0], 'cache');
    error_case($cases, "cache negative ($op)", $op, ['cache' => -60], 'cache');
    error_case($cases, "cache overflow ($op)", $op, ['cache' => intdiv(PHP_INT_MAX, 2) + 1, 'now' => intdiv(PHP_INT_MAX, 2) + 2], 'cache');
    error_case($cases, "expiry overflow ($op)", $op, ['expiry' => PHP_INT_MAX - 1000], 'expiry');
}
foreach ([$E, $S, $P] as $op) {
    error_case($cases, "expiry zero ($op)", $op, ['expiry' => 0], 'expiry');
    error_case($cases, "expiry negative ($op)", $op, ['expiry' => -1], 'expiry');
    error_case($cases, "now negative ($op)", $op, ['now' => -1], 'now');
    error_case($cases, "empty secret ($op)", $op, ['admin_secret' => ''], 'admin_secret');
}
error_case($cases, 'plain expiry overflow', $P, ['expiry' => PHP_INT_MAX], 'expiry');
error_case($cases, 'client layout with master partner', $P, ['layout' => 'client', 'master_partner_id' => 5], 'master_partner_id');
error_case($cases, 'client layout with additional data', $P, ['layout' => 'client', 'additional_data' => 'x'], 'additional_data');

// --- Decoding and verifying ---------------------------------------------------
function decode_case(array &$cases, string $name, string $token): void
{
    add($cases, $name, ['op' => 'decode', 'token' => $token, 'fields' => ref_decode($token)['fields']]);
}

function verify_case(array &$cases, string $name, string $token, array $secrets, int $now, int $leeway): void
{
    $verdict = ref_verify($token, $secrets, $now, $leeway);
    $case = ['op' => 'verify', 'token' => $token, 'admin_secrets' => $secrets, 'now' => $now, 'leeway' => $leeway];
    $case += $verdict === null ? ['fields' => ref_decode($token)['fields']] : ['error' => ['kind' => $verdict]];
    add($cases, $name, $case);
}

[, $spec] = ref_cached_entry_viewing_session(SECRET, 'Viewer', '0_fld1ro3s', PARTNER, 18000, 600, '', 1621594000);
[, $client] = ref_session(SECRET, PARTNER, 2, 'admin', '*', 3600, 1700000000, 31999, 'client', null, '');
[, $server] = ref_session(SECRET, PARTNER, 0, 'u', 'sview:0_x', 3600, 1700000000, 42, 'server', 7, 'more data');
[, $unicode] = ref_cached_session(SECRET, 'Zoë 视频', 2, PARTNER, 600, 'edit:*,list:*', 60, 'ünï', 1700000000);
$three = ref_sign(SECRET, '3000582;3000582;1700000600');
$floatRand = ref_sign(SECRET, '3000582;3000582;1700000600;2;1700000000.1234;admin;*;;');
$eight = ref_sign(SECRET, '3000582;3000582;1700000600;0;99;user;sview:0_x;');
foreach (['spec' => $spec, 'client 7 fields' => $client, 'server 9 fields' => $server, 'unicode' => $unicode,
    '3 fields' => $three, 'float rand' => $floatRand, '8 fields' => $eight] as $label => $token) {
    decode_case($cases, "decode $label", $token);
    decode_case($cases, "decode $label, unpadded", rtrim($token, '='));
    decode_case($cases, "decode $label, url-safe", ref_url_safe($token));
    decode_case($cases, "decode $label, url-safe unpadded", rtrim(ref_url_safe($token), '='));
}

foreach (['spec' => [$spec, 1621612200], 'client' => [$client, 1700003600], 'server' => [$server, 1700003600],
    'unicode' => [$unicode, 1700000640]] as $label => [$token, $validUntil]) {
    verify_case($cases, "verify $label, fresh", $token, [SECRET], $validUntil - 600, 0);
    verify_case($cases, "verify $label, last valid second", $token, [SECRET], $validUntil - 1, 0);
    verify_case($cases, "verify $label, at valid_until", $token, [SECRET], $validUntil, 0);
    verify_case($cases, "verify $label, leeway covers", $token, [SECRET], $validUntil + 29, 30);
    verify_case($cases, "verify $label, leeway ends", $token, [SECRET], $validUntil + 30, 30);
    verify_case($cases, "verify $label, wrong secret", $token, [SECRET_B], $validUntil - 600, 0);
    verify_case($cases, "verify $label, rotation old first", $token, [SECRET_B, SECRET], $validUntil - 600, 0);
    verify_case($cases, "verify $label, rotation new first", $token, [SECRET, SECRET_B], $validUntil - 600, 0);
    verify_case($cases, "verify $label, url-safe unpadded", rtrim(ref_url_safe($token), '='), [SECRET], $validUntil - 600, 0);
    verify_case($cases, "verify $label, wrong secret and expired", $token, [SECRET_B], $validUntil + 600, 0);
}
// Tampered tokens: a field changed after signing, the signature in uppercase.
$tampered = base64_encode(str_replace(';Viewer;', ';Viewer2;', base64_decode($spec)));
verify_case($cases, 'verify tampered user', $tampered, [SECRET], 1621594000, 0);
$upper = base64_encode(strtoupper(substr(base64_decode($spec), 0, 40)) . substr(base64_decode($spec), 40));
add($cases, 'verify uppercase signature', ['op' => 'verify', 'token' => $upper, 'admin_secrets' => [SECRET],
    'now' => 1621594000, 'leeway' => 0, 'error' => ['kind' => 'malformed_token']]);

// Malformed tokens and the kind each must get, from decode and verify alike.
$malformed = [
    'empty' => '',
    'not base64' => 'not base64 at all!',
    'plus turned into a space' => str_replace('+', ' ', base64_encode(str_repeat('a', 40) . '|1;1;1;0;0;u;>>>;;')),
    'no separator' => base64_encode(str_repeat('a', 40) . '3000582;3000582;1700000000'),
    'short signature' => base64_encode('abc|3000582;3000582;1700000000'),
    'two fields' => base64_encode(sha1(SECRET . '1;1') . '|1;1'),
    'ten fields' => base64_encode(sha1(SECRET . '1;1;1;0;0;u;p;;x;y') . '|1;1;1;0;0;u;p;;x;y'),
    'partner not a number' => base64_encode(sha1(SECRET . 'x;1;1') . '|x;1;1'),
    'valid_until not a number' => base64_encode(sha1(SECRET . '1;1;soon') . '|1;1;soon'),
    'type not a number' => base64_encode(sha1(SECRET . '1;1;1;admin') . '|1;1;1;admin'),
    'master partner not a number' => base64_encode(sha1(SECRET . '1;1;1;0;0;u;p;m;') . '|1;1;1;0;0;u;p;m;'),
    'NUL in a field' => base64_encode(sha1(SECRET . "1;1;1;0;0;u\0;p;;") . "|1;1;1;0;0;u\0;p;;"),
    'not UTF-8' => base64_encode(sha1(SECRET . "1;1;1;0;0;\xff;p;;") . "|1;1;1;0;0;\xff;p;;"),
];
foreach ($malformed as $label => $token) {
    add($cases, "decode malformed: $label", ['op' => 'decode', 'token' => $token, 'error' => ['kind' => 'malformed_token']]);
    add($cases, "verify malformed: $label", ['op' => 'verify', 'token' => $token, 'admin_secrets' => [SECRET],
        'now' => 1621594000, 'leeway' => 0, 'error' => ['kind' => 'malformed_token']]);
}
// A v2 token: decode needs the secret; verify decrypts it, and this one's hash matches nothing.
$v2 = strtr(base64_encode('v2|3000582|' . str_repeat("\x01", 32)), '+/', '-_');
add($cases, 'decode v2 token', ['op' => 'decode', 'token' => $v2, 'error' => ['kind' => 'secret_required']]);
add($cases, 'verify v2 token with a bad hash', ['op' => 'verify', 'token' => $v2, 'admin_secrets' => [SECRET],
    'now' => 1621594000, 'leeway' => 0, 'error' => ['kind' => 'invalid_signature']]);
$huge = str_repeat('A', 16 * 1024 + 4);
add($cases, 'decode too large', ['op' => 'decode', 'token' => $huge, 'error' => ['kind' => 'token_too_large']]);
add($cases, 'verify too large', ['op' => 'verify', 'token' => $huge, 'admin_secrets' => [SECRET], 'now' => 0,
    'leeway' => 0, 'error' => ['kind' => 'token_too_large']]);

$doc = [
    'description' => 'KS v1 test vectors, generated by tests/reference/generate_vectors.php from ks-format.md. '
        . 'Every implementation and binding reads this file. Do not edit by hand.',
    'count' => count($cases),
    'cases' => $cases,
];
echo json_encode($doc, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR), "\n";
