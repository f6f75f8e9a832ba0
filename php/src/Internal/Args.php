<?php

declare(strict_types=1);

namespace KSession\Internal;

use KSession\InvalidFieldException;
use KSession\Layout;
use KSession\MalformedTokenException;
use KSession\SessionType;

/**
 * Turns the arguments PHP callers pass into what the C API takes, or refuses
 * them with an InvalidFieldException naming the field: the platform helper's
 * callers pass ints or numeric strings, and nothing a caller passes may end
 * in a TypeError. Messages name the field and the type, never a value.
 *
 * @internal
 */
final class Args
{
    private const INT64_MAX = '9223372036854775807';
    private const UINT32_MAX = 4294967295;

    public static function secret(#[\SensitiveParameter] mixed $value): string
    {
        if (\is_string($value)) {
            return $value;
        }
        throw new InvalidFieldException('admin_secret', 'admin_secret must be a string, got ' . \get_debug_type($value));
    }

    /**
     * One secret or several (key rotation).
     *
     * @return list<string>
     */
    public static function secrets(#[\SensitiveParameter] mixed $value): array
    {
        if (\is_string($value)) {
            return [$value];
        }
        if (!\is_array($value)) {
            throw new InvalidFieldException('admin_secret',
                'admin_secret must be a string or an array of strings, got ' . \get_debug_type($value));
        }
        $secrets = [];
        foreach ($value as $secret) {
            if (!\is_string($secret)) {
                throw new InvalidFieldException('admin_secret', 'admin_secret must be a string, got '
                    . \get_debug_type($secret) . ' at index ' . \count($secrets) . ' of the list');
            }
            $secrets[] = $secret;
        }
        return $secrets;
    }

    /**
     * A text field: a string, an int written in decimal, or null for ""
     * (as the helper's implode() writes them).
     */
    public static function text(mixed $value, string $field): string
    {
        if (\is_string($value)) {
            return $value;
        }
        if (\is_int($value) || $value === null) {
            return (string) $value;
        }
        throw new InvalidFieldException($field, "$field must be a string or an int, got " . \get_debug_type($value));
    }

    /** An int, or a string of decimal digits that fits in 64 bits. */
    public static function int(mixed $value, string $field): int
    {
        if (\is_int($value)) {
            return $value;
        }
        if (!\is_string($value)) {
            throw new InvalidFieldException($field,
                "$field must be an int or a string of decimal digits, got " . \get_debug_type($value));
        }
        $length = \strlen($value);
        if ($length === 0) {
            throw new InvalidFieldException($field, "$field is an empty string, not a number");
        }
        $digits = \strspn($value, '0123456789');
        if ($digits !== $length) {
            throw new InvalidFieldException($field,
                "$field must be an int or a string of decimal digits; byte $digits is not a digit");
        }
        $value = \ltrim($value, '0');
        if (\strlen($value) > 19 || (\strlen($value) === 19 && \strcmp($value, self::INT64_MAX) > 0)) {
            throw new InvalidFieldException($field, "$field is larger than " . self::INT64_MAX);
        }
        return (int) $value;
    }

    /** `now`: null for the system clock. */
    public static function now(mixed $value): int
    {
        return $value === null ? \time() : self::int($value, 'now');
    }

    /** An int from 0 to 2**32 - 1 (`rand`, `leeway`). */
    public static function uint32(mixed $value, string $field): int
    {
        $int = self::int($value, $field);
        if ($int < 0 || $int > self::UINT32_MAX) {
            throw new InvalidFieldException($field, "$field must be from 0 to " . self::UINT32_MAX . ", got $int");
        }
        return $int;
    }

    /** A session type: a SessionType or its int code. */
    public static function type(mixed $value): int
    {
        return $value instanceof SessionType ? $value->value : self::int($value, 'type');
    }

    /** An optional master partner id: null for none. */
    public static function optionalInt(mixed $value, string $field): ?int
    {
        return $value === null ? null : self::int($value, $field);
    }

    public static function bool(mixed $value, string $field): bool
    {
        if (\is_bool($value)) {
            return $value;
        }
        throw new InvalidFieldException($field, "$field must be a bool, got " . \get_debug_type($value));
    }

    /** The ksession_layout of a Layout or its name ('server', 'client'). */
    public static function layout(mixed $value): int
    {
        $layout = \is_string($value) ? Layout::tryFrom($value) : $value;
        return match ($layout) {
            Layout::Server => 0,
            Layout::Client => 1,
            default => throw new InvalidFieldException('layout',
                "layout must be Layout::Server, Layout::Client, 'server' or 'client', got " . \get_debug_type($value)),
        };
    }

    /** The 16 "random" bytes of an exact KS v2 (tests only), or null. */
    public static function random(mixed $value): ?string
    {
        if ($value === null || (\is_string($value) && \strlen($value) === 16)) {
            return $value;
        }
        throw new InvalidFieldException('random', 'random must be null or a string of 16 bytes, got '
            . (\is_string($value) ? 'a string of ' . \strlen($value) . ' bytes' : \get_debug_type($value)));
    }

    public static function token(mixed $value): string
    {
        if (\is_string($value)) {
            return $value;
        }
        throw new MalformedTokenException('the token must be a string, got ' . \get_debug_type($value));
    }
}
