<?php

declare(strict_types=1);

namespace KSession;

/** One privilege of a token: `name` or `name:value`. */
final readonly class Privilege
{
    /**
     * @param string      $name  the name, such as "sview"
     * @param string|null $value the value; null when the item has no `:` ("name:" has the value "")
     */
    public function __construct(
        public string $name,
        public ?string $value,
    ) {
    }

    /** The item as the token writes it. */
    public function __toString(): string
    {
        return $this->value === null ? $this->name : $this->name . ':' . $this->value;
    }
}
