<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\KsException;
use KSession\Signer;
use PHPUnit\Framework\TestCase;

/**
 * No admin secret in an exception's message, its string form (which holds
 * the stack trace with arguments when zend.exception_ignore_args is 0),
 * var_dump, print_r or var_export; nor in a Signer's.
 */
final class SecretsTest extends TestCase
{
    private const SECRET = 'S3CR3T-never-printed-0123456789';
    private const OTHER = 'S3CR3T-the-other-one-9876543210';

    public function testFailuresNeverShowTheSecret(): void
    {
        $script = __DIR__ . '/fixtures/secret_failures.php';
        $command = [PHP_BINARY, '-d', 'ffi.enable=1', '-d', 'zend.exception_ignore_args=0', $script];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $this->assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        $this->assertSame(0, proc_close($process), $out . $err);
        $this->assertSame('', $err);
        $this->assertSame(15, preg_match_all("/^=== /m", $out), $out);
        // The traces do carry arguments, with the secrets replaced.
        $this->assertStringContainsString('KalturaHelper::generateCachedEntryViewingSession(Object(SensitiveParameterValue), ', $out);
        $this->assertStringContainsString('KSession::verify(', $out);
        $this->assertStringContainsString('SensitiveParameterValue', $out);
        $this->assertNoSecret('exceptions', $out);
    }

    public function testASignerNeverShowsItsSecrets(): void
    {
        $signer = new Signer([self::SECRET, self::OTHER]);
        $dump = $this->dump($signer);
        $this->assertNoSecret('var_dump', $dump);
        $this->assertStringContainsString('[2 redacted]', $dump);
        $this->assertNoSecret('print_r', print_r($signer, true));
        $this->assertNoSecret('var_export', var_export($signer, true));
        $this->assertNoSecret('debug_zval_dump', $this->capture(fn () => debug_zval_dump($signer)));
        $this->assertNoSecret('json_encode', (string) json_encode($signer));
        $this->assertNoSecret('array cast', print_r((array) $signer, true));
        $this->assertNoSecret('clone', print_r(clone $signer, true));
        $this->expectException(KsException::class);
        unserialize('O:15:"KSession\\Signer":0:{}');
    }

    private function assertNoSecret(string $where, string $text): void
    {
        $this->assertStringNotContainsString('S3CR3T', $text, $where);
        $this->assertStringNotContainsString(bin2hex('S3CR3T'), $text, $where);
        $this->assertStringNotContainsString(base64_encode(self::SECRET), $text, $where);
    }

    private function dump(mixed $value): string
    {
        return $this->capture(fn () => var_dump($value));
    }

    private function capture(callable $print): string
    {
        ob_start();
        try {
            $print();
        } finally {
            $text = (string) ob_get_clean();
        }
        return $text;
    }
}
