<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\LibraryException;
use PHPUnit\Framework\TestCase;

/**
 * The loader in child processes: preloaded (opcache.preload=php/preload.php
 * with ffi.enable=preload, reaching the library through FFI::scope), not
 * preloaded (FFI::cdef), and every way loading can fail, each a
 * LibraryException with a message that says what to do.
 */
final class PreloadTest extends TestCase
{
    private const CHILD = __DIR__ . '/fixtures/preload_child.php';

    private static string $dir;
    private static string $scopeHeader;

    public static function setUpBeforeClass(): void
    {
        self::$dir = sys_get_temp_dir() . '/ksession-php-test-' . getmypid();
        if (!is_dir(self::$dir)) {
            mkdir(self::$dir, 0755);
        }
        // What php-fpm's php.ini points ffi.preload at, made by the same tool.
        self::$scopeHeader = self::$dir . '/ksession-scope.h';
        [$status, $out] = self::exec([PHP_BINARY, dirname(__DIR__) . '/tools/scope_header.php', self::$scopeHeader]);
        if ($status !== 0) {
            throw new \RuntimeException("scope_header.php failed: $out");
        }
    }

    public static function tearDownAfterClass(): void
    {
        foreach (glob(self::$dir . '/*') ?: [] as $file) {
            unlink($file);
        }
        rmdir(self::$dir);
    }

    public function testTheScopeHeaderHasTheTwoDirectivesThenTheDeclarations(): void
    {
        $text = (string) file_get_contents(self::$scopeHeader);
        $lines = explode("\n", $text, 3);
        $this->assertSame('#define FFI_SCOPE "ksession"', $lines[0]);
        $this->assertMatchesRegularExpression('~^#define FFI_LIB "/[^"]+/libksession\.so"$~', $lines[1]);
        $this->assertSame(file_get_contents(dirname(__DIR__, 2) . '/include/ksession_php.h'), $lines[2]);
    }

    /** The setting php-fpm runs with: every call goes through FFI::scope('ksession'). */
    public function testPreloadedTheLibraryIsReachedThroughTheScope(): void
    {
        $settings = ['ffi.enable' => 'preload', 'opcache.enable_cli' => '1',
            'opcache.preload' => dirname(__DIR__) . '/preload.php'];
        if (posix_geteuid() === 0) {
            // As root PHP 8.2 preloads in a child process as opcache.preload_user,
            // where FFI::load() is refused: the scope then comes from ffi.preload.
            $settings += ['opcache.preload_user' => 'root', 'ffi.preload' => self::$scopeHeader];
        }
        $got = $this->child($settings);
        $this->assertSame(Vectors::token('ks_v1.json', 'spec vector'), $got['token'] ?? null, json_encode($got));
        $this->assertSame('scope', $got['library']['loaded_via']);
        $this->assertSame('', $got['library']['path']);
        $this->assertSame('preload', $got['ffi.enable']);
    }

    /** Without ffi.preload, preload.php defines the scope itself with FFI::load() (not as root). */
    public function testPreloadPhpDefinesTheScopeWithFfiLoad(): void
    {
        $settings = ['ffi.enable' => 'preload', 'opcache.enable_cli' => '1',
            'opcache.preload' => dirname(__DIR__) . '/preload.php'];
        $prefix = [];
        if (posix_geteuid() === 0) {
            $this->assertFileIsReadable(self::CHILD, 'the source tree must be readable by nobody');
            $prefix = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];
        }
        $got = $this->child($settings, [], $prefix);
        $this->assertSame(Vectors::token('ks_v1.json', 'spec vector'), $got['token'] ?? null, json_encode($got));
        $this->assertSame('scope', $got['library']['loaded_via']);
    }

    public function testPreloadingAsRootWithoutFfiPreloadSaysWhatToDo(): void
    {
        if (posix_geteuid() !== 0) {
            $this->assertTrue(true, 'only root is refused FFI::load() while preloading');
            return;
        }
        [$status, $out] = self::exec(self::command(['ffi.enable' => 'preload', 'opcache.enable_cli' => '1',
            'opcache.preload' => dirname(__DIR__) . '/preload.php', 'opcache.preload_user' => 'root']));
        $this->assertNotSame(0, $status);
        $this->assertStringContainsString(LibraryException::class, $out);
        $this->assertStringContainsString('php php/tools/scope_header.php FILE', $out);
        $this->assertStringContainsString('ffi.preload=FILE', $out);
    }

    /** Not preloaded: FFI::cdef() of include/ksession_php.h and the built library. */
    public function testWithoutPreloadingTheLibraryIsLoadedWithCdef(): void
    {
        foreach (['1', 'preload'] as $enable) {
            $got = $this->child(['ffi.enable' => $enable]);
            $this->assertSame(Vectors::token('ks_v1.json', 'spec vector'), $got['token'] ?? null, json_encode($got));
            $this->assertSame('cdef', $got['library']['loaded_via']);
            $this->assertSame(realpath((string) getenv('KSESSION_LIB') ?: dirname(__DIR__, 2) . '/target/release/libksession.so'),
                realpath($got['library']['path']));
        }
    }

    public function testFfiDisabledIsALibraryException(): void
    {
        $got = $this->child(['ffi.enable' => '0']);
        $this->assertSame(LibraryException::class, $got['exception'] ?? null, json_encode($got));
        $this->assertSame(0, $got['code']);
        $this->assertStringContainsString('ffi.enable', $got['message']);
    }

    public function testAMissingLibraryIsALibraryException(): void
    {
        $got = $this->child(['ffi.enable' => '1'], ['KSESSION_LIB' => '/nonexistent/libksession.so']);
        $this->assertSame(LibraryException::class, $got['exception'] ?? null, json_encode($got));
        $this->assertSame("KSESSION_LIB is '/nonexistent/libksession.so', which is not a file", $got['message']);
        $got = $this->child(['ffi.enable' => '1'], ['KSESSION_PHP_HEADER' => '/nonexistent/ksession_php.h']);
        $this->assertSame(LibraryException::class, $got['exception'] ?? null, json_encode($got));
    }

    /** A library of another version is refused on load, before any call. */
    public function testALibraryOfAnotherVersionIsRefused(): void
    {
        $stub = $this->stubLibrary('9.9.9');
        $got = $this->child(['ffi.enable' => '1'], ['KSESSION_LIB' => $stub]);
        $this->assertSame(LibraryException::class, $got['exception'] ?? null, json_encode($got));
        $this->assertStringContainsString('is libksession 9.9.9; this wrapper needs ' . \KSession\KSession::VERSION,
            $got['message']);
    }

    /**
     * A library exporting every function of include/ksession_php.h, whose
     * ksession_version() says `$version` and whose other functions do nothing.
     */
    private function stubLibrary(string $version): string
    {
        $header = (string) file_get_contents(dirname(__DIR__, 2) . '/include/ksession_php.h');
        preg_match_all('/\b(ksession_[a-z0-9_]+)\(/', $header, $m);
        $c = "const char *ksession_version(void) { return \"$version\"; }\n";
        foreach (array_unique($m[1]) as $name) {
            if ($name !== 'ksession_version') {
                $c .= "int $name(void) { return 0; }\n";
            }
        }
        $source = self::$dir . '/stub.c';
        $library = self::$dir . '/libksession-stub.so';
        file_put_contents($source, $c);
        [$status, $out] = self::exec(['cc', '-shared', '-fPIC', '-o', $library, $source]);
        $this->assertSame(0, $status, $out);
        return $library;
    }

    /** Runs the child script with these settings; returns its JSON line. */
    private function child(array $settings, array $env = [], array $prefix = []): array
    {
        [$status, $out] = self::exec([...$prefix, ...self::command($settings)], $env);
        $this->assertSame(0, $status, $out);
        $lines = explode("\n", trim($out));
        return json_decode((string) end($lines), true, 8, JSON_THROW_ON_ERROR);
    }

    /** A php command line with only these settings changed from the defaults. */
    private static function command(array $settings): array
    {
        $command = [PHP_BINARY];
        foreach ($settings as $name => $value) {
            array_push($command, '-d', "$name=$value");
        }
        $command[] = self::CHILD;
        return $command;
    }

    /** @return array{int, string} the exit status and stdout + stderr */
    private static function exec(array $command, array $env = []): array
    {
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, null, $env + getenv());
        if (!is_resource($process)) {
            throw new \RuntimeException('cannot run ' . implode(' ', $command));
        }
        $out = (string) stream_get_contents($pipes[1]);
        return [proc_close($process), $out];
    }
}
