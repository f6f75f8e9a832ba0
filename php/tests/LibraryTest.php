<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\Internal\Native;
use KSession\InvalidFieldException;
use KSession\KsException;
use KSession\KSession;
use PHPUnit\Framework\TestCase;

/** The wrapper and the library agree: versions, limits, error codes. */
final class LibraryTest extends TestCase
{
    public function testVersionsMatchCargo(): void
    {
        $cargo = (string) file_get_contents(dirname(__DIR__, 2) . '/Cargo.toml');
        $this->assertSame(1, preg_match('/^\[workspace\.package\][^\[]*?^version\s*=\s*"([^"]+)"/ms', $cargo, $m));
        $this->assertSame($m[1], KSession::VERSION);
        $this->assertSame($m[1], KSession::library()['version']);
    }

    public function testLimitsMatchTheHeader(): void
    {
        $header = (string) file_get_contents(dirname(__DIR__, 2) . '/include/ksession.h');
        $this->assertSame(1, preg_match('/#define KSESSION_MAX_TOKEN_LEN (\d+)/', $header, $m));
        $this->assertSame((int) $m[1], KSession::MAX_TOKEN_LEN);
        $this->assertSame(KSession::MAX_TOKEN_LEN + 1, Native::CAP);
        // MAX_FIELD_LEN, as the library applies it.
        $at = str_repeat('u', KSession::MAX_FIELD_LEN);
        $this->assertSame($at, KSession::decode(KSession::generateSession('k', 1, userId: $at, now: 0, rand: 0))->userId);
        try {
            KSession::generateSession('k', 1, userId: $at . 'u', now: 0, rand: 0);
            $this->fail('one byte over MAX_FIELD_LEN must be refused');
        } catch (InvalidFieldException $e) {
            $this->assertSame('user_id', $e->field);
            $this->assertSame('user_id is longer than ' . KSession::MAX_FIELD_LEN . ' bytes', $e->getMessage());
        }
    }

    /** Each exception code is the library's status with the same name. */
    public function testCodesAreTheLibrarysStatuses(): void
    {
        $ffi = Native::get()->ffi;
        $this->assertCount(7, KsException::KINDS);
        foreach (KsException::KINDS as $code => $kind) {
            $this->assertSame($kind, $ffi->ksession_status_name($code));
            $this->assertSame($code, $ffi->{'KSESSION_STATUS_' . strtoupper($kind)});
        }
        $this->assertSame(101, $ffi->KSESSION_STATUS_INVALID_UTF8);
        $this->assertSame('unknown', $ffi->ksession_status_name(8));
    }

    public function testDefaultsAreThePlatformHelpers(): void
    {
        $helper = new \ReflectionMethod(\KSession\KalturaHelper::class, 'generateCachedEntryViewingSession');
        $defaults = [];
        foreach ($helper->getParameters() as $p) {
            $defaults[$p->getName()] = $p->isDefaultValueAvailable() ? $p->getDefaultValue() : '(required)';
        }
        $this->assertSame(['adminSecret' => '(required)', 'userId' => '(required)', 'entryId' => '(required)',
            'partnerId' => '(required)', 'expiry' => 86400, 'cache' => 60, 'custom' => '', 'now' => null], $defaults);
        $helper = new \ReflectionMethod(\KSession\KalturaHelper::class, 'generateCachedSession');
        $defaults = [];
        foreach ($helper->getParameters() as $p) {
            $defaults[$p->getName()] = $p->isDefaultValueAvailable() ? $p->getDefaultValue() : '(required)';
        }
        $this->assertSame(['adminSecret' => '(required)', 'userId' => '(required)', 'type' => '(required)',
            'partnerId' => '(required)', 'expiry' => 86400, 'privileges' => '', 'cache' => 60, 'custom' => '',
            'now' => null], $defaults);
        $this->assertSame(KSession::DEFAULT_EXPIRY, 86400);
        $this->assertSame(KSession::DEFAULT_CACHE, 60);
    }
}
