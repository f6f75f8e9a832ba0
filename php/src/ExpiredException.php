<?php

declare(strict_types=1);

namespace KSession;

/**
 * The token's valid_until (plus the leeway) is not after `now`.
 */
final class ExpiredException extends KsException
{
    public function __construct(string $message)
    {
        parent::__construct($message, self::EXPIRED);
    }
}
