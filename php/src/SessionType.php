<?php

declare(strict_types=1);

namespace KSession;

/**
 * The session types with a name. Every function that takes a type also
 * takes a plain int (the server treats any type of 1 or more as admin), and
 * Ks::$type is always the int code.
 */
enum SessionType: int
{
    case User = 0;
    case Admin = 2;

    /** "USER", "ADMIN", or "UNKNOWN" for any other code. */
    public static function nameOf(int $code): string
    {
        return match ($code) {
            0 => 'USER',
            2 => 'ADMIN',
            default => 'UNKNOWN',
        };
    }
}
