<?php

declare(strict_types=1);

namespace KSession\Internal;

use KSession\LibraryException;

/**
 * Where libksession.so and its PHP declarations are: the KSESSION_LIB (and
 * KSESSION_PHP_HEADER) environment variables first, then the project's own
 * build (target/release/ of the source tree this wrapper sits in), then what
 * `make install` writes under /usr/local.
 *
 * @internal
 */
final class Locate
{
    public const SCOPE = 'ksession';
    public const INSTALL_LIB = '/usr/local/lib/libksession.so';
    public const INSTALL_HEADER = '/usr/local/share/ksession/ksession_php.h';

    /** The source tree this wrapper sits in (php/src/Internal is three levels down). */
    public static function sourceRoot(): string
    {
        return \dirname(__DIR__, 3);
    }

    /** The library to load. */
    public static function library(): string
    {
        $env = \getenv('KSESSION_LIB');
        if (\is_string($env) && $env !== '') {
            if (!\is_file($env)) {
                throw new LibraryException("KSESSION_LIB is '$env', which is not a file");
            }
            return $env;
        }
        $tried = [self::sourceRoot() . '/target/release/libksession.so', self::INSTALL_LIB];
        foreach ($tried as $path) {
            if (\is_file($path)) {
                return $path;
            }
        }
        throw new LibraryException('libksession.so not found (looked at ' . \implode(', ', $tried)
            . '): build it with `make ffi-lib`, install it with `make install`, or set KSESSION_LIB to its path');
    }

    /**
     * The preprocessor-free declarations (include/ksession_php.h) that go with
     * `$library`: the ones installed beside it first, so that an installed
     * library is read with its own declarations.
     */
    public static function header(string $library): string
    {
        $env = \getenv('KSESSION_PHP_HEADER');
        if (\is_string($env) && $env !== '') {
            if (!\is_file($env)) {
                throw new LibraryException("KSESSION_PHP_HEADER is '$env', which is not a file");
            }
            return $env;
        }
        $tried = [
            \dirname($library, 2) . '/share/ksession/ksession_php.h',
            self::sourceRoot() . '/include/ksession_php.h',
            self::INSTALL_HEADER,
        ];
        foreach ($tried as $path) {
            if (\is_file($path)) {
                return $path;
            }
        }
        throw new LibraryException('ksession_php.h not found (looked at ' . \implode(', ', $tried)
            . '): install it with `make install`, or set KSESSION_PHP_HEADER to its path');
    }

    /** The text of a declaration file. */
    public static function read(string $header): string
    {
        $text = \is_readable($header) ? \file_get_contents($header) : false;
        if ($text === false) {
            throw new LibraryException("cannot read $header");
        }
        return $text;
    }

    /**
     * The declarations for FFI::load() and the ffi.preload setting: the two
     * directives they read (and the only ones they accept) on top of the
     * generated declarations.
     */
    public static function scopeDeclarations(string $library, string $header): string
    {
        if (\preg_match('/["\\\\\x00-\x1f]/', $library) === 1) {
            throw new LibraryException('the library path holds a quote, a backslash or a control character,'
                . ' which a #define FFI_LIB line cannot carry');
        }
        return '#define FFI_SCOPE "' . self::SCOPE . "\"\n#define FFI_LIB \"$library\"\n" . self::read($header);
    }
}
