<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\KalturaHelper;
use KSession\KSession;
use KSession\Signer;
use PHPUnit\Framework\TestCase;

/**
 * 10,000 random inputs that are structurally safe (so the reference helper
 * and the library must agree), minted through the library and through the
 * plain-PHP reference (tests/reference/ks_reference.php, sha1() and
 * base64_encode()): the tokens must be byte-identical, and decoding must
 * give back the reference's fields.
 *
 * The seed is fixed so that a failure can be replayed; KSESSION_PHP_SEED
 * picks another.
 */
final class DifferentialTest extends TestCase
{
    private const CASES = 10000;

    private \Random\Randomizer $rng;

    protected function setUp(): void
    {
        $seed = (int) (getenv('KSESSION_PHP_SEED') ?: 20210521);
        $this->rng = new \Random\Randomizer(new \Random\Engine\Mt19937($seed));
    }

    public function testRandomInputsMatchTheReference(): void
    {
        $counts = [];
        for ($i = 0; $i < self::CASES; $i++) {
            $op = $this->pick(['entry' => 30, 'cached' => 25, 'plain' => 20, 'entry_v2' => 15, 'cached_v2' => 10]);
            $counts[$op] = ($counts[$op] ?? 0) + 1;
            [$label, $want, $got, $info, $decoded] = match ($op) {
                'entry' => $this->entryCase(),
                'cached' => $this->cachedCase(),
                'plain' => $this->plainCase(),
                'entry_v2' => $this->entryV2Case(),
                'cached_v2' => $this->cachedV2Case(),
            };
            $this->assertSame($want, $got, "case $i ($op): $label");
            $this->assertSame($info, $decoded, "case $i ($op): decoded info of $label");
        }
        $this->assertSame(self::CASES, array_sum($counts));
        $this->assertCount(5, $counts);
    }

    /** The helper's cached entry-viewing session, through KalturaHelper or a Signer. */
    private function entryCase(): array
    {
        $secret = $this->secret();
        [$user, $entry, $partner, $expiry, $cache, $custom, $now] = [$this->text(), $this->entryId(),
            $this->partner(), $this->expiry(), $this->cache(), $this->text(), $this->now()];
        [$info, $want] = ref_cached_entry_viewing_session($secret, $user, $entry, $partner, $expiry, $cache, $custom, $now);
        $urlSafe = $this->rng->getInt(0, 3) === 0;
        if ($urlSafe) {
            $got = (new Signer($secret))->generateCachedEntryViewingSession($partner, $entry, $user, $expiry, $cache,
                $custom, $now, true);
            $want = ref_url_safe($want);
        } else {
            // The helper's callers pass numbers as strings too.
            $got = KalturaHelper::generateCachedEntryViewingSession($secret, $user, $entry, $this->maybeString($partner),
                $this->maybeString($expiry), $this->maybeString($cache), $custom, $now);
        }
        return [json_encode([$user, $entry, $partner, $expiry, $cache, $custom, $now]), $want, $got, $info,
            KSession::decode($got)->info];
    }

    private function cachedCase(): array
    {
        $secret = $this->secret();
        [$user, $type, $partner, $expiry, $privileges, $cache, $custom, $now] = [$this->text(), $this->type(),
            $this->partner(), $this->expiry(), $this->privilegesV1(), $this->cache(), $this->text(), $this->now()];
        [$info, $want] = ref_cached_session($secret, $user, $type, $partner, $expiry, $privileges, $cache, $custom, $now);
        $got = $this->rng->getInt(0, 1) === 0
            ? KalturaHelper::generateCachedSession($secret, $user, $this->maybeString($type), $partner, $expiry,
                $privileges, $cache, $custom, $now)
            : KSession::generateCachedSession($secret, $partner, $type, $user, $privileges, $expiry, $cache, $custom, $now);
        return [json_encode([$user, $type, $partner, $expiry, $privileges, $cache, $custom, $now]), $want, $got, $info,
            KSession::decode($got)->info];
    }

    /** A plain KS v1 with a given rand, in either layout. */
    private function plainCase(): array
    {
        $secret = $this->secret();
        $layout = $this->rng->getInt(0, 1) === 0 ? 'server' : 'client';
        [$partner, $type, $user, $privileges, $expiry, $now, $rand] = [$this->partner(), $this->type(), $this->text(),
            $this->privilegesV1(), $this->expiry(), $this->now(), $this->rng->getInt(0, 0xFFFFFFFF)];
        $master = $layout === 'server' && $this->rng->getInt(0, 2) === 0 ? $this->partner() : null;
        $data = $layout === 'server' ? $this->text() : '';
        [$info, $want] = ref_session($secret, $partner, $type, $user, $privileges, $expiry, $now, $rand, $layout,
            $master, $data);
        $got = $this->rng->getInt(0, 1) === 0
            ? KSession::generateSession($secret, $partner, $type, $user, $privileges, $expiry, $master, $data, $layout,
                $now, $rand)
            : (new Signer($secret))->generateSession($partner, $type, $user, $privileges, $expiry, $master, $data,
                $layout, $now, $rand);
        return [json_encode([$layout, $partner, $type, $user, $privileges, $expiry, $now, $rand, $master, $data]),
            $want, $got, $info, KSession::decode($got)->info];
    }

    /** The cached entry-viewing KS v2: the query is percent-encoded, so `;` and `|` are fine there. */
    private function entryV2Case(): array
    {
        $secret = $this->secret();
        [$user, $entry, $partner, $expiry, $cache, $custom, $now] = [$this->text(true), $this->entryId(),
            $this->partner(), $this->expiry(), $this->cache(), $this->text(true), $this->now()];
        $privileges = 'sview:' . $entry . ',setrole:PLAYBACK_BASE_ROLE,widget:1';
        [$query, $want] = ref_cached_session_v2($secret, $user, 0, $partner, $expiry, $privileges, $cache, $custom, $now);
        $got = KSession::generateCachedEntryViewingSessionV2($secret, $partner, $entry, $user, $expiry, $cache, $custom, $now);
        return [json_encode([$user, $entry, $partner, $expiry, $cache, $custom, $now]), $want, $got, $query,
            KSession::decodeWithSecrets($got, $secret)->info];
    }

    private function cachedV2Case(): array
    {
        $secret = $this->secret();
        [$user, $type, $partner, $expiry, $privileges, $cache, $custom, $now] = [$this->text(true), $this->type(),
            $this->partner(), $this->expiry(), $this->privilegesV2(), $this->cache(), $this->text(true), $this->now()];
        [$query, $want] = ref_cached_session_v2($secret, $user, $type, $partner, $expiry, $privileges, $cache, $custom, $now);
        $signer = new Signer($secret);
        $got = $signer->generateCachedSessionV2($partner, $type, $user, $privileges, $expiry, $cache, $custom, $now);
        return [json_encode([$user, $type, $partner, $expiry, $privileges, $cache, $custom, $now]), $want, $got, $query,
            $signer->decode($got)->info];
    }

    // --- random inputs ------------------------------------------------------

    /** @param array<string, int> $weights */
    private function pick(array $weights): string
    {
        $roll = $this->rng->getInt(1, array_sum($weights));
        foreach ($weights as $key => $weight) {
            $roll -= $weight;
            if ($roll <= 0) {
                return $key;
            }
        }
        return array_key_last($weights);
    }

    /** Any bytes, sometimes not UTF-8 or with a NUL: a secret is bytes. */
    private function secret(): string
    {
        return match ($this->rng->getInt(0, 3)) {
            0 => Vectors::SPEC_SECRET,
            1 => bin2hex($this->rng->getBytes(16)),
            2 => $this->rng->getBytes($this->rng->getInt(1, 64)),
            3 => $this->text() . 'x',
        };
    }

    /**
     * Text a v1 field may hold: printable ASCII but `;` and `|`, and some
     * multi-byte characters; empty at times, the longest allowed at times.
     * With $v2, `;` and `|` too (KS v2 percent-encodes its fields).
     */
    private function text(bool $v2 = false, bool $short = false): string
    {
        static $wide = ['é', 'ß', 'Ω', '日本', '€', '😀', "\u{2028}", ' ', ',', ':', '=', '&', '+', '%', '*', '/'];
        $length = match ($this->rng->getInt(0, 9)) {
            0 => 0,
            1 => $short ? $this->rng->getInt(1, 40) : $this->rng->getInt(40, 300),
            default => $this->rng->getInt(1, 24),
        };
        $out = '';
        while (strlen($out) < $length) {
            if ($this->rng->getInt(0, 5) === 0) {
                $out .= $wide[$this->rng->getInt(0, count($wide) - 1)];
                continue;
            }
            $char = chr($this->rng->getInt(0x20, 0x7e));
            if (!$v2 && ($char === ';' || $char === '|')) {
                continue;
            }
            $out .= $char;
        }
        if (!$short && $this->rng->getInt(0, 199) === 0) {
            $out = str_repeat('a', KSession::MAX_FIELD_LEN);
        }
        return $out;
    }

    private function entryId(): string
    {
        static $alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
        $length = $this->rng->getInt(1, 20);
        $out = '';
        for ($i = 0; $i < $length; $i++) {
            $out .= $alphabet[$this->rng->getInt(0, strlen($alphabet) - 1)];
        }
        return $out;
    }

    /** A v1 privileges string: any text but `;` `|` (commas and colons are its syntax). */
    private function privilegesV1(): string
    {
        return $this->rng->getInt(0, 3) === 0 ? $this->text() : $this->privilegesV2();
    }

    /** `name` / `name:value` items, `*`, spaces around items, empty items, repeated names. */
    private function privilegesV2(): string
    {
        static $names = ['sview', 'setrole', 'widget', 'edit', 'list', 'download', 'iprestrict', 'urirestrict',
            'privacycontext', 'enableentitlement', 'actionslimit', 'reftime'];
        $items = [];
        $count = $this->rng->getInt(0, 6);
        for ($i = 0; $i < $count; $i++) {
            $item = match ($this->rng->getInt(0, 9)) {
                0 => '*',
                1 => $names[$this->rng->getInt(0, count($names) - 1)],
                2 => '',
                default => $names[$this->rng->getInt(0, count($names) - 1)] . ':' . $this->privilegeValue(),
            };
            $items[] = $this->rng->getInt(0, 5) === 0 ? " $item " : $item;
        }
        return implode(',', $items);
    }

    /**
     * A privilege value: no `,` (the item separator), no `;` `|`, and no
     * U+2028: KS v2 trims privilege items, the reference with PHP's trim()
     * (ASCII white space only, as the server does), the core with Rust's
     * str::trim() (all Unicode White_Space), so an item ending in U+2028 or
     * U+00A0 comes out different. ASCII spaces stay: both trim them.
     */
    private function privilegeValue(): string
    {
        return str_replace([',', ';', '|', "\u{2028}"], '', $this->text(true, true));
    }

    private function partner(): int
    {
        return $this->rng->getInt(0, 3) === 0 ? $this->rng->getInt(1, 999) : $this->rng->getInt(100000, 2147483647);
    }

    /** USER, ADMIN, or now and then any other code. */
    private function type(): int
    {
        $roll = $this->rng->getInt(0, 9);
        return $roll < 5 ? 0 : ($roll < 9 ? 2 : $this->rng->getInt(1, 100));
    }

    private function expiry(): int
    {
        return $this->rng->getInt(0, 4) === 0 ? $this->rng->getInt(1, 60) : $this->rng->getInt(60, 31536000);
    }

    private function cache(): int
    {
        return [1, 30, 60, 300, 600, 3600, 86400][$this->rng->getInt(0, 6)] * $this->rng->getInt(1, 3);
    }

    /** Unix time, on a window boundary at times (the helper then moves a full window ahead). */
    private function now(): int
    {
        $now = $this->rng->getInt(0, 4) === 0 ? $this->rng->getInt(0, 100000) : $this->rng->getInt(1500000000, 2100000000);
        return $this->rng->getInt(0, 4) === 0 ? $now - $now % 600 : $now;
    }

    /** The helper's callers pass numbers as ints or as strings. */
    private function maybeString(int $value): int|string
    {
        return $this->rng->getInt(0, 2) === 0 ? (string) $value : $value;
    }
}
