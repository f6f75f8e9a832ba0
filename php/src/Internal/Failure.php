<?php

declare(strict_types=1);

namespace KSession\Internal;

use KSession\ExpiredException;
use KSession\InvalidFieldException;
use KSession\InvalidSignatureException;
use KSession\KsException;
use KSession\LibraryException;
use KSession\MalformedTokenException;
use KSession\RandomUnavailableException;
use KSession\SecretRequiredException;
use KSession\TokenTooLargeException;

/**
 * Turns a failed call's status and ksession_error into the exception of its
 * kind, with the library's message (which names the field and the reason,
 * never the secret).
 *
 * @internal
 */
final class Failure
{
    public static function raise(Native $n, int $status): never
    {
        throw self::exception($n, $status);
    }

    public static function exception(Native $n, int $status): KsException
    {
        $err = $n->err;
        $length = $err->message_len;
        $message = $length > 0 ? \FFI::string($err->message, $length) : self::describe($n, $status);
        $field = $err->field;
        $field = \is_string($field) ? $field : null;
        return match ($status) {
            KsException::INVALID_FIELD => new InvalidFieldException($field ?? 'unknown', $message),
            KsException::MALFORMED_TOKEN => new MalformedTokenException($message),
            KsException::INVALID_SIGNATURE => new InvalidSignatureException($message),
            KsException::EXPIRED => new ExpiredException($message),
            KsException::TOKEN_TOO_LARGE => new TokenTooLargeException($message),
            KsException::SECRET_REQUIRED => new SecretRequiredException($message),
            KsException::RANDOM_UNAVAILABLE => new RandomUnavailableException($message),
            // KSESSION_STATUS_INVALID_UTF8: text that is not UTF-8 is a bad
            // field, and a token that is not UTF-8 is not a KS.
            101 => $field === 'token'
                ? new MalformedTokenException($message)
                : new InvalidFieldException($field === 'admin_secrets' ? 'admin_secret' : ($field ?? 'unknown'), $message),
            default => new LibraryException('libksession: ' . $message, $status),
        };
    }

    private static function describe(Native $n, int $status): string
    {
        $text = $n->ffi->ksession_status_str($status);
        return \is_string($text) ? $text : "status $status";
    }
}
