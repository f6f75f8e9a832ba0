<?php
// The independent reference: KS v1 as ks-format.md describes it, in plain PHP
// with sha1() and base64_encode(). No validation here: this is what the
// platform's helper computes, byte for byte. The shared vectors come from it.

declare(strict_types=1);

function ref_sign(string $secret, string $info): string
{
    return base64_encode(sha1($secret . $info) . '|' . $info);
}

function ref_url_safe(string $token): string
{
    return strtr($token, '+/', '-_');
}

// The helper's generateCachedSession, with `now` passed in.
function ref_cached_session(string $secret, string $userId, int $type, int $partnerId, int $expiry,
    string $privileges, int $cache, string $custom, int $now): array
{
    $rounded = $now + ($cache - $now % $cache);
    $validUntil = $rounded + $expiry;
    $info = implode(';', [$partnerId, $partnerId, $validUntil, $type, $rounded, $userId, $privileges, '', $custom]);
    return [$info, ref_sign($secret, $info)];
}

// The helper's generateCachedEntryViewingSession.
function ref_cached_entry_viewing_session(string $secret, string $userId, string $entryId, int $partnerId,
    int $expiry, int $cache, string $custom, int $now): array
{
    $privileges = 'sview:' . $entryId . ',setrole:PLAYBACK_BASE_ROLE,widget:1';
    return ref_cached_session($secret, $userId, 0, $partnerId, $expiry, $privileges, $cache, $custom, $now);
}

// A plain KS v1 with a given rand: 7 fields (official clients) or 9 (server).
function ref_session(string $secret, int $partnerId, int $type, string $userId, string $privileges, int $expiry,
    int $now, int $rand, string $layout, ?int $masterPartnerId, string $additionalData): array
{
    $fields = [$partnerId, $partnerId, $now + $expiry, $type, $rand, $userId, $privileges];
    if ($layout === 'server') {
        $fields[] = $masterPartnerId === null ? '' : (string) $masterPartnerId;
        $fields[] = $additionalData;
    }
    $info = implode(';', $fields);
    return [$info, ref_sign($secret, $info)];
}

// Reads a KS v1 as the server does: map the URL-safe alphabet, base64-decode,
// split at the first '|', split the rest on ';'.
function ref_decode(string $token): array
{
    $raw = base64_decode(strtr($token, '-_', '+/'), true);
    [$signature, $info] = explode('|', $raw, 2);
    $f = array_pad(explode(';', $info), 9, '');
    return [
        'signature' => $signature,
        'info' => $info,
        'fields' => [
            'partner_id' => (int) $f[0],
            'partner_pattern' => $f[1],
            'valid_until' => (int) $f[2],
            'type' => (int) $f[3],
            'rand' => $f[4],
            'user_id' => $f[5],
            'privileges' => $f[6],
            'master_partner_id' => $f[7] === '' ? null : (int) $f[7],
            'additional_data' => $f[8],
            'field_count' => count(explode(';', $info)),
        ],
    ];
}

// The verdict of the server's checks: signature under any secret, then expiry.
function ref_verify(string $token, array $secrets, int $now, int $leeway): ?string
{
    $d = ref_decode($token);
    $ok = false;
    foreach ($secrets as $s) {
        $ok = $ok || hash_equals(sha1($s . $d['info']), $d['signature']);
    }
    if (!$ok) {
        return 'invalid_signature';
    }
    return $d['fields']['valid_until'] + $leeway <= $now ? 'expired' : null;
}

// --- KS v2 (spec section 2) ----------------------------------------------------

// The fields of a v2 token: privileges first, then _e, _t, _u, and _m, _d when set.
function ref_v2_fields(string $privileges, int $validUntil, int $type, string $userId, ?int $master, string $data): array
{
    $fields = [];
    foreach (explode(',', $privileges) as $item) {
        $item = trim($item);
        if ($item === '') {
            continue;
        }
        if ($item === '*') {
            $item = 'all:*';
        }
        $parts = explode(':', $item, 2);
        $fields[$parts[0]] = $parts[1] ?? '';
    }
    $fields['_e'] = $validUntil;
    $fields['_t'] = $type;
    $fields['_u'] = $userId;
    if ($master !== null) {
        $fields['_m'] = $master;
    }
    if ($data !== '') {
        $fields['_d'] = $data;
    }
    return $fields;
}

function ref_v2_key(string $secret): string
{
    return substr(sha1($secret, true), 0, 16);
}

function ref_v2_encrypt(string $secret, int $partnerId, string $random, string $query): string
{
    $plain = sha1($random . $query, true) . $random . $query;
    $plain .= str_repeat("\0", (16 - strlen($plain) % 16) % 16);
    $cipher = openssl_encrypt($plain, 'AES-128-CBC', ref_v2_key($secret), OPENSSL_RAW_DATA | OPENSSL_ZERO_PADDING,
        str_repeat("\0", 16));
    return strtr(base64_encode("v2|$partnerId|" . $cipher), '+/', '-_');
}

// The deterministic R of a cached v2 token.
function ref_v2_cached_random(string $secret, int $partnerId, string $query): string
{
    return substr(hash_hmac('sha256', "ksession cached v2\0" . $partnerId . "\0" . $query, $secret, true), 0, 16);
}

function ref_session_v2(string $secret, int $partnerId, int $type, string $userId, string $privileges, int $expiry,
    int $now, string $random, ?int $master, string $data): array
{
    $query = http_build_query(ref_v2_fields($privileges, $now + $expiry, $type, $userId, $master, $data));
    return [$query, ref_v2_encrypt($secret, $partnerId, $random, $query)];
}

function ref_cached_session_v2(string $secret, string $userId, int $type, int $partnerId, int $expiry,
    string $privileges, int $cache, string $custom, int $now): array
{
    $rounded = $now + ($cache - $now % $cache);
    $query = http_build_query(ref_v2_fields($privileges, $rounded + $expiry, $type, $userId, null, $custom));
    return [$query, ref_v2_encrypt($secret, $partnerId, ref_v2_cached_random($secret, $partnerId, $query), $query)];
}

// Decrypts and parses a v2 token; null when no secret's hash matches.
function ref_decode_v2(string $token, array $secrets): ?array
{
    [, $partner, $cipher] = explode('|', base64_decode(strtr($token, '-_', '+/')), 3);
    foreach ($secrets as $secret) {
        $plain = openssl_decrypt($cipher, 'AES-128-CBC', ref_v2_key($secret), OPENSSL_RAW_DATA | OPENSSL_ZERO_PADDING,
            str_repeat("\0", 16));
        $plain = rtrim((string) $plain, "\0");
        if (strlen($plain) < 36 || sha1(substr($plain, 20), true) !== substr($plain, 0, 20)) {
            continue;
        }
        $query = substr($plain, 36);
        $fields = [];
        foreach (explode('&', $query) as $pair) {
            $kv = explode('=', $pair, 2);
            $fields[urldecode($kv[0])] = urldecode($kv[1] ?? '');
        }
        $privileges = [];
        foreach ($fields as $name => $value) {
            $name = (string) $name;
            if (in_array($name, ['_e', '_t', '_u', '_m', '_d'], true)) {
                continue;
            }
            $privileges[] = ($name === 'all' && $value === '*') ? '*' : ($value === '' ? $name : "$name:$value");
        }
        return [
            'partner_id' => (int) $partner,
            'partner_pattern' => $partner,
            'valid_until' => (int) $fields['_e'],
            'type' => (int) ($fields['_t'] ?? 0),
            'rand' => bin2hex(substr($plain, 20, 16)),
            'user_id' => $fields['_u'] ?? '',
            'privileges' => implode(',', $privileges),
            'master_partner_id' => isset($fields['_m']) && $fields['_m'] !== '' ? (int) $fields['_m'] : null,
            'additional_data' => $fields['_d'] ?? '',
            'field_count' => count($fields),
        ];
    }
    return null;
}
