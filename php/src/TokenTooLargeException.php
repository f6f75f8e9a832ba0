<?php

declare(strict_types=1);

namespace KSession;

/**
 * The token is longer than KSession::MAX_TOKEN_LEN bytes: refused before any
 * decoding. A MalformedTokenException, with code TOKEN_TOO_LARGE (5).
 */
final class TokenTooLargeException extends MalformedTokenException
{
}
