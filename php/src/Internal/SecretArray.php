<?php

declare(strict_types=1);

namespace KSession\Internal;

/**
 * Admin secrets as a ksession_str array for one call. The C copies are
 * zeroed by wipe(), which the caller runs in `finally`.
 *
 * @internal
 */
final class SecretArray
{
    /** ksession_str[count], or null when there is no secret. */
    public readonly ?\FFI\CData $items;
    public readonly int $count;
    /** @var list<\FFI\CData> */
    private array $copies = [];

    /** @param list<string> $secrets */
    public function __construct(Native $n, #[\SensitiveParameter] array $secrets)
    {
        $this->count = \count($secrets);
        if ($this->count === 0) {
            $this->items = null;
            return;
        }
        $items = $n->ffi->new("ksession_str[{$this->count}]");
        foreach ($secrets as $i => $secret) {
            $length = \strlen($secret);
            $items[$i]->len = $length;
            if ($length === 0) {
                $items[$i]->ptr = null;
                continue;
            }
            $copy = $n->ffi->new("char[$length]");
            \FFI::memcpy($copy, $secret, $length);
            $this->copies[] = $copy;
            $items[$i]->ptr = $n->ffi->cast('const char *', $copy);
        }
        $this->items = $items;
    }

    public function wipe(): void
    {
        foreach ($this->copies as $copy) {
            \FFI::memset($copy, 0, \FFI::sizeof($copy));
        }
        $this->copies = [];
    }

    public function __destruct()
    {
        $this->wipe();
    }

    public function __debugInfo(): array
    {
        return ['count' => $this->count, 'secrets' => '[redacted]'];
    }
}
