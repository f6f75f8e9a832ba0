<?php

declare(strict_types=1);

namespace KSession;

/**
 * The token is not a well-formed KS (empty, not base64, no `|`, a bad field
 * count, a non-numeric field, not UTF-8, ...).
 */
class MalformedTokenException extends KsException
{
    public function __construct(string $message)
    {
        parent::__construct($message, $this instanceof TokenTooLargeException ? self::TOKEN_TOO_LARGE : self::MALFORMED_TOKEN);
    }
}
