<?php

declare(strict_types=1);

namespace KSession;

/**
 * The operating system's random generator failed (a KS v2 needs 16 random bytes, a plain KS v1 a random number).
 */
final class RandomUnavailableException extends KsException
{
    public function __construct(string $message)
    {
        parent::__construct($message, self::RANDOM_UNAVAILABLE);
    }
}
