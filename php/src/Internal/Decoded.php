<?php

declare(strict_types=1);

namespace KSession\Internal;

use KSession\Ks;
use KSession\Privilege;

/**
 * Copies a library-owned ksession_ks into a Ks, and frees it.
 *
 * @internal
 */
final class Decoded
{
    /** The result of a decoding call that wrote $n->ksOut; the native value is freed whatever happens. */
    public static function take(Native $n, int $status): Ks
    {
        try {
            if ($status !== 0) {
                Failure::raise($n, $status);
            }
            return self::build($n, $n->ksOut()[0]);
        } finally {
            // NULL after a failure; ksession_ks_free accepts it.
            $out = $n->ksOut();
            $n->ffi->ksession_ks_free($out[0]);
            $out[0] = null;
        }
    }

    private static function build(Native $n, \FFI\CData $ks): Ks
    {
        $items = [];
        $count = $ks->privilege_count;
        if ($count > 0) {
            $array = $ks->privilege_items;
            for ($i = 0; $i < $count; $i++) {
                $item = $array[$i];
                $items[] = new Privilege(self::text($n, $item->name), $item->has_value ? self::text($n, $item->value) : null);
            }
        }
        return new Ks(
            version: $ks->version,
            signature: self::text($n, $ks->signature),
            info: self::text($n, $ks->info),
            partnerId: $ks->partner_id,
            partnerPattern: self::text($n, $ks->partner_pattern),
            validUntil: $ks->valid_until,
            type: $ks->session_type,
            rand: self::text($n, $ks->rand),
            userId: self::text($n, $ks->user_id),
            privileges: self::text($n, $ks->privileges),
            privilegeItems: $items,
            masterPartnerId: $ks->has_master_partner_id ? $ks->master_partner_id : null,
            additionalData: self::text($n, $ks->additional_data),
            fieldCount: $ks->field_count,
            isWidgetSession: $ks->is_widget_session,
        );
    }

    /** The bytes of a ksession_str. */
    private static function text(Native $n, \FFI\CData $str): string
    {
        $length = $str->len;
        if ($length === 0) {
            return '';
        }
        // Not `$str->ptr`: FFI reads a `const char *` member as a C string,
        // up to a NUL, which may lie past the value (or not be there at all).
        // The pointer is read as `char *` through the declared ksession_str
        // instead, and exactly `len` bytes are copied.
        return \FFI::string($n->ffi->cast($n->charPointers(), \FFI::addr($str))[0], $length);
    }
}
