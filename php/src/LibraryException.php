<?php

declare(strict_types=1);

namespace KSession;

/**
 * The native library could not be used: the FFI extension is missing or
 * restricted by `ffi.enable`, libksession.so or its declarations were not
 * found, its version is not the one this wrapper expects, or a call failed
 * in the C calling convention itself. getCode() is 0 for loading failures,
 * else the C status (100 and up, see include/ksession.h).
 */
final class LibraryException extends KsException
{
}
