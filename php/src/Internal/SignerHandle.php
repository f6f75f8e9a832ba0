<?php

declare(strict_types=1);

namespace KSession\Internal;

/**
 * Owns one ksession_signer: freed (and its secrets wiped) by
 * ksession_signer_free when the last Signer using it goes away. Clones of a
 * Signer share their handle, so it is freed exactly once.
 *
 * @internal
 */
final class SignerHandle
{
    public function __construct(
        public readonly Native $native,
        public readonly \FFI\CData $signer,
        public readonly int $secretCount,
    ) {
    }

    public function __destruct()
    {
        $this->native->ffi->ksession_signer_free($this->signer);
    }

    public function __debugInfo(): array
    {
        return ['secrets' => "[{$this->secretCount} redacted]"];
    }

    public function __serialize(): array
    {
        throw new \KSession\KsException('a Signer holds admin secrets and cannot be serialized');
    }
}
