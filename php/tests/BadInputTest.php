<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\InvalidFieldException;
use KSession\InvalidSignatureException;
use KSession\KalturaHelper;
use KSession\KsException;
use KSession\KSession;
use KSession\Layout;
use KSession\MalformedTokenException;
use KSession\SecretRequiredException;
use KSession\Signer;
use KSession\TokenTooLargeException;
use PHPUnit\Framework\TestCase;

/**
 * Every kind of bad input ends in its exact exception (class, code, field),
 * never in a PHP error, warning or crash: wrong types, numbers that are not
 * numbers, NUL bytes, text that is not UTF-8, huge strings, empty and binary
 * input. PHPUnit turns any warning or notice into a failure.
 */
final class BadInputTest extends TestCase
{
    private const SECRET = Vectors::SPEC_SECRET;

    /** Values of the wrong type for any argument. */
    private static function wrongTypes(): array
    {
        return ['array' => [], 'float' => 60.0, 'bool' => true, 'object' => new \stdClass(),
            'closure' => static fn () => 1, 'enum' => Layout::Server];
    }

    /** Strings that are not a number of the helper's callers. */
    private const NOT_NUMBERS = ['', ' 60', '60 ', '-60', '+60', '6 0', '60.0', '1e3', '0x3c', "60\0", '٦٠',
        '99999999999999999999', '9223372036854775808'];

    /**
     * The platform helper's arguments, each replaced by bad values.
     *
     * @return iterable<string, array{int, mixed, string}>
     */
    public static function badHelperArguments(): iterable
    {
        // Position in generateCachedEntryViewingSession => field.
        $fields = [0 => 'admin_secret', 1 => 'user_id', 2 => 'entry_id', 3 => 'partner_id', 4 => 'expiry',
            5 => 'cache', 6 => 'custom', 7 => 'now'];
        foreach ($fields as $position => $field) {
            foreach (self::wrongTypes() as $type => $value) {
                yield "$field: $type" => [$position, $value, $field];
            }
            if ($position === 0 || $field === 'entry_id') {
                yield "$field: null" => [$position, null, $field];
            }
            if (in_array($field, ['partner_id', 'expiry', 'cache', 'now'], true)) {
                foreach (self::NOT_NUMBERS as $value) {
                    yield "$field: string '" . addcslashes($value, "\0") . "'" => [$position, $value, $field];
                }
            }
        }
        yield 'admin_secret: int' => [0, 123, 'admin_secret'];
        yield 'admin_secret: empty' => [0, '', 'admin_secret'];
        yield 'entry_id: empty' => [2, '', 'entry_id'];
        foreach (['user_id' => 1, 'entry_id' => 2, 'custom' => 6] as $field => $position) {
            yield "$field: NUL byte" => [$position, "0_a\0b", $field];
            yield "$field: not UTF-8" => [$position, "0_a\xffb", $field];
            yield "$field: truncated UTF-8" => [$position, "0_\xc3", $field];
            yield "$field: over 2048 bytes" => [$position, str_repeat('a', 2049), $field];
            yield "$field: 16 MiB" => [$position, str_repeat('a', 16 << 20), $field];
            yield "$field: `;`" => [$position, 'a;*', $field];
            yield "$field: `|`" => [$position, 'a|b', $field];
        }
        yield 'entry_id: `,`' => [2, '0_abc,*', 'entry_id'];
        yield 'entry_id: `:`' => [2, '0_abc:', 'entry_id'];
        yield 'cache: 0' => [5, 0, 'cache'];
        yield 'cache: "0"' => [5, '0', 'cache'];
        yield 'expiry: 0' => [4, '000', 'expiry'];
        yield 'now: negative' => [7, -1, 'now'];
    }

    /** @dataProvider badHelperArguments */
    public function testTheHelperRefusesABadArgument(int $position, mixed $value, string $field): void
    {
        $args = [self::SECRET, 'Viewer', '0_fld1ro3s', 3000582, 18000, 600, '', 1621594000];
        $args[$position] = $value;
        $this->assertInvalidField($field, fn () => KalturaHelper::generateCachedEntryViewingSession(...$args));
        // The same value in the same place of generateCachedSession (type in the entry id's place).
        if ($field !== 'entry_id') {
            $cached = [self::SECRET, 'Viewer', 0, 3000582, 18000, '', 600, '', 1621594000];
            $map = [0 => 0, 1 => 1, 3 => 3, 4 => 4, 5 => 6, 6 => 7, 7 => 8];
            $cached[$map[$position]] = $value;
            $this->assertInvalidField($field, fn () => KalturaHelper::generateCachedSession(...$cached));
        }
    }

    public function testTheHelperTakesNumbersAsDigitStrings(): void
    {
        $want = Vectors::token('ks_v1.json', 'spec vector');
        $this->assertSame($want, KalturaHelper::generateCachedEntryViewingSession(self::SECRET, 'Viewer', '0_fld1ro3s',
            '3000582', '18000', '600', '', '1621594000'));
        $this->assertSame($want, KalturaHelper::generateCachedEntryViewingSession(self::SECRET, 'Viewer', '0_fld1ro3s',
            '0003000582', '018000', '0600', '', 1621594000));
        $this->assertSame(
            KalturaHelper::generateCachedSession(self::SECRET, '42', 2, 3000582, 600, '*', 60, '', 1621594000),
            KalturaHelper::generateCachedSession(self::SECRET, 42, '2', '3000582', '600', '*', '60', '', '1621594000'),
        );
    }

    public function testNullTextIsEmptyAsInTheHelper(): void
    {
        $this->assertSame(
            KalturaHelper::generateCachedEntryViewingSession(self::SECRET, '', '0_x', 1, 60, 60, '', 0),
            KalturaHelper::generateCachedEntryViewingSession(self::SECRET, null, '0_x', 1, 60, 60, null, 0),
        );
        $this->assertSame(
            KalturaHelper::generateCachedSession(self::SECRET, '', 2, 1, 60, '', 60, '', 0),
            KalturaHelper::generateCachedSession(self::SECRET, null, 2, 1, 60, null, 60, null, 0),
        );
    }

    public function testTypeAndOptions(): void
    {
        $this->assertInvalidField('type', fn () => KalturaHelper::generateCachedSession(self::SECRET, '', 'admin', 1));
        $this->assertInvalidField('type', fn () => KSession::generateCachedSession(self::SECRET, 1, 2.0));
        $this->assertInvalidField('privileges', fn () => KSession::generateCachedSession(self::SECRET, 1, 0, '', ['*']));
        $this->assertInvalidField('privileges', fn () => KSession::generateCachedSession(self::SECRET, 1, 0, '', "a\0"));
        $this->assertInvalidField('rand', fn () => KSession::generateSession(self::SECRET, 1, rand: -1));
        $this->assertInvalidField('rand', fn () => KSession::generateSession(self::SECRET, 1, rand: 4294967296));
        $this->assertInvalidField('rand', fn () => KSession::generateSession(self::SECRET, 1, rand: 1.0));
        $this->assertInvalidField('layout', fn () => KSession::generateSession(self::SECRET, 1, layout: 'Server'));
        $this->assertInvalidField('layout', fn () => KSession::generateSession(self::SECRET, 1, layout: 0));
        $this->assertInvalidField('url_safe', fn () => KSession::generateSession(self::SECRET, 1, urlSafe: 1));
        $this->assertInvalidField('url_safe',
            fn () => KSession::generateCachedEntryViewingSession(self::SECRET, 1, '0_x', urlSafe: 'yes'));
        $this->assertInvalidField('master_partner_id',
            fn () => KSession::generateSession(self::SECRET, 1, masterPartnerId: 'x'));
        $this->assertInvalidField('master_partner_id',
            fn () => KSession::generateSession(self::SECRET, 1, masterPartnerId: 5, layout: Layout::Client));
        $this->assertInvalidField('additional_data',
            fn () => KSession::generateSession(self::SECRET, 1, additionalData: "\xff"));
        $this->assertInvalidField('random', fn () => KSession::generateSessionV2(self::SECRET, 1, random: 'short'));
        $this->assertInvalidField('random', fn () => KSession::generateSessionV2(self::SECRET, 1, random: 16));
        $this->assertInvalidField('privileges',
            fn () => KSession::generateSessionV2(self::SECRET, 1, privileges: '_e:1', now: 1));
        $this->assertInvalidField('user_id', fn () => KSession::generateSessionV2(self::SECRET, 1, userId: "a\nb"));
        $token = KSession::generateSession(self::SECRET, 1, now: 1000, rand: 1);
        $this->assertInvalidField('leeway', fn () => KSession::verify($token, self::SECRET, 1000, -1));
        $this->assertInvalidField('leeway', fn () => KSession::verify($token, self::SECRET, 1000, 4294967296));
        $this->assertInvalidField('leeway', fn () => (new Signer(self::SECRET))->verify($token, 1000, '1s'));
        $this->assertInvalidField('now', fn () => (new Signer(self::SECRET))->verify($token, 'now'));
    }

    public function testSecrets(): void
    {
        foreach ([[], [''], ['a', ''], ['a', 1], 5, null, ''] as $bad) {
            $this->assertInvalidField('admin_secret', fn () => new Signer($bad));
        }
        $token = Vectors::token('ks_v1.json', 'spec vector');
        foreach ([[], [''], [1], 5, null] as $bad) {
            $this->assertInvalidField('admin_secret', fn () => KSession::verify($token, $bad, 1621594000));
        }
        $this->assertInvalidField('admin_secret', fn () => KSession::decodeWithSecrets($token, [null]));
        // A secret is bytes: NUL, not UTF-8, long: all sign exactly as the reference does.
        foreach (["\0", "\xff\xfe\0\x80", str_repeat("\x00\xff", 4 << 20)] as $secret) {
            [, $want] = ref_cached_entry_viewing_session($secret, 'Viewer', '0_x', 7, 600, 60, '', 1621594000);
            $this->assertSame($want, KalturaHelper::generateCachedEntryViewingSession($secret, 'Viewer', '0_x', 7, 600,
                60, '', 1621594000));
            $this->assertSame($want, (new Signer($secret))->generateCachedEntryViewingSession(7, '0_x', 'Viewer', 600,
                60, '', 1621594000));
            $this->assertSame(7, KSession::verify($want, ['other', $secret], 1621594000)->partnerId);
        }
    }

    public function testEmptyInput(): void
    {
        $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::decode(''));
        $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::verify('', self::SECRET));
        $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::decodeWithSecrets('', []));
        $this->assertThrowsExactly(MalformedTokenException::class, fn () => (new Signer('k'))->decode(''));
        $this->assertThrowsExactly(MalformedTokenException::class, fn () => (new Signer('k'))->verify(''));
        // Empty user id, custom data and privileges are legal; the reference agrees.
        [, $want] = ref_cached_session(self::SECRET, '', 0, 1, 60, '', 60, '', 0);
        $this->assertSame($want, KalturaHelper::generateCachedSession(self::SECRET, '', 0, 1, 60, '', 60, '', 0));
    }

    public function testTokensThatAreNotStrings(): void
    {
        foreach ([null, 1, 1.5, [], true, new \stdClass()] as $bad) {
            $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::decode($bad));
            $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::verify($bad, 'k'));
            $this->assertThrowsExactly(MalformedTokenException::class, fn () => (new Signer('k'))->decode($bad));
            $this->assertThrowsExactly(MalformedTokenException::class, fn () => (new Signer('k'))->verify($bad));
        }
    }

    public function testBinaryAndHugeTokens(): void
    {
        $rng = new \Random\Randomizer(new \Random\Engine\Mt19937(7));
        for ($i = 0; $i < 2000; $i++) {
            $bytes = $rng->getBytes($rng->getInt(1, 300));
            $token = $i % 2 === 0 ? $bytes : base64_encode($bytes);
            $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::decode($token));
            $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::decodeWithSecrets($token, 'k'));
        }
        $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::decode("\0"));
        $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::decode("\xff"));
        $this->assertThrowsExactly(MalformedTokenException::class, fn () => KSession::decode(str_repeat('A', 16384)));
        foreach ([16385, 1 << 20, 32 << 20] as $length) {
            $huge = str_repeat('A', $length);
            $this->assertThrowsExactly(TokenTooLargeException::class, fn () => KSession::decode($huge));
            $this->assertThrowsExactly(TokenTooLargeException::class, fn () => KSession::verify($huge, 'k'));
            $this->assertThrowsExactly(TokenTooLargeException::class, fn () => (new Signer('k'))->verify($huge));
        }
        // Too large is malformed too, with its own code.
        try {
            KSession::decode(str_repeat("\xff", 20000));
            $this->fail('a 20000-byte token must be refused');
        } catch (MalformedTokenException $e) {
            $this->assertSame(KsException::TOKEN_TOO_LARGE, $e->getCode());
        }
    }

    public function testV2NeedsItsSecret(): void
    {
        $token = KSession::generateSessionV2(self::SECRET, 1, userId: 'u', now: 1000);
        $this->assertThrowsExactly(SecretRequiredException::class, fn () => KSession::decode($token));
        $this->assertThrowsExactly(SecretRequiredException::class, fn () => KSession::decodeWithSecrets($token, []));
        $this->assertThrowsExactly(InvalidSignatureException::class, fn () => KSession::decodeWithSecrets($token, 'no'));
        $this->assertThrowsExactly(InvalidSignatureException::class, fn () => KSession::verify($token, 'no', 1000));
        $this->assertSame('u', KSession::decodeWithSecrets($token, ['no', self::SECRET])->userId);
    }

    private function assertInvalidField(string $field, callable $run): void
    {
        $e = $this->assertThrowsExactly(InvalidFieldException::class, $run);
        $this->assertSame($field, $e->field, $e->getMessage());
        $this->assertSame(KsException::INVALID_FIELD, $e->getCode());
        $this->assertSame('invalid_field', $e->kind());
        $this->assertStringStartsWith(explode('_', $field)[0], strtolower($e->getMessage()));
        $this->assertLessThan(300, strlen($e->getMessage()));
        $this->assertTrue(mb_check_encoding($e->getMessage(), 'UTF-8'));
    }

    /** @template T of \Throwable @param class-string<T> $class @return T */
    private function assertThrowsExactly(string $class, callable $run): \Throwable
    {
        try {
            $run();
        } catch (\Throwable $e) {
            $this->assertSame($class, get_class($e), $e->getMessage());
            return $e;
        }
        $this->fail("expected $class");
    }
}
