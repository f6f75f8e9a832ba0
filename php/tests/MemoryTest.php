<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\KalturaHelper;
use KSession\KsException;
use KSession\KSession;
use KSession\Signer;
use PHPUnit\Framework\TestCase;

/**
 * Nothing leaks: PHP's memory (memory_get_usage) and the process's resident
 * memory (which also counts what the library allocates) stay flat over many
 * calls of every kind, failures included.
 */
final class MemoryTest extends TestCase
{
    private const SECRET = Vectors::SPEC_SECRET;

    public function testManyCallsKeepMemoryFlat(): void
    {
        $token = Vectors::token('ks_v1.json', 'spec vector');
        $v2 = KSession::generateCachedEntryViewingSessionV2(self::SECRET, 3000582, '0_x', 'Viewer', now: 1000);
        $round = function (int $i) use ($token, $v2): void {
            $now = 1621594000 + $i;
            KalturaHelper::generateCachedEntryViewingSession(self::SECRET, 'Viewer', '0_fld1ro3s', 3000582, 18000, 600, '', $now);
            KalturaHelper::generateCachedSession(self::SECRET, 'admin', 2, '3000582', 600, '*', 60, '', $now);
            KSession::generateSession(self::SECRET, 1, 0, 'u', 'a:b', 60, 5, 'x', 'server', $now);
            KSession::generateSessionV2(self::SECRET, 1, 0, 'u', 'a:b', 60, 5, 'x', $now);
            $signer = new Signer([self::SECRET, 'old secret']);
            $signer->generateCachedEntryViewingSession(3000582, '0_fld1ro3s', 'Viewer', 18000, 600, '', $now);
            $signer->generateCachedSessionV2(3000582, 2, 'admin', '*', 600, 60, '', $now);
            $signer->verify($token, 1621594000);
            $signer->decode($v2);
            KSession::decode($token);
            KSession::verify($token, [self::SECRET, 'old secret'], 1621594000);
            KSession::decodeWithSecrets($v2, self::SECRET);
            foreach ([
                fn () => KalturaHelper::generateCachedEntryViewingSession(self::SECRET, 'Viewer', '0_x,*', 3000582),
                fn () => KSession::decode('not a token'),
                fn () => KSession::verify($token, 'wrong', 1621594000),
                fn () => KSession::verify($token, self::SECRET, 1721594000),
                fn () => KSession::decode($v2),
                fn () => new Signer(''),
            ] as $failing) {
                try {
                    $failing();
                    $this->fail('must fail');
                } catch (KsException) {
                }
            }
        };
        for ($i = 0; $i < 2000; $i++) {
            $round($i);
        }
        gc_collect_cycles();
        $php = memory_get_usage();
        $rss = self::residentBytes();
        for ($i = 0; $i < 20000; $i++) {
            $round($i);
        }
        gc_collect_cycles();
        $phpGrowth = memory_get_usage() - $php;
        $rssGrowth = self::residentBytes() - $rss;
        // 20,000 rounds of 18 calls: a leak of even one byte per call would show.
        $this->assertLessThanOrEqual(0, $phpGrowth, "PHP memory grew by $phpGrowth bytes");
        $this->assertLessThan(2 << 20, $rssGrowth, "resident memory grew by $rssGrowth bytes");
    }

    /** The process's resident set, from /proc/self/statm. */
    private static function residentBytes(): int
    {
        $statm = explode(' ', (string) file_get_contents('/proc/self/statm'));
        return (int) $statm[1] * 4096;
    }
}
