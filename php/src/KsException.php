<?php

declare(strict_types=1);

namespace KSession;

/**
 * The base of every ksession failure: catch this to handle them all.
 *
 * getCode() is the error kind's stable code, the same in Rust, C, Python and
 * PHP (1 invalid_field ... 7 random_unavailable); 0 when the wrapper itself
 * refuses an operation (see LibraryException for loading failures). The
 * message names the field and the reason and never holds a secret.
 */
class KsException extends \RuntimeException
{
    public const INVALID_FIELD = 1;
    public const MALFORMED_TOKEN = 2;
    public const INVALID_SIGNATURE = 3;
    public const EXPIRED = 4;
    public const TOKEN_TOO_LARGE = 5;
    public const SECRET_REQUIRED = 6;
    public const RANDOM_UNAVAILABLE = 7;

    /** The stable snake_case names of the codes, as the shared test vectors spell them. */
    public const KINDS = [
        self::INVALID_FIELD => 'invalid_field',
        self::MALFORMED_TOKEN => 'malformed_token',
        self::INVALID_SIGNATURE => 'invalid_signature',
        self::EXPIRED => 'expired',
        self::TOKEN_TOO_LARGE => 'token_too_large',
        self::SECRET_REQUIRED => 'secret_required',
        self::RANDOM_UNAVAILABLE => 'random_unavailable',
    ];

    /** The error kind's name ("invalid_field", "expired", ...); "error" for code 0. */
    public function kind(): string
    {
        return self::KINDS[$this->getCode()] ?? 'error';
    }
}
