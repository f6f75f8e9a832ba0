<?php

declare(strict_types=1);

namespace KSession;

use KSession\Internal\Args;
use KSession\Internal\EntryViewingHandle;
use KSession\Internal\Failure;
use KSession\Internal\Native;

/**
 * A prepared cached entry-viewing KS v1 (Signer::entryViewing()): partner,
 * user, expiry, cache window, custom data and alphabet checked and held in
 * the library once, with a copy of the signer's signing secret; each
 * generate() passes only the entry id and the time, the cheapest call to
 * the library. The tokens are exactly Signer::generateCachedEntryViewingSession's.
 *
 * It prints no secret (var_dump, print_r) and cannot be serialized.
 */
final class EntryViewing
{
    private readonly EntryViewingHandle $owner;
    // What each call passes, read from this object alone: every property
    // read counts on this path.
    private readonly \FFI $ffi;
    private readonly \FFI\CData $handle;
    private readonly \FFI\CData $buf;
    private readonly \FFI\CData $len;
    private readonly \FFI\CData $errPtr;

    /** @internal made by Signer::entryViewing() */
    public function __construct(EntryViewingHandle $owner)
    {
        $n = $owner->native;
        $this->owner = $owner;
        $this->ffi = $n->ffi;
        $this->handle = $owner->handle;
        $this->buf = $n->buf;
        $this->len = $n->len;
        $this->errPtr = $n->errPtr;
    }

    /**
     * The token for one entry.
     *
     * @param string          $entryId
     * @param int|string|null $now unix seconds; null for the system clock
     *
     * @throws InvalidFieldException a bad entry id, or a `now` out of range
     */
    public function generate(mixed $entryId, mixed $now = null): string
    {
        $entryId = \is_string($entryId) ? $entryId : Args::text($entryId, 'entry_id');
        $now = \is_int($now) ? $now : Args::now($now);
        $status = $this->ffi->ksession_entry_viewing_generate(
            $this->handle, $entryId, \strlen($entryId), $now, $this->buf, Native::CAP, $this->len, $this->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($this->owner->native, $status);
        }
        // The library ends the token with a NUL, and a token holds none.
        return \FFI::string($this->buf);
    }

    /** @return array<string, string> */
    public function __debugInfo(): array
    {
        return ['adminSecret' => '[redacted]'];
    }

    /** @return never */
    public function __serialize(): array
    {
        throw new KsException('a prepared EntryViewing holds an admin secret and cannot be serialized');
    }

    /** @param array<mixed> $data */
    public function __unserialize(array $data): void
    {
        throw new KsException('a prepared EntryViewing holds an admin secret and cannot be unserialized');
    }
}
