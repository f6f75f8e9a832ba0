<?php

declare(strict_types=1);

namespace KSession\Internal;

use KSession\LibraryException;

/**
 * The loaded library and the buffers every call reuses.
 *
 * One instance per process (per request under php-fpm, where static state
 * does not outlive a request): FFI::scope('ksession') when the declarations
 * were preloaded (php/preload.php, or the ffi.preload setting), FFI::cdef()
 * of include/ksession_php.h otherwise. The output buffers are allocated once:
 * a call fills them and the caller copies the result out before the next
 * call, and no call re-enters PHP, so sharing them is safe.
 *
 * @internal
 */
final class Native
{
    /** The libksession version this wrapper is written for; checked on load. */
    public const EXPECTED_VERSION = '0.1.0';

    /** KSESSION_MAX_TOKEN_LEN + 1: every minted token and its NUL fit. */
    public const CAP = 16385;

    public static ?self $instance = null;

    /** char[CAP]: the minted token. */
    public readonly \FFI\CData $buf;
    /** size_t[1]: the token's length. */
    public readonly \FFI\CData $len;
    /** ksession_error: the failure's detail. */
    public readonly \FFI\CData $err;
    /** A pointer to $err, for the err_out arguments. */
    public readonly \FFI\CData $errPtr;

    // Allocated on first use (a php-fpm request pays for what it uses).
    private ?\FFI\CData $ksOut = null;
    private ?\FFI\CData $signerOut = null;
    private ?\FFI\CData $entryViewingOut = null;
    private ?\FFI\CData $masterPartnerId = null;
    private ?\FFI\CData $random = null;
    private ?\FFI\CType $charPointers = null;

    /**
     * @param \FFI   $ffi     the library's functions
     * @param string $via     'scope' (preloaded) or 'cdef'
     * @param string $library the path loaded by FFI::cdef(); '' for a scope
     */
    private function __construct(
        public readonly \FFI $ffi,
        public readonly string $via,
        public readonly string $library,
    ) {
        $this->buf = $ffi->new('char[' . self::CAP . ']');
        $this->len = $ffi->new('size_t[1]');
        $this->err = $ffi->new('ksession_error');
        $this->errPtr = \FFI::addr($this->err);
    }

    /** const ksession_ks *[1]: receives a decoded token. */
    public function ksOut(): \FFI\CData
    {
        return $this->ksOut ??= $this->ffi->new('const ksession_ks *[1]');
    }

    /** ksession_signer *[1]: receives a new signer. */
    public function signerOut(): \FFI\CData
    {
        return $this->signerOut ??= $this->ffi->new('ksession_signer *[1]');
    }

    /** ksession_entry_viewing *[1]: receives a new prepared handle. */
    public function entryViewingOut(): \FFI\CData
    {
        return $this->entryViewingOut ??= $this->ffi->new('ksession_entry_viewing *[1]');
    }

    /** The `const int64_t *master_partner_id` argument: NULL for none. */
    public function masterPartnerId(?int $value): ?\FFI\CData
    {
        if ($value === null) {
            return null;
        }
        $this->masterPartnerId ??= $this->ffi->new('int64_t[1]');
        $this->masterPartnerId[0] = $value;
        return $this->masterPartnerId;
    }

    /**
     * The type `char **`, made once: casting with a type string each time
     * leaks the parsed type in PHP 8.2's FFI when an element is then read.
     */
    public function charPointers(): \FFI\CType
    {
        return $this->charPointers ??= $this->ffi->type('char **');
    }

    /** The 16 bytes of a KS v2's `random` argument. */
    public function random(string $bytes): \FFI\CData
    {
        $this->random ??= $this->ffi->new('uint8_t[16]');
        \FFI::memcpy($this->random, $bytes, 16);
        return $this->random;
    }

    /** What var_dump and print_r show (traces hold this object): not the buffers. */
    public function __debugInfo(): array
    {
        return ['via' => $this->via, 'library' => $this->library];
    }

    /** The library, loaded on first use. */
    public static function get(): self
    {
        return self::$instance ??= self::load();
    }

    /** The version the loaded library reports. */
    public function version(): string
    {
        return self::versionOf($this->ffi);
    }

    /** The token a successful generating call wrote. */
    public function token(): string
    {
        return \FFI::string($this->buf, $this->len[0]);
    }

    private static function load(): self
    {
        self::requireFfi();
        try {
            $ffi = \FFI::scope(Locate::SCOPE);
        } catch (\FFI\Exception) {
            $ffi = null; // not preloaded: load the library in this process
        }
        if ($ffi !== null) {
            self::checkVersion($ffi, "the preloaded FFI scope '" . Locate::SCOPE . "'");
            return new self($ffi, 'scope', '');
        }
        $library = Locate::library();
        $header = Locate::header($library);
        try {
            $ffi = \FFI::cdef(Locate::read($header), $library);
        } catch (\FFI\Exception $e) {
            throw new LibraryException(self::restrictionHint("cannot load $library with $header: " . $e->getMessage()), 0, $e);
        }
        self::checkVersion($ffi, $library);
        return new self($ffi, 'cdef', $library);
    }

    /**
     * Preloading (php/preload.php): defines the FFI scope 'ksession' once per
     * server, unless the ffi.preload setting already did.
     *
     * PHP 8.2 refuses FFI::load() while preloading as root (opcache then
     * preloads in a child process as opcache.preload_user); a server started
     * as root sets ffi.preload to the file php/tools/scope_header.php writes.
     *
     * @return string how the scope came to be: 'ffi.preload' or 'FFI::load'
     */
    public static function preload(): string
    {
        self::requireFfi();
        try {
            $ffi = \FFI::scope(Locate::SCOPE);
        } catch (\FFI\Exception) {
            $ffi = null; // no scope yet: define it
        }
        if ($ffi !== null) {
            self::checkVersion($ffi, "the FFI scope '" . Locate::SCOPE . "' of ffi.preload");
            return 'ffi.preload';
        }
        $library = Locate::library();
        $text = Locate::scopeDeclarations($library, Locate::header($library));
        $file = \tempnam(\sys_get_temp_dir(), 'ksession-ffi-');
        if ($file === false) {
            throw new LibraryException('cannot create a temporary file in ' . \sys_get_temp_dir());
        }
        try {
            if (\file_put_contents($file, $text) !== \strlen($text)) {
                throw new LibraryException("cannot write $file");
            }
            $ffi = \FFI::load($file);
        } catch (\FFI\Exception $e) {
            throw new LibraryException("FFI::load() of $library failed: " . $e->getMessage()
                . ' (preloading as root: write the declarations with `php php/tools/scope_header.php FILE`'
                . ' and set ffi.preload=FILE)', 0, $e);
        } finally {
            \unlink($file);
        }
        if ($ffi === null) {
            throw new LibraryException("FFI::load() of $library failed");
        }
        self::checkVersion($ffi, $library);
        return 'FFI::load';
    }

    private static function requireFfi(): void
    {
        if (!\extension_loaded('ffi')) {
            throw new LibraryException('the PHP FFI extension is not loaded (extension=ffi; Debian ships it in php8.2-common)');
        }
    }

    private static function restrictionHint(string $message): string
    {
        if (\str_contains($message, 'ffi.enable')) {
            $message .= ' (the CLI needs ffi.enable=1 or preload; php-fpm needs ffi.enable=preload with'
                . ' opcache.preload=php/preload.php)';
        }
        return $message;
    }

    private static function versionOf(\FFI $ffi): string
    {
        $version = $ffi->ksession_version();
        return \is_string($version) ? $version : \FFI::string($version);
    }

    private static function checkVersion(\FFI $ffi, string $where): void
    {
        $version = self::versionOf($ffi);
        if ($version !== self::EXPECTED_VERSION) {
            throw new LibraryException("$where is libksession $version; this wrapper needs "
                . self::EXPECTED_VERSION . ': build the matching library (make ffi-lib) or set KSESSION_LIB');
        }
    }
}
