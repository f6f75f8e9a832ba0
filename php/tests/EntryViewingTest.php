<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\EntryViewing;
use KSession\Internal\EntryViewingCache;
use KSession\Internal\EntryViewingHandle;
use KSession\InvalidFieldException;
use KSession\KalturaHelper;
use KSession\KsException;
use KSession\Signer;
use PHPUnit\Framework\TestCase;

/**
 * The prepared entry-viewing path: Signer::entryViewing() and the handles
 * KalturaHelper::generateCachedEntryViewingSession keeps per inputs.
 */
final class EntryViewingTest extends TestCase
{
    private const SECRET = Vectors::SPEC_SECRET;

    protected function setUp(): void
    {
        EntryViewingCache::clear();
    }

    protected function tearDown(): void
    {
        EntryViewingCache::clear();
    }

    /** Every v1 entry-viewing vector, both alphabets, each through one handle per case and the helper's cache. */
    public function testVectorTokens(): void
    {
        $seen = [false => 0, true => 0];
        foreach (Vectors::cases('ks_v1.json') as $c) {
            if ($c['op'] !== 'cached_entry_viewing_session' || isset($c['error'])) {
                continue;
            }
            $prepared = (new Signer($c['admin_secret']))
                ->entryViewing($c['partner_id'], $c['user_id'], $c['expiry'], $c['cache'], $c['custom'], $c['url_safe']);
            $this->assertSame($c['token'], $prepared->generate($c['entry_id'], $c['now']), $c['name']);
            // Twice: the handle holds nothing from one call to the next.
            $this->assertSame($c['token'], $prepared->generate($c['entry_id'], $c['now']), "{$c['name']} (again)");
            if (!$c['url_safe']) {
                for ($i = 0; $i < 2; $i++) { // a miss, then a hit
                    $this->assertSame($c['token'], KalturaHelper::generateCachedEntryViewingSession($c['admin_secret'],
                        $c['user_id'], $c['entry_id'], $c['partner_id'], $c['expiry'], $c['cache'], $c['custom'], $c['now']),
                        "{$c['name']} (helper, call $i)");
                }
            }
            $seen[$c['url_safe']]++;
        }
        $this->assertGreaterThan(0, $seen[false]);
        $this->assertGreaterThan(0, $seen[true]);
    }

    /** One handle, many entries and times: each token is the one-shot call's. */
    public function testOneHandleManyEntries(): void
    {
        $signer = new Signer(self::SECRET);
        $prepared = $signer->entryViewing('3000582', 'Viewer', '18000', 600, 'c=1', true);
        unset($signer); // the handle keeps its own copy of the secret
        $other = new Signer(self::SECRET);
        foreach (['0_a', '1_fld1ro3s', 'x-Y_9'] as $entry) {
            foreach ([0, 599, 600, 1621594000, '1700000000'] as $now) {
                $this->assertSame(
                    $other->generateCachedEntryViewingSession(3000582, $entry, 'Viewer', 18000, 600, 'c=1', $now, true),
                    $prepared->generate($entry, $now),
                    "$entry at $now",
                );
            }
        }
    }

    /** @return array<string, array{callable, string, string}> */
    public static function badInputs(): array
    {
        $signer = fn () => new Signer(self::SECRET);
        $prepared = fn () => $signer()->entryViewing(3000582, 'Viewer');
        $helper = fn (...$args) => fn () => KalturaHelper::generateCachedEntryViewingSession(...$args);
        return [
            'entry id with a comma' => [fn () => $prepared()->generate('0_abc,*', 1), 'entry_id', "entry_id contains ',' at byte 5"],
            'empty entry id' => [fn () => $prepared()->generate('', 1), 'entry_id', 'entry_id is empty'],
            'entry id not UTF-8' => [fn () => $prepared()->generate("0_\xff", 1), 'entry_id', 'entry_id is not valid UTF-8 at byte 2'],
            'entry id an array' => [fn () => $prepared()->generate([], 1), 'entry_id', 'entry_id must be a string or an int, got array'],
            'negative now' => [fn () => $prepared()->generate('0_x', -1), 'now', 'now must not be negative, got -1'],
            'now a float' => [fn () => $prepared()->generate('0_x', 1.5), 'now', 'now must be an int or a string of decimal digits, got float'],
            'user id with a semicolon' => [fn () => $signer()->entryViewing(1, 'a;b'), 'user_id', "user_id contains ';' at byte 1"],
            'custom with a pipe' => [fn () => $signer()->entryViewing(1, 'u', 60, 60, 'x|y'), 'custom', "custom contains '|' at byte 1"],
            'expiry 0' => [fn () => $signer()->entryViewing(1, 'u', 0), 'expiry', 'expiry must be positive, got 0'],
            'cache 0' => [fn () => $signer()->entryViewing(1, 'u', 60, 0), 'cache', 'cache must be positive, got 0'],
            'expiry overflow' => [fn () => $signer()->entryViewing(1, 'u', PHP_INT_MAX), 'expiry',
                "expiry is too large: the token's times would overflow"],
            'partner id a float' => [fn () => $signer()->entryViewing(1.0), 'partner_id',
                'partner_id must be an int or a string of decimal digits, got float'],
            'url_safe a string' => [fn () => $signer()->entryViewing(1, urlSafe: 'yes'), 'url_safe', 'url_safe must be a bool, got string'],
            'helper: empty secret' => [$helper('', 'u', '0_x', 1), 'admin_secret', 'admin_secret is empty'],
            'helper: bad user id' => [$helper(self::SECRET, "a\nb", '0_x', 1), 'user_id', 'user_id contains control character U+000A at byte 1'],
            'helper: bad entry id' => [$helper(self::SECRET, 'u', '0_x y', 1), 'entry_id', "entry_id contains ' ' at byte 3"],
            'helper: cache 0' => [$helper(self::SECRET, 'u', '0_x', 1, 60, 0), 'cache', 'cache must be positive, got 0'],
        ];
    }

    /** @dataProvider badInputs */
    public function testBadInputNamesTheField(callable $run, string $field, string $message): void
    {
        try {
            $run();
            $this->fail('must fail');
        } catch (InvalidFieldException $e) {
            $this->assertSame($field, $e->field);
            $this->assertSame($message, $e->getMessage());
            $this->assertSame(KsException::INVALID_FIELD, $e->getCode());
        }
    }

    /** The helper keeps at most 16 handles, frees each it evicts, and frees the rest on clear(). */
    public function testEvictionFreesHandles(): void
    {
        $base = EntryViewingHandle::$live;
        $want = [];
        for ($i = 0; $i < 40; $i++) {
            $want[$i] = KalturaHelper::generateCachedEntryViewingSession(self::SECRET, "user$i", '0_x', 1, now: 1000);
            $this->assertSame(min($i + 1, EntryViewingCache::MAX_ENTRIES), EntryViewingCache::count());
            $this->assertSame($base + min($i + 1, EntryViewingCache::MAX_ENTRIES), EntryViewingHandle::$live);
        }
        // Evicted inputs come back with the same token, through a new handle.
        $signer = new Signer(self::SECRET);
        foreach ([0, 39, 7] as $i) {
            $this->assertSame($signer->generateCachedEntryViewingSession(1, '0_x', "user$i", now: 1000), $want[$i]);
            $this->assertSame($want[$i], KalturaHelper::generateCachedEntryViewingSession(self::SECRET, "user$i", '0_x', 1, now: 1000));
        }
        $this->assertSame(EntryViewingCache::MAX_ENTRIES, EntryViewingCache::count());
        // A handle a caller holds outlives clear(); the others go at once.
        $held = $signer->entryViewing(1, 'held');
        $this->assertSame($base + EntryViewingCache::MAX_ENTRIES + 1, EntryViewingHandle::$live);
        EntryViewingCache::clear();
        $this->assertSame(0, EntryViewingCache::count());
        $this->assertSame($base + 1, EntryViewingHandle::$live);
        unset($held);
        $this->assertSame($base, EntryViewingHandle::$live);
    }

    /** Keys differ in every input: two secrets, partners, users, expiries, caches, customs never share a handle. */
    public function testEveryInputIsPartOfTheKey(): void
    {
        $calls = [
            [self::SECRET, 'u', '0_x', 1, 60, 60, ''],
            ['another secret', 'u', '0_x', 1, 60, 60, ''],
            [self::SECRET, 'u2', '0_x', 1, 60, 60, ''],
            [self::SECRET, 'u', '0_x', 2, 60, 60, ''],
            [self::SECRET, 'u', '0_x', 1, 61, 60, ''],
            [self::SECRET, 'u', '0_x', 1, 60, 61, ''],
            [self::SECRET, 'u', '0_x', 1, 60, 60, 'c'],
            // A user id and custom data that would meet in a joined key.
            [self::SECRET, 'u;', '0_x', 1, 60, 60, 'c'],
            [self::SECRET, 'u', '0_x', 1, 60, 60, ';c'],
            [self::SECRET, '12', '0_x', 1, 60, 60, ''],
            [self::SECRET, '012', '0_x', 1, 60, 60, ''],
        ];
        $tokens = [];
        foreach ($calls as $i => [$secret, $user, $entry, $partner, $expiry, $cache, $custom]) {
            try {
                $got = KalturaHelper::generateCachedEntryViewingSession($secret, $user, $entry, $partner, $expiry, $cache, $custom, 1000);
            } catch (InvalidFieldException $e) {
                $got = 'refused: ' . $e->field;
            }
            $signer = new Signer($secret);
            try {
                $want = $signer->generateCachedEntryViewingSession($partner, $entry, $user, $expiry, $cache, $custom, 1000);
            } catch (InvalidFieldException $e) {
                $want = 'refused: ' . $e->field;
            }
            $this->assertSame($want, $got, "call $i");
            $tokens[] = $got;
        }
        // Every call again, now from the cache, in reverse order.
        foreach (array_reverse($calls, true) as $i => [$secret, $user, $entry, $partner, $expiry, $cache, $custom]) {
            try {
                $got = KalturaHelper::generateCachedEntryViewingSession($secret, $user, $entry, $partner, $expiry, $cache, $custom, 1000);
            } catch (InvalidFieldException $e) {
                $got = 'refused: ' . $e->field;
            }
            $this->assertSame($tokens[$i], $got, "call $i again");
        }
    }

    /** No secret in what PHP can print: the cache's keys and values, a prepared object. */
    public function testNoSecretInPrintableState(): void
    {
        $secret = 'a very particular secret 1234567890';
        KalturaHelper::generateCachedEntryViewingSession($secret, 'u', '0_x', 1, now: 1000);
        $prepared = (new Signer($secret))->entryViewing(1, 'u');
        $class = new \ReflectionClass(EntryViewingCache::class);
        $dump = print_r($class->getStaticProperties(), true) . var_export(EntryViewingCache::$handles, true)
            . print_r($prepared, true);
        ob_start();
        var_dump($prepared, EntryViewingCache::$handles);
        $dump .= ob_get_clean();
        $this->assertStringNotContainsString($secret, $dump);
        $this->assertStringNotContainsString(bin2hex($secret), $dump);
        $this->assertStringContainsString('[redacted]', print_r($prepared, true));
        try {
            serialize($prepared);
            $this->fail('must not serialize');
        } catch (KsException $e) {
            $this->assertSame('a prepared EntryViewing holds an admin secret and cannot be serialized', $e->getMessage());
        }
        $this->assertInstanceOf(EntryViewing::class, $prepared);
    }

    /** Many distinct inputs through the helper: the handle count stays bounded, and memory flat. */
    public function testNoLeakOverManyDistinctKeys(): void
    {
        $base = EntryViewingHandle::$live;
        $round = function (int $from): void {
            for ($i = $from; $i < $from + 2000; $i++) {
                KalturaHelper::generateCachedEntryViewingSession(self::SECRET, "user$i", '0_x', 1 + $i % 3, 60 + $i % 5, now: 1000);
            }
        };
        $round(0);
        gc_collect_cycles();
        $php = memory_get_usage();
        $rss = self::residentBytes();
        for ($k = 1; $k <= 5; $k++) {
            $round($k * 2000);
        }
        gc_collect_cycles();
        $this->assertSame($base + EntryViewingCache::MAX_ENTRIES, EntryViewingHandle::$live);
        $phpGrowth = memory_get_usage() - $php;
        $rssGrowth = self::residentBytes() - $rss;
        // 10,000 handles made and freed: a leak of one handle (its strings and secret) each would show.
        $this->assertLessThanOrEqual(0, $phpGrowth, "PHP memory grew by $phpGrowth bytes");
        $this->assertLessThan(1 << 20, $rssGrowth, "resident memory grew by $rssGrowth bytes");
    }

    private static function residentBytes(): int
    {
        $statm = explode(' ', (string) file_get_contents('/proc/self/statm'));
        return (int) $statm[1] * 4096;
    }
}
