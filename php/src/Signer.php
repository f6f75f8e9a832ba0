<?php

declare(strict_types=1);

namespace KSession;

use KSession\Internal\Args;
use KSession\Internal\Decoded;
use KSession\Internal\EntryViewingHandle;
use KSession\Internal\Failure;
use KSession\Internal\Native;
use KSession\Internal\SecretArray;
use KSession\Internal\SignerHandle;

/**
 * Holds one or more admin secrets in the native library (copied once, wiped
 * when the last reference goes away): the first signs, any of them
 * verifies (key rotation). Minting through a Signer passes no secret per
 * call. The methods take the arguments of KSession's without the secret.
 *
 * A Signer prints no secret (var_dump, print_r) and cannot be serialized.
 */
final class Signer
{
    private readonly SignerHandle $handle;
    private readonly Native $n;
    private readonly \FFI\CData $signer;

    /**
     * @param string|list<string> $adminSecrets one secret, or several with the signing one first
     *
     * @throws InvalidFieldException an empty list, an empty secret, or not strings
     */
    public function __construct(#[\SensitiveParameter] mixed $adminSecrets)
    {
        $secrets = Args::secrets($adminSecrets);
        if ($secrets === []) {
            throw new InvalidFieldException('admin_secret', 'admin_secret list is empty: a Signer needs at least one admin secret');
        }
        $n = Native::$instance ?? Native::get();
        if (\count($secrets) === 1) {
            $status = $n->ffi->ksession_signer_new($secrets[0], \strlen($secrets[0]), $n->signerOut(), $n->errPtr);
        } else {
            $array = new SecretArray($n, $secrets);
            try {
                $status = $n->ffi->ksession_signer_new_with_secrets($array->items, $array->count, $n->signerOut(), $n->errPtr);
            } finally {
                $array->wipe();
            }
        }
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        $out = $n->signerOut();
        $signer = $out[0];
        $out[0] = null;
        $this->handle = new SignerHandle($n, $signer, \count($secrets));
        $this->n = $n;
        $this->signer = $signer;
    }

    /**
     * KSession::generateCachedEntryViewingSession with this signer's secret.
     *
     * @param int|string      $partnerId
     * @param string          $entryId
     * @param string|int      $userId
     * @param int|string      $expiry
     * @param int|string      $cache
     * @param string          $custom
     * @param int|string|null $now
     * @param bool            $urlSafe
     *
     * @throws InvalidFieldException
     */
    public function generateCachedEntryViewingSession(
        mixed $partnerId,
        mixed $entryId,
        mixed $userId = '',
        mixed $expiry = KSession::DEFAULT_EXPIRY,
        mixed $cache = KSession::DEFAULT_CACHE,
        mixed $custom = '',
        mixed $now = null,
        mixed $urlSafe = false,
    ): string {
        $partnerId = \is_int($partnerId) ? $partnerId : Args::int($partnerId, 'partner_id');
        $entryId = \is_string($entryId) ? $entryId : Args::text($entryId, 'entry_id');
        $userId = \is_string($userId) ? $userId : Args::text($userId, 'user_id');
        $expiry = \is_int($expiry) ? $expiry : Args::int($expiry, 'expiry');
        $cache = \is_int($cache) ? $cache : Args::int($cache, 'cache');
        $custom = \is_string($custom) ? $custom : Args::text($custom, 'custom');
        $now = \is_int($now) ? $now : Args::now($now);
        $alphabet = (int) Args::bool($urlSafe, 'url_safe');
        $n = $this->n;
        $status = $n->ffi->ksession_signer_generate_cached_entry_viewing_session(
            $this->signer, $partnerId, $entryId, \strlen($entryId), $userId, \strlen($userId),
            $expiry, $cache, $custom, \strlen($custom), $alphabet, $now, $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return \FFI::string($n->buf, $n->len[0]);
    }

    /**
     * Prepares cached entry-viewing tokens for one partner, user, expiry,
     * cache window and custom data: `->generate($entryId, $now)` then mints
     * each token with the fewest arguments the library takes, the same bytes
     * as generateCachedEntryViewingSession(). The user id, custom data,
     * expiry and cache are checked here, once. The prepared object keeps its
     * own copy of the signing secret, so it outlives this Signer.
     *
     * @param int|string $partnerId
     * @param string|int $userId
     * @param int|string $expiry
     * @param int|string $cache
     * @param string     $custom
     * @param bool       $urlSafe
     *
     * @throws InvalidFieldException
     */
    public function entryViewing(
        mixed $partnerId,
        mixed $userId = '',
        mixed $expiry = KSession::DEFAULT_EXPIRY,
        mixed $cache = KSession::DEFAULT_CACHE,
        mixed $custom = '',
        mixed $urlSafe = false,
    ): EntryViewing {
        $partnerId = Args::int($partnerId, 'partner_id');
        $userId = Args::text($userId, 'user_id');
        $expiry = Args::int($expiry, 'expiry');
        $cache = Args::int($cache, 'cache');
        $custom = Args::text($custom, 'custom');
        $alphabet = (int) Args::bool($urlSafe, 'url_safe');
        return new EntryViewing(EntryViewingHandle::make(
            $this->n, $this->signer, $partnerId, $userId, $expiry, $cache, $custom, $alphabet,
        ));
    }

    /**
     * KSession::generateCachedSession with this signer's secret.
     *
     * @throws InvalidFieldException
     */
    public function generateCachedSession(
        mixed $partnerId,
        mixed $type = SessionType::User,
        mixed $userId = '',
        mixed $privileges = '',
        mixed $expiry = KSession::DEFAULT_EXPIRY,
        mixed $cache = KSession::DEFAULT_CACHE,
        mixed $custom = '',
        mixed $now = null,
        mixed $urlSafe = false,
    ): string {
        $partnerId = Args::int($partnerId, 'partner_id');
        $type = Args::type($type);
        $userId = Args::text($userId, 'user_id');
        $privileges = Args::text($privileges, 'privileges');
        $expiry = Args::int($expiry, 'expiry');
        $cache = Args::int($cache, 'cache');
        $custom = Args::text($custom, 'custom');
        $now = Args::now($now);
        $alphabet = (int) Args::bool($urlSafe, 'url_safe');
        $n = $this->n;
        $status = $n->ffi->ksession_signer_generate_cached_session(
            $this->signer, $partnerId, $type, $userId, \strlen($userId), $privileges, \strlen($privileges),
            $expiry, $cache, $custom, \strlen($custom), $alphabet, $now, $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * KSession::generateSession with this signer's secret.
     *
     * @throws InvalidFieldException|RandomUnavailableException
     */
    public function generateSession(
        mixed $partnerId,
        mixed $type = SessionType::User,
        mixed $userId = '',
        mixed $privileges = '',
        mixed $expiry = KSession::DEFAULT_EXPIRY,
        mixed $masterPartnerId = null,
        mixed $additionalData = '',
        mixed $layout = Layout::Server,
        mixed $now = null,
        mixed $rand = null,
        mixed $urlSafe = false,
    ): string {
        $partnerId = Args::int($partnerId, 'partner_id');
        $type = Args::type($type);
        $userId = Args::text($userId, 'user_id');
        $privileges = Args::text($privileges, 'privileges');
        $expiry = Args::int($expiry, 'expiry');
        $masterPartnerId = Args::optionalInt($masterPartnerId, 'master_partner_id');
        $additionalData = Args::text($additionalData, 'additional_data');
        $layout = Args::layout($layout);
        $now = Args::now($now);
        $rand = $rand === null ? null : Args::uint32($rand, 'rand');
        $alphabet = (int) Args::bool($urlSafe, 'url_safe');
        $n = $this->n;
        $master = $n->masterPartnerId($masterPartnerId);
        $status = $rand === null
            ? $n->ffi->ksession_signer_generate_session(
                $this->signer, $partnerId, $type, $userId, \strlen($userId), $privileges, \strlen($privileges),
                $expiry, $master, $additionalData, \strlen($additionalData), $layout, $alphabet, $now,
                $n->buf, Native::CAP, $n->len, $n->errPtr,
            )
            : $n->ffi->ksession_signer_generate_session_with_rand(
                $this->signer, $partnerId, $type, $userId, \strlen($userId), $privileges, \strlen($privileges),
                $expiry, $master, $additionalData, \strlen($additionalData), $layout, $alphabet, $now, $rand,
                $n->buf, Native::CAP, $n->len, $n->errPtr,
            );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * KSession::generateCachedEntryViewingSessionV2 with this signer's secret.
     *
     * @throws InvalidFieldException
     */
    public function generateCachedEntryViewingSessionV2(
        mixed $partnerId,
        mixed $entryId,
        mixed $userId = '',
        mixed $expiry = KSession::DEFAULT_EXPIRY,
        mixed $cache = KSession::DEFAULT_CACHE,
        mixed $custom = '',
        mixed $now = null,
    ): string {
        $partnerId = Args::int($partnerId, 'partner_id');
        $entryId = Args::text($entryId, 'entry_id');
        $userId = Args::text($userId, 'user_id');
        $expiry = Args::int($expiry, 'expiry');
        $cache = Args::int($cache, 'cache');
        $custom = Args::text($custom, 'custom');
        $now = Args::now($now);
        $n = $this->n;
        $status = $n->ffi->ksession_signer_generate_cached_entry_viewing_session_v2(
            $this->signer, $partnerId, $entryId, \strlen($entryId), $userId, \strlen($userId),
            $expiry, $cache, $custom, \strlen($custom), $now, $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * KSession::generateCachedSessionV2 with this signer's secret.
     *
     * @throws InvalidFieldException
     */
    public function generateCachedSessionV2(
        mixed $partnerId,
        mixed $type = SessionType::User,
        mixed $userId = '',
        mixed $privileges = '',
        mixed $expiry = KSession::DEFAULT_EXPIRY,
        mixed $cache = KSession::DEFAULT_CACHE,
        mixed $custom = '',
        mixed $now = null,
    ): string {
        $partnerId = Args::int($partnerId, 'partner_id');
        $type = Args::type($type);
        $userId = Args::text($userId, 'user_id');
        $privileges = Args::text($privileges, 'privileges');
        $expiry = Args::int($expiry, 'expiry');
        $cache = Args::int($cache, 'cache');
        $custom = Args::text($custom, 'custom');
        $now = Args::now($now);
        $n = $this->n;
        $status = $n->ffi->ksession_signer_generate_cached_session_v2(
            $this->signer, $partnerId, $type, $userId, \strlen($userId), $privileges, \strlen($privileges),
            $expiry, $cache, $custom, \strlen($custom), $now, $n->buf, Native::CAP, $n->len, $n->errPtr,
        );
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * KSession::generateSessionV2 with this signer's secret.
     *
     * @throws InvalidFieldException|RandomUnavailableException
     */
    public function generateSessionV2(
        mixed $partnerId,
        mixed $type = SessionType::User,
        mixed $userId = '',
        mixed $privileges = '',
        mixed $expiry = KSession::DEFAULT_EXPIRY,
        mixed $masterPartnerId = null,
        mixed $additionalData = '',
        mixed $now = null,
        mixed $random = null,
    ): string {
        $partnerId = Args::int($partnerId, 'partner_id');
        $type = Args::type($type);
        $userId = Args::text($userId, 'user_id');
        $privileges = Args::text($privileges, 'privileges');
        $expiry = Args::int($expiry, 'expiry');
        $masterPartnerId = Args::optionalInt($masterPartnerId, 'master_partner_id');
        $additionalData = Args::text($additionalData, 'additional_data');
        $now = Args::now($now);
        $random = Args::random($random);
        $n = $this->n;
        $master = $n->masterPartnerId($masterPartnerId);
        if ($random === null) {
            $status = $n->ffi->ksession_signer_generate_session_v2(
                $this->signer, $partnerId, $type, $userId, \strlen($userId), $privileges, \strlen($privileges),
                $expiry, $master, $additionalData, \strlen($additionalData), $now,
                $n->buf, Native::CAP, $n->len, $n->errPtr,
            );
        } else {
            $status = $n->ffi->ksession_signer_generate_session_v2_with_random(
                $this->signer, $partnerId, $type, $userId, \strlen($userId), $privileges, \strlen($privileges),
                $expiry, $master, $additionalData, \strlen($additionalData), $now, $n->random($random),
                $n->buf, Native::CAP, $n->len, $n->errPtr,
            );
        }
        if ($status !== 0) {
            Failure::raise($n, $status);
        }
        return $n->token();
    }

    /**
     * KSession::decodeWithSecrets with this signer's secrets: a KS v1 without
     * checking its signature, a KS v2 decrypted; expiry unchecked.
     *
     * @param string $ks
     *
     * @throws MalformedTokenException|InvalidSignatureException
     */
    public function decode(mixed $ks): Ks
    {
        $token = \is_string($ks) ? $ks : Args::token($ks);
        $n = $this->n;
        return Decoded::take($n, $n->ffi->ksession_signer_decode(
            $this->signer, $token, \strlen($token), $n->ksOut(), $n->errPtr,
        ));
    }

    /**
     * KSession::verify with this signer's secrets.
     *
     * @param string          $ks
     * @param int|string|null $now
     * @param int             $leeway
     *
     * @throws MalformedTokenException|InvalidSignatureException|ExpiredException
     */
    public function verify(mixed $ks, mixed $now = null, mixed $leeway = 0): Ks
    {
        $token = \is_string($ks) ? $ks : Args::token($ks);
        $now = \is_int($now) ? $now : Args::now($now);
        $leeway = $leeway === 0 ? 0 : Args::uint32($leeway, 'leeway');
        $n = $this->n;
        return Decoded::take($n, $n->ffi->ksession_signer_verify(
            $this->signer, $token, \strlen($token), $now, $leeway, $n->ksOut(), $n->errPtr,
        ));
    }

    /** @return array<string, string> */
    public function __debugInfo(): array
    {
        return ['adminSecrets' => "[{$this->handle->secretCount} redacted]"];
    }

    /** @return never */
    public function __serialize(): array
    {
        throw new KsException('a Signer holds admin secrets and cannot be serialized');
    }

    /** @param array<mixed> $data */
    public function __unserialize(array $data): void
    {
        throw new KsException('a Signer holds admin secrets and cannot be unserialized');
    }
}
