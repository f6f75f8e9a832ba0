<?php

declare(strict_types=1);

namespace KSession;

/**
 * The token is a KS v2, which is encrypted: reading it needs the admin secret (KSession::decodeWithSecrets, Signer::decode, verify).
 */
final class SecretRequiredException extends KsException
{
    public function __construct(string $message)
    {
        parent::__construct($message, self::SECRET_REQUIRED);
    }
}
