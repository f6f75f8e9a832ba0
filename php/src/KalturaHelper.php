<?php

declare(strict_types=1);

namespace KSession;

use KSession\Internal\Args;
use KSession\Internal\EntryViewingCache;
use KSession\Internal\Failure;
use KSession\Internal\Native;

/**
 * The video platform's PHP helper, with its exact names, parameter order and
 * defaults, and the same bytes out: replace the helper's class name and keep
 * every call. One optional trailing `$now` (unix seconds; null reads the
 * clock once, where the helper read it twice) makes tokens reproducible.
 *
 * Unlike the helper, it refuses any value that would change the token's
 * structure (an entry id like `0_abc,*` would grant every privilege), with
 * an InvalidFieldException naming the field. Partner id, expiry, cache and
 * type may be ints or strings of decimal digits, as the helper's callers
 * pass them; anything else is refused too.
 */
final class KalturaHelper
{
    private function __construct()
    {
    }

    /**
     * The helper's generateCachedEntryViewingSession: a playback KS for one
     * entry (type USER, privileges `sview:ENTRY_ID,setrole:PLAYBACK_BASE_ROLE,widget:1`),
     * the same for every call within one `$cache`-second window.
     *
     * @param string          $adminSecret
     * @param string|int      $userId
     * @param string          $entryId
     * @param int|string      $partnerId
     * @param int|string      $expiry      seconds after the window's end
     * @param int|string      $cache       the window, in seconds
     * @param string          $custom      the token's additional data
     * @param int|null        $now         unix seconds; null for the system clock
     *
     * @throws InvalidFieldException
     */
    public static function generateCachedEntryViewingSession(
        #[\SensitiveParameter] mixed $adminSecret,
        mixed $userId,
        mixed $entryId,
        mixed $partnerId,
        mixed $expiry = 86400,
        mixed $cache = 60,
        mixed $custom = '',
        mixed $now = null,
    ): string {
        $adminSecret = \is_string($adminSecret) ? $adminSecret : Args::secret($adminSecret);
        $userId = \is_string($userId) ? $userId : Args::text($userId, 'user_id');
        $entryId = \is_string($entryId) ? $entryId : Args::text($entryId, 'entry_id');
        $partnerId = \is_int($partnerId) ? $partnerId : Args::int($partnerId, 'partner_id');
        $expiry = \is_int($expiry) ? $expiry : Args::int($expiry, 'expiry');
        $cache = \is_int($cache) ? $cache : Args::int($cache, 'cache');
        $custom = \is_string($custom) ? $custom : Args::text($custom, 'custom');
        $now = \is_int($now) ? $now : Args::now($now);
        // A prepared handle per (secret, partner, user, expiry, cache, custom),
        // kept for the next calls: each token then passes only the entry id
        // and the time to the library.
        $hashKey = EntryViewingCache::$hashKey ?? EntryViewingCache::init();
        $hash = EntryViewingCache::$sodium
            ? \sodium_crypto_shorthash($adminSecret, $hashKey)
            : \hash_hmac('sha256', $adminSecret, $hashKey, true);
        $h = EntryViewingCache::$handles[$hash][$partnerId][$expiry][$cache][$userId][$custom]
            ?? EntryViewingCache::add($hash, $adminSecret, $partnerId, $expiry, $cache, $userId, $custom);
        $n = $h->native;
        $status = $n->ffi->ksession_entry_viewing_generate(
            $h->handle, $entryId, \strlen($entryId), $now, $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        // The library ends the token with a NUL, and a token holds none.
        return \FFI::string($n->buf);
    }

    /**
     * The helper's generateCachedSession: a KS of any type and privileges,
     * the same for every call within one `$cache`-second window.
     *
     * @param string          $adminSecret
     * @param string|int      $userId
     * @param int|string      $type        0 USER, 2 ADMIN (or a SessionType)
     * @param int|string      $partnerId
     * @param int|string      $expiry
     * @param string          $privileges  comma-separated `name` / `name:value` items
     * @param int|string      $cache
     * @param string          $custom
     * @param int|null        $now
     *
     * @throws InvalidFieldException
     */
    public static function generateCachedSession(
        #[\SensitiveParameter] mixed $adminSecret,
        mixed $userId,
        mixed $type,
        mixed $partnerId,
        mixed $expiry = 86400,
        mixed $privileges = '',
        mixed $cache = 60,
        mixed $custom = '',
        mixed $now = null,
    ): string {
        $adminSecret = \is_string($adminSecret) ? $adminSecret : Args::secret($adminSecret);
        $userId = \is_string($userId) ? $userId : Args::text($userId, 'user_id');
        $type = \is_int($type) ? $type : Args::type($type);
        $partnerId = \is_int($partnerId) ? $partnerId : Args::int($partnerId, 'partner_id');
        $expiry = \is_int($expiry) ? $expiry : Args::int($expiry, 'expiry');
        $privileges = \is_string($privileges) ? $privileges : Args::text($privileges, 'privileges');
        $cache = \is_int($cache) ? $cache : Args::int($cache, 'cache');
        $custom = \is_string($custom) ? $custom : Args::text($custom, 'custom');
        $now = \is_int($now) ? $now : Args::now($now);
        $n = Native::$instance ?? Native::get();
        $status = $n->ffi->ksession_generate_cached_session(
            $adminSecret, \strlen($adminSecret), $partnerId, $type, $userId, \strlen($userId),
            $privileges, \strlen($privileges), $expiry, $cache, $custom, \strlen($custom), 0, $now,
            $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return \FFI::string($n->buf, $n->len[0]);
    }
}
