<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\ExpiredException;
use KSession\InvalidSignatureException;
use KSession\KalturaHelper;
use KSession\Ks;
use KSession\KSession;
use KSession\Layout;
use KSession\Privilege;
use KSession\SessionType;
use KSession\Signer;
use PHPUnit\Framework\TestCase;

/** The modern API around the vectors: Ks, privileges, signers, randomness, cache windows. */
final class ApiTest extends TestCase
{
    private const SECRET = Vectors::SPEC_SECRET;

    public function testKsIsAReadonlyValue(): void
    {
        $ks = KSession::decode(Vectors::token('ks_v1.json', 'spec vector'));
        $class = new \ReflectionClass(Ks::class);
        $this->assertTrue($class->isFinal());
        $this->assertTrue($class->isReadOnly());
        // Printed, it shows its fields but not the signature, which with them is a usable token.
        $printed = print_r($ks, true);
        $this->assertStringContainsString('[userId] => Viewer', $printed);
        $this->assertStringNotContainsString($ks->signature, $printed);
        $this->assertSame(40, strlen($ks->signature));
        $this->expectException(\Error::class);
        $ks->userId = 'admin'; // @phpstan-ignore-line
    }

    /** The items as the server splits privileges: on `,`, trimmed, empty ones skipped, at the first `:`. */
    public function testPrivilegeItems(): void
    {
        foreach (['sview:0_x,setrole:PLAYBACK_BASE_ROLE,widget:1', 'edit, list: ,,download:a:b ,*', '', 'a:,b'] as $privileges) {
            $token = KSession::generateSession(self::SECRET, 1, SessionType::Admin, 'u', $privileges, now: 0, rand: 0);
            foreach ([KSession::decode($token), KSession::generateSessionV2(self::SECRET, 1, 2, 'u', $privileges)] as $ks) {
                $ks = $ks instanceof Ks ? $ks : KSession::decodeWithSecrets($ks, self::SECRET);
                $want = [];
                foreach (explode(',', $privileges) as $item) {
                    $item = trim($item);
                    if ($item !== '') {
                        $parts = explode(':', $item, 2);
                        $want[] = [$parts[0], $parts[1] ?? null];
                    }
                }
                if ($ks->version === 2) {
                    // KS v2 stores `name=` for both `name` and `name:`; both read back as `name`.
                    $want = array_map(fn ($p) => [$p[0], $p[1] === '' ? null : $p[1]], $want);
                }
                $got = array_map(fn (Privilege $p) => [$p->name, $p->value], $ks->privilegeItems);
                $this->assertSame($want, $got, "$privileges (v{$ks->version})");
            }
        }
        $ks = KSession::decode(KSession::generateSession(self::SECRET, 1, privileges: 'sview:0_x,edit', now: 0, rand: 0));
        $this->assertTrue($ks->hasPrivilege('edit'));
        $this->assertNull($ks->privilege('edit'));
        $this->assertSame('0_x', $ks->privilege('sview'));
        $this->assertFalse($ks->hasPrivilege('list'));
        $this->assertSame('sview:0_x', (string) $ks->privilegeItems[0]);
        $this->assertSame('edit', (string) $ks->privilegeItems[1]);
    }

    public function testWidgetSessionsAndTypes(): void
    {
        $anonymous = KSession::decode(KalturaHelper::generateCachedEntryViewingSession(self::SECRET, '', '0_x', 1, now: 0));
        $this->assertTrue($anonymous->isWidgetSession);
        $this->assertSame('USER', $anonymous->typeName());
        $viewer = KSession::decode(KalturaHelper::generateCachedEntryViewingSession(self::SECRET, 'Viewer', '0_x', 1, now: 0));
        $this->assertFalse($viewer->isWidgetSession);
        $admin = KSession::decode(KSession::generateCachedSession(self::SECRET, 1, SessionType::Admin, now: 0));
        $this->assertSame(2, $admin->type);
        $this->assertSame('ADMIN', $admin->typeName());
        $other = KSession::decode(KSession::generateCachedSession(self::SECRET, 1, 7, now: 0));
        $this->assertSame('UNKNOWN', $other->typeName());
    }

    public function testLayoutsAndOptionalFields(): void
    {
        $client = KSession::decode(KSession::generateSession(self::SECRET, 5, layout: 'client', now: 0, rand: 9));
        $this->assertSame(7, $client->fieldCount);
        $this->assertNull($client->masterPartnerId);
        $server = KSession::decode(KSession::generateSession(self::SECRET, 5, masterPartnerId: '42', additionalData: 'd',
            layout: Layout::Server, now: 0, rand: 9));
        $this->assertSame(9, $server->fieldCount);
        $this->assertSame(42, $server->masterPartnerId);
        $this->assertSame('d', $server->additionalData);
        $this->assertSame('9', $server->rand);
        $this->assertSame(86400, $server->validUntil);
    }

    public function testCacheWindows(): void
    {
        $at = fn (int $now) => KalturaHelper::generateCachedEntryViewingSession(self::SECRET, 'u', '0_x', 1, 600, 600, '', $now);
        $this->assertSame($at(1200), $at(1799));
        $this->assertNotSame($at(1799), $at(1800));
        $ks = KSession::decode($at(1200));
        $this->assertSame('1800', $ks->rand);
        $this->assertSame(2400, $ks->validUntil);
        $v2 = fn (int $now) => KSession::generateCachedEntryViewingSessionV2(self::SECRET, 1, '0_x', 'u', 600, 600, '', $now);
        $this->assertSame($v2(1200), $v2(1799));
        $this->assertNotSame($v2(1799), $v2(1800));
    }

    /** Without `now`, the system clock: the token verifies now, and its times hold together. */
    public function testTheClock(): void
    {
        $token = KalturaHelper::generateCachedEntryViewingSession(self::SECRET, 'u', '0_x', 1, 3600, 60);
        $ks = KSession::verify($token, self::SECRET);
        $this->assertSame(3600, $ks->validUntil - (int) $ks->rand);
        $this->assertSame(0, (int) $ks->rand % 60);
        $plain = KSession::verify(KSession::generateSessionV2(self::SECRET, 1, expiry: 600), self::SECRET);
        $this->assertFalse($plain->isExpiredAt($plain->validUntil - 1));
        $this->assertTrue($plain->isExpiredAt($plain->validUntil));
    }

    public function testRandomTokensDifferAndVerify(): void
    {
        $signer = new Signer(self::SECRET);
        $seen = [];
        for ($i = 0; $i < 50; $i++) {
            foreach ([KSession::generateSession(self::SECRET, 1, now: 0), $signer->generateSession(1, now: 0),
                KSession::generateSessionV2(self::SECRET, 1, now: 0), $signer->generateSessionV2(1, now: 0)] as $token) {
                $this->assertArrayNotHasKey($token, $seen);
                $seen[$token] = true;
                $ks = KSession::verify($token, self::SECRET, 0);
                $this->assertSame(86400, $ks->validUntil);
                if ($ks->version === 1) {
                    $this->assertMatchesRegularExpression('/^\d+$/', $ks->rand);
                    $this->assertLessThanOrEqual(0xFFFFFFFF, (int) $ks->rand);
                } else {
                    $this->assertMatchesRegularExpression('/^[0-9a-f]{32}$/', $ks->rand);
                }
            }
        }
    }

    public function testKeyRotation(): void
    {
        $new = 'new secret';
        $old = 'old secret';
        $signer = new Signer([$new, $old]);
        $fromOld = KSession::generateCachedEntryViewingSession($old, 1, '0_x', now: 0);
        $fromSigner = $signer->generateCachedEntryViewingSession(1, '0_x', now: 0);
        $this->assertSame(KSession::generateCachedEntryViewingSession($new, 1, '0_x', now: 0), $fromSigner);
        $this->assertSame(1, $signer->verify($fromOld, 0)->partnerId);
        $this->assertSame(1, KSession::verify($fromSigner, [$old, $new], 0)->partnerId);
        $this->expectException(InvalidSignatureException::class);
        KSession::verify($fromSigner, [$old], 0);
    }

    public function testLeewayAndExpiry(): void
    {
        $token = KSession::generateSession(self::SECRET, 1, expiry: 60, now: 0, rand: 0);
        $this->assertSame(60, KSession::verify($token, self::SECRET, 59)->validUntil);
        $this->assertSame(60, KSession::verify($token, self::SECRET, 89, 30)->validUntil);
        $this->assertSame(60, (new Signer(self::SECRET))->verify($token, '89', '30')->validUntil);
        $this->expectException(ExpiredException::class);
        KSession::verify($token, self::SECRET, 90, 30);
    }

    public function testBothAlphabetsAndMissingPaddingDecode(): void
    {
        $standard = KSession::generateCachedSession(self::SECRET, 1, 2, 'a?b>c', now: 0);
        $urlSafe = KSession::generateCachedSession(self::SECRET, 1, 2, 'a?b>c', now: 0, urlSafe: true);
        $this->assertSame(strtr($standard, '+/', '-_'), $urlSafe);
        $this->assertNotSame($standard, $urlSafe);
        foreach ([$standard, $urlSafe, rtrim($standard, '='), rtrim($urlSafe, '=')] as $token) {
            $this->assertSame('a?b>c', KSession::verify($token, self::SECRET, 0)->userId);
        }
    }

    public function testSignersShareNothingButTheirSecrets(): void
    {
        $signer = new Signer(self::SECRET);
        $copy = clone $signer;
        unset($signer);
        gc_collect_cycles();
        $want = Vectors::token('ks_v1.json', 'spec vector');
        $this->assertSame($want, $copy->generateCachedEntryViewingSession(3000582, '0_fld1ro3s', 'Viewer', 18000, 600, '', 1621594000));
        for ($i = 0; $i < 1000; $i++) {
            $this->assertSame($want, (new Signer([self::SECRET, "other $i"]))
                ->generateCachedEntryViewingSession(3000582, '0_fld1ro3s', 'Viewer', 18000, 600, '', 1621594000));
        }
    }

    public function testNamedArguments(): void
    {
        $this->assertSame(
            Vectors::token('ks_v1.json', 'spec vector'),
            KSession::generateCachedEntryViewingSession(adminSecret: self::SECRET, partnerId: 3000582,
                entryId: '0_fld1ro3s', userId: 'Viewer', expiry: 18000, cache: 600, now: 1621594000),
        );
        $this->assertSame(
            Vectors::token('ks_v1.json', 'spec vector'),
            KalturaHelper::generateCachedEntryViewingSession(self::SECRET, 'Viewer', '0_fld1ro3s', 3000582, 18000, 600,
                now: 1621594000),
        );
    }
}
