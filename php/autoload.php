<?php

// `require 'php/autoload.php';` loads the KSession\ classes without Composer
// (Composer users get the same through composer.json's PSR-4 map).

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'KSession\\')) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, 9)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
