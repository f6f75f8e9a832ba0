<?php

declare(strict_types=1);

namespace KSession\Internal;

/**
 * KalturaHelper::generateCachedEntryViewingSession's prepared handles, one
 * per (admin secret, partner, user, expiry, cache window, custom data), at
 * most MAX_ENTRIES per process (per request under php-fpm, where static
 * state does not outlive a request): the oldest goes first, and its handle
 * is freed as it goes; the rest are freed by clear() at shutdown.
 *
 * The secret is never a key: the first level's keys are a keyed hash of it
 * (libsodium's SipHash-2-4, or HMAC-SHA256 where PHP lacks sodium) under a
 * random key drawn once per process, which nothing prints. The levels below
 * are partner id, expiry, cache, user id and custom data: finding a handle
 * reads nested arrays and builds no string.
 *
 * @internal
 */
final class EntryViewingCache
{
    public const MAX_ENTRIES = 16;

    /** @var array<string, array<int, array<int, array<int, array<string, array<string, EntryViewingHandle>>>>>> */
    public static array $handles = [];
    /** The random key of the secrets' hash; null until the first use. */
    public static ?string $hashKey = null;
    /** Whether the hash is libsodium's SipHash (else HMAC-SHA256). */
    public static bool $sodium = false;

    /** @var list<array{string, int, int, int, string, string}> the paths in $handles, oldest first */
    private static array $order = [];

    private function __construct()
    {
    }

    /** Draws the hash key, once per process; returns it. */
    public static function init(): string
    {
        self::$sodium = \function_exists('sodium_crypto_shorthash');
        \register_shutdown_function([self::class, 'clear']);
        return self::$hashKey = \random_bytes(self::$sodium ? \SODIUM_CRYPTO_SHORTHASH_KEYBYTES : 32);
    }

    /** The keyed hash of a secret, never the secret. */
    public static function hash(#[\SensitiveParameter] string $adminSecret): string
    {
        $key = self::$hashKey ?? self::init();
        return self::$sodium
            ? \sodium_crypto_shorthash($adminSecret, $key)
            : \hash_hmac('sha256', $adminSecret, $key, true);
    }

    /**
     * Prepares the handle of these inputs (not in $handles), evicting the
     * oldest when full.
     *
     * @throws \KSession\KsException the library's refusal, naming the field
     */
    public static function add(
        string $hash,
        #[\SensitiveParameter] string $adminSecret,
        int $partnerId,
        int $expiry,
        int $cache,
        string $userId,
        string $custom,
    ): EntryViewingHandle {
        $n = Native::$instance ?? Native::get();
        $out = $n->signerOut();
        $status = $n->ffi->ksession_signer_new($adminSecret, \strlen($adminSecret), $out, $n->errPtr);
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        // Freed (its secret wiped) when this call ends: the handle keeps its own copy.
        $signer = new SignerHandle($n, $out[0], 1);
        $out[0] = null;
        $handle = EntryViewingHandle::make($n, $signer->signer, $partnerId, $userId, $expiry, $cache, $custom, 0);
        if (\count(self::$order) >= self::MAX_ENTRIES) {
            self::remove(...\array_shift(self::$order));
        }
        self::$order[] = [$hash, $partnerId, $expiry, $cache, $userId, $custom];
        return self::$handles[$hash][$partnerId][$expiry][$cache][$userId][$custom] = $handle;
    }

    /** How many handles are held. */
    public static function count(): int
    {
        return \count(self::$order);
    }

    /** Frees every handle (one a caller still holds goes when the caller is done with it). */
    public static function clear(): void
    {
        self::$handles = [];
        self::$order = [];
    }

    /** Drops one handle and the levels it leaves empty. */
    private static function remove(string $hash, int $partnerId, int $expiry, int $cache, string $userId, string $custom): void
    {
        $h = &self::$handles;
        unset($h[$hash][$partnerId][$expiry][$cache][$userId][$custom]);
        if ($h[$hash][$partnerId][$expiry][$cache][$userId] === []) {
            unset($h[$hash][$partnerId][$expiry][$cache][$userId]);
            if ($h[$hash][$partnerId][$expiry][$cache] === []) {
                unset($h[$hash][$partnerId][$expiry][$cache]);
                if ($h[$hash][$partnerId][$expiry] === []) {
                    unset($h[$hash][$partnerId][$expiry]);
                    if ($h[$hash][$partnerId] === []) {
                        unset($h[$hash][$partnerId]);
                        if ($h[$hash] === []) {
                            unset($h[$hash]);
                        }
                    }
                }
            }
        }
    }
}
