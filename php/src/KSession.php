<?php

declare(strict_types=1);

namespace KSession;

use KSession\Internal\Args;
use KSession\Internal\Decoded;
use KSession\Internal\Failure;
use KSession\Internal\Native;
use KSession\Internal\SecretArray;

/**
 * Mint, decode and verify Kaltura Session (KS) tokens, v1 and v2.
 *
 * Every method takes the admin secret as its first argument; to mint many
 * tokens with one secret, a Signer holds it once. Integers may be given as
 * ints or strings of decimal digits; `$now` is unix seconds, null for the
 * system clock. Every failure is a KsException (see its subclasses); bad
 * input never ends in a PHP error or warning.
 *
 * For the platform helper's exact signatures, see KalturaHelper.
 */
final class KSession
{
    /** The version of this wrapper and of the libksession it loads. */
    public const VERSION = Native::EXPECTED_VERSION;
    public const DEFAULT_EXPIRY = 86400;
    public const DEFAULT_CACHE = 60;
    /** The longest token decode and verify accept, in bytes. */
    public const MAX_TOKEN_LEN = 16384;
    /** The longest text field (user id, privileges, custom data...) a token may carry, in bytes. */
    public const MAX_FIELD_LEN = 2048;

    private function __construct()
    {
    }

    /**
     * The cached entry-viewing KS v1 (type USER, privileges
     * `sview:ENTRY_ID,setrole:PLAYBACK_BASE_ROLE,widget:1`): the same token for
     * every call within one `$cache`-second window, valid until the window's
     * end plus `$expiry` seconds.
     *
     * @param string          $adminSecret the partner's admin secret
     * @param int|string      $partnerId
     * @param string          $entryId     ASCII letters, digits, `_` and `-`
     * @param string|int      $userId
     * @param int|string      $expiry      seconds
     * @param int|string      $cache       the window, in seconds (at least 1)
     * @param string          $custom      written as the token's additional data
     * @param int|string|null $now         unix seconds; null for the system clock
     * @param bool            $urlSafe     `-` and `_` instead of `+` and `/`
     *
     * @throws InvalidFieldException
     */
    public static function generateCachedEntryViewingSession(
        #[\SensitiveParameter] mixed $adminSecret,
        mixed $partnerId,
        mixed $entryId,
        mixed $userId = '',
        mixed $expiry = self::DEFAULT_EXPIRY,
        mixed $cache = self::DEFAULT_CACHE,
        mixed $custom = '',
        mixed $now = null,
        mixed $urlSafe = false,
    ): string {
        $adminSecret = \is_string($adminSecret) ? $adminSecret : Args::secret($adminSecret);
        $partnerId = \is_int($partnerId) ? $partnerId : Args::int($partnerId, 'partner_id');
        $entryId = \is_string($entryId) ? $entryId : Args::text($entryId, 'entry_id');
        $userId = \is_string($userId) ? $userId : Args::text($userId, 'user_id');
        $expiry = \is_int($expiry) ? $expiry : Args::int($expiry, 'expiry');
        $cache = \is_int($cache) ? $cache : Args::int($cache, 'cache');
        $custom = \is_string($custom) ? $custom : Args::text($custom, 'custom');
        $now = \is_int($now) ? $now : Args::now($now);
        $alphabet = (int) Args::bool($urlSafe, 'url_safe');
        $n = Native::$instance ?? Native::get();
        $status = $n->ffi->ksession_generate_cached_entry_viewing_session(
            $adminSecret, \strlen($adminSecret), $partnerId, $entryId, \strlen($entryId), $userId, \strlen($userId),
            $expiry, $cache, $custom, \strlen($custom), $alphabet, $now, $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return \FFI::string($n->buf, $n->len[0]);
    }

    /**
     * A generic cached KS v1: the same token for every call within one
     * `$cache`-second window.
     *
     * @param string            $adminSecret
     * @param int|string        $partnerId
     * @param SessionType|int   $type        SessionType::User (0), SessionType::Admin (2), or any code
     * @param string|int        $userId
     * @param string            $privileges  comma-separated `name` / `name:value` items
     * @param int|string        $expiry
     * @param int|string        $cache
     * @param string            $custom
     * @param int|string|null   $now
     * @param bool              $urlSafe
     *
     * @throws InvalidFieldException
     */
    public static function generateCachedSession(
        #[\SensitiveParameter] mixed $adminSecret,
        mixed $partnerId,
        mixed $type = SessionType::User,
        mixed $userId = '',
        mixed $privileges = '',
        mixed $expiry = self::DEFAULT_EXPIRY,
        mixed $cache = self::DEFAULT_CACHE,
        mixed $custom = '',
        mixed $now = null,
        mixed $urlSafe = false,
    ): string {
        $adminSecret = Args::secret($adminSecret);
        $partnerId = Args::int($partnerId, 'partner_id');
        $type = Args::type($type);
        $userId = Args::text($userId, 'user_id');
        $privileges = Args::text($privileges, 'privileges');
        $expiry = Args::int($expiry, 'expiry');
        $cache = Args::int($cache, 'cache');
        $custom = Args::text($custom, 'custom');
        $now = Args::now($now);
        $alphabet = (int) Args::bool($urlSafe, 'url_safe');
        $n = Native::$instance ?? Native::get();
        $status = $n->ffi->ksession_generate_cached_session(
            $adminSecret, \strlen($adminSecret), $partnerId, $type, $userId, \strlen($userId),
            $privileges, \strlen($privileges), $expiry, $cache, $custom, \strlen($custom), $alphabet, $now,
            $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * A plain KS v1 as the official clients and the server write it, valid
     * for `$expiry` seconds from `$now`.
     *
     * @param string           $adminSecret
     * @param int|string       $partnerId
     * @param SessionType|int  $type
     * @param string|int       $userId
     * @param string           $privileges
     * @param int|string       $expiry
     * @param int|string|null  $masterPartnerId field 8 (server layout only)
     * @param string           $additionalData  field 9 (server layout only)
     * @param Layout|string    $layout          Layout::Server (9 fields) or Layout::Client (7)
     * @param int|string|null  $now
     * @param int|null         $rand            0 to 2**32 - 1 for an exact token (tests); null: from the operating system
     * @param bool             $urlSafe
     *
     * @throws InvalidFieldException|RandomUnavailableException
     */
    public static function generateSession(
        #[\SensitiveParameter] mixed $adminSecret,
        mixed $partnerId,
        mixed $type = SessionType::User,
        mixed $userId = '',
        mixed $privileges = '',
        mixed $expiry = self::DEFAULT_EXPIRY,
        mixed $masterPartnerId = null,
        mixed $additionalData = '',
        mixed $layout = Layout::Server,
        mixed $now = null,
        mixed $rand = null,
        mixed $urlSafe = false,
    ): string {
        $adminSecret = Args::secret($adminSecret);
        $partnerId = Args::int($partnerId, 'partner_id');
        $type = Args::type($type);
        $userId = Args::text($userId, 'user_id');
        $privileges = Args::text($privileges, 'privileges');
        $expiry = Args::int($expiry, 'expiry');
        $masterPartnerId = Args::optionalInt($masterPartnerId, 'master_partner_id');
        $additionalData = Args::text($additionalData, 'additional_data');
        $layout = Args::layout($layout);
        $now = Args::now($now);
        $rand = $rand === null ? null : Args::uint32($rand, 'rand');
        $alphabet = (int) Args::bool($urlSafe, 'url_safe');
        $n = Native::$instance ?? Native::get();
        $master = $n->masterPartnerId($masterPartnerId);
        $status = $rand === null
            ? $n->ffi->ksession_generate_session(
                $adminSecret, \strlen($adminSecret), $partnerId, $type, $userId, \strlen($userId),
                $privileges, \strlen($privileges), $expiry, $master, $additionalData, \strlen($additionalData),
                $layout, $alphabet, $now, $n->buf, Native::CAP, $n->len, $n->errPtr,
            )
            : $n->ffi->ksession_generate_session_with_rand(
                $adminSecret, \strlen($adminSecret), $partnerId, $type, $userId, \strlen($userId),
                $privileges, \strlen($privileges), $expiry, $master, $additionalData, \strlen($additionalData),
                $layout, $alphabet, $now, $rand, $n->buf, Native::CAP, $n->len, $n->errPtr,
            );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * A cached entry-viewing KS v2 (encrypted; URL-safe alphabet): the same
     * token within one cache window, like the v1 form. `$custom` is written
     * as the `_d` field.
     *
     * @throws InvalidFieldException
     */
    public static function generateCachedEntryViewingSessionV2(
        #[\SensitiveParameter] mixed $adminSecret,
        mixed $partnerId,
        mixed $entryId,
        mixed $userId = '',
        mixed $expiry = self::DEFAULT_EXPIRY,
        mixed $cache = self::DEFAULT_CACHE,
        mixed $custom = '',
        mixed $now = null,
    ): string {
        $adminSecret = Args::secret($adminSecret);
        $partnerId = Args::int($partnerId, 'partner_id');
        $entryId = Args::text($entryId, 'entry_id');
        $userId = Args::text($userId, 'user_id');
        $expiry = Args::int($expiry, 'expiry');
        $cache = Args::int($cache, 'cache');
        $custom = Args::text($custom, 'custom');
        $now = Args::now($now);
        $n = Native::$instance ?? Native::get();
        $status = $n->ffi->ksession_generate_cached_entry_viewing_session_v2(
            $adminSecret, \strlen($adminSecret), $partnerId, $entryId, \strlen($entryId), $userId, \strlen($userId),
            $expiry, $cache, $custom, \strlen($custom), $now, $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * A generic cached KS v2 (encrypted; URL-safe alphabet).
     *
     * @throws InvalidFieldException
     */
    public static function generateCachedSessionV2(
        #[\SensitiveParameter] mixed $adminSecret,
        mixed $partnerId,
        mixed $type = SessionType::User,
        mixed $userId = '',
        mixed $privileges = '',
        mixed $expiry = self::DEFAULT_EXPIRY,
        mixed $cache = self::DEFAULT_CACHE,
        mixed $custom = '',
        mixed $now = null,
    ): string {
        $adminSecret = Args::secret($adminSecret);
        $partnerId = Args::int($partnerId, 'partner_id');
        $type = Args::type($type);
        $userId = Args::text($userId, 'user_id');
        $privileges = Args::text($privileges, 'privileges');
        $expiry = Args::int($expiry, 'expiry');
        $cache = Args::int($cache, 'cache');
        $custom = Args::text($custom, 'custom');
        $now = Args::now($now);
        $n = Native::$instance ?? Native::get();
        $status = $n->ffi->ksession_generate_cached_session_v2(
            $adminSecret, \strlen($adminSecret), $partnerId, $type, $userId, \strlen($userId),
            $privileges, \strlen($privileges), $expiry, $cache, $custom, \strlen($custom), $now,
            $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * A plain KS v2 (encrypted; URL-safe alphabet) with 16 random bytes from
     * the operating system, valid for `$expiry` seconds from `$now`.
     *
     * @param string|null $random 16 bytes for an exact token (tests only); null: from the operating system
     *
     * @throws InvalidFieldException|RandomUnavailableException
     */
    public static function generateSessionV2(
        #[\SensitiveParameter] mixed $adminSecret,
        mixed $partnerId,
        mixed $type = SessionType::User,
        mixed $userId = '',
        mixed $privileges = '',
        mixed $expiry = self::DEFAULT_EXPIRY,
        mixed $masterPartnerId = null,
        mixed $additionalData = '',
        mixed $now = null,
        mixed $random = null,
    ): string {
        $adminSecret = Args::secret($adminSecret);
        $partnerId = Args::int($partnerId, 'partner_id');
        $type = Args::type($type);
        $userId = Args::text($userId, 'user_id');
        $privileges = Args::text($privileges, 'privileges');
        $expiry = Args::int($expiry, 'expiry');
        $masterPartnerId = Args::optionalInt($masterPartnerId, 'master_partner_id');
        $additionalData = Args::text($additionalData, 'additional_data');
        $now = Args::now($now);
        $random = Args::random($random);
        $n = Native::$instance ?? Native::get();
        $master = $n->masterPartnerId($masterPartnerId);
        if ($random === null) {
            $status = $n->ffi->ksession_generate_session_v2(
                $adminSecret, \strlen($adminSecret), $partnerId, $type, $userId, \strlen($userId),
                $privileges, \strlen($privileges), $expiry, $master, $additionalData, \strlen($additionalData),
                $now, $n->buf, Native::CAP, $n->len, $n->errPtr,
            );
        } else {
            $status = $n->ffi->ksession_generate_session_v2_with_random(
                $adminSecret, \strlen($adminSecret), $partnerId, $type, $userId, \strlen($userId),
                $privileges, \strlen($privileges), $expiry, $master, $additionalData, \strlen($additionalData),
                $now, $n->random($random), $n->buf, Native::CAP, $n->len, $n->errPtr,
            );
        }
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * Reads a KS v1 WITHOUT checking its signature (to see when it expires,
     * whom it is for), as the server reads it: either base64 alphabet, with
     * or without `=` padding. A KS v2 is encrypted: use decodeWithSecrets().
     *
     * @param string $ks
     *
     * @throws MalformedTokenException|SecretRequiredException
     */
    public static function decode(mixed $ks): Ks
    {
        $token = \is_string($ks) ? $ks : Args::token($ks);
        $n = Native::$instance ?? Native::get();
        return Decoded::take($n, $n->ffi->ksession_decode($token, \strlen($token), $n->ksOut(), $n->errPtr));
    }

    /**
     * Reads a KS v1 (signature unchecked, as decode()) or a KS v2 (decrypted
     * with whichever of the secrets made it), without checking expiry.
     *
     * @param string|list<string> $adminSecrets
     *
     * @throws MalformedTokenException|SecretRequiredException|InvalidSignatureException
     */
    public static function decodeWithSecrets(mixed $ks, #[\SensitiveParameter] mixed $adminSecrets): Ks
    {
        $token = Args::token($ks);
        $n = Native::$instance ?? Native::get();
        $secrets = new SecretArray($n, Args::secrets($adminSecrets));
        try {
            $status = $n->ffi->ksession_decode_with_secrets(
                $token, \strlen($token), $secrets->items, $secrets->count, $n->ksOut(), $n->errPtr,
            );
        } finally {
            $secrets->wipe();
        }
        return Decoded::take($n, $status);
    }

    /**
     * Verifies a KS v1 or v2 against one admin secret or several (key
     * rotation: valid if it matches any) at `$now`, allowing `$leeway`
     * seconds past its expiry (the server allows 0), and returns it decoded.
     * A wrong signature is reported before expiry.
     *
     * @param string              $ks
     * @param string|list<string> $adminSecrets
     * @param int|string|null     $now
     * @param int                 $leeway      0 to 2**32 - 1 seconds
     *
     * @throws MalformedTokenException|InvalidSignatureException|ExpiredException
     */
    public static function verify(
        mixed $ks,
        #[\SensitiveParameter] mixed $adminSecrets,
        mixed $now = null,
        mixed $leeway = 0,
    ): Ks {
        $token = Args::token($ks);
        $secretList = Args::secrets($adminSecrets);
        $now = Args::now($now);
        $leeway = Args::uint32($leeway, 'leeway');
        $n = Native::$instance ?? Native::get();
        $secrets = new SecretArray($n, $secretList);
        try {
            $status = $n->ffi->ksession_verify(
                $token, \strlen($token), $secrets->items, $secrets->count, $now, $leeway, $n->ksOut(), $n->errPtr,
            );
        } finally {
            $secrets->wipe();
        }
        return Decoded::take($n, $status);
    }

    /**
     * The loaded library: its version, how it was loaded ('scope' when
     * preloaded, 'cdef' otherwise) and its path ('' for a preloaded scope).
     *
     * @return array{version: string, loaded_via: string, path: string}
     *
     * @throws LibraryException
     */
    public static function library(): array
    {
        $n = Native::get();
        return ['version' => $n->version(), 'loaded_via' => $n->via, 'path' => $n->library];
    }
}
