<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\KalturaHelper;
use KSession\KSession;
use KSession\Layout;
use KSession\Signer;
use PHPUnit\Framework\TestCase;

/**
 * Every case of tests/vectors/ks_v1.json and ks_v2.json, through each API
 * that can run it: KSession's static methods, a Signer, and KalturaHelper
 * (the platform helper's signatures, which write the standard alphabet).
 */
final class VectorsTest extends TestCase
{
    public static function v1Cases(): array
    {
        return Vectors::provide('ks_v1.json');
    }

    public static function v2Cases(): array
    {
        return Vectors::provide('ks_v2.json');
    }

    /** @dataProvider v1Cases */
    public function testV1(array $c): void
    {
        $this->runCase($c);
    }

    /** @dataProvider v2Cases */
    public function testV2(array $c): void
    {
        $this->runCase($c);
    }

    /** Both files cover every operation; a truncated file fails here. */
    public function testTheFilesCoverEveryOperation(): void
    {
        $ops = [];
        foreach (['ks_v1.json', 'ks_v2.json'] as $file) {
            foreach (Vectors::cases($file) as $c) {
                $ops[$c['op']] = ($ops[$c['op']] ?? 0) + 1;
            }
        }
        foreach (['cached_entry_viewing_session', 'cached_session', 'session', 'decode', 'verify',
            'session_v2', 'cached_session_v2', 'cached_entry_viewing_session_v2', 'decode_v2'] as $op) {
            $this->assertGreaterThanOrEqual(10, $ops[$op] ?? 0, $op);
        }
    }

    private function runCase(array $c): void
    {
        match ($c['op']) {
            'decode' => $this->decodeCase($c),
            'decode_v2' => $this->decodeV2Case($c),
            'verify' => $this->verifyCase($c),
            default => $this->generateCase($c),
        };
    }

    private function generateCase(array $c): void
    {
        $runs = $this->generators($c);
        $this->assertNotEmpty($runs);
        foreach ($runs as $api => $run) {
            $name = "{$c['name']} ($api)";
            if (isset($c['error'])) {
                Vectors::assertError(['name' => $name] + $c, $run);
                continue;
            }
            $token = $run();
            $this->assertSame($c['token'], $token, $name);
            if (str_ends_with($c['op'], '_v2')) {
                $ks = KSession::decodeWithSecrets($token, $c['admin_secret']);
                $this->assertSame(2, $ks->version, $name);
                $this->assertSame($c['query'], $ks->info, $name);
            } else {
                $ks = KSession::decode($token);
                $this->assertSame(1, $ks->version, $name);
                $this->assertSame($c['info'], $ks->info, $name);
            }
        }
    }

    /**
     * The ways to run a generating case, by API.
     *
     * @return array<string, callable(): string>
     */
    private function generators(array $c): array
    {
        $secret = $c['admin_secret'];
        $signer = static fn (): Signer => new Signer($secret);
        $urlSafe = $c['url_safe'] ?? false;
        switch ($c['op']) {
            case 'cached_entry_viewing_session':
                $runs = [
                    'static' => fn () => KSession::generateCachedEntryViewingSession($secret, $c['partner_id'],
                        $c['entry_id'], $c['user_id'], $c['expiry'], $c['cache'], $c['custom'], $c['now'], $urlSafe),
                    'signer' => fn () => $signer()->generateCachedEntryViewingSession($c['partner_id'], $c['entry_id'],
                        $c['user_id'], $c['expiry'], $c['cache'], $c['custom'], $c['now'], $urlSafe),
                    'prepared' => fn () => $signer()->entryViewing($c['partner_id'], $c['user_id'], $c['expiry'],
                        $c['cache'], $c['custom'], $urlSafe)->generate($c['entry_id'], $c['now']),
                ];
                if (!$urlSafe) {
                    $runs['helper'] = fn () => KalturaHelper::generateCachedEntryViewingSession($secret, $c['user_id'],
                        $c['entry_id'], $c['partner_id'], $c['expiry'], $c['cache'], $c['custom'], $c['now']);
                }
                return $runs;
            case 'cached_session':
                $runs = [
                    'static' => fn () => KSession::generateCachedSession($secret, $c['partner_id'], $c['type'],
                        $c['user_id'], $c['privileges'], $c['expiry'], $c['cache'], $c['custom'], $c['now'], $urlSafe),
                    'signer' => fn () => $signer()->generateCachedSession($c['partner_id'], $c['type'], $c['user_id'],
                        $c['privileges'], $c['expiry'], $c['cache'], $c['custom'], $c['now'], $urlSafe),
                ];
                if (!$urlSafe) {
                    $runs['helper'] = fn () => KalturaHelper::generateCachedSession($secret, $c['user_id'], $c['type'],
                        $c['partner_id'], $c['expiry'], $c['privileges'], $c['cache'], $c['custom'], $c['now']);
                }
                return $runs;
            case 'session':
                $layout = Layout::from($c['layout']);
                return [
                    'static' => fn () => KSession::generateSession($secret, $c['partner_id'], $c['type'], $c['user_id'],
                        $c['privileges'], $c['expiry'], $c['master_partner_id'], $c['additional_data'], $layout,
                        $c['now'], $c['rand'], $urlSafe),
                    'signer' => fn () => $signer()->generateSession($c['partner_id'], $c['type'], $c['user_id'],
                        $c['privileges'], $c['expiry'], $c['master_partner_id'], $c['additional_data'], $c['layout'],
                        $c['now'], $c['rand'], $urlSafe),
                ];
            case 'session_v2':
                $random = hex2bin($c['random_hex']);
                return [
                    'static' => fn () => KSession::generateSessionV2($secret, $c['partner_id'], $c['type'],
                        $c['user_id'], $c['privileges'], $c['expiry'], $c['master_partner_id'], $c['additional_data'],
                        $c['now'], $random),
                    'signer' => fn () => $signer()->generateSessionV2($c['partner_id'], $c['type'], $c['user_id'],
                        $c['privileges'], $c['expiry'], $c['master_partner_id'], $c['additional_data'], $c['now'],
                        $random),
                ];
            case 'cached_session_v2':
                return [
                    'static' => fn () => KSession::generateCachedSessionV2($secret, $c['partner_id'], $c['type'],
                        $c['user_id'], $c['privileges'], $c['expiry'], $c['cache'], $c['custom'], $c['now']),
                    'signer' => fn () => $signer()->generateCachedSessionV2($c['partner_id'], $c['type'],
                        $c['user_id'], $c['privileges'], $c['expiry'], $c['cache'], $c['custom'], $c['now']),
                ];
            case 'cached_entry_viewing_session_v2':
                return [
                    'static' => fn () => KSession::generateCachedEntryViewingSessionV2($secret, $c['partner_id'],
                        $c['entry_id'], $c['user_id'], $c['expiry'], $c['cache'], $c['custom'], $c['now']),
                    'signer' => fn () => $signer()->generateCachedEntryViewingSessionV2($c['partner_id'],
                        $c['entry_id'], $c['user_id'], $c['expiry'], $c['cache'], $c['custom'], $c['now']),
                ];
        }
        $this->fail("unknown op {$c['op']} in {$c['name']}");
    }

    private function decodeCase(array $c): void
    {
        if (isset($c['error'])) {
            Vectors::assertError($c, fn () => KSession::decode($c['token']));
            return;
        }
        $ks = KSession::decode($c['token']);
        Vectors::assertFields($c['fields'], $ks, $c['name']);
    }

    private function decodeV2Case(array $c): void
    {
        $ks = KSession::decodeWithSecrets($c['token'], $c['admin_secrets']);
        $this->assertSame(2, $ks->version, $c['name']);
        Vectors::assertFields($c['fields'], $ks, $c['name']);
        $ks = (new Signer($c['admin_secrets']))->decode($c['token']);
        Vectors::assertFields($c['fields'], $ks, "{$c['name']} (signer)");
    }

    private function verifyCase(array $c): void
    {
        $runs = [
            'static' => fn () => KSession::verify($c['token'], $c['admin_secrets'], $c['now'], $c['leeway']),
            'signer' => fn () => (new Signer($c['admin_secrets']))->verify($c['token'], $c['now'], $c['leeway']),
        ];
        foreach ($runs as $api => $run) {
            $name = "{$c['name']} ($api)";
            if (isset($c['error'])) {
                Vectors::assertError(['name' => $name] + $c, $run);
            } else {
                Vectors::assertFields($c['fields'], $run(), $name);
            }
        }
    }
}
