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
