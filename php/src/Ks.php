<?php

declare(strict_types=1);

namespace KSession;

/**
 * A decoded KS (v1 or v2), every field typed. Made by KSession::decode,
 * KSession::decodeWithSecrets, KSession::verify and the Signer's decode and
 * verify; it holds no secret.
 */
final readonly class Ks
{
    /**
     * @param int               $version         1 or 2
     * @param string            $signature       v1: the 40 lowercase hex digits of the signature; v2: the embedded SHA-1 in hex
     * @param string            $info            v1: the signed fields joined with `;`; v2: the decrypted query string
     * @param int               $partnerId       the partner id
     * @param string            $partnerPattern  field 2, usually the partner id again
     * @param int               $validUntil      unix time after which the KS is expired (expired when validUntil <= now)
     * @param int               $type            the session type code (0 USER, 2 ADMIN; others kept)
     * @param string            $rand            v1 field 5: a random number, or a cached session's window end; v2: the 16 random bytes in hex
     * @param string            $userId          the user id (may be empty)
     * @param string            $privileges      the privileges string
     * @param list<Privilege>   $privilegeItems  the privileges split as the server reads them
     * @param int|null          $masterPartnerId field 8, null when empty
     * @param string            $additionalData  field 9 (a cached session's custom data)
     * @param int               $fieldCount      v1: 3 to 9 (7 from the official clients, 9 from the server); v2: the query's fields
     * @param bool              $isWidgetSession type USER, user "" or "0", and `widget:1` among the privileges
     */
    public function __construct(
        public int $version,
        public string $signature,
        public string $info,
        public int $partnerId,
        public string $partnerPattern,
        public int $validUntil,
        public int $type,
        public string $rand,
        public string $userId,
        public string $privileges,
        public array $privilegeItems,
        public ?int $masterPartnerId,
        public string $additionalData,
        public int $fieldCount,
        public bool $isWidgetSession,
    ) {
    }

    /**
     * What var_dump and print_r show: every field but the signature, which
     * with the info would make a usable token again.
     *
     * @return array<string, mixed>
     */
    public function __debugInfo(): array
    {
        return ['signature' => '[hidden]'] + \get_object_vars($this);
    }

    /** Whether the token is expired at `$now` (unix seconds): valid_until <= now, as the server decides. */
    public function isExpiredAt(int $now): bool
    {
        return $this->validUntil <= $now;
    }

    /** "USER", "ADMIN" or "UNKNOWN". */
    public function typeName(): string
    {
        return SessionType::nameOf($this->type);
    }

    /** Whether a privilege with this name is among the items. */
    public function hasPrivilege(string $name): bool
    {
        foreach ($this->privilegeItems as $item) {
            if ($item->name === $name) {
                return true;
            }
        }
        return false;
    }

    /** The value of the first privilege with this name; null when absent or without a value. */
    public function privilege(string $name): ?string
    {
        foreach ($this->privilegeItems as $item) {
            if ($item->name === $name) {
                return $item->value;
            }
        }
        return null;
    }
}
