<?php
// Writes tests/vectors/ks_v2.json from the plain-PHP reference (openssl_encrypt,
// http_build_query). Usage: php tests/reference/generate_vectors_v2.php > tests/vectors/ks_v2.json

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

function plain_v2(array &$cases, string $name, array $in): void
{
    $in += ['admin_secret' => SECRET, 'partner_id' => PARTNER, 'user_id' => '', 'type' => 0, 'privileges' => '',
        'expiry' => 86400, 'master_partner_id' => null, 'additional_data' => ''];
    [$query, $token] = ref_session_v2($in['admin_secret'], $in['partner_id'], $in['type'], $in['user_id'],
        $in['privileges'], $in['expiry'], $in['now'], hex2bin($in['random_hex']), $in['master_partner_id'],
        $in['additional_data']);
    add($cases, $name, ['op' => 'session_v2'] + $in + ['query' => $query, 'token' => $token]);
}

function cached_v2(array &$cases, string $name, array $in): void
{
    $in += ['admin_secret' => SECRET, 'partner_id' => PARTNER, 'user_id' => '', 'type' => 0, 'privileges' => '',
        'expiry' => 86400, 'cache' => 60, 'custom' => ''];
    [$query, $token] = ref_cached_session_v2($in['admin_secret'], $in['user_id'], $in['type'], $in['partner_id'],
        $in['expiry'], $in['privileges'], $in['cache'], $in['custom'], $in['now']);
    add($cases, $name, ['op' => 'cached_session_v2'] + $in + ['query' => $query, 'token' => $token]);
}

function entry_v2(array &$cases, string $name, array $in): void
{
    $in += ['admin_secret' => SECRET, 'partner_id' => PARTNER, 'user_id' => '', 'entry_id' => '0_fld1ro3s',
        'expiry' => 86400, 'cache' => 60, 'custom' => ''];
    $privileges = 'sview:' . $in['entry_id'] . ',setrole:PLAYBACK_BASE_ROLE,widget:1';
    [$query, $token] = ref_cached_session_v2($in['admin_secret'], $in['user_id'], 0, $in['partner_id'],
        $in['expiry'], $privileges, $in['cache'], $in['custom'], $in['now']);
    add($cases, $name, ['op' => 'cached_entry_viewing_session_v2'] + $in + ['query' => $query, 'token' => $token]);
}

function verify_v2(array &$cases, string $name, string $token, array $secrets, int $now, int $leeway, ?string $error = null): void
{
    $case = ['op' => 'verify', 'token' => $token, 'admin_secrets' => $secrets, 'now' => $now, 'leeway' => $leeway];
    $fields = $error === null ? ref_decode_v2($token, $secrets) : null;
    if ($error === null && $fields === null) {
        $error = 'invalid_signature';
    }
    if ($error === null && $fields['valid_until'] + $leeway <= $now) {
        $error = 'expired';
    }
    add($cases, $name, $case + ($error === null ? ['fields' => $fields] : ['error' => ['kind' => $error]]));
}

$randoms = ['00000000000000000000000000000000', '0123456789abcdef0123456789abcdef', 'ffffffffffffffffffffffffffffffff',
    '9a3f17c2e5b80d4461f2a7c39e05d8b1'];
$privileges = ['', '*', 'sview:0_fld1ro3s,setrole:PLAYBACK_BASE_ROLE,widget:1', 'edit:0_a/0_b, list:*',
    'urirestrict:/p/1/*|/p/2/*', 'iprestrict:203.0.113.7', 'name with space:value with space',
    'tilde:~x~,star:a*b', 'dup:1,dup:2', 'flag,other:', 'unicode:Zoë 视频', 'sessionkey:a=b&c=d;e|f',
    // PHP's trim() strips ASCII white space only: the no-break space stays in the value.
    " nbsp:0_x\u{00A0} , widget:1"];
foreach ($privileges as $i => $p) {
    foreach ([0, 2] as $type) {
        plain_v2($cases, "v2 privileges $i type $type", ['privileges' => $p, 'type' => $type, 'now' => 1700000000 + $i,
            'random_hex' => $randoms[$i % 4], 'user_id' => $type === 2 ? 'admin@example.com' : 'Viewer']);
    }
}
foreach (['', 'Viewer', 'Zoë 视频 🎬', 'a b+c~d*e', str_repeat('u', 300), 'x;y|z'] as $i => $user) {
    plain_v2($cases, "v2 user $i", ['user_id' => $user, 'now' => 1621594000, 'random_hex' => $randoms[$i % 4],
        'privileges' => 'sview:0_x']);
}
foreach ([1, 600, 86400, 31536000] as $i => $expiry) {
    plain_v2($cases, "v2 expiry $expiry", ['expiry' => $expiry, 'now' => 1621594000, 'random_hex' => $randoms[$i]]);
}
plain_v2($cases, 'v2 master partner and data', ['now' => 1700000000, 'random_hex' => $randoms[1],
    'master_partner_id' => 99, 'additional_data' => 'extra data']);
foreach ([1, 99, 2147483647, -2] as $i => $partner) {
    plain_v2($cases, "v2 partner $partner", ['partner_id' => $partner, 'now' => 1700000000, 'random_hex' => $randoms[$i]]);
}
foreach ([1, 60, 600, 3600] as $cache) {
    foreach ([1700000000, 1700000000 - 1, 1700000000 + 1] as $j => $now) {
        cached_v2($cases, "cached v2 cache $cache now $j", ['cache' => $cache, 'now' => $now, 'type' => 2,
            'privileges' => '*', 'user_id' => 'admin', 'expiry' => 600]);
        entry_v2($cases, "cached entry v2 cache $cache now $j", ['cache' => $cache, 'now' => $now,
            'user_id' => 'Viewer', 'expiry' => 600]);
    }
}
entry_v2($cases, 'cached entry v2 spec inputs', ['user_id' => 'Viewer', 'expiry' => 18000, 'cache' => 600,
    'now' => 1621594000]);
entry_v2($cases, 'cached entry v2 custom', ['custom' => 'tenant=42', 'now' => 1621594000, 'admin_secret' => SECRET_B]);
cached_v2($cases, 'cached v2 other secret', ['admin_secret' => SECRET_B, 'now' => 1621594000, 'privileges' => 'list:*']);

// Decoding and verifying: every generated token, then the failures.
$generated = array_values(array_filter($cases, fn($c) => isset($c['token'])));
foreach ($generated as $c) {
    $validUntil = ref_decode_v2($c['token'], [$c['admin_secret']])['valid_until'];
    $secrets = [$c['admin_secret']];
    add($cases, "decode {$c['name']}", ['op' => 'decode_v2', 'token' => $c['token'], 'admin_secrets' => $secrets,
        'fields' => ref_decode_v2($c['token'], $secrets)]);
    verify_v2($cases, "verify {$c['name']}", $c['token'], $secrets, $validUntil - 1, 0);
}
[, $t] = ref_session_v2(SECRET, PARTNER, 0, 'Viewer', 'sview:0_x', 600, 1700000000, hex2bin($randoms[3]), null, '');
verify_v2($cases, 'v2 expired', $t, [SECRET], 1700000600, 0);
verify_v2($cases, 'v2 leeway covers', $t, [SECRET], 1700000629, 30);
verify_v2($cases, 'v2 leeway ends', $t, [SECRET], 1700000630, 30);
verify_v2($cases, 'v2 wrong secret', $t, [SECRET_B], 1700000000, 0);
verify_v2($cases, 'v2 rotation', $t, [SECRET_B, SECRET], 1700000000, 0);
$raw = base64_decode(strtr($t, '-_', '+/'));
$enc = fn(string $r) => strtr(base64_encode($r), '+/', '-_');
verify_v2($cases, 'v2 truncated by a block', $enc(substr($raw, 0, -16)), [SECRET], 1700000000, 0);
verify_v2($cases, 'v2 truncated mid-block', $enc(substr($raw, 0, -5)), [SECRET], 1700000000, 0, 'malformed_token');
verify_v2($cases, 'v2 bad hash', $enc(substr($raw, 0, -1) . chr(ord(substr($raw, -1)) ^ 1)), [SECRET], 1700000000, 0);
verify_v2($cases, 'v2 empty ciphertext', $enc('v2|3000582|'), [SECRET], 1700000000, 0, 'malformed_token');
verify_v2($cases, 'v2 partner not a number', $enc('v2|abc|' . substr($raw, 11)), [SECRET], 1700000000, 0, 'malformed_token');
verify_v2($cases, 'v2 no second separator', $enc('v2|3000582'), [SECRET], 1700000000, 0, 'malformed_token');
verify_v2($cases, 'v2 standard alphabet, unpadded', rtrim(base64_encode($raw), '='), [SECRET], 1700000000, 0);
add($cases, 'decode v2 without a secret', ['op' => 'decode', 'token' => $t, 'error' => ['kind' => 'secret_required']]);
// A token whose query was written by Python's urlencode: `~` and `*` raw.
$query = 'tilde=~x~&star=a*b&_e=1700000600&_t=0&_u=Viewer';
$py = ref_v2_encrypt(SECRET, PARTNER, hex2bin($randoms[2]), $query);
add($cases, 'decode v2 with raw ~ and *', ['op' => 'decode_v2', 'token' => $py, 'admin_secrets' => [SECRET],
    'fields' => ref_decode_v2($py, [SECRET])]);

$doc = [
    'description' => 'KS v2 test vectors, generated by tests/reference/generate_vectors_v2.php from ks-format.md. '
        . 'Do not edit by hand.',
    'count' => count($cases),
    'cases' => $cases,
];
echo json_encode($doc, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR), "\n";
