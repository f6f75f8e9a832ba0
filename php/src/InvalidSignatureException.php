<?php

declare(strict_types=1);

namespace KSession;

/**
 * The token's signature matches none of the admin secrets (a KS v2: it decrypts under none of them).
 */
final class InvalidSignatureException extends KsException
{
    public function __construct(string $message)
    {
        parent::__construct($message, self::INVALID_SIGNATURE);
    }
}
