<?php

declare(strict_types=1);

namespace KSession\Tests;

use PHPUnit\Framework\TestCase;

/** examples/php/example.php prints the spec vector's token. */
final class ExampleTest extends TestCase
{
    public function testTheExamplePrintsTheSpecVector(): void
    {
        $example = dirname(__DIR__, 2) . '/examples/php/example.php';
        $this->assertSame(Vectors::token('ks_v1.json', 'spec vector') . "\n", $this->runScript($example));
        $explained = $this->runScript($example, '--explain');
        $this->assertStringContainsString("partner 3000582, user 'Viewer', USER session, valid until 2021-05-21 15:50:00 UTC", $explained);
        $this->assertStringContainsString("refused: entry_id contains ',' at byte 10 (field entry_id, code 1)", $explained);
    }

    private function runScript(string $script, string ...$args): string
    {
        $process = proc_open([PHP_BINARY, '-d', 'ffi.enable=1', $script, ...$args], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $this->assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        $this->assertSame(0, proc_close($process), $err);
        $this->assertSame('', $err);
        return $out;
    }
}
