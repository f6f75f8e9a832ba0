<?php

declare(strict_types=1);

namespace KSession;

/**
 * An input would change the token's structure (`;` in a user id, `,` in an
 * entry id, a control character, ...), is out of range, or has the wrong
 * type. `$field` names it: admin_secret, partner_id, user_id, entry_id,
 * privileges, privilege_name, privilege_value, type, expiry, cache, now,
 * custom, master_partner_id, additional_data, and for the wrapper's own
 * options rand, random, layout, url_safe, leeway.
 */
final class InvalidFieldException extends KsException
{
    public function __construct(public readonly string $field, string $message)
    {
        parent::__construct($message, self::INVALID_FIELD);
    }
}
