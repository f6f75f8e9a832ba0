<?php

declare(strict_types=1);

namespace KSession\Internal;

/**
 * Owns one ksession_entry_viewing: freed (and its copy of the secret wiped)
 * by ksession_entry_viewing_free when the last object using it goes away.
 *
 * @internal
 */
final class EntryViewingHandle
{
    /** How many handles this process holds (tests check that none leaks). */
    public static int $live = 0;

    public function __construct(
        public readonly Native $native,
        public readonly \FFI\CData $handle,
    ) {
        self::$live++;
    }

    /**
     * Prepares a handle signing with `$signer`'s first secret; the arguments
     * have been converted by Args.
     *
     * @throws \KSession\KsException the library's refusal, naming the field
     */
    public static function make(
        Native $n,
        \FFI\CData $signer,
        int $partnerId,
        string $userId,
        int $expiry,
        int $cache,
        string $custom,
        int $alphabet,
    ): self {
        $out = $n->entryViewingOut();
        $status = $n->ffi->ksession_entry_viewing_new(
            $signer, $partnerId, $userId, \strlen($userId), $expiry, $cache, $custom, \strlen($custom), $alphabet,
            $out, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        $handle = $out[0];
        $out[0] = null;
        return new self($n, $handle);
    }

    public function __destruct()
    {
        $this->native->ffi->ksession_entry_viewing_free($this->handle);
        self::$live--;
    }

    public function __debugInfo(): array
    {
        return ['adminSecret' => '[redacted]'];
    }

    public function __serialize(): array
    {
        throw new \KSession\KsException('a prepared EntryViewing holds an admin secret and cannot be serialized');
    }
}
