<?php

declare(strict_types=1);

namespace KSession\Tests;

use KSession\ExpiredException;
use KSession\InvalidFieldException;
use KSession\InvalidSignatureException;
use KSession\KsException;
use KSession\MalformedTokenException;
use KSession\RandomUnavailableException;
use KSession\SecretRequiredException;
use KSession\TokenTooLargeException;
use PHPUnit\Framework\Assert;

/** The shared vector files (tests/vectors/), read as every language's tests read them. */
final class Vectors
{
    /** The exception class of each error kind the files name. */
    public const CLASSES = [
        'invalid_field' => InvalidFieldException::class,
        'malformed_token' => MalformedTokenException::class,
        'invalid_signature' => InvalidSignatureException::class,
        'expired' => ExpiredException::class,
        'token_too_large' => TokenTooLargeException::class,
        'secret_required' => SecretRequiredException::class,
        'random_unavailable' => RandomUnavailableException::class,
    ];

    public const SPEC_SECRET = '0123456789abcdef0123456789abcdef';

    /** @return list<array<string, mixed>> */
    public static function cases(string $file): array
    {
        $doc = json_decode((string) file_get_contents(self::path($file)), true, 512, JSON_THROW_ON_ERROR);
        Assert::assertCount($doc['count'], $doc['cases'], "$file: count");
        return $doc['cases'];
    }

    public static function path(string $file): string
    {
        return dirname(__DIR__, 2) . '/tests/vectors/' . $file;
    }

    /** The cases as a PHPUnit data provider, keyed by name. */
    public static function provide(string $file): array
    {
        $out = [];
        foreach (self::cases($file) as $case) {
            Assert::assertArrayNotHasKey($case['name'], $out, 'case names are unique');
            $out[$case['name']] = [$case];
        }
        return $out;
    }

    /** The token of the case with this name. */
    public static function token(string $file, string $name): string
    {
        foreach (self::cases($file) as $case) {
            if ($case['name'] === $name) {
                return $case['token'];
            }
        }
        Assert::fail("no case '$name' in $file");
    }

    /** Asserts that `$run` throws exactly the case's error: class, code, and field. */
    public static function assertError(array $case, callable $run): void
    {
        $want = $case['error'];
        try {
            $run();
        } catch (KsException $e) {
            Assert::assertSame(self::CLASSES[$want['kind']], get_class($e), "{$case['name']}: {$e->getMessage()}");
            Assert::assertSame($want['kind'], $e->kind(), $case['name']);
            Assert::assertSame(array_search($want['kind'], KsException::KINDS, true), $e->getCode(), $case['name']);
            if (isset($want['field'])) {
                Assert::assertInstanceOf(InvalidFieldException::class, $e);
                Assert::assertSame($want['field'], $e->field, $case['name']);
                Assert::assertStringContainsString($want['field'], $e->getMessage(), $case['name']);
            }
            return;
        }
        Assert::fail("{$case['name']} must fail with {$want['kind']}");
    }

    /** Asserts a decoded token's fields against a case's `fields`. */
    public static function assertFields(array $want, \KSession\Ks $ks, string $name): void
    {
        Assert::assertSame($want['partner_id'], $ks->partnerId, "$name: partner_id");
        Assert::assertSame($want['partner_pattern'], $ks->partnerPattern, "$name: partner_pattern");
        Assert::assertSame($want['valid_until'], $ks->validUntil, "$name: valid_until");
        Assert::assertSame($want['type'], $ks->type, "$name: type");
        Assert::assertSame($want['rand'], $ks->rand, "$name: rand");
        Assert::assertSame($want['user_id'], $ks->userId, "$name: user_id");
        Assert::assertSame($want['privileges'], $ks->privileges, "$name: privileges");
        Assert::assertSame($want['master_partner_id'], $ks->masterPartnerId, "$name: master_partner_id");
        Assert::assertSame($want['additional_data'], $ks->additionalData, "$name: additional_data");
        Assert::assertSame($want['field_count'], $ks->fieldCount, "$name: field_count");
    }
}
